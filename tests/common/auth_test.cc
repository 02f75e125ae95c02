#include "services/common/auth.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/verified_tokens.h"
#include "tests/support/test_keys.h"

namespace tongxin {
namespace {

using testing::GenerateEcKey;
using testing::KeyPair;
using json = nlohmann::json;
using std::chrono::hours;
using std::chrono::seconds;

const std::string kSecret = "test-secret-0123456789abcdef0123456789";
// 2024-01-01T00:00:00Z
const std::chrono::system_clock::time_point kStart{seconds(1704067200)};

const KeyPair& P256Key() {
  static const KeyPair key = GenerateEcKey("P-256");
  return key;
}

TokenClaims AdminClaims() {
  TokenClaims claims;
  claims.subject = "admin-42";
  claims.role = Role::kStreetAdmin;
  claims.scope = {"110105001", "110105002"};
  claims.ttl = hours(1);
  return claims;
}

std::string Bearer(const std::string& token) { return "Bearer " + token; }

// A token with arbitrary header and payload, HMAC-signed with `secret`.
std::string SignedHs256(const json& header, const std::string& payload_text,
                        const std::string& secret) {
  const std::string input =
      absl::StrCat(Base64UrlEncode(header.dump()), ".", Base64UrlEncode(payload_text));
  return absl::StrCat(input, ".", Base64UrlEncode(HmacSha256(secret, input)));
}

json ValidPayload() {
  return json{{"sub", "v-1"},     {"role", "volunteer"}, {"iss", "tongxin"},
              {"aud", "tongxin"}, {"iat", 1704067200},   {"exp", 1704067200 + 3600}};
}

// Debian's abseil has its own absl::string_view; compare through std::string_view.
std::string_view Message(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

void ExpectUnauthenticated(const absl::StatusOr<Principal>& result, const std::string& token = "") {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated) << result.status();
  EXPECT_FALSE(result.status().message().empty());
  if (token.size() > 10) {
    for (absl::string_view part : absl::StrSplit(token, '.')) {
      if (part.size() > 8) {
        EXPECT_EQ(result.status().message().find(part), absl::string_view::npos)
            << "error message echoes the token";
      }
    }
  }
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : {Role::kVolunteer, Role::kCommunityAdmin, Role::kStreetAdmin, Role::kSystem,
                    Role::kIntegration}) {
    absl::StatusOr<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(RoleName(Role::kCommunityAdmin), "community_admin");
  EXPECT_FALSE(ParseRole("admin").ok());
  EXPECT_FALSE(ParseRole("").ok());
}

TEST(PrincipalTest, InScopeIsPrefixMatch) {
  Principal p;
  p.subject = "a";
  p.role = Role::kStreetAdmin;
  p.scope = {"110105001"};
  EXPECT_TRUE(p.IsAdmin());
  EXPECT_TRUE(p.InScope("110105001"));
  EXPECT_TRUE(p.InScope("110105001002"));
  EXPECT_TRUE(p.InScope("110105001002003"));
  EXPECT_FALSE(p.InScope("110105002001"));
  EXPECT_FALSE(p.InScope("11010500"));
  EXPECT_FALSE(p.InScope(""));

  p.scope = {"", "110105001002"};  // empty entries grant nothing
  EXPECT_FALSE(p.InScope("110105002001"));
  EXPECT_TRUE(p.InScope("110105001002007"));
  EXPECT_FALSE(p.InScope("110105001003"));

  Principal volunteer;
  volunteer.role = Role::kVolunteer;
  EXPECT_FALSE(volunteer.IsAdmin());
  EXPECT_FALSE(volunteer.InScope("110105001"));

  Principal system;
  system.role = Role::kSystem;
  EXPECT_FALSE(system.IsAdmin());
  EXPECT_TRUE(system.InScope("440524"));
  EXPECT_TRUE(system.InScope(""));
}

TEST(PrincipalTest, TheIntegrationRoleIsNoAdminAndMayCallOnlyItsOwnMethod) {
  Principal grid;
  grid.role = Role::kIntegration;
  grid.scope = {"110105001"};
  EXPECT_EQ(RoleName(Role::kIntegration), "integration");
  EXPECT_FALSE(grid.IsAdmin());
  EXPECT_TRUE(grid.InScope("110105001002"));
  EXPECT_FALSE(grid.InScope("110105002001"));
  EXPECT_TRUE(IntegrationMayCall("tongxin.volunteer.v1.VolunteerService/ReportGridTask"));
  EXPECT_TRUE(IntegrationMayCall("tongxin.gateway.v1.GatewayService/ReportGridTask"));
  EXPECT_TRUE(IntegrationMayCall("tongxin.notifications.v1.NotificationsService/ListEvents"));
  // By full name only: the short name, or the same name on another service, is not it.
  for (const char* method :
       {"tongxin.volunteer.v1.VolunteerService/GetVolunteer",
        "tongxin.points.v1.PointsService/Award", "tongxin.gateway.v1.GatewayService/GetDashboard",
        "ReportGridTask", "tongxin.points.v1.PointsService/ReportGridTask",
        "VolunteerService/ReportGridTask", "ListDeadLetters", "ListEvents",
        "tongxin.notifications.v1.NotificationsService/ListMessages",
        "tongxin.notifications.v1.NotificationsService/PublishEvent", ""}) {
    EXPECT_FALSE(IntegrationMayCall(method)) << method;
  }
}

TEST(Hs256Test, MintAndVerify) {
  FakeClock clock(kStart);
  absl::StatusOr<std::string> token = MintHs256(AdminClaims(), kSecret, clock);
  ASSERT_TRUE(token.ok()) << token.status();

  const std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);
  const json header = json::parse(*Base64UrlDecode(parts[0]));
  EXPECT_EQ(header, (json{{"alg", "HS256"}, {"typ", "JWT"}}));
  const json payload = json::parse(*Base64UrlDecode(parts[1]));
  EXPECT_EQ(payload["sub"], "admin-42");
  EXPECT_EQ(payload["role"], "street_admin");
  EXPECT_EQ(payload["iss"], "tongxin");
  EXPECT_EQ(payload["iat"], 1704067200);
  EXPECT_EQ(payload["exp"], 1704067200 + 3600);
  EXPECT_EQ(Base64UrlDecode(parts[2])->size(), 32u);

  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  absl::StatusOr<Principal> principal = verifier->Verify(Bearer(*token));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "admin-42");
  EXPECT_EQ(principal->role, Role::kStreetAdmin);
  EXPECT_EQ(principal->scope, (std::vector<std::string>{"110105001", "110105002"}));
}

