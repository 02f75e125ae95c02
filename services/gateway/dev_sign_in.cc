// The development sign-in: the identities file read and checked, tokens minted for its entries.
#include "services/gateway/dev_sign_in.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/common/bootstrap.h"
#include "services/common/status.h"

namespace tongxin::gateway {

DevSignIn::DevSignIn(DevSignInOptions options, TokenSigner signer, const Clock& clock)
    : options_(std::move(options)), signer_(std::move(signer)), clock_(clock) {}

absl::StatusOr<std::vector<DevIdentity>> DevSignIn::Identities() const {
  std::vector<DevIdentity> identities;
  std::ifstream in(options_.identities_file);
  if (!in) return identities;  // not written yet: scripts/up writes it after seeding
  std::ostringstream text;
  text << in.rdbuf();
  const std::string where = absl::StrCat("dev_identities_file ", options_.identities_file);
  auto document = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document["identities"].is_array()) {
    return absl::FailedPreconditionError(absl::StrCat(where, ": not {\"identities\": [...]}"));
  }
  for (const auto& entry : document["identities"]) {
    if (!entry.is_object() || !entry.value("key", nlohmann::json()).is_string() ||
        !entry.value("sub", nlohmann::json()).is_string() ||
        !entry.value("role", nlohmann::json()).is_string()) {
      return absl::FailedPreconditionError(
          absl::StrCat(where, ": every identity needs key, sub and role"));
    }
    DevIdentity identity;
    identity.key = entry["key"].get<std::string>();
    identity.label = entry.value("label", identity.key);
    identity.subject = entry["sub"].get<std::string>();
    auto role = ParseRole(entry["role"].get<std::string>());
    if (!role.ok() || *role == Role::kSystem || *role == Role::kIntegration) {
      return absl::FailedPreconditionError(
          absl::StrCat(where, ": identity ", identity.key, ": a person's role"));
    }
    identity.role = *role;
    for (const auto& region : entry.value("scope", nlohmann::json::array())) {
      if (region.is_string()) identity.scope.push_back(region.get<std::string>());
    }
    identities.push_back(std::move(identity));
  }
  return identities;
}

absl::StatusOr<std::string> DevSignIn::SignIn(std::string_view key) const {
  TX_ASSIGN_OR_RETURN(std::vector<DevIdentity> identities, Identities());
  for (const DevIdentity& identity : identities) {
    if (identity.key != key) continue;
    TokenClaims claims;
    claims.subject = identity.subject;
    claims.role = identity.role;
    claims.scope = identity.scope;
    claims.ttl = options_.ttl;
    claims.issuer = options_.issuer;
    claims.audience = options_.audience;
    return signer_.Mint(claims, clock_);
  }
  return absl::NotFoundError("identity: no demo identity \"" + std::string(key) + "\"");
}

absl::StatusOr<std::unique_ptr<DevSignIn>> LoadDevSignIn(const Config& config) {
  auto file = config.Lookup("dev_identities_file");
  if (!file) return nullptr;
  TX_ASSIGN_OR_RETURN(bool development, IsDevelopmentRun(config));
  if (!development) {
    return absl::InvalidArgumentError(
        "dev_identities_file: the demo sign-in exists in a development run only (--development)");
  }
  if (config.Lookup("jwt_public_key_file")) {
    return absl::InvalidArgumentError(
        "dev_identities_file: the demo sign-in mints with the shared HS256 secret, not ES256");
  }
  TX_ASSIGN_OR_RETURN(std::optional<SystemTokenSigner> signer, LoadSystemTokenSigner(config));
  DevSignInOptions options;
  options.identities_file = *file;
  options.issuer = signer->issuer;
  options.audience = signer->audience;
  return std::make_unique<DevSignIn>(std::move(options), std::move(signer->signer),
                                     Clock::System());
}

}  // namespace tongxin::gateway
