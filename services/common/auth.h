// Bearer-token authentication shared by every service: JWTs signed HS256 (a shared secret of at
// least 32 bytes) or ES256 (P-256 keys by issuer: the people's issuer, and each service that signs
// its own calls). Claims: sub, role, scope (region ids an admin may act on), iss, aud, iat, exp,
// nbf.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"

namespace tongxin {

// kIntegration: an outside system (the city's grid system) acting for itself, scoped to the
// regions it serves; it may call only the methods IntegrationMayCall names, nothing else.
enum class Role { kVolunteer, kCommunityAdmin, kStreetAdmin, kSystem, kIntegration };

std::string_view RoleName(Role role);
absl::StatusOr<Role> ParseRole(std::string_view name);

// The only methods the integration role may call, by full name ("<package.Service>/<Method>":
// ReportGridTask, and ListEvents — the event feed of its regions — each of its service and of the
// gateway); every other call of it is refused
// PERMISSION_DENIED where calls are accepted (AcceptCall, Gateway::Call), before any handler
// runs. A method of the same short name on another service is not one of them.
bool IntegrationMayCall(std::string_view full_method);

struct Principal {
  std::string subject;  // for a volunteer: the volunteer_id
  Role role = Role::kVolunteer;
  // Region ids (street 9 digits, community 12, grid 15) an admin (or an integration client)
  // may act on.
  std::vector<std::string> scope;

  bool IsAdmin() const { return role == Role::kCommunityAdmin || role == Role::kStreetAdmin; }
  // True when `region_id` lies in one of the scope entries (prefix match on the code).
  // The system role is in scope everywhere.
  bool InScope(std::string_view region_id) const;
};

// An HS256 secret shorter than this is refused: services do not start with it, verifiers built
// on it accept nothing.
inline constexpr size_t kMinHs256SecretBytes = 32;

struct TokenClaims {
  std::string subject;
  Role role = Role::kVolunteer;
  std::vector<std::string> scope;
  std::chrono::seconds ttl{3600};
  std::string issuer = "tongxin";
  std::string audience = "tongxin";
};

// What a verifier asks of every token besides its signature. A token must carry `iss`, `aud`,
// `iat` and `exp` (`nbf` is honoured when present); any miss is UNAUTHENTICATED.
struct VerifierOptions {
  std::string issuer = "tongxin";    // the people's tokens' `iss`
  std::string audience = "tongxin";  // must be `aud`, or one of it
  // exp - iat; a token made to live longer is refused from its first second.
  std::chrono::seconds max_lifetime = std::chrono::hours(24);
  // How far `iat` and `nbf` may lie ahead of this clock (the issuer's clock running fast).
  std::chrono::seconds clock_skew{60};
  // ES256: whether the people's issuer may sign the all-powerful `system` role. Services sign
  // their own calls under their own issuers, so by default it may not. HS256 has one shared
  // secret for everyone, so there is no issuer to tell apart and this does not apply.
  bool people_issuer_may_grant_system = false;
  // How many verified tokens are kept to answer the same token's next requests without
  // verifying it again (services/common/verified_tokens.h); 0: none.
  size_t verified_tokens_kept = 4096;
};

// An ES256 public key and the issuer whose tokens it verifies. A key of an issuer other than
// VerifierOptions::issuer belongs to a service signing its own calls: its tokens are accepted as
// `system` only.
struct Es256PublicKey {
  std::string issuer;
  std::string pem;  // one or more PEM public keys (P-256); several for a key change
};

class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // `authorization` is the metadata value ("Bearer <jwt>"). Any failure is UNAUTHENTICATED with
  // a message that says what is wrong (missing, malformed, bad signature, expired, wrong issuer
  // or audience, too long a lifetime, not valid yet, unknown role).
  virtual absl::StatusOr<Principal> Verify(std::string_view authorization) const = 0;

  // A secret shorter than kMinHs256SecretBytes verifies nothing.
  static std::unique_ptr<TokenVerifier> Hs256(std::string secret, const Clock* clock,
                                              VerifierOptions options = {});
  // PEM-encoded P-256 public key(s) of options.issuer.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Es256(std::string_view public_key_pem,
                                                              const Clock* clock,
                                                              VerifierOptions options = {});
  // Keys by issuer: a token's `iss` picks the keys its signature must verify with.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Es256(
      const std::vector<Es256PublicKey>& keys, const Clock* clock, VerifierOptions options = {});
};

// Signs tokens with one key, read once: HS256 (a secret of at least kMinHs256SecretBytes) or
// ES256 (a PEM P-256 private key). Copies share the key.
class TokenSigner {
 public:
  static absl::StatusOr<TokenSigner> Hs256(std::string secret);
  static absl::StatusOr<TokenSigner> Es256(std::string_view private_key_pem);
  absl::StatusOr<std::string> Mint(const TokenClaims& claims, const Clock& clock) const;

  struct Key;

 private:
  explicit TokenSigner(std::shared_ptr<const Key> key) : key_(std::move(key)) {}
  std::shared_ptr<const Key> key_;
};

// Mints tokens: the dev CLI, tests and services calling each other as `system`.
absl::StatusOr<std::string> MintHs256(const TokenClaims& claims, std::string_view secret,
                                      const Clock& clock);
absl::StatusOr<std::string> MintEs256(const TokenClaims& claims, std::string_view private_key_pem,
                                      const Clock& clock);

}  // namespace tongxin