TEST(Hs256Test, BearerSchemeIsCaseInsensitive) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  EXPECT_TRUE(verifier->Verify("bearer " + token).ok());
  EXPECT_TRUE(verifier->Verify("BEARER " + token).ok());
}

TEST(Hs256Test, RejectsMissingOrNonBearerAuthorization) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  ExpectUnauthenticated(verifier->Verify(""));
  ExpectUnauthenticated(verifier->Verify(token), token);
  ExpectUnauthenticated(verifier->Verify("Basic " + token), token);
  ExpectUnauthenticated(verifier->Verify("Bearer"));
  ExpectUnauthenticated(verifier->Verify("Bearer "));
  ExpectUnauthenticated(verifier->Verify("Bearertoken"));
}

TEST(Hs256Test, RejectsMalformedTokens) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  ExpectUnauthenticated(verifier->Verify(Bearer(parts[0] + "." + parts[1])));
  ExpectUnauthenticated(verifier->Verify(Bearer(token + ".extra")));
  ExpectUnauthenticated(verifier->Verify(Bearer("a.b.c")));
  ExpectUnauthenticated(verifier->Verify(Bearer("..")));
  ExpectUnauthenticated(verifier->Verify(Bearer("." + parts[1] + "." + parts[2])));
  ExpectUnauthenticated(verifier->Verify(Bearer(parts[0] + ".." + parts[2])));
  ExpectUnauthenticated(verifier->Verify(Bearer(parts[0] + "." + parts[1] + ".")));
  ExpectUnauthenticated(verifier->Verify(Bearer(parts[0] + ". " + parts[1] + "." + parts[2])));
  ExpectUnauthenticated(verifier->Verify(Bearer("!!!." + parts[1] + "." + parts[2])));
  ExpectUnauthenticated(verifier->Verify(Bearer(parts[0] + "." + parts[1] + ".***")));
  // Correctly signed but not JSON.
  ExpectUnauthenticated(verifier->Verify(
      Bearer(SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, "not json", kSecret))));
  ExpectUnauthenticated(verifier->Verify(
      Bearer(SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, "[1,2]", kSecret))));
  // Header not JSON.
  const std::string input = Base64UrlEncode("{not json") + "." + parts[1];
  ExpectUnauthenticated(
      verifier->Verify(Bearer(input + "." + Base64UrlEncode(HmacSha256(kSecret, input)))));
}

