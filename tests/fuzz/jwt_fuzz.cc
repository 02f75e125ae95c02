// libFuzzer target: bearer-token verification (services/common/auth.h) with fixed test keys and
// a fixed clock. The first byte picks what the rest is:
//   '0' (and every byte ≡ 0 mod 3)  the Authorization header as a caller sends it, tried on an
//                                   HS256 and an ES256 verifier;
//   '1'                             a JWT payload (JSON), signed here with the HS256 test secret,
//                                   so that the claim checks behind the signature are reached;
//   '2'                             a JOSE header, a newline, and a payload, signed the same way.
// Any failure must be UNAUTHENTICATED; an accepted token must name a subject, a known role and
// the verifier's issuer.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"

namespace {

using tongxin::TokenVerifier;

constexpr std::string_view kSecret = "fuzz-test-secret-0123456789abcdef";
// A P-256 public key made for this test alone; its private key was thrown away.
constexpr std::string_view kPublicKeyPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBQVApGaZEtg38M4cMPVNF89D75I2\n"
    "GyaiTI4noaBgg3VAMJ/Y2+9i9HusOPWfT/QeiDjlGLdUG2/qiLMNkkW6kg==\n"
    "-----END PUBLIC KEY-----\n";
// 2026-11-30T00:00:00Z: the corpus's tokens were issued shortly before.
constexpr int64_t kNowSeconds = 1795996800;

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

struct Verifiers {
  tongxin::FakeClock clock{
      std::chrono::system_clock::time_point(std::chrono::seconds(kNowSeconds))};
  std::unique_ptr<TokenVerifier> hs256 = TokenVerifier::Hs256(std::string(kSecret), &clock);
  std::unique_ptr<TokenVerifier> es256 = *TokenVerifier::Es256(kPublicKeyPem, &clock);
};

const Verifiers& GetVerifiers() {
  static const Verifiers* verifiers = new Verifiers();
  return *verifiers;
}

void Check(const TokenVerifier& verifier, std::string_view authorization) {
  auto principal = verifier.Verify(authorization);
  if (!principal.ok()) {
    Require(principal.status().code() == absl::StatusCode::kUnauthenticated);
    return;
  }
  Require(!principal->subject.empty());
  Require(tongxin::ParseRole(tongxin::RoleName(principal->role)).ok());
}

// "Bearer <header>.<payload>.<HMAC-SHA256>" with the test secret.
std::string SignHs256(std::string_view header, std::string_view payload) {
  const std::string signing_input =
      tongxin::Base64UrlEncode(header) + "." + tongxin::Base64UrlEncode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_size);
  return "Bearer " + signing_input + "." +
         tongxin::Base64UrlEncode(std::string_view(reinterpret_cast<char*>(mac), mac_size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Verifiers& verifiers = GetVerifiers();
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      Check(*verifiers.hs256, rest);
      Check(*verifiers.es256, rest);
      break;
    case 1:
      Check(*verifiers.hs256, SignHs256(R"({"alg":"HS256","typ":"JWT"})", rest));
      break;
    default: {
      const size_t newline = rest.find('\n');
      if (newline == std::string_view::npos) break;
      Check(*verifiers.hs256, SignHs256(rest.substr(0, newline), rest.substr(newline + 1)));
      break;
    }
  }
  return 0;
}
