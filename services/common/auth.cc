// Bearer tokens on Debian's libjwt (house rule 9): libjwt splits and decodes a JWT, checks its
// HS256 MAC (in constant time since Debian's fix of CVE-2024-25189) or its ES256 signature (JOSE
// raw r||s) and signs the tokens we mint. Written here is only what libjwt 1.10 does not do:
// - the Bearer header, the token's shape (three base64url parts: libjwt's decoder skips stray
//   characters) and a bound on its size (libjwt decodes on the stack);
// - the exact algorithm: libjwt takes `alg` from the token's own header, case-insensitively, and
//   would check an HS256 MAC keyed with an ES256 verifier's PEM, so the header's `alg` is compared
//   with the verifier's before any key is used;
// - keys by issuer: one decode without a key reads `iss`, then each key of that issuer is tried;
// - the claim policy (iss, aud, iat, nbf, exp, lifetime, skew, sub, role, scope; the people's
//   issuer and `system`): libjwt 1.10 checks no claim, not even exp, so every time is read on the
//   injected Clock and nothing runs on the machine's;
// - key loading on OpenSSL: P-256 only, never a pass-phrase prompt (libjwt would ask on stdin),
//   several keys in one PEM file (libjwt reads the first); libjwt gets each key re-encoded.
#include "services/common/auth.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "services/common/status.h"
#include "services/common/verified_tokens.h"

namespace tongxin {
namespace {

using json = nlohmann::json;

// gRPC's and the gateway's default limit on a request's headers: no longer token can arrive.
constexpr size_t kMaxTokenBytes = 8192;

// Frees what libjwt, OpenSSL and libc hand out.
struct Free {
  void operator()(jwt_t* p) const { jwt_free(p); }
  void operator()(char* p) const { std::free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using JwtPtr = std::unique_ptr<jwt_t, Free>;
using CString = std::unique_ptr<char, Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using BioPtr = std::unique_ptr<BIO, Free>;

absl::Status Unauthenticated(absl::string_view message) {
  return absl::UnauthenticatedError(message);
}

void Cleanse(std::string& s) { OPENSSL_cleanse(s.data(), s.size()); }

// The JWT of "Bearer <jwt>": three base64url segments, no longer than any transport carries.
absl::StatusOr<std::string> BearerToken(std::string_view header) {
  absl::string_view authorization = absl::StripAsciiWhitespace({header.data(), header.size()});
  if (authorization.empty()) return Unauthenticated("missing authorization");
  constexpr absl::string_view kBearer = "bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kBearer)) {
    return Unauthenticated("authorization is not a Bearer token");
  }
  const absl::string_view token = absl::StripAsciiWhitespace(authorization.substr(kBearer.size()));
  if (token.empty()) return Unauthenticated("missing bearer token");
  if (token.size() > kMaxTokenBytes) {
    return Unauthenticated(absl::StrCat("token too long (at most ", kMaxTokenBytes, " bytes)"));
  }
  for (char c : token) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
      return Unauthenticated("malformed token: not base64url");
    }
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("malformed token: expected 3 segments");
  if (parts[0].empty() || parts[1].empty()) return Unauthenticated("malformed token: empty part");
  return std::string(token);
}

// libjwt's decode: with a key, only a token that key signed; without, any well-formed token,
// unverified. Null when refused.
JwtPtr Decode(const std::string& token, const std::string& key) {
  jwt_t* jwt = nullptr;
  const auto* key_bytes = reinterpret_cast<const unsigned char*>(key.data());
  if (jwt_decode(&jwt, token.c_str(), key.empty() ? nullptr : key_bytes,
                 static_cast<int>(key.size())) != 0) {
    return nullptr;
  }
  return JwtPtr(jwt);
}

// Refuses to prompt for a pass phrase: encrypted private keys are not supported.
int NoPassword(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

// Accepts only EC keys on the P-256 curve (libjwt would sign ES256 with any EC key).
absl::Status CheckP256(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) return absl::InvalidArgumentError("key is not an EC key");
  char group[64] = {0};
  size_t group_len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &group_len) != 1) {
    return absl::InvalidArgumentError("EC key has no named curve");
  }
  const std::string_view name(group, group_len);
  if (name != "prime256v1" && name != "P-256" && name != "secp256r1") {
    return absl::InvalidArgumentError("EC key is not on curve P-256");
  }
  return absl::OkStatus();
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

// Every public key in `pem` (one or more PEM blocks; at least one), each as its own PEM.
absl::StatusOr<std::vector<std::string>> LoadPublicKeys(std::string_view pem) {
  BioPtr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!in) return absl::InternalError("BIO_new_mem_buf failed");
  std::vector<std::string> keys;
  while (PkeyPtr pkey{PEM_read_bio_PUBKEY(in.get(), nullptr, NoPassword, nullptr)}) {
    TX_RETURN_IF_ERROR(CheckP256(pkey.get()));
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!out || PEM_write_bio_PUBKEY(out.get(), pkey.get()) != 1) {
      return absl::InternalError("cannot encode a public key");
    }
    keys.push_back(BioText(out.get()));
  }
  if (keys.empty()) return absl::InvalidArgumentError("cannot parse PEM public key");
  return keys;
}