TEST(Hs256Test, ExpiryHasNoLeeway) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  clock.Advance(seconds(3599));
  EXPECT_TRUE(verifier->Verify(Bearer(token)).ok());
  clock.Advance(seconds(1));  // now == exp
  absl::StatusOr<Principal> result = verifier->Verify(Bearer(token));
  ExpectUnauthenticated(result, token);
  EXPECT_NE(Message(result.status()).find("expired"), std::string_view::npos);
  clock.Advance(hours(48));
  ExpectUnauthenticated(verifier->Verify(Bearer(token)), token);
}

TEST(Hs256Test, RejectsMissingExp) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  EXPECT_TRUE(verifier
                  ->Verify(Bearer(
                      SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, payload.dump(), kSecret)))
                  .ok());
  payload.erase("exp");
  ExpectUnauthenticated(verifier->Verify(
      Bearer(SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, payload.dump(), kSecret))));
  payload["exp"] = "tomorrow";
  ExpectUnauthenticated(verifier->Verify(
      Bearer(SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, payload.dump(), kSecret))));
}

TEST(Hs256Test, RejectsTamperedPayload) {
  FakeClock clock(kStart);
  TokenClaims claims = AdminClaims();
  claims.role = Role::kCommunityAdmin;
  const std::string token = *MintHs256(claims, kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  json payload = json::parse(*Base64UrlDecode(parts[1]));
  payload["role"] = "system";
  const std::string forged =
      absl::StrCat(parts[0], ".", Base64UrlEncode(payload.dump()), ".", parts[2]);
  absl::StatusOr<Principal> result = verifier->Verify(Bearer(forged));
  ExpectUnauthenticated(result, forged);
  EXPECT_NE(Message(result.status()).find("signature"), std::string_view::npos);

  // Flipping one signature character also fails.
  std::string bad_sig = token;
  bad_sig.back() = bad_sig.back() == 'A' ? 'Q' : 'A';
  ExpectUnauthenticated(verifier->Verify(Bearer(bad_sig)));
}

TEST(Hs256Test, RejectsWrongSecret) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), "another-secret", clock);
  ExpectUnauthenticated(TokenVerifier::Hs256(kSecret, &clock)->Verify(Bearer(token)), token);
}

TEST(Hs256Test, EmptySecretIsRefused) {
  FakeClock clock(kStart);
  EXPECT_EQ(MintHs256(AdminClaims(), "", clock).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::string token =
      SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, ValidPayload().dump(), "");
  ExpectUnauthenticated(TokenVerifier::Hs256("", &clock)->Verify(Bearer(token)));
}

TEST(Hs256Test, RejectsAlgNone) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  const std::string unsigned_token =
      absl::StrCat(Base64UrlEncode(json{{"alg", "none"}, {"typ", "JWT"}}.dump()), ".",
                   Base64UrlEncode(ValidPayload().dump()), ".");
  ExpectUnauthenticated(verifier->Verify(Bearer(unsigned_token)));
  // Even with a valid HMAC, a header that does not say HS256 is refused.
  ExpectUnauthenticated(
      verifier->Verify(Bearer(SignedHs256(json{{"alg", "none"}}, ValidPayload().dump(), kSecret))));
  ExpectUnauthenticated(
      verifier->Verify(Bearer(SignedHs256(json{{"typ", "JWT"}}, ValidPayload().dump(), kSecret))));
  ExpectUnauthenticated(verifier->Verify(
      Bearer(SignedHs256(json{{"alg", "hs256"}}, ValidPayload().dump(), kSecret))));
}

TEST(Hs256Test, RejectsUnknownRoleAndMissingSubject) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  const json header = {{"alg", "HS256"}, {"typ", "JWT"}};

  json payload = ValidPayload();
  payload["role"] = "root";
  absl::StatusOr<Principal> result =
      verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret)));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("role"), std::string_view::npos);

  payload = ValidPayload();
  payload.erase("role");
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));

  payload = ValidPayload();
  payload.erase("sub");
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));
  payload["sub"] = "";
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));
  payload["sub"] = 7;
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));
}

TEST(Hs256Test, ScopeIsOptionalButMustBeStrings) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  const json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  json payload = ValidPayload();
  absl::StatusOr<Principal> p =
      verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret)));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->scope.empty());
  EXPECT_EQ(p->role, Role::kVolunteer);
  EXPECT_EQ(p->subject, "v-1");

  payload["scope"] = json::array({"110105001", 5});
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));
  payload["scope"] = "110105001";
  ExpectUnauthenticated(verifier->Verify(Bearer(SignedHs256(header, payload.dump(), kSecret))));
}

