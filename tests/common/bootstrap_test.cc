// Hole 7 of issue 11, at start-up: a service refuses the secrets published in the repository
// unless told it is a development run, refuses HS256 secrets shorter than 32 bytes, and an ES256
// deployment works without any shared secret — a service that calls others signs its `system`
// tokens with its own key, and the others verify them with that issuer's public key.
#include "services/common/bootstrap.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "services/common/crypto.h"
#include "services/common/service_runtime.h"
#include "tests/support/test_keys.h"

namespace tongxin {
namespace {

// The values docker-compose.yml used to default to.
constexpr char kComposeJwtSecret[] = "dev-only-jwt-secret-change-me-0123456789abcdef";
constexpr char kComposeDataKey[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

std::string_view Message(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

std::string RandomSecret() { return HexEncode(RandomBytes(32)); }

class BootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Settings come from the environment too: none may leak in from the caller's shell.
    for (const char* name :
         {"TONGXIN_DEVELOPMENT", "TONGXIN_VOLUNTEER_DEVELOPMENT", "TONGXIN_POSTS_DEVELOPMENT",
          "TONGXIN_JWT_SECRET", "TONGXIN_JWT_SECRET_FILE", "TONGXIN_JWT_PUBLIC_KEY_FILE",
          "TONGXIN_JWT_SIGNING_KEY_FILE", "TONGXIN_JWT_SIGNING_ISSUER",
          "TONGXIN_JWT_PEOPLE_ISSUER_MAY_GRANT_SYSTEM", "TONGXIN_DATA_KEY",
          "TONGXIN_DATA_KEY_FILE"}) {
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }
  std::string WriteFile(const std::string& name, const std::string& contents) {
    std::string path = ::testing::TempDir() + "bootstrap_test_" + name;
    std::ofstream(path) << contents;
    files_.push_back(path);
    return path;
  }

  FakeClock clock_{std::chrono::system_clock::now()};
  std::vector<std::string> files_;
};

TEST_F(BootstrapTest, ThePublishedJwtSecretIsRefusedUnlessThisIsADevelopmentRun) {
  for (const auto& values : std::vector<std::map<std::string, std::string>>{
           {{"jwt_secret", kComposeJwtSecret}},
           {{"jwt_secret_file", WriteFile("jwt.secret", std::string(kComposeJwtSecret) + "\n")}}}) {
    auto refused = LoadTokenVerifier(Config::ForTest("volunteer", values), clock_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
    EXPECT_NE(Message(refused.status()).find("jwt_secret"), std::string_view::npos)
        << refused.status();
    EXPECT_NE(Message(refused.status()).find("--development"), std::string_view::npos)
        << refused.status();

    auto development = values;
    development["development"] = "true";
    auto accepted = LoadTokenVerifier(Config::ForTest("volunteer", development), clock_);
    EXPECT_TRUE(accepted.ok()) << accepted.status();
  }
  // TONGXIN_DEVELOPMENT=1 says the same (scripts/up sets it).
  setenv("TONGXIN_DEVELOPMENT", "1", 1);
  EXPECT_TRUE(
      LoadTokenVerifier(Config::ForTest("gateway", {{"jwt_secret", kComposeJwtSecret}}), clock_)
          .ok());
  unsetenv("TONGXIN_DEVELOPMENT");
}

TEST_F(BootstrapTest, ThePublishedDataKeyIsRefusedUnlessThisIsADevelopmentRun) {
  for (const auto& values : std::vector<std::map<std::string, std::string>>{
           {{"data_key", kComposeDataKey}},
           {{"data_key", absl::AsciiStrToUpper(kComposeDataKey)}},
           {{"data_key_file", WriteFile("data.key", std::string(kComposeDataKey) + "\n")}},
           {{"data_key", std::string(64, 'b')}}}) {  // one byte repeated: no key at all
    auto refused = LoadCipher(Config::ForTest("volunteer", values));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
    EXPECT_NE(Message(refused.status()).find("data_key"), std::string_view::npos)
        << refused.status();
    auto development = values;
    development["development"] = "true";
    EXPECT_TRUE(LoadCipher(Config::ForTest("volunteer", development)).ok());
  }
  EXPECT_TRUE(LoadCipher(Config::ForTest("volunteer", {{"data_key", RandomSecret()}})).ok());
}

// The activities service's check-in key: the tests' key only in a development run, 32 bytes.
TEST_F(BootstrapTest, APublishedOrShortHmacKeyIsRefusedOutsideADevelopmentRun) {
  const std::string published = "tongxin-test-checkin-key-0123456789abcdef";
  for (const auto& values : std::vector<std::map<std::string, std::string>>{
           {{"checkin_key", published}},
           {{"checkin_key_file", WriteFile("checkin.key", published + "\n")}},
           {{"checkin_key", std::string(40, 'k')}}}) {
    auto refused = LoadHmacKey(Config::ForTest("activities", values), "checkin_key", {published});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
    auto development = values;
    development["development"] = "true";
    EXPECT_TRUE(
        LoadHmacKey(Config::ForTest("activities", development), "checkin_key", {published}).ok());
  }
  EXPECT_EQ(
      LoadHmacKey(Config::ForTest("activities", {{"checkin_key", RandomSecret().substr(0, 31)}}),
                  "checkin_key", {published})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(LoadHmacKey(Config::ForTest("activities", {}), "checkin_key", {published}).ok());
  EXPECT_TRUE(LoadHmacKey(Config::ForTest("activities", {{"checkin_key", RandomSecret()}}),
                          "checkin_key", {published})
                  .ok());
}

TEST_F(BootstrapTest, Hs256SecretsShorterThan32BytesAreRefused) {
  auto refused = LoadTokenVerifier(
      Config::ForTest("points", {{"jwt_secret", RandomSecret().substr(0, 31)}}), clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(Message(refused.status()).find("32"), std::string_view::npos) << refused.status();
  // Even in a development run.
  EXPECT_FALSE(
      LoadTokenVerifier(Config::ForTest("points", {{"jwt_secret", RandomSecret().substr(0, 31)},
                                                   {"development", "true"}}),
                        clock_)
          .ok());
  EXPECT_TRUE(LoadTokenVerifier(
                  Config::ForTest("points", {{"jwt_secret", RandomSecret().substr(0, 32)}}), clock_)
                  .ok());
}

// An ES256 deployment: the people's tokens come from an issuer outside (its public key is
// people.pem); the posts service signs its own calls with its own key, and the volunteer service
// knows that key's public half as the issuer "tongxin-posts". Nobody holds a shared secret.
TEST_F(BootstrapTest, AnEs256DeploymentCallsBetweenServicesWithoutASharedSecret) {
  const testing::KeyPair people = testing::GenerateEcKey("P-256");
  const testing::KeyPair posts = testing::GenerateEcKey("P-256");
  const std::string people_pub = WriteFile("people.pub.pem", people.public_pem);
  const std::string posts_pub = WriteFile("posts.pub.pem", posts.public_pem);
  const std::string posts_key = WriteFile("posts.key.pem", posts.private_pem);

  std::vector<std::string> args = {
      "tongxin-posts", "--database_url=postgresql://nobody@127.0.0.1:1/none",
      "--jwt_public_key_file=" + people_pub, "--jwt_signing_key_file=" + posts_key};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto runtime =
      ServiceRuntime::Load("posts", static_cast<int>(argv.size()), argv.data(), "127.0.0.1:0");
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_TRUE((*runtime)->config().CheckNoUnknownFlags().ok());
  auto tokens = (*runtime)->SystemTokens();
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  const std::string token = (*tokens)();
  ASSERT_FALSE(token.empty());
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(*Base64UrlDecode(parts[0]))["alg"], "ES256");

  auto volunteer = LoadTokenVerifier(
      Config::ForTest("volunteer",
                      {{"jwt_public_key_file", people_pub + ",tongxin-posts=" + posts_pub}}),
      Clock::System());
  ASSERT_TRUE(volunteer.ok()) << volunteer.status();
  auto principal = (*volunteer)->Verify("Bearer " + token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kSystem);
  EXPECT_EQ(principal->subject, "posts-service");

  // A service that does not know posts' key refuses its calls.
  auto points = LoadTokenVerifier(Config::ForTest("points", {{"jwt_public_key_file", people_pub}}),
                                  Clock::System());
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_EQ((*points)->Verify("Bearer " + token).status().code(),
            absl::StatusCode::kUnauthenticated);
}

// The people's issuer (the city's grid system) mints no `system` token unless the deployment
// says jwt_people_issuer_may_grant_system; a service signing its own calls as the people's issuer
// would then be refused everywhere, so it does not start.
TEST_F(BootstrapTest, ThePeoplesIssuerGrantsSystemOnlyWhereTheDeploymentAllowsIt) {
  const testing::KeyPair people = testing::GenerateEcKey("P-256");
  const std::string people_pub = WriteFile("people.pub.pem", people.public_pem);
  const std::string people_key = WriteFile("people.key.pem", people.private_pem);
  TokenClaims system;
  system.subject = "grid-system";
  system.role = Role::kSystem;
  const std::string token = "Bearer " + *MintEs256(system, people.private_pem, clock_);

  auto strict =
      LoadTokenVerifier(Config::ForTest("points", {{"jwt_public_key_file", people_pub}}), clock_);
  ASSERT_TRUE(strict.ok()) << strict.status();
  EXPECT_EQ((*strict)->Verify(token).status().code(), absl::StatusCode::kUnauthenticated);
  auto allowing =
      LoadTokenVerifier(Config::ForTest("points", {{"jwt_public_key_file", people_pub},
                                                   {"jwt_people_issuer_may_grant_system", "true"}}),
                        clock_);
  ASSERT_TRUE(allowing.ok()) << allowing.status();
  EXPECT_TRUE((*allowing)->Verify(token).ok());

  auto signer =
      LoadSystemTokenSigner(Config::ForTest("posts", {{"jwt_public_key_file", people_pub},
                                                      {"jwt_signing_key_file", people_key},
                                                      {"jwt_signing_issuer", "tongxin"}}));
  ASSERT_FALSE(signer.ok());
  EXPECT_NE(Message(signer.status()).find("jwt_signing_issuer"), std::string_view::npos)
      << signer.status();
  EXPECT_TRUE(
      LoadSystemTokenSigner(Config::ForTest("posts", {{"jwt_public_key_file", people_pub},
                                                      {"jwt_signing_key_file", people_key},
                                                      {"jwt_signing_issuer", "tongxin"},
                                                      {"jwt_people_issuer_may_grant_system", "1"}}))
          .ok());
}

TEST_F(BootstrapTest, AnEs256ServiceThatCallsOthersNeedsItsOwnSigningKey) {
  const std::string people_pub =
      WriteFile("people.pub.pem", testing::GenerateEcKey("P-256").public_pem);
  std::vector<std::string> args = {"tongxin-wishes",
                                   "--database_url=postgresql://nobody@127.0.0.1:1/none",
                                   "--jwt_public_key_file=" + people_pub};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto runtime =
      ServiceRuntime::Load("wishes", static_cast<int>(argv.size()), argv.data(), "127.0.0.1:0");
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  auto tokens = (*runtime)->SystemTokens();
  ASSERT_FALSE(tokens.ok());
  EXPECT_NE(Message(tokens.status()).find("jwt_signing_key_file"), std::string_view::npos)
      << tokens.status();
}

}  // namespace
}  // namespace tongxin