// The P-256 private key in `pem`, re-encoded unencrypted for libjwt (in secure memory).
absl::StatusOr<std::string> LoadPrivateKey(std::string_view pem) {
  BioPtr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!in) return absl::InternalError("BIO_new_mem_buf failed");
  PkeyPtr pkey(PEM_read_bio_PrivateKey(in.get(), nullptr, NoPassword, nullptr));
  if (!pkey) return absl::InvalidArgumentError("cannot parse PEM private key");
  TX_RETURN_IF_ERROR(CheckP256(pkey.get()));
  BioPtr out(BIO_new(BIO_s_secmem()));
  if (!out ||
      PEM_write_bio_PrivateKey(out.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError("cannot encode the private key");
  }
  return BioText(out.get());
}

// Signs `claims` with libjwt: `key` is the HS256 secret or the ES256 private key's PEM.
absl::StatusOr<std::string> Encode(jwt_alg_t alg, const std::string& key, const TokenClaims& claims,
                                   const Clock& clock) {
  if (claims.subject.empty()) return absl::InvalidArgumentError("token subject is empty");
  if (claims.issuer.empty()) return absl::InvalidArgumentError("token issuer is empty");
  if (claims.audience.empty()) return absl::InvalidArgumentError("token audience is empty");
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  const json payload = {
      {"sub", claims.subject},
      {"role", RoleName(claims.role)},
      {"scope", claims.scope},
      {"iss", claims.issuer},
      {"aud", claims.audience},
      {"iat", now},
      {"exp", now + static_cast<int64_t>(claims.ttl.count())},
  };
  std::string grants;
  try {
    grants = payload.dump();
  } catch (const json::exception&) {
    return absl::InvalidArgumentError("token claims are not valid UTF-8");
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  if (jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) != 0) {
    return absl::InvalidArgumentError("the signing key is not usable");
  }
  if (jwt_add_grants_json(jwt.get(), grants.c_str()) != 0) {
    return absl::InvalidArgumentError("token claims are not valid");
  }
  CString token(jwt_encode_str(jwt.get()));
  if (!token) return absl::InternalError("cannot sign the token");
  return std::string(token.get());
}

// Seconds since the epoch from a NumericDate claim: an integer (jansson has refused any beyond
// 64 bits) or a number with a fraction.
bool NumericDate(const json& value, int64_t* out) {
  if (value.is_number_integer()) {
    *out = value.get<int64_t>();
    return true;
  }
  if (!value.is_number_float()) return false;
  const double d = value.get<double>();
  if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) return false;
  *out = static_cast<int64_t>(std::floor(d));
  return true;
}