TEST(Hs256Test, MintRejectsEmptySubject) {
  FakeClock clock(kStart);
  TokenClaims claims = AdminClaims();
  claims.subject.clear();
  EXPECT_EQ(MintHs256(claims, kSecret, clock).status().code(), absl::StatusCode::kInvalidArgument);
}

// Hole 7 of issue 11: a token names who issued it and for whom, lives a bounded time, and is
// not used before its time; a shared secret is long enough not to be guessed.
std::string Hs256With(const json& payload, const std::string& secret = kSecret) {
  return Bearer(SignedHs256(json{{"alg", "HS256"}, {"typ", "JWT"}}, payload.dump(), secret));
}

TEST(TokenClaimsTest, IssuerMustBeTheExpectedOne) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["iss"] = "someone-else";
  absl::StatusOr<Principal> result = verifier->Verify(Hs256With(payload));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("issuer"), std::string_view::npos) << result.status();
  payload.erase("iss");
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
  payload["iss"] = 7;
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
}

TEST(TokenClaimsTest, AudienceMustIncludeTheExpectedOne) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  payload["aud"] = json::array({"reports", "tongxin"});
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["aud"] = "reports";
  absl::StatusOr<Principal> result = verifier->Verify(Hs256With(payload));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("audience"), std::string_view::npos) << result.status();
  payload["aud"] = json::array({"reports"});
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
  payload.erase("aud");
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
}

TEST(TokenClaimsTest, MintedTokensNameIssuerAndAudience) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  const json payload = json::parse(*Base64UrlDecode(parts[1]));
  EXPECT_EQ(payload["iss"], "tongxin");
  EXPECT_EQ(payload["aud"], "tongxin");
  EXPECT_TRUE(TokenVerifier::Hs256(kSecret, &clock)->Verify(Bearer(token)).ok());
}

TEST(TokenClaimsTest, LifetimeIsBoundedByDefaultToADay) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  payload["exp"] = 1704067200 + 24 * 3600;
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["exp"] = 1704067200 + 24 * 3600 + 1;
  absl::StatusOr<Principal> result = verifier->Verify(Hs256With(payload));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("lifetime"), std::string_view::npos) << result.status();
  // A token minted for a year is refused from its first second.
  TokenClaims claims = AdminClaims();
  claims.ttl = hours(24 * 365);
  ExpectUnauthenticated(verifier->Verify(Bearer(*MintHs256(claims, kSecret, clock))));
}

TEST(TokenClaimsTest, IssuedAtIsRequiredAndNotInTheFutureBeyondTheSkew) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  payload["iat"] = 1704067200 + 60;  // the issuer's clock a minute ahead: accepted
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["iat"] = 1704067200 + 61;
  absl::StatusOr<Principal> result = verifier->Verify(Hs256With(payload));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("iat"), std::string_view::npos) << result.status();
  payload.erase("iat");
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
  payload["iat"] = "now";
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
}

TEST(TokenClaimsTest, NotBeforeIsHonouredWithTheSkew) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  json payload = ValidPayload();
  payload["nbf"] = 1704067200 + 60;
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["nbf"] = 1704067200 + 600;
  absl::StatusOr<Principal> result = verifier->Verify(Hs256With(payload));
  ExpectUnauthenticated(result);
  EXPECT_NE(Message(result.status()).find("not valid yet"), std::string_view::npos)
      << result.status();
  clock.Advance(seconds(540));
  EXPECT_TRUE(verifier->Verify(Hs256With(payload)).ok());
  payload["nbf"] = "later";
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));
}

TEST(TokenClaimsTest, SecretsShorterThan32BytesVerifyNothing) {
  FakeClock clock(kStart);
  const std::string short_secret(31, 'k');
  auto verifier = TokenVerifier::Hs256(short_secret, &clock);
  ExpectUnauthenticated(verifier->Verify(Hs256With(ValidPayload(), short_secret)));
  const std::string long_enough = short_secret + "k";
  EXPECT_TRUE(TokenVerifier::Hs256(long_enough, &clock)
                  ->Verify(Hs256With(ValidPayload(), long_enough))
                  .ok());
}

