// The gateway serving the built faces and the development sign-in (gateway_unit_test binary; a
// real HTTP front on a free port over real files in a temporary directory, no downstream
// service): content types, caching, the single-page fallback, paths that try to leave the web
// root, and /dev/... present only when the gateway was given a development sign-in.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "services/common/config.h"
#include "services/gateway/dev_sign_in.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_front.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::gateway {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr char kSecret[] = "gateway-web-test-secret-0123456789abcdef";

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() / ("tongxin-web-test-" + std::to_string(std::random_device{}()));
    Write(root_ / "web/m/index.html", "<html>mobile</html>");
    Write(root_ / "web/m/assets/index-3f9a.js", "console.log('m')");
    Write(root_ / "web/m/assets/index-3f9a.css", "body{}");
    Write(root_ / "web/admin/index.html", "<html>admin</html>");
    Write(root_ / "secret.txt", "not for the web");
    fs::create_symlink(root_ / "secret.txt", root_ / "web/m/leak.txt");
    Write(root_ / "identities.json",
          json{{"identities", json::array({{{"key", "volunteer"},
                                            {"label", "演示志愿者"},
                                            {"role", "volunteer"},
                                            {"sub", "V-demo"}},
                                           {{"key", "community-admin"},
                                            {"label", "社区管理员"},
                                            {"role", "community_admin"},
                                            {"sub", "demo-community-admin"},
                                            {"scope", {"411502001002"}}}})}}
              .dump());
    verifier_ = TokenVerifier::Hs256(kSecret, &Clock::System());
    auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
    gateway_ = std::make_unique<Gateway>(Downstreams{dead, dead, dead, dead});
  }
  void TearDown() override {
    front_.reset();
    fs::remove_all(root_);
  }

  httplib::Client Start(HttpOptions options) {
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, std::move(options));
    EXPECT_TRUE(front_->Start("127.0.0.1", 0).ok());
    httplib::Client client("127.0.0.1", front_->port());
    client.set_read_timeout(5, 0);
    return client;
  }

  std::unique_ptr<DevSignIn> DevSignInFromFile() {
    DevSignInOptions options;
    options.identities_file = (root_ / "identities.json").string();
    return std::make_unique<DevSignIn>(options, *TokenSigner::Hs256(kSecret), Clock::System());
  }

  fs::path root_;
  std::unique_ptr<TokenVerifier> verifier_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpFront> front_;
};

TEST_F(WebTest, TheSitesAreServedWithTheirTypesAndHashedAssetsAreKeptForAYear) {
  HttpOptions options;
  options.web_root = (root_ / "web").string();
  auto client = Start(options);

  auto page = client.Get("/m/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<html>mobile</html>");
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");

  auto script = client.Get("/m/assets/index-3f9a.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->body, "console.log('m')");
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script->get_header_value("X-Content-Type-Options"), "nosniff");
  auto style = client.Get("/m/assets/index-3f9a.css");
  ASSERT_TRUE(style);
  EXPECT_EQ(style->get_header_value("Content-Type"), "text/css; charset=utf-8");

  auto admin = client.Get("/admin/");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->body, "<html>admin</html>");
}

TEST_F(WebTest, ACertificatesQrCodeOpensTheMobileSitesVerifyPage) {
  HttpOptions options;
  options.web_root = (root_ / "web").string();
  auto client = Start(options);
  auto qr = client.Get("/verify/7KQ2M9XD4HTRZ8C5N");
  ASSERT_TRUE(qr);
  EXPECT_EQ(qr->status, 302);
  EXPECT_EQ(qr->get_header_value("Location"), "/m/verify/7KQ2M9XD4HTRZ8C5N");
  // Only a serial's characters are carried into the redirect.
  auto odd = client.Get("/verify/%2F%2Fevil.example");
  ASSERT_TRUE(odd);
  EXPECT_NE(odd->status, 302);
}

TEST(AnswerAsBody, OnlyTheCertificatesPdfIsServedAsBytesAndNeverSniffed) {
  volunteer::v1::CertificatePdf pdf;
  pdf.set_content_type("application/pdf");
  pdf.set_data("%PDF-1.4 ...");
  pdf.set_filename("volunteer-certificate-7KQ2M9XD4HTRZ8C5N.pdf\"; evil=\"");
  HttpResponse response;
  ASSERT_TRUE(AnswerAsBody(pdf, response));
  EXPECT_EQ(response.body(), "%PDF-1.4 ...");
  EXPECT_EQ(response[boost::beast::http::field::content_type], "application/pdf");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response[boost::beast::http::field::content_disposition],
            "attachment; filename=\"volunteer-certificate-7KQ2M9XD4HTRZ8C5N.pdfevil\"");
  // The same message claiming another type, and any other message: JSON.
  pdf.set_content_type("text/html");
  EXPECT_FALSE(AnswerAsBody(pdf, response));
  EXPECT_FALSE(AnswerAsBody(volunteer::v1::CertificateVerification(), response));
}