// True when `aud` (a string or a list of strings) names `audience`.
bool NamesAudience(const json& aud, std::string_view audience) {
  if (aud.is_string()) return aud.get<std::string>() == audience;
  if (!aud.is_array()) return false;
  for (const json& entry : aud) {
    if (entry.is_string() && entry.get<std::string>() == audience) return true;
  }
  return false;
}

// One verifier for both algorithms: the keys (HS256 secret or ES256 public PEMs) by issuer.
class JwtVerifier final : public TokenVerifier {
 public:
  JwtVerifier(jwt_alg_t alg, std::map<std::string, std::vector<std::string>> keys,
              const Clock* clock, VerifierOptions options)
      : alg_(alg),
        keys_(std::move(keys)),
        clock_(clock != nullptr ? clock : &Clock::System()),
        options_(std::move(options)),
        verified_(options_.verified_tokens_kept) {}
  ~JwtVerifier() override {
    for (auto& [issuer, keys] : keys_) {
      for (std::string& key : keys) Cleanse(key);
    }
  }

  absl::StatusOr<Principal> Verify(std::string_view authorization) const override {
    TX_ASSIGN_OR_RETURN(const std::string token, BearerToken(authorization));
    if (auto kept = verified_.Find(token, NowSeconds())) return *std::move(kept);
    // Read without a key only to learn the algorithm and whose keys to check it with; nothing
    // else in it counts until one of them verifies it.
    const JwtPtr unverified = Decode(token, "");
    if (!unverified) return Unauthenticated("malformed token");
    const char* alg = jwt_get_header(unverified.get(), "alg");
    if (alg == nullptr || std::string_view(alg) != jwt_alg_str(alg_)) {
      return Unauthenticated("token algorithm not accepted");
    }
    const char* iss = jwt_get_grant(unverified.get(), "iss");
    if (iss == nullptr || *iss == '\0') return Unauthenticated("token has no issuer (iss)");
    const std::string issuer = iss;
    const auto keys = keys_.find(issuer);
    if (keys == keys_.end()) return Unauthenticated("token issuer not accepted");
    JwtPtr verified;
    for (const std::string& key : keys->second) {
      if ((verified = Decode(token, key))) break;
    }
    if (!verified || jwt_get_alg(verified.get()) != alg_) {
      return Unauthenticated("bad token signature");
    }
    const CString grants(jwt_get_grants_json(verified.get(), nullptr));
    const json payload =
        grants ? json::parse(grants.get(), nullptr, /*allow_exceptions=*/false) : json();
    if (payload.is_discarded() || !payload.is_object()) {
      return Unauthenticated("malformed token: bad payload");
    }
    TimeWindow window;
    absl::StatusOr<Principal> principal = CheckClaims(payload, issuer, window);
    if (principal.ok()) {
      verified_.Keep(token, *principal, window.not_before, window.expires, NowSeconds());
    }
    return principal;
  }

 private:
  // When a verified token may be used: its iat and nbf less the skew, until its exp.
  struct TimeWindow {
    int64_t not_before = 0;
    int64_t expires = 0;
  };