TEST(TokenClaimsTest, IssuerAudienceLifetimeAndSkewAreConfigurable) {
  FakeClock clock(kStart);
  VerifierOptions options;
  options.issuer = "city-idp";
  options.audience = "tongxin-prod";
  options.max_lifetime = hours(1);
  options.clock_skew = seconds(0);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock, options);
  TokenClaims claims = AdminClaims();
  claims.issuer = "city-idp";
  claims.audience = "tongxin-prod";
  EXPECT_TRUE(verifier->Verify(Bearer(*MintHs256(claims, kSecret, clock))).ok());
  // The defaults' issuer and audience are not this deployment's.
  ExpectUnauthenticated(verifier->Verify(Bearer(*MintHs256(AdminClaims(), kSecret, clock))));
  claims.ttl = hours(1) + seconds(1);
  ExpectUnauthenticated(verifier->Verify(Bearer(*MintHs256(claims, kSecret, clock))));
  json payload = ValidPayload();
  payload["iss"] = "city-idp";
  payload["aud"] = "tongxin-prod";
  payload["iat"] = 1704067200 + 1;
  ExpectUnauthenticated(verifier->Verify(Hs256With(payload)));  // no skew allowed
}

TEST(TokenSignerTest, SignsOnceParsedKeys) {
  FakeClock clock(kStart);
  EXPECT_FALSE(TokenSigner::Hs256(std::string(31, 'x')).ok());
  auto hs = TokenSigner::Hs256(kSecret);
  ASSERT_TRUE(hs.ok()) << hs.status();
  EXPECT_TRUE(
      TokenVerifier::Hs256(kSecret, &clock)->Verify(Bearer(*hs->Mint(AdminClaims(), clock))).ok());
  EXPECT_FALSE(TokenSigner::Es256(P256Key().public_pem).ok());
  auto es = TokenSigner::Es256(P256Key().private_pem);
  ASSERT_TRUE(es.ok()) << es.status();
  EXPECT_TRUE((*TokenVerifier::Es256(P256Key().public_pem, &clock))
                  ->Verify(Bearer(*es->Mint(AdminClaims(), clock)))
                  .ok());
}

// ES256 keys by issuer: the people's issuer signs every role; a service's own key signs only its
// `system` calls, and only under its own issuer name.
TEST(Es256IssuersTest, AServiceKeySpeaksOnlyForThatServicesSystemCalls) {
  FakeClock clock(kStart);
  const KeyPair& people = P256Key();
  const KeyPair posts = GenerateEcKey("P-256");
  auto verifier = TokenVerifier::Es256({Es256PublicKey{"tongxin", people.public_pem},
                                        Es256PublicKey{"tongxin-posts", posts.public_pem}},
                                       &clock);
  ASSERT_TRUE(verifier.ok()) << verifier.status();

  TokenClaims system;
  system.subject = "posts-service";
  system.role = Role::kSystem;
  system.issuer = "tongxin-posts";
  absl::StatusOr<Principal> principal =
      (*verifier)->Verify(Bearer(*MintEs256(system, posts.private_pem, clock)));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kSystem);
  // The people's tokens still verify with the people's key.
  EXPECT_TRUE(
      (*verifier)->Verify(Bearer(*MintEs256(AdminClaims(), people.private_pem, clock))).ok());

  // posts' key minting an admin, or claiming the people's issuer, or the people's key claiming
  // to be posts: all refused.
  TokenClaims admin = AdminClaims();
  admin.issuer = "tongxin-posts";
  ExpectUnauthenticated((*verifier)->Verify(Bearer(*MintEs256(admin, posts.private_pem, clock))));
  ExpectUnauthenticated(
      (*verifier)->Verify(Bearer(*MintEs256(AdminClaims(), posts.private_pem, clock))));
  ExpectUnauthenticated((*verifier)->Verify(Bearer(*MintEs256(system, people.private_pem, clock))));
  system.issuer = "tongxin-wishes";  // an issuer nobody configured
  ExpectUnauthenticated((*verifier)->Verify(Bearer(*MintEs256(system, posts.private_pem, clock))));
}

