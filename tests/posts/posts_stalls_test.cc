// Bounded waits (issue 11 hole 9): a volunteer service that stops answering holds the adoptions
// that must ask it, and nothing else. The posts service runs on two database workers here; the
// frozen volunteer service holds every GetVolunteer until the test lets go.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/posts/posts_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::posts {
namespace {

namespace vpb = ::tongxin::volunteer::v1;

// A volunteer service that never answers until released (as one stopped with SIGSTOP).
class FrozenVolunteers final : public vpb::VolunteerService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetVolunteer(grpc::CallbackServerContext* context,
                                         const vpb::GetVolunteerRequest*,
                                         vpb::Volunteer*) override {
    auto* reactor = context->DefaultReactor();
    std::lock_guard lock(mu_);
    if (released_) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such volunteer"));
      return reactor;
    }
    ++waiting_;
    arrived_.notify_all();
    held_.push_back(reactor);
    return reactor;
  }
  // Whether `n` look-ups are being held within `limit`.
  bool WaitForHeld(int n, std::chrono::seconds limit) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, limit, [&] { return waiting_ >= n; });
  }
  // Answers the held look-ups, and every later one at once.
  void ReleaseAll() {
    std::lock_guard lock(mu_);
    released_ = true;
    for (auto* reactor : held_) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such volunteer"));
    }
    held_.clear();
  }

 private:
  std::mutex mu_;
  std::condition_variable arrived_;
  int waiting_ = 0;
  bool released_ = false;
  std::vector<grpc::ServerUnaryReactor*> held_;
};

TEST(PostsStalls, AFrozenVolunteerServiceHoldsOnlyTheCallsThatAskIt) {
  FrozenVolunteers frozen;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&frozen);
  auto volunteer_server = builder.BuildAndStart();
  ASSERT_NE(port, 0);

  testing::TestDatabase database("posts_stalls", "posts");
  auto db = database.Open(2);
  FakeClock clock(std::chrono::system_clock::now());
  clients::GrpcVolunteerDirectory directory(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()),
      [] { return std::string("frozen"); });
  testing::TestServer server(clock, /*workers=*/2);
  auto service = PostsService::Create(*db, clock, {server.runner(), directory});
  server.Start(service->service());
  auto stub = pb::PostsService::NewStub(server.channel());
  const std::string system = server.Token(Role::kSystem, "stalls");

  // More adoptions for volunteers than there are database workers, each waiting for the frozen
  // service.
  constexpr int kAdoptions = 6;
  std::vector<std::future<grpc::Status>> adoptions;
  for (int i = 0; i < kAdoptions; ++i) {
    adoptions.push_back(std::async(std::launch::async, [&, i] {
      pb::AdoptPostRequest request;
      request.set_request_id("stalled-" + std::to_string(i));
      request.set_post_id("00000000-0000-4000-8000-000000000001");
      request.set_adopter_kind(pb::ADOPTER_KIND_VOLUNTEER);
      request.set_adopter_id("00000000-0000-4000-8000-00000000000" + std::to_string(i));
      pb::Adoption adoption;
      return testing::CallWith(stub.get(), &pb::PostsService::Stub::AdoptPost, system, request,
                               &adoption, std::chrono::seconds(30));
    }));
  }
  EXPECT_TRUE(frozen.WaitForHeld(kAdoptions, std::chrono::seconds(10)))
      << "the look-ups wait on the database workers, a few at a time";

  // A call that asks nobody still answers at once.
  pb::ListPostTypesRequest list;
  pb::ListPostTypesResponse types;
  auto started = std::chrono::steady_clock::now();
  grpc::Status status = testing::CallWith(stub.get(), &pb::PostsService::Stub::ListPostTypes,
                                          system, list, &types, std::chrono::seconds(3));
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_GT(types.post_types_size(), 0);

  // Released, the adoptions get the volunteer service's answer.
  frozen.ReleaseAll();
  for (auto& adoption : adoptions) {
    EXPECT_EQ(adoption.get().error_code(), grpc::StatusCode::NOT_FOUND);
  }
  server.Stop();
  volunteer_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

}  // namespace
}  // namespace tongxin::posts