  int64_t NowSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_->Now().time_since_epoch())
        .count();
  }

  absl::StatusOr<Principal> CheckClaims(const json& payload, const std::string& issuer,
                                        TimeWindow& window) const {
    const auto aud = payload.find("aud");
    if (aud == payload.end() || !NamesAudience(*aud, options_.audience)) {
      return Unauthenticated("token audience not accepted");
    }
    TX_RETURN_IF_ERROR(CheckTimes(payload, window));

    Principal principal;
    const auto sub = payload.find("sub");
    if (sub == payload.end() || !sub->is_string() || sub->get<std::string>().empty()) {
      return Unauthenticated("token has no subject");
    }
    principal.subject = sub->get<std::string>();

    const auto role = payload.find("role");
    if (role == payload.end() || !role->is_string()) return Unauthenticated("token has no role");
    absl::StatusOr<Role> parsed_role = ParseRole(role->get<std::string>());
    if (!parsed_role.ok()) return Unauthenticated("unknown role");
    principal.role = *parsed_role;
    // A service's own key speaks for that service's calls, never for a person.
    if (issuer != options_.issuer && principal.role != Role::kSystem) {
      return Unauthenticated("token issuer not accepted for this role");
    }
    // ...and the people's issuer speaks for people: `system` comes from a service's own key.
    // With HS256 everyone holds the one secret, so there is no issuer to tell apart.
    if (alg_ == JWT_ALG_ES256 && issuer == options_.issuer && principal.role == Role::kSystem &&
        !options_.people_issuer_may_grant_system) {
      return Unauthenticated("token issuer not accepted for the system role");
    }

    const auto scope = payload.find("scope");
    if (scope != payload.end() && !scope->is_null()) {
      if (!scope->is_array()) return Unauthenticated("malformed token: scope is not a list");
      for (const json& entry : *scope) {
        if (!entry.is_string()) return Unauthenticated("malformed token: scope is not a list");
        principal.scope.push_back(entry.get<std::string>());
      }
    }
    return principal;
  }

  // exp (no leeway), iat (required; not ahead of now by more than the skew), nbf (the same), and
  // a lifetime exp - iat within the maximum.
  absl::Status CheckTimes(const json& payload, TimeWindow& window) const {
    const int64_t now = NowSeconds();
    const int64_t skew = options_.clock_skew.count();
    const auto exp = payload.find("exp");
    int64_t exp_seconds = 0;
    if (exp == payload.end() || !NumericDate(*exp, &exp_seconds)) {
      return Unauthenticated("token has no valid exp claim");
    }
    if (now >= exp_seconds) return Unauthenticated("token expired");
    const auto iat = payload.find("iat");
    int64_t iat_seconds = 0;
    if (iat == payload.end() || !NumericDate(*iat, &iat_seconds)) {
      return Unauthenticated("token has no valid iat claim");
    }
    if (iat_seconds > now + skew) return Unauthenticated("token iat lies in the future");
    window.not_before = iat_seconds - skew;
    if (const auto nbf = payload.find("nbf"); nbf != payload.end()) {
      int64_t nbf_seconds = 0;
      if (!NumericDate(*nbf, &nbf_seconds)) return Unauthenticated("token has no valid nbf claim");
      if (nbf_seconds > now + skew) return Unauthenticated("token not valid yet (nbf)");
      window.not_before = std::max(window.not_before, nbf_seconds - skew);
    }
    window.expires = exp_seconds;
    // iat <= now + skew here, so the sum cannot overflow.
    if (exp_seconds - options_.max_lifetime.count() > iat_seconds) {
      return Unauthenticated(absl::StrCat("token lifetime exceeds the maximum of ",
                                          options_.max_lifetime.count(), " s"));
    }
    return absl::OkStatus();
  }

  jwt_alg_t alg_;
  std::map<std::string, std::vector<std::string>> keys_;
  const Clock* clock_;
  VerifierOptions options_;
  mutable VerifiedTokens verified_;
};

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kVolunteer:
      return "volunteer";
    case Role::kCommunityAdmin:
      return "community_admin";
    case Role::kStreetAdmin:
      return "street_admin";
    case Role::kSystem:
      return "system";
    case Role::kIntegration:
      return "integration";
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(std::string_view name) {
  if (name == "volunteer") return Role::kVolunteer;
  if (name == "community_admin") return Role::kCommunityAdmin;
  if (name == "street_admin") return Role::kStreetAdmin;
  if (name == "system") return Role::kSystem;
  if (name == "integration") return Role::kIntegration;
  return absl::InvalidArgumentError(
      "unknown role (expected volunteer, community_admin, street_admin, system or integration)");
}

bool IntegrationMayCall(std::string_view full_method) {
  return full_method == "tongxin.volunteer.v1.VolunteerService/ReportGridTask" ||
         full_method == "tongxin.gateway.v1.GatewayService/ReportGridTask" ||
         full_method == "tongxin.notifications.v1.NotificationsService/ListEvents";
}