// The people's issuer (the city's grid system) signs people's tokens; a `system` token, which
// every service obeys everywhere, comes from a service's own key under its own issuer. Unless a
// deployment says otherwise, the people's issuer cannot mint one.
TEST(Es256IssuersTest, ThePeoplesIssuerGrantsNoSystemRoleUnlessAllowed) {
  FakeClock clock(kStart);
  const KeyPair& people = P256Key();
  const KeyPair posts = GenerateEcKey("P-256");
  const std::vector<Es256PublicKey> keys = {Es256PublicKey{"tongxin", people.public_pem},
                                            Es256PublicKey{"tongxin-posts", posts.public_pem}};
  auto verifier = *TokenVerifier::Es256(keys, &clock);
  TokenClaims system;
  system.subject = "grid-system";
  system.role = Role::kSystem;
  const std::string from_people = *MintEs256(system, people.private_pem, clock);
  absl::StatusOr<Principal> refused = verifier->Verify(Bearer(from_people));
  ExpectUnauthenticated(refused, from_people);
  EXPECT_NE(Message(refused.status()).find("system"), std::string_view::npos) << refused.status();
  // The people's issuer still signs every other role, and posts its own system calls.
  EXPECT_TRUE(verifier->Verify(Bearer(*MintEs256(AdminClaims(), people.private_pem, clock))).ok());
  system.issuer = "tongxin-posts";
  EXPECT_TRUE(verifier->Verify(Bearer(*MintEs256(system, posts.private_pem, clock))).ok());

  VerifierOptions allowed;
  allowed.people_issuer_may_grant_system = true;
  absl::StatusOr<Principal> granted =
      (*TokenVerifier::Es256(keys, &clock, allowed))->Verify(Bearer(from_people));
  ASSERT_TRUE(granted.ok()) << granted.status();
  EXPECT_EQ(granted->role, Role::kSystem);
}

// HS256 has one shared secret: whoever holds it is every issuer at once, so the rule above has
// nothing to tell apart and a `system` token verifies.
TEST(Hs256Test, TheSharedSecretSignsSystemTokens) {
  FakeClock clock(kStart);
  TokenClaims system;
  system.subject = "volunteer-service";
  system.role = Role::kSystem;
  absl::StatusOr<Principal> principal =
      TokenVerifier::Hs256(kSecret, &clock)->Verify(Bearer(*MintHs256(system, kSecret, clock)));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kSystem);
}

TEST(Es256IssuersTest, AFileMayHoldSeveralKeysOfOneIssuer) {
  FakeClock clock(kStart);
  const KeyPair old_key = GenerateEcKey("P-256");
  const KeyPair new_key = GenerateEcKey("P-256");
  auto verifier = TokenVerifier::Es256(old_key.public_pem + new_key.public_pem, &clock);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(
      (*verifier)->Verify(Bearer(*MintEs256(AdminClaims(), old_key.private_pem, clock))).ok());
  EXPECT_TRUE(
      (*verifier)->Verify(Bearer(*MintEs256(AdminClaims(), new_key.private_pem, clock))).ok());
  EXPECT_FALSE(TokenVerifier::Es256(std::vector<Es256PublicKey>{}, &clock).ok());
}

TEST(Es256Test, MintAndVerify) {
  FakeClock clock(kStart);
  const KeyPair& key = P256Key();
  ASSERT_FALSE(key.private_pem.empty());
  absl::StatusOr<std::string> token = MintEs256(AdminClaims(), key.private_pem, clock);
  ASSERT_TRUE(token.ok()) << token.status();
  const std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(json::parse(*Base64UrlDecode(parts[0]))["alg"], "ES256");
  EXPECT_EQ(Base64UrlDecode(parts[2])->size(), 64u);  // raw r||s, not DER

  absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier =
      TokenVerifier::Es256(key.public_pem, &clock);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  absl::StatusOr<Principal> principal = (*verifier)->Verify(Bearer(*token));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "admin-42");
  EXPECT_EQ(principal->role, Role::kStreetAdmin);
  EXPECT_EQ(principal->scope.size(), 2u);

  clock.Advance(hours(1));
  ExpectUnauthenticated((*verifier)->Verify(Bearer(*token)), *token);
}

TEST(Es256Test, RejectsTamperingAndOtherKeys) {
  FakeClock clock(kStart);
  const KeyPair& key = P256Key();
  const std::string token = *MintEs256(AdminClaims(), key.private_pem, clock);
  auto verifier = *TokenVerifier::Es256(key.public_pem, &clock);
  std::vector<std::string> parts = absl::StrSplit(token, '.');

  json payload = json::parse(*Base64UrlDecode(parts[1]));
  payload["sub"] = "someone-else";
  ExpectUnauthenticated(verifier->Verify(
      Bearer(absl::StrCat(parts[0], ".", Base64UrlEncode(payload.dump()), ".", parts[2]))));

  std::string sig = *Base64UrlDecode(parts[2]);
  sig[10] = static_cast<char>(sig[10] ^ 0x40);
  ExpectUnauthenticated(
      verifier->Verify(Bearer(absl::StrCat(parts[0], ".", parts[1], ".", Base64UrlEncode(sig)))));
  // Truncated signature.
  ExpectUnauthenticated(verifier->Verify(
      Bearer(absl::StrCat(parts[0], ".", parts[1], ".", Base64UrlEncode(sig.substr(0, 63))))));

  const KeyPair other = GenerateEcKey("P-256");
  auto other_verifier = *TokenVerifier::Es256(other.public_pem, &clock);
  ExpectUnauthenticated(other_verifier->Verify(Bearer(token)), token);
}

