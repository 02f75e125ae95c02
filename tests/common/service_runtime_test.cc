// ServiceRuntime's settings, read before anything opens: every flag a service can be given is
// known by the time Open checks for unknown ones; token settings that contradict each other are
// refused at Load (an ES256 deployment signs its calls with jwt_signing_key_file: see
// bootstrap_test.cc).
#include "services/common/service_runtime.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/test_keys.h"

namespace tongxin {
namespace {

struct Args {
  explicit Args(std::vector<std::string> values) : strings(std::move(values)) {
    for (auto& s : strings) pointers.push_back(s.data());
  }
  int argc() { return static_cast<int>(pointers.size()); }
  char** argv() { return pointers.data(); }
  std::vector<std::string> strings;
  std::vector<char*> pointers;
};

std::string WriteTempFile(const std::string& contents) {
  std::string path = ::testing::TempDir() + "service_runtime_test.pem";
  std::ofstream(path) << contents;
  return path;
}

// With ES256 verification a shared secret would be a second, weaker way in (and one that
// verification ignores): a service given both refuses to start rather than guess.
TEST(ServiceRuntimeTest, AnHs256SecretBesideEs256VerificationIsRefused) {
  std::string key_file = WriteTempFile(testing::GenerateEcKey("P-256").public_pem);
  Args args({"tongxin-posts", "--database_url=postgresql://nobody@127.0.0.1:1/none",
             "--jwt_public_key_file=" + key_file,
             "--jwt_secret=a-shared-secret-of-enough-length-0123456789"});
  auto runtime = ServiceRuntime::Load("posts", args.argc(), args.argv(), "127.0.0.1:0");
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.status().code(), absl::StatusCode::kInvalidArgument) << runtime.status();
  EXPECT_NE(runtime.status().message().find("jwt_secret"), std::string::npos) << runtime.status();
  std::remove(key_file.c_str());
}

TEST(ServiceRuntimeTest, AMistypedFlagIsStillRefused) {
  Args args({"tongxin-points", "--database_url=postgresql://nobody@127.0.0.1:1/none",
             "--jwt_secret=a-shared-secret-of-enough-length-0123456789", "--expiry_enabeld=true"});
  auto runtime = ServiceRuntime::Load("points", args.argc(), args.argv(), "127.0.0.1:0");
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  absl::Status status = (*runtime)->Open();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find("expiry_enabeld"), std::string::npos) << status;
}

// Request ids are kept for a stated time (issue 11 hole 8); a retention of nothing would make
// every retry a new request, so it is refused.
TEST(ServiceRuntimeTest, RequestIdRetentionIsAtLeastAnHour) {
  Args args({"tongxin-points", "--database_url=postgresql://nobody@127.0.0.1:1/none",
             "--jwt_secret=a-shared-secret-of-enough-length-0123456789",
             "--idempotency_retention_hours=0"});
  auto runtime = ServiceRuntime::Load("points", args.argc(), args.argv(), "127.0.0.1:0");
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.status().code(), absl::StatusCode::kInvalidArgument) << runtime.status();
  EXPECT_NE(runtime.status().message().find("idempotency_retention_hours"), std::string::npos);
}

}  // namespace
}  // namespace tongxin