bool Principal::InScope(std::string_view region_id) const {
  if (role == Role::kSystem) return true;
  for (const std::string& entry : scope) {
    if (!entry.empty() && region_id.starts_with(entry)) return true;
  }
  return false;
}

std::unique_ptr<TokenVerifier> TokenVerifier::Hs256(std::string secret, const Clock* clock,
                                                    VerifierOptions options) {
  // One shared secret, one issuer. Never accept tokens MACed with an empty or guessable key.
  std::map<std::string, std::vector<std::string>> keys;
  std::vector<std::string>& issuer_keys = keys[options.issuer];
  if (secret.size() >= kMinHs256SecretBytes) issuer_keys.push_back(std::move(secret));
  Cleanse(secret);
  return std::make_unique<JwtVerifier>(JWT_ALG_HS256, std::move(keys), clock, std::move(options));
}

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Es256(std::string_view public_key_pem,
                                                                    const Clock* clock,
                                                                    VerifierOptions options) {
  std::string issuer = options.issuer;
  return Es256({Es256PublicKey{std::move(issuer), std::string(public_key_pem)}}, clock,
               std::move(options));
}

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Es256(
    const std::vector<Es256PublicKey>& keys, const Clock* clock, VerifierOptions options) {
  std::map<std::string, std::vector<std::string>> by_issuer;
  for (const Es256PublicKey& key : keys) {
    if (key.issuer.empty()) return absl::InvalidArgumentError("ES256 key without an issuer");
    absl::StatusOr<std::vector<std::string>> loaded = LoadPublicKeys(key.pem);
    if (!loaded.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("key of issuer ", key.issuer, ": ", loaded.status().message()));
    }
    for (std::string& pem : *loaded) by_issuer[key.issuer].push_back(std::move(pem));
  }
  if (by_issuer.empty()) return absl::InvalidArgumentError("no ES256 public key");
  return std::unique_ptr<TokenVerifier>(std::make_unique<JwtVerifier>(
      JWT_ALG_ES256, std::move(by_issuer), clock, std::move(options)));
}

struct TokenSigner::Key {
  // Spelled out: clang before 16 has no parenthesised aggregate initialisation (make_shared).
  Key(jwt_alg_t alg, std::string key) : alg(alg), key(std::move(key)) {}
  ~Key() { Cleanse(key); }
  jwt_alg_t alg;
  std::string key;  // the HS256 secret or the ES256 private key's PEM
};

absl::StatusOr<TokenSigner> TokenSigner::Hs256(std::string secret) {
  if (secret.size() < kMinHs256SecretBytes) {
    Cleanse(secret);
    return absl::InvalidArgumentError(
        absl::StrCat("HS256 secret: at least ", kMinHs256SecretBytes, " bytes"));
  }
  return TokenSigner(std::make_shared<Key>(JWT_ALG_HS256, std::move(secret)));
}

absl::StatusOr<TokenSigner> TokenSigner::Es256(std::string_view private_key_pem) {
  TX_ASSIGN_OR_RETURN(std::string pem, LoadPrivateKey(private_key_pem));
  return TokenSigner(std::make_shared<Key>(JWT_ALG_ES256, std::move(pem)));
}

absl::StatusOr<std::string> TokenSigner::Mint(const TokenClaims& claims, const Clock& clock) const {
  return Encode(key_->alg, key_->key, claims, clock);
}

absl::StatusOr<std::string> MintHs256(const TokenClaims& claims, std::string_view secret,
                                      const Clock& clock) {
  if (secret.empty()) return absl::InvalidArgumentError("HS256 secret is empty");
  std::string key(secret);
  absl::StatusOr<std::string> token = Encode(JWT_ALG_HS256, key, claims, clock);
  Cleanse(key);
  return token;
}

absl::StatusOr<std::string> MintEs256(const TokenClaims& claims, std::string_view private_key_pem,
                                      const Clock& clock) {
  absl::StatusOr<TokenSigner> signer = TokenSigner::Es256(private_key_pem);
  if (!signer.ok()) return signer.status();
  return signer->Mint(claims, clock);
}

}  // namespace tongxin