TEST(Es256Test, PreventsAlgorithmConfusion) {
  FakeClock clock(kStart);
  const KeyPair& key = P256Key();
  auto es_verifier = *TokenVerifier::Es256(key.public_pem, &clock);
  // Classic attack: HMAC the token with the public key as the secret.
  const std::string hs_token = *MintHs256(AdminClaims(), key.public_pem, clock);
  ExpectUnauthenticated(es_verifier->Verify(Bearer(hs_token)), hs_token);
  // An HS256 verifier refuses ES256 tokens, whatever its secret.
  const std::string es_token = *MintEs256(AdminClaims(), key.private_pem, clock);
  ExpectUnauthenticated(TokenVerifier::Hs256(key.public_pem, &clock)->Verify(Bearer(es_token)),
                        es_token);
  // alg none to the ES256 verifier.
  const std::string none_token = absl::StrCat(Base64UrlEncode(json{{"alg", "none"}}.dump()), ".",
                                              Base64UrlEncode(ValidPayload().dump()), ".");
  ExpectUnauthenticated(es_verifier->Verify(Bearer(none_token)));
}

// The JWT library takes the algorithm from the token's own header (and would check an HS256 MAC
// made with an ES256 verifier's public key as the secret); only the configured one, spelt exactly,
// is accepted.
TEST(Es256Test, AcceptsOnlyTheConfiguredAlgorithmSpeltExactly) {
  FakeClock clock(kStart);
  const KeyPair& key = P256Key();
  auto verifier = *TokenVerifier::Es256(key.public_pem, &clock);
  std::string trimmed = key.public_pem;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  for (const std::string& secret : {key.public_pem, trimmed}) {
    for (const char* alg : {"HS256", "hs256", "ES256", "es256", "none"}) {
      const std::string token =
          SignedHs256(json{{"alg", alg}, {"typ", "JWT"}}, ValidPayload().dump(), secret);
      ExpectUnauthenticated(verifier->Verify(Bearer(token)), token);
    }
  }
  // A genuine ES256 signature under a header that names another algorithm.
  const std::string token = *MintEs256(AdminClaims(), key.private_pem, clock);
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  for (const char* alg : {"es256", "ES384", "none"}) {
    const std::string relabelled = absl::StrCat(
        Base64UrlEncode(json{{"alg", alg}, {"typ", "JWT"}}.dump()), ".", parts[1], ".", parts[2]);
    ExpectUnauthenticated(verifier->Verify(Bearer(relabelled)), relabelled);
  }
  EXPECT_TRUE(verifier->Verify(Bearer(token)).ok());
}

// Token times are read on the injected clock only: a token valid on a clock years away from the
// machine's verifies, and the same token is refused once that clock passes its exp.
TEST(TokenClaimsTest, TimesAreReadOnTheInjectedClockOnly) {
  for (const int64_t start : {int64_t{978307200} /* 2001 */, int64_t{2240524800} /* 2041 */}) {
    FakeClock clock{std::chrono::system_clock::time_point(seconds(start))};
    const std::string token = *MintEs256(AdminClaims(), P256Key().private_pem, clock);
    auto verifier = *TokenVerifier::Es256(P256Key().public_pem, &clock);
    EXPECT_TRUE(verifier->Verify(Bearer(token)).ok()) << start;
    json payload = ValidPayload();
    payload["iat"] = start;
    payload["nbf"] = start;
    payload["exp"] = start + 60;
    EXPECT_TRUE(TokenVerifier::Hs256(kSecret, &clock)->Verify(Hs256With(payload)).ok()) << start;
    clock.Advance(hours(1));
    ExpectUnauthenticated(verifier->Verify(Bearer(token)), token);
  }
}

// No transport carries more than 8 KiB of headers by default; a longer token is refused before
// anything decodes it.
TEST(Hs256Test, RejectsTokensLongerThan8KiB) {
  FakeClock clock(kStart);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  TokenClaims claims = AdminClaims();
  claims.scope.assign(400, "110105001002");
  const std::string token = *MintHs256(claims, kSecret, clock);
  ASSERT_GT(token.size(), 8192u);
  absl::StatusOr<Principal> result = verifier->Verify(Bearer(token));
  ExpectUnauthenticated(result, token);
  EXPECT_NE(Message(result.status()).find("long"), std::string_view::npos) << result.status();
  claims.scope.resize(300);
  const std::string fits = *MintHs256(claims, kSecret, clock);
  ASSERT_LE(fits.size(), 8192u);
  EXPECT_TRUE(verifier->Verify(Bearer(fits)).ok());
}

