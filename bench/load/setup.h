// The data a scenario needs, made through the services' own RPCs (the system or an admin
// token), so that every row is one the services themselves would write. Everything lives in a
// street of its own (411502099, community 411502099001) beside the demo data. Volunteers are
// registered with stable request ids (a rerun against the same stack gets the same ones back);
// rewards, wishes and posts are fresh for every run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/load/grpc_calls.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::bench {

inline constexpr char kBenchStreet[] = "411502099";
inline constexpr char kBenchCommunity[] = "411502099001";

struct Targets {
  std::string host = "127.0.0.1";
  int gateway_port = 8080;
  int volunteer_port = 50051, posts_port = 50052, wishes_port = 50053, points_port = 50054;
};

// Stubs for the four services over several connections each, and the tokens.
struct Services {
  Services(const Targets& targets, Tokens tokens, int connections);
  Tokens tokens;
  std::string system_token, admin_token;
  std::vector<std::unique_ptr<volunteer::v1::VolunteerService::Stub>> volunteer;
  std::vector<std::unique_ptr<posts::v1::PostsService::Stub>> posts;
  std::vector<std::unique_ptr<wishes::v1::WishesService::Stub>> wishes;
  std::vector<std::unique_ptr<points::v1::PointsService::Stub>> points;
};

// Runs fn(i) for i in [0, n) on `threads` threads; the first failure is returned.
absl::Status Parallel(int n, int threads, const std::function<absl::Status(int)>& fn);

class Fixture {
 public:
  explicit Fixture(Services& services) : s_(services) {}

  absl::Status EnsureStreet();
  // `n` active volunteers of the bench community (ids by registration order).
  absl::StatusOr<std::vector<std::string>> Volunteers(int n);
  // Points for redemptions: `awards` awards of 24 points to each id (created as needed).
  absl::Status Fund(const std::vector<std::string>& volunteer_ids, int awards);
  // Rewards of price 1 in the bench community.
  absl::StatusOr<std::vector<std::string>> Rewards(int n, int stock);
  // Wishes on the bench community's wall (submitted and approved).
  absl::StatusOr<std::vector<std::string>> Wishes(int n);
  // Open posts that any active volunteer may adopt.
  absl::StatusOr<std::vector<std::string>> Posts(int n, int capacity);
  // `volunteer` adopts `post_id`; the adoption id.
  absl::StatusOr<std::string> Adopt(const std::string& volunteer, const std::string& post_id);

 private:
  Services& s_;
};

// A valid GB 11643-1999 resident ID number (region 411502) for bench volunteer `i`.
std::string BenchIdNumber(int i);

}  // namespace tongxin::bench
