// Hole 7 of issue 11, with the real binaries: a service or the gateway given a secret published
// in the repository refuses to start (naming the setting) unless told it is a development run,
// and an ES256 deployment without any shared secret works end to end — the posts service asks the
// volunteer service about a volunteer with a `system` token signed by its own key.
#include <fcntl.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "services/common/auth.h"
#include "services/common/crypto.h"
#include "tests/support/free_port.h"
#include "tests/support/test_db.h"
#include "tests/support/test_keys.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"

extern char** environ;

namespace tongxin {
namespace {

// The values docker-compose.yml used to default to.
constexpr char kComposeJwtSecret[] = "dev-only-jwt-secret-change-me-0123456789abcdef";
constexpr char kComposeDataKey[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

std::string RandomHex() { return HexEncode(RandomBytes(32)); }

std::string FreePort() { return testing::FreeListenPort(); }

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "deployment_test_" + HexEncode(RandomBytes(4)) + "_" + name;
}

std::string WriteFile(const std::string& name, const std::string& contents) {
  std::string path = TempPath(name);
  std::ofstream(path) << contents;
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A binary started with exactly the given arguments and no TONGXIN_* variable from the caller's
// environment; its stderr and stdout go to a file.
class Process {
 public:
  explicit Process(std::vector<std::string> args) : log_(TempPath("process.log")) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::strncmp(*e, "TONGXIN_", 8) != 0) env.emplace_back(*e);
    }
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    spawned_ =
        posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), envp.data()) == 0;
    posix_spawn_file_actions_destroy(&actions);
    if (spawned_)
      exited_ = std::async(std::launch::async, [pid = pid_] {
        int status = 0;
        if (waitpid(pid, &status, 0) != pid) return -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      });
  }
  ~Process() {
    if (spawned_ && exited_.valid()) {
      if (exited_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        kill(pid_, SIGKILL);
      }
      exited_.get();
    }
    std::remove(log_.c_str());
  }

  bool spawned() const { return spawned_; }
  // The exit code, or nothing when it still runs after `limit` (it is then killed).
  std::optional<int> ExitCode(std::chrono::seconds limit) {
    if (exited_.wait_for(limit) != std::future_status::ready) {
      kill(pid_, SIGKILL);
      exited_.get();
      return std::nullopt;
    }
    return exited_.get();
  }
  void Terminate() { kill(pid_, SIGTERM); }
  std::string Log() const { return ReadFile(log_); }

 private:
  std::string log_;
  pid_t pid_ = 0;
  bool spawned_ = false;
  std::future<int> exited_;
};

// Starts `args`, expects it to exit with 1 promptly, and returns what it logged.
std::string ExpectRefusal(std::vector<std::string> args) {
  Process process(std::move(args));
  EXPECT_TRUE(process.spawned());
  std::optional<int> code = process.ExitCode(std::chrono::seconds(30));
  EXPECT_EQ(code, std::optional<int>(1)) << "it started:\n" << process.Log();
  return process.Log();
}

TEST(KnownSecrets, TheVolunteerServiceRefusesThePublishedJwtSecret) {
  testing::TestDatabase database("refuse_jwt", "");
  const std::string log = ExpectRefusal(
      {VOLUNTEER_BINARY, "--listen=127.0.0.1:" + FreePort(), "--database_url=" + database.url(),
       std::string("--jwt_secret=") + kComposeJwtSecret, "--data_key=" + RandomHex()});
  EXPECT_NE(log.find("jwt_secret"), std::string::npos) << log;
  EXPECT_NE(log.find("--development"), std::string::npos) << log;
}

TEST(KnownSecrets, TheVolunteerServiceRefusesThePublishedDataKey) {
  testing::TestDatabase database("refuse_key", "");
  const std::string log = ExpectRefusal(
      {VOLUNTEER_BINARY, "--listen=127.0.0.1:" + FreePort(), "--database_url=" + database.url(),
       "--jwt_secret=" + RandomHex(), std::string("--data_key=") + kComposeDataKey});
  EXPECT_NE(log.find("data_key"), std::string::npos) << log;
  EXPECT_NE(log.find("--development"), std::string::npos) << log;
}

TEST(KnownSecrets, TheGatewayRefusesThePublishedJwtSecret) {
  const std::string log = ExpectRefusal({GATEWAY_BINARY, "--listen=127.0.0.1:" + FreePort(),
                                         "--grpc_listen=127.0.0.1:" + FreePort(),
                                         std::string("--jwt_secret=") + kComposeJwtSecret});
  EXPECT_NE(log.find("jwt_secret"), std::string::npos) << log;
}