TEST_F(WebTest, APageThatIsNoFileGetsItsSitesIndexButAMissingFileIs404) {
  HttpOptions options;
  options.web_root = (root_ / "web").string();
  auto client = Start(options);

  auto deep = client.Get("/m/wishes/123");
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->status, 200);
  EXPECT_EQ(deep->body, "<html>mobile</html>");
  auto queue = client.Get("/admin/queue");
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->body, "<html>admin</html>");

  auto missing = client.Get("/m/assets/index-0000.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);  // never the page in a script's place

  auto bare = client.Get("/m");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 301);
  EXPECT_EQ(bare->get_header_value("Location"), "/m/");
  auto home = client.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 302);
  EXPECT_EQ(home->get_header_value("Location"), "/m/");
}

TEST_F(WebTest, NothingOutsideTheWebRootIsReachable) {
  HttpOptions options;
  options.web_root = (root_ / "web").string();
  auto client = Start(options);
  for (const char* path : {"/m/../../secret.txt", "/m/%2e%2e/%2e%2e/secret.txt",
                           "/m/..%2f..%2fsecret.txt", "/m/leak.txt", "/m/.hidden"}) {
    auto response = client.Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_NE(response->body, "not for the web") << path;
    EXPECT_NE(response->status, 200) << path;
  }
}

TEST_F(WebTest, TheApiIsUnchangedBesideTheSites) {
  HttpOptions options;
  options.web_root = (root_ / "web").string();
  auto client = Start(options);
  auto api = client.Get("/v1/volunteers/me/dashboard");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  EXPECT_EQ(json::parse(api->body)["code"], "UNAUTHENTICATED");
}

TEST_F(WebTest, WithoutAWebRootOrADevelopmentRunNeitherTheSitesNorDevSignInExist) {
  auto client = Start(HttpOptions{});
  for (const char* path : {"/m/", "/admin/", "/dev/identities"}) {
    auto response = client.Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 404) << path;
  }
  auto sign_in = client.Post("/dev/sign-in", R"({"identity":"volunteer"})", "application/json");
  ASSERT_TRUE(sign_in);
  EXPECT_EQ(sign_in->status, 404);
}

TEST_F(WebTest, DevSignInListsTheDemoIdentitiesAndMintsATokenTheServicesAccept) {
  auto dev = DevSignInFromFile();
  HttpOptions options;
  options.dev_sign_in = dev.get();
  auto client = Start(options);

  auto listed = client.Get("/dev/identities");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  json identities = json::parse(listed->body)["identities"];
  ASSERT_EQ(identities.size(), 2u);
  EXPECT_EQ(
      identities[1],
      (json{{"key", "community-admin"}, {"label", "社区管理员"}, {"role", "community_admin"}}));

  auto signed_in =
      client.Post("/dev/sign-in", R"({"identity":"community-admin"})", "application/json");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  auto principal =
      verifier_->Verify("Bearer " + json::parse(signed_in->body)["token"].get<std::string>());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "demo-community-admin");
  EXPECT_EQ(principal->role, Role::kCommunityAdmin);
  EXPECT_EQ(principal->scope, std::vector<std::string>{"411502001002"});

  auto unknown = client.Post("/dev/sign-in", R"({"identity":"root"})", "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto bad = client.Post("/dev/sign-in", "{}", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// Found by review: a page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) must not
// mint demo tokens; and no other site may frame the console.
TEST_F(WebTest, DevSignInAnswersLocalhostOnlyAndTheSitesRefuseFraming) {
  auto dev = DevSignInFromFile();
  HttpOptions options;
  options.dev_sign_in = dev.get();
  options.web_root = (root_ / "web").string();
  auto client = Start(options);
  httplib::Headers rebound = {{"Host", "rebind.example:8080"}};
  auto listed = client.Get("/dev/identities", rebound);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 403);
  auto signed_in =
      client.Post("/dev/sign-in", rebound, R"({"identity":"community-admin"})", "application/json");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 403);
  EXPECT_EQ(signed_in->body.find("token"), std::string::npos);
  auto local = client.Get("/dev/identities", httplib::Headers{{"Host", "localhost:8080"}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);

  auto console = client.Get("/admin/");
  ASSERT_TRUE(console);
  EXPECT_EQ(console->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(console->get_header_value("Content-Security-Policy"), "frame-ancestors 'none'");
}

TEST_F(WebTest, TheDemoSignInIsRefusedOutsideADevelopmentRun) {
  std::string file = (root_ / "identities.json").string();
  auto production = LoadDevSignIn(
      Config::ForTest("gateway", {{"dev_identities_file", file}, {"jwt_secret", kSecret}}));
  EXPECT_EQ(production.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(production.status().message().find("development"), std::string::npos);

  auto none = LoadDevSignIn(Config::ForTest("gateway", {{"jwt_secret", kSecret}}));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);

  auto development = LoadDevSignIn(Config::ForTest(
      "gateway",
      {{"dev_identities_file", file}, {"jwt_secret", kSecret}, {"development", "true"}}));
  ASSERT_TRUE(development.ok()) << development.status();
  EXPECT_NE(*development, nullptr);
}

}  // namespace
}  // namespace tongxin::gateway
