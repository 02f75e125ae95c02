// Bearer tokens: JWT parsing and the claim checks (iss, aud, iat, nbf, exp, lifetime, skew),
// HS256 and ES256 verification with keys by issuer, and minting for system calls and tests.
// Slightly over 500 lines because the ES256 key handling (OpenSSL EVP, DER ↔ JOSE signatures)
// belongs beside the verifier that uses it. Hand-written on OpenSSL: moving the parsing and
// signatures to Debian's libjwt (house rule 9) is an open follow-up.
#include "services/common/auth.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/crypto.h"
#include "services/common/status.h"

namespace tongxin {
namespace {

using json = nlohmann::json;

constexpr std::string_view kAlgHs256 = "HS256";
constexpr std::string_view kAlgEs256 = "ES256";
constexpr size_t kEs256CoordSize = 32;

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;
struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

// Debian's abseil keeps its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), so
// std::string_view is converted explicitly at the boundary.
absl::Status Unauthenticated(std::string_view message) {
  return absl::UnauthenticatedError(absl::string_view(message.data(), message.size()));
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

// Refuses to prompt for a pass phrase: encrypted private keys are not supported.
int NoPassword(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

// Accepts only EC keys on the P-256 curve.
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

// Every public key in `pem` (one or more PEM blocks); at least one.
absl::StatusOr<std::vector<PkeyPtr>> LoadPublicKeys(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return absl::InternalError("BIO_new_mem_buf failed");
  std::vector<PkeyPtr> keys;
  while (true) {
    PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassword, nullptr));
    if (!pkey) break;
    if (absl::Status s = CheckP256(pkey.get()); !s.ok()) return s;
    keys.push_back(std::move(pkey));
  }
  if (keys.empty()) return absl::InvalidArgumentError("cannot parse PEM public key");
  return keys;
}

absl::StatusOr<PkeyPtr> LoadPrivateKey(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return absl::InternalError("BIO_new_mem_buf failed");
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr));
  if (!pkey) return absl::InvalidArgumentError("cannot parse PEM private key");
  if (absl::Status s = CheckP256(pkey.get()); !s.ok()) return s;
  return pkey;
}

// ES256 over `signing_input`; returns raw r||s (64 bytes).
absl::StatusOr<std::string> SignEs256(EVP_PKEY* pkey, std::string_view signing_input) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return absl::InternalError("EVP_MD_CTX_new failed");
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1) {
    return absl::InternalError("EVP_DigestSignInit failed");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(signing_input.data());
  size_t der_len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &der_len, in, signing_input.size()) != 1) {
    return absl::InternalError("EVP_DigestSign failed");
  }
  std::vector<unsigned char> der(der_len);
  if (EVP_DigestSign(ctx.get(), der.data(), &der_len, in, signing_input.size()) != 1) {
    return absl::InternalError("EVP_DigestSign failed");
  }
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!sig) return absl::InternalError("cannot decode ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kEs256CoordSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kEs256CoordSize) != static_cast<int>(kEs256CoordSize) ||
      BN_bn2binpad(s, out + kEs256CoordSize, kEs256CoordSize) !=
          static_cast<int>(kEs256CoordSize)) {
    return absl::InternalError("ECDSA signature does not fit P-256");
  }
  return raw;
}

// True when raw r||s verifies over `signing_input`.
bool VerifyEs256(EVP_PKEY* pkey, std::string_view signing_input, std::string_view raw_sig) {
  if (raw_sig.size() != 2 * kEs256CoordSize) return false;
  const auto* raw = reinterpret_cast<const unsigned char*>(raw_sig.data());
  BnPtr r(BN_bin2bn(raw, kEs256CoordSize, nullptr));
  BnPtr s(BN_bin2bn(raw + kEs256CoordSize, kEs256CoordSize, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig) return false;
  if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return false;
  r.release();  // now owned by sig
  s.release();
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len <= 0) return false;
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> der_owner(
      der, [](unsigned char* d) { OPENSSL_free(d); });

  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1) return false;
  return EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_len),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

// header.payload, ready to sign.
absl::StatusOr<std::string> SigningInput(std::string_view alg, const TokenClaims& claims,
                                         const Clock& clock) {
  if (claims.subject.empty()) return absl::InvalidArgumentError("token subject is empty");
  if (claims.issuer.empty()) return absl::InvalidArgumentError("token issuer is empty");
  if (claims.audience.empty()) return absl::InvalidArgumentError("token audience is empty");
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  json header = {{"alg", alg}, {"typ", "JWT"}};
  json payload = {
      {"sub", claims.subject},
      {"role", RoleName(claims.role)},
      {"scope", claims.scope},
      {"iss", claims.issuer},
      {"aud", claims.audience},
      {"iat", now},
      {"exp", now + static_cast<int64_t>(claims.ttl.count())},
  };
  try {
    return absl::StrCat(Base64UrlEncode(header.dump()), ".", Base64UrlEncode(payload.dump()));
  } catch (const json::exception&) {
    return absl::InvalidArgumentError("token claims are not valid UTF-8");
  }
}