// A certificate's QR code must open the real public site: outside a development run the
// volunteer service does not start without --verify_url (a development run takes localhost).
TEST(KnownSecrets, TheVolunteerServiceNeedsTheVerifyUrlOutsideDevelopment) {
  testing::TestDatabase database("refuse_verify_url", "");
  const std::string log = ExpectRefusal(
      {VOLUNTEER_BINARY, "--listen=127.0.0.1:" + FreePort(), "--database_url=" + database.url(),
       "--jwt_secret=" + RandomHex(), "--data_key=" + RandomHex()});
  EXPECT_NE(log.find("verify_url"), std::string::npos) << log;
}

// A certificate font that cannot render stops the service at start-up, not at the first download.
TEST(KnownSecrets, TheVolunteerServiceRefusesAnUnusableCertificateFont) {
  testing::TestDatabase database("refuse_certificate_font", "");
  const std::string log = ExpectRefusal(
      {VOLUNTEER_BINARY, "--listen=127.0.0.1:" + FreePort(), "--database_url=" + database.url(),
       "--jwt_secret=" + RandomHex(), "--data_key=" + RandomHex(),
       "--verify_url=https://tongxin.example.cn", "--certificate_font_file=/nonexistent/font.ttc"});
  EXPECT_NE(log.find("certificate_font_file"), std::string::npos) << log;
}

TEST(KnownSecrets, ADevelopmentRunMayUseThem) {
  testing::TestDatabase database("development_run", "");
  const std::string port = FreePort();
  Process process({VOLUNTEER_BINARY, "--listen=127.0.0.1:" + port,
                   "--database_url=" + database.url(),
                   std::string("--jwt_secret=") + kComposeJwtSecret,
                   std::string("--data_key=") + kComposeDataKey, "--development"});
  auto channel = grpc::CreateChannel("127.0.0.1:" + port, grpc::InsecureChannelCredentials());
  EXPECT_TRUE(
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30)))
      << process.Log();
  process.Terminate();
  EXPECT_EQ(process.ExitCode(std::chrono::seconds(30)), std::optional<int>(0)) << process.Log();
}

// Under ES256 the volunteer service's outbox (grid tasks' points) signs with its own key: without
// one it would start and never pay them, so it refuses to start outside a development run.
TEST(RequiredSettings, TheVolunteerServiceRefusesToStartWithoutASigningKeyUnderEs256) {
  const std::string people_pub =
      WriteFile("people.pub.pem", testing::GenerateEcKey("P-256").public_pem);
  testing::TestDatabase database("refuse_no_signing_key", "");
  const std::string log =
      ExpectRefusal({VOLUNTEER_BINARY, "--listen=127.0.0.1:" + FreePort(),
                     "--database_url=" + database.url(), "--jwt_public_key_file=" + people_pub,
                     "--data_key=" + RandomHex(), "--verify_url=https://tongxin.example.cn"});
  EXPECT_NE(log.find("jwt_signing_key_file"), std::string::npos) << log;
  EXPECT_NE(log.find("--development"), std::string::npos) << log;
}

TEST(RequiredSettings, ADevelopmentRunOfTheVolunteerServiceMayLackTheSigningKey) {
  const std::string people_pub =
      WriteFile("people.pub.pem", testing::GenerateEcKey("P-256").public_pem);
  testing::TestDatabase database("development_no_signing_key", "");
  const std::string port = FreePort();
  Process process({VOLUNTEER_BINARY, "--listen=127.0.0.1:" + port,
                   "--database_url=" + database.url(), "--jwt_public_key_file=" + people_pub,
                   "--data_key=" + RandomHex(), "--development"});
  auto channel = grpc::CreateChannel("127.0.0.1:" + port, grpc::InsecureChannelCredentials());
  EXPECT_TRUE(
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30)))
      << process.Log();
  EXPECT_NE(process.Log().find("jwt_signing_key_file"), std::string::npos) << process.Log();
  process.Terminate();
  EXPECT_EQ(process.ExitCode(std::chrono::seconds(30)), std::optional<int>(0)) << process.Log();
}