TEST(Es256Test, RejectsKeysNotOnP256) {
  FakeClock clock(kStart);
  const KeyPair p384 = GenerateEcKey("P-384");
  ASSERT_FALSE(p384.public_pem.empty());
  EXPECT_FALSE(TokenVerifier::Es256(p384.public_pem, &clock).ok());
  EXPECT_FALSE(MintEs256(AdminClaims(), p384.private_pem, clock).ok());
  EXPECT_FALSE(TokenVerifier::Es256("not a pem", &clock).ok());
  EXPECT_FALSE(MintEs256(AdminClaims(), "not a pem", clock).ok());
  // A public key is not a private key.
  EXPECT_FALSE(MintEs256(AdminClaims(), P256Key().public_pem, clock).ok());
}

// A verified token is kept and its next requests skip the signature; none of that may let through
// what a full verification refuses.
TEST(VerifiedTokensTest, AKeptTokenStillExpiresAndNothingElseRidesOnIt) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);  // lives one hour
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  ASSERT_TRUE(verifier->Verify(Bearer(token)).ok());
  clock.Advance(std::chrono::minutes(59));
  absl::StatusOr<Principal> again = verifier->Verify(Bearer(token));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->subject, "admin-42");
  EXPECT_EQ(again->role, Role::kStreetAdmin);
  EXPECT_EQ(again->scope, (std::vector<std::string>{"110105001", "110105002"}));

  // The same token with its last signature character changed, or with a claim swapped under
  // the kept signature, is verified in full and refused.
  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ExpectUnauthenticated(verifier->Verify(Bearer(forged)), forged);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  json payload = json::parse(*Base64UrlDecode(parts[1]));
  payload["role"] = "system";
  const std::string swapped =
      absl::StrCat(parts[0], ".", Base64UrlEncode(payload.dump()), ".", parts[2]);
  ExpectUnauthenticated(verifier->Verify(Bearer(swapped)), swapped);

  clock.Advance(std::chrono::minutes(1));  // exactly exp
  absl::StatusOr<Principal> expired = verifier->Verify(Bearer(token));
  ExpectUnauthenticated(expired, token);
  EXPECT_EQ(Message(expired.status()), "token expired");
}

TEST(VerifiedTokensTest, AClockSetBackBeforeTheTokensTimeVerifiesItInFull) {
  FakeClock clock(kStart);
  const std::string token = *MintHs256(AdminClaims(), kSecret, clock);
  auto verifier = TokenVerifier::Hs256(kSecret, &clock);
  ASSERT_TRUE(verifier->Verify(Bearer(token)).ok());
  clock.Set(kStart - std::chrono::minutes(2));  // iat now lies beyond the 60 s skew
  absl::StatusOr<Principal> early = verifier->Verify(Bearer(token));
  ExpectUnauthenticated(early, token);
  EXPECT_EQ(Message(early.status()), "token iat lies in the future");
}

TEST(VerifiedTokensTest, KeepsAtMostItsCapacity) {
  VerifiedTokens kept(3);
  Principal principal;
  principal.subject = "v-1";
  const int64_t now = 1000;
  kept.Keep("a", principal, 900, 2000, now);
  kept.Keep("b", principal, 900, 1001, now);  // expires first
  kept.Keep("c", principal, 900, 2000, now);
  EXPECT_EQ(kept.size(), 3u);
  EXPECT_TRUE(kept.Find("b", now).has_value());
  EXPECT_FALSE(kept.Find("b", 1001).has_value());  // at its exp
  EXPECT_FALSE(kept.Find("a", 899).has_value());   // before its not-before
  kept.Keep("d", principal, 900, 2000, 1500);      // full: the expired "b" goes
  EXPECT_EQ(kept.size(), 3u);
  EXPECT_FALSE(kept.Find("b", 1000).has_value());
  EXPECT_TRUE(kept.Find("a", 1500).has_value());
  kept.Keep("e", principal, 900, 2000, 1500);  // full and nothing expired: everything goes
  EXPECT_EQ(kept.size(), 1u);
  EXPECT_TRUE(kept.Find("e", 1500).has_value());
  EXPECT_FALSE(kept.Find("a", 1500).has_value());

  VerifiedTokens none(0);
  none.Keep("a", principal, 900, 2000, now);
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace tongxin