// Seconds since the epoch from a NumericDate claim.
bool NumericDate(const json& value, int64_t* out) {
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    *out = v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
               ? std::numeric_limits<int64_t>::max()
               : static_cast<int64_t>(v);
    return true;
  }
  if (value.is_number_integer()) {
    *out = value.get<int64_t>();
    return true;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) return false;
    *out = static_cast<int64_t>(std::floor(d));
    return true;
  }
  return false;
}

int64_t Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
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

class JwtVerifier : public TokenVerifier {
 public:
  JwtVerifier(std::string_view alg, const Clock* clock, VerifierOptions options)
      : alg_(alg), clock_(clock), options_(std::move(options)) {}

  absl::StatusOr<Principal> Verify(std::string_view authorization) const override {
    authorization = Trim(authorization);
    if (authorization.empty()) return Unauthenticated("missing authorization");
    constexpr std::string_view kBearer = "bearer ";
    if (!StartsWithIgnoreCase(authorization, kBearer)) {
      return Unauthenticated("authorization is not a Bearer token");
    }
    const std::string_view token = Trim(authorization.substr(kBearer.size()));
    if (token.empty()) return Unauthenticated("missing bearer token");

    const std::vector<std::string_view> parts = SplitDots(token);
    if (parts.size() != 3) return Unauthenticated("malformed token: expected 3 segments");

    absl::StatusOr<std::string> header_text = Base64UrlDecode(parts[0]);
    if (!header_text.ok()) return Unauthenticated("malformed token: bad header encoding");
    const json header = json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded() || !header.is_object()) {
      return Unauthenticated("malformed token: bad header");
    }
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != alg_) {
      return Unauthenticated("token algorithm not accepted");
    }

    absl::StatusOr<std::string> signature = Base64UrlDecode(parts[2]);
    if (!signature.ok()) return Unauthenticated("malformed token: bad signature encoding");
    // The payload is read before the signature is checked only to learn which issuer's keys to
    // check it with; nothing else in it counts until the signature holds.
    absl::StatusOr<std::string> payload_text = Base64UrlDecode(parts[1]);
    if (!payload_text.ok()) return Unauthenticated("malformed token: bad payload encoding");
    const json payload = json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
    if (payload.is_discarded() || !payload.is_object()) {
      return Unauthenticated("malformed token: bad payload");
    }
    const auto iss = payload.find("iss");
    if (iss == payload.end() || !iss->is_string() || iss->get<std::string>().empty()) {
      return Unauthenticated("token has no issuer (iss)");
    }
    const std::string issuer = iss->get<std::string>();
    if (!KnowsIssuer(issuer)) return Unauthenticated("token issuer not accepted");
    const std::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
    if (!CheckSignature(issuer, signing_input, *signature)) {
      return Unauthenticated("bad token signature");
    }

    const auto aud = payload.find("aud");
    if (aud == payload.end() || !NamesAudience(*aud, options_.audience)) {
      return Unauthenticated("token audience not accepted");
    }
    TX_RETURN_IF_ERROR(CheckTimes(payload));

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

 protected:
  const VerifierOptions& options() const { return options_; }
  virtual bool KnowsIssuer(const std::string& issuer) const = 0;
  virtual bool CheckSignature(const std::string& issuer, std::string_view signing_input,
                              std::string_view signature) const = 0;

 private:
  // exp (no leeway), iat (required; not ahead of now by more than the skew), nbf (the same), and
  // a lifetime exp - iat within the maximum.
  absl::Status CheckTimes(const json& payload) const {
    const int64_t now = Seconds(clock_->Now());
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
    if (const auto nbf = payload.find("nbf"); nbf != payload.end()) {
      int64_t nbf_seconds = 0;
      if (!NumericDate(*nbf, &nbf_seconds)) return Unauthenticated("token has no valid nbf claim");
      if (nbf_seconds > now + skew) return Unauthenticated("token not valid yet (nbf)");
    }
    // iat <= now + skew here, so the sum cannot overflow.
    if (exp_seconds - options_.max_lifetime.count() > iat_seconds) {
      return Unauthenticated(absl::StrCat("token lifetime exceeds the maximum of ",
                                          options_.max_lifetime.count(), " s"));
    }
    return absl::OkStatus();
  }

  std::string alg_;
  const Clock* clock_;
  VerifierOptions options_;
};

class Hs256Verifier final : public JwtVerifier {
 public:
  Hs256Verifier(std::string secret, const Clock* clock, VerifierOptions options)
      : JwtVerifier(kAlgHs256, clock, std::move(options)), secret_(std::move(secret)) {}
  ~Hs256Verifier() override { OPENSSL_cleanse(secret_.data(), secret_.size()); }

 protected:
  // One shared secret, one issuer.
  bool KnowsIssuer(const std::string& issuer) const override { return issuer == options().issuer; }
  bool CheckSignature(const std::string& /*issuer*/, std::string_view signing_input,
                      std::string_view signature) const override {
    // Never accept tokens MACed with an empty or guessable key.
    if (secret_.size() < kMinHs256SecretBytes) return false;
    const std::string expected = HmacSha256(secret_, signing_input);
    return signature.size() == expected.size() &&
           CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
  }