// ES256 only: the people's tokens are signed by an issuer outside (public key people.pem), the
// posts service holds only its own signing key, the volunteer service only public keys.
TEST(Es256Deployment, ThePostsServiceCallsTheVolunteerServiceWithItsOwnKey) {
  const testing::KeyPair people = testing::GenerateEcKey("P-256");
  const testing::KeyPair posts = testing::GenerateEcKey("P-256");
  const std::string people_pub = WriteFile("people.pub.pem", people.public_pem);
  const std::string posts_pub = WriteFile("posts.pub.pem", posts.public_pem);
  const std::string posts_key = WriteFile("posts.key.pem", posts.private_pem);
  // The volunteer service signs its outbox's calls to the points service (grid tasks' points).
  const std::string volunteer_key =
      WriteFile("volunteer.key.pem", testing::GenerateEcKey("P-256").private_pem);
  testing::TestDatabase volunteer_db("es256_volunteer", "");
  testing::TestDatabase posts_db("es256_posts", "");
  const std::string volunteer_port = FreePort();
  const std::string posts_port = FreePort();

  Process volunteer({VOLUNTEER_BINARY, "--listen=127.0.0.1:" + volunteer_port,
                     "--database_url=" + volunteer_db.url(),
                     "--jwt_public_key_file=" + people_pub + ",tongxin-posts=" + posts_pub,
                     "--jwt_signing_key_file=" + volunteer_key, "--points_target=127.0.0.1:1",
                     "--data_key=" + RandomHex(), "--verify_url=https://tongxin.example.cn"});
  Process posts_service(
      {POSTS_BINARY, "--listen=127.0.0.1:" + posts_port, "--database_url=" + posts_db.url(),
       "--jwt_public_key_file=" + people_pub, "--jwt_signing_key_file=" + posts_key,
       "--volunteer_target=127.0.0.1:" + volunteer_port, "--points_target=127.0.0.1:1"});
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(30);
  auto volunteer_channel =
      grpc::CreateChannel("127.0.0.1:" + volunteer_port, grpc::InsecureChannelCredentials());
  auto posts_channel =
      grpc::CreateChannel("127.0.0.1:" + posts_port, grpc::InsecureChannelCredentials());
  ASSERT_TRUE(volunteer_channel->WaitForConnected(deadline)) << volunteer.Log();
  ASSERT_TRUE(posts_channel->WaitForConnected(deadline)) << posts_service.Log();

  // A volunteer's token from the people's issuer; adopting for themself makes the posts service
  // look the volunteer up first. NOT_FOUND can only come from the volunteer service
  // having accepted posts' token (a refused token would read UNAVAILABLE here).
  TokenClaims claims;
  claims.subject = "00000000-0000-4000-8000-000000000002";
  claims.role = Role::kVolunteer;
  claims.ttl = std::chrono::minutes(5);
  const std::string token = *MintEs256(claims, people.private_pem, Clock::System());
  auto stub = posts::v1::PostsService::NewStub(posts_channel);
  posts::v1::AdoptPostRequest request;
  request.set_request_id("es256-deployment");
  request.set_post_id("00000000-0000-4000-8000-000000000001");
  request.set_adopter_kind(posts::v1::ADOPTER_KIND_VOLUNTEER);
  request.set_adopter_id("00000000-0000-4000-8000-000000000002");
  posts::v1::Adoption adoption;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Status status = stub->AdoptPost(&context, request, &adoption);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << status.error_message() << "\nvolunteer:\n"
      << volunteer.Log() << "\nposts:\n"
      << posts_service.Log();
  EXPECT_NE(status.error_message().find("adopter_id"), std::string::npos) << status.error_message();

  // A token minted with posts' key for anything but `system` is refused by the volunteer
  // service: a service's key speaks only for that service.
  TokenClaims admin;
  admin.subject = "posts-service";
  admin.role = Role::kStreetAdmin;
  admin.scope = {"411502001"};
  admin.issuer = "tongxin-posts";
  const std::string forged = *MintEs256(admin, posts.private_pem, Clock::System());
  auto volunteer_stub = grpc::GenericStub(volunteer_channel);
  grpc::ClientContext direct;
  direct.AddMetadata("authorization", "Bearer " + forged);
  direct.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Slice empty("");
  grpc::ByteBuffer empty_request(&empty, 1), response;
  std::promise<grpc::Status> done;
  volunteer_stub.UnaryCall(&direct, "/tongxin.volunteer.v1.VolunteerService/ListStreets",
                           grpc::StubOptions(), &empty_request, &response,
                           [&](grpc::Status s) { done.set_value(s); });
  EXPECT_EQ(done.get_future().get().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Nor does the people's issuer speak for a service: its `system` token is refused too.
  TokenClaims system;
  system.subject = "operator";
  system.role = Role::kSystem;
  system.ttl = std::chrono::minutes(5);
  grpc::ClientContext as_system;
  as_system.AddMetadata("authorization",
                        "Bearer " + *MintEs256(system, people.private_pem, Clock::System()));
  as_system.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::promise<grpc::Status> system_done;
  volunteer_stub.UnaryCall(&as_system, "/tongxin.volunteer.v1.VolunteerService/ListStreets",
                           grpc::StubOptions(), &empty_request, &response,
                           [&](grpc::Status s) { system_done.set_value(s); });
  EXPECT_EQ(system_done.get_future().get().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  posts_service.Terminate();
  volunteer.Terminate();
  EXPECT_EQ(posts_service.ExitCode(std::chrono::seconds(30)), std::optional<int>(0));
  EXPECT_EQ(volunteer.ExitCode(std::chrono::seconds(30)), std::optional<int>(0));
  for (const auto& path : {people_pub, posts_pub, posts_key}) std::remove(path.c_str());
}

// Issue 11 hole 9: a service's Prometheus endpoint, scraped from the real binary, counts its RPCs
// and the outbox event it gave up on.
TEST(Metrics, ThePostsServiceCountsCallsAndDeadLetters) {
  testing::TestDatabase database("metrics_posts", "");
  const std::string port = FreePort();
  const std::string metrics_port = FreePort();
  Process posts({POSTS_BINARY, "--listen=127.0.0.1:" + port, "--database_url=" + database.url(),
                 "--jwt_secret=" + RandomHex(), "--metrics_listen=127.0.0.1:" + metrics_port,
                 "--outbox_max_attempts=1", "--volunteer_target=127.0.0.1:1",
                 "--points_target=127.0.0.1:1"});
  auto channel = grpc::CreateChannel("127.0.0.1:" + port, grpc::InsecureChannelCredentials());
  ASSERT_TRUE(
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30)))
      << posts.Log();
  httplib::Client scraper("127.0.0.1", std::stoi(metrics_port));
  scraper.set_read_timeout(5, 0);
  auto scrape = [&] {
    auto response = scraper.Get("/metrics");
    return response && response->status == 200 ? response->body : std::string();
  };
  const std::string dead = "tongxin_outbox_events_total{outcome=\"dead_lettered\"} ";
  std::string before = scrape();
  EXPECT_NE(before.find(dead + "0\n"), std::string::npos) << before << posts.Log();

  // A call without a token, counted by method and code.
  auto stub = posts::v1::PostsService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  posts::v1::ListPostTypesResponse types;
  EXPECT_EQ(stub->ListPostTypes(&context, {}, &types).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // An event for a points service that is not there: with one attempt allowed, a dead letter.
  database.Scalar(
      "INSERT INTO outbox_events (event_id, destination, method, payload, region_id) VALUES "
      "(gen_random_uuid(), 'points', '/tongxin.points.v1.PointsService/Award', '', "
      "'411502001001') RETURNING 1");
  // The relay polls every half second; the counter is read until it rises (or 30 s pass).
  std::string after;
  auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < limit) {
    after = scrape();
    if (after.find(dead + "1\n") != std::string::npos &&
        after.find("tongxin_outbox_dead_letters 1\n") != std::string::npos) {
      break;
    }
  }
  EXPECT_NE(after.find(dead + "1\n"), std::string::npos) << after << posts.Log();
  EXPECT_NE(after.find("tongxin_outbox_dead_letters 1\n"), std::string::npos) << after;
  EXPECT_NE(
      after.find("tongxin_rpc_calls_total{method=\"ListPostTypes\",code=\"UNAUTHENTICATED\"} 1\n"),
      std::string::npos)
      << after;
  EXPECT_NE(after.find("tongxin_rpc_latency_seconds_count{method=\"ListPostTypes\"} 1\n"),
            std::string::npos)
      << after;
  EXPECT_EQ(database.Scalar("SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL"), "1");
  posts.Terminate();
  EXPECT_EQ(posts.ExitCode(std::chrono::seconds(30)), std::optional<int>(0)) << posts.Log();
}

}  // namespace
}  // namespace tongxin