 private:
  std::string secret_;
};

class Es256Verifier final : public JwtVerifier {
 public:
  Es256Verifier(std::map<std::string, std::vector<PkeyPtr>> keys, const Clock* clock,
                VerifierOptions options)
      : JwtVerifier(kAlgEs256, clock, std::move(options)), keys_(std::move(keys)) {}

 protected:
  bool KnowsIssuer(const std::string& issuer) const override { return keys_.count(issuer) > 0; }
  bool CheckSignature(const std::string& issuer, std::string_view signing_input,
                      std::string_view signature) const override {
    const auto it = keys_.find(issuer);
    if (it == keys_.end()) return false;
    for (const PkeyPtr& key : it->second) {
      if (VerifyEs256(key.get(), signing_input, signature)) return true;
    }
    return false;
  }

 private:
  std::map<std::string, std::vector<PkeyPtr>> keys_;
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
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(std::string_view name) {
  if (name == "volunteer") return Role::kVolunteer;
  if (name == "community_admin") return Role::kCommunityAdmin;
  if (name == "street_admin") return Role::kStreetAdmin;
  if (name == "system") return Role::kSystem;
  return absl::InvalidArgumentError(
      "unknown role (expected volunteer, community_admin, street_admin or system)");
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
  return std::make_unique<Hs256Verifier>(
      std::move(secret), clock != nullptr ? clock : &Clock::System(), std::move(options));
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
  std::map<std::string, std::vector<PkeyPtr>> by_issuer;
  for (const Es256PublicKey& key : keys) {
    if (key.issuer.empty()) return absl::InvalidArgumentError("ES256 key without an issuer");
    absl::StatusOr<std::vector<PkeyPtr>> loaded = LoadPublicKeys(key.pem);
    if (!loaded.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("key of issuer ", key.issuer, ": ", loaded.status().message()));
    }
    for (PkeyPtr& pkey : *loaded) by_issuer[key.issuer].push_back(std::move(pkey));
  }
  if (by_issuer.empty()) return absl::InvalidArgumentError("no ES256 public key");
  return std::unique_ptr<TokenVerifier>(std::make_unique<Es256Verifier>(
      std::move(by_issuer), clock != nullptr ? clock : &Clock::System(), std::move(options)));
}

struct TokenSigner::Key {
  ~Key() { OPENSSL_cleanse(secret.data(), secret.size()); }
  std::string secret;  // HS256
  PkeyPtr pkey;        // ES256
};

absl::StatusOr<TokenSigner> TokenSigner::Hs256(std::string secret) {
  if (secret.size() < kMinHs256SecretBytes) {
    OPENSSL_cleanse(secret.data(), secret.size());
    return absl::InvalidArgumentError(
        absl::StrCat("HS256 secret: at least ", kMinHs256SecretBytes, " bytes"));
  }
  auto key = std::make_shared<Key>();
  key->secret = std::move(secret);
  return TokenSigner(std::move(key));
}

absl::StatusOr<TokenSigner> TokenSigner::Es256(std::string_view private_key_pem) {
  absl::StatusOr<PkeyPtr> pkey = LoadPrivateKey(private_key_pem);
  if (!pkey.ok()) return pkey.status();
  auto key = std::make_shared<Key>();
  key->pkey = *std::move(pkey);
  return TokenSigner(std::move(key));
}

absl::StatusOr<std::string> TokenSigner::Mint(const TokenClaims& claims, const Clock& clock) const {
  if (key_->pkey) {
    absl::StatusOr<std::string> input = SigningInput(kAlgEs256, claims, clock);
    if (!input.ok()) return input.status();
    absl::StatusOr<std::string> sig = SignEs256(key_->pkey.get(), *input);
    if (!sig.ok()) return sig.status();
    return absl::StrCat(*input, ".", Base64UrlEncode(*sig));
  }
  absl::StatusOr<std::string> input = SigningInput(kAlgHs256, claims, clock);
  if (!input.ok()) return input.status();
  return absl::StrCat(*input, ".", Base64UrlEncode(HmacSha256(key_->secret, *input)));
}

absl::StatusOr<std::string> MintHs256(const TokenClaims& claims, std::string_view secret,
                                      const Clock& clock) {
  if (secret.empty()) return absl::InvalidArgumentError("HS256 secret is empty");
  absl::StatusOr<std::string> input = SigningInput(kAlgHs256, claims, clock);
  if (!input.ok()) return input.status();
  return absl::StrCat(*input, ".", Base64UrlEncode(HmacSha256(secret, *input)));
}

absl::StatusOr<std::string> MintEs256(const TokenClaims& claims, std::string_view private_key_pem,
                                      const Clock& clock) {
  absl::StatusOr<TokenSigner> signer = TokenSigner::Es256(private_key_pem);
  if (!signer.ok()) return signer.status();
  return signer->Mint(claims, clock);
}

}  // namespace tongxin
