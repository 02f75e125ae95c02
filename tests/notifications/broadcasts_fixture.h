// The fixture of broadcasts_test: the volunteer service and the notifications service, each
// built through its composition root on its own real database and served over real gRPC; the
// notifications service's fan-out asks the volunteer service for the audience over gRPC as
// `system`, two ids a page (so that every broadcast takes several pages). The fan-out job is not
// started: tests run it with RunOnce. Seeded: a street, communities A and B, grid A1, a team of
// A, and volunteers (see SeedVolunteers).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "services/clients/grpc_volunteer_audience.h"
#include "services/common/clock.h"
#include "services/volunteer/domain/identity.h"
#include "tests/support/notifications_stack.h"
#include "tests/support/volunteer_stack.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::notifications::broadcast_tests {

namespace npb = ::tongxin::notifications::v1;
namespace vpb = ::tongxin::volunteer::v1;
using NStub = npb::NotificationsService::Stub;
using VStub = vpb::VolunteerService::Stub;

inline constexpr char kStreet[] = "411502001";
inline constexpr char kCommunityA[] = "411502001001";
inline constexpr char kCommunityB[] = "411502001002";
inline constexpr char kGridA1[] = "411502001001001";
inline constexpr char kOtherStreet[] = "411502002";

class BroadcastsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clock_ = std::make_unique<FakeClock>(std::chrono::system_clock::from_time_t(1781500000));
    volunteers_ = std::make_unique<tongxin::testing::VolunteerStack>(*clock_, "broadcasts_vol");
    vstub_ = vpb::VolunteerService::NewStub(volunteers_->server.channel());
    const std::string system_token = volunteers_->server.Token(Role::kSystem, "notifications");
    audience_ = std::make_unique<clients::GrpcVolunteerAudience>(
        volunteers_->server.channel(), [system_token] { return system_token; });
    NotificationsOptions options;
    options.fanout.page_size = 2;
    notifications_ = std::make_unique<tongxin::testing::NotificationsStack>(
        *clock_, "broadcasts", options, audience_.get());
    nstub_ = npb::NotificationsService::NewStub(notifications_->server.channel());
    SeedVolunteers();
  }

  static void TearDownTestSuite() {
    nstub_.reset();
    notifications_.reset();
    audience_.reset();
    vstub_.reset();
    volunteers_.reset();
    clock_.reset();
  }

  // ---- callers ----
  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return notifications_->server.Token(role, subject, std::move(scope));
  }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string AdminB() { return Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}); }
  static std::string StreetAdmin() { return Token(Role::kStreetAdmin, "street-1", {kStreet}); }
  static std::string OtherStreetAdmin() {
    return Token(Role::kStreetAdmin, "street-2", {kOtherStreet});
  }
  static std::string Volunteer(const std::string& id) { return Token(Role::kVolunteer, id); }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (NStub::*method)(grpc::ClientContext*, const Request&,
                                                         Response*),
                           const std::string& token, const Request& request, Response* response) {
    return tongxin::testing::CallWith(nstub_.get(), method, token, request, response);
  }
  template <typename Request, typename Response>
  static Response MustV(grpc::Status (VStub::*method)(grpc::ClientContext*, const Request&,
                                                      Response*),
                        const Request& request) {
    Response response;
    grpc::Status status = tongxin::testing::CallWith(
        vstub_.get(), method, volunteers_->server.Token(Role::kSystem, "seed"), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static std::string NextRequestId() { return "req-" + std::to_string(++request_counter_); }

  // ---- broadcasts ----
  static npb::SendBroadcastRequest Announcement(const std::string& region) {
    npb::SendBroadcastRequest request;
    request.set_request_id(NextRequestId());
    request.set_region_id(region);
    request.set_kind(npb::BROADCAST_KIND_ANNOUNCEMENT);
    request.set_title("防汛通知");
    request.set_body("今晚有暴雨，请各位志愿者注意安全。\n如有险情请及时报告。");
    return request;
  }
  static npb::SendBroadcastRequest CallOutRequest(
      const std::string& region, std::chrono::hours ends_in = std::chrono::hours(3)) {
    npb::SendBroadcastRequest request = Announcement(region);
    request.set_kind(npb::BROADCAST_KIND_CALL_OUT);
    request.set_title("紧急召集：沙袋搬运");
    request.mutable_call_out()->set_place("河南路社区东门");
    auto start = clock_->Now() + std::chrono::hours(1);
    request.mutable_call_out()->mutable_start_time()->set_seconds(
        std::chrono::system_clock::to_time_t(start));
    request.mutable_call_out()->mutable_end_time()->set_seconds(
        std::chrono::system_clock::to_time_t(clock_->Now() + ends_in));
    request.mutable_call_out()->set_wanted(10);
    return request;
  }
  static npb::Broadcast MustSend(const npb::SendBroadcastRequest& request,
                                 const std::string& token = "") {
    npb::Broadcast broadcast;
    grpc::Status status =
        Call(&NStub::SendBroadcast, token.empty() ? AdminA() : token, request, &broadcast);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return broadcast;
  }
  static npb::Broadcast Get(const std::string& broadcast_id, const std::string& token = "") {
    npb::GetBroadcastRequest request;
    request.set_broadcast_id(broadcast_id);
    npb::Broadcast broadcast;
    grpc::Status status =
        Call(&NStub::GetBroadcast, token.empty() ? AdminA() : token, request, &broadcast);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return broadcast;
  }
  // Runs the fan-out until no page waits; returns the pages handled.
  static int FanOutAll() {
    int pages = 0;
    for (int i = 0; i < 1000; ++i) {
      auto ran = notifications_->service->fanout().RunOnce();
      EXPECT_TRUE(ran.ok()) << ran.status();
      if (!ran.ok() || *ran == 0) break;
      pages += *ran;
    }
    return pages;
  }

  // ---- the notifications database ----
  static std::string Scalar(const std::string& sql) { return notifications_->database.Scalar(sql); }
  // The broadcast's recipients, as its messages say, sorted; each once (else the test fails).
  static std::vector<std::string> Recipients(const std::string& broadcast_id) {
    std::string ids = Scalar(
        "SELECT coalesce(string_agg(recipient_id, ',' ORDER BY recipient_id), '') FROM messages "
        "WHERE broadcast_id = '" +
        broadcast_id + "'");
    std::vector<std::string> out;
    size_t start = 0;
    while (!ids.empty() && start <= ids.size()) {
      size_t comma = ids.find(',', start);
      out.push_back(
          ids.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // ---- the seeded volunteers ----
  // a_grid: A, grid A1; a_party: A, a party member; a_team: A, in the team; a_suspended: A,
  // suspended; b: B; reported: a party member of B reported to A, in the team.
  static void SeedVolunteers();
  static std::string Register(const std::string& community, bool party_member,
                              const std::string& grid = "");

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<tongxin::testing::VolunteerStack> volunteers_;
  static inline std::unique_ptr<VStub> vstub_;
  static inline std::unique_ptr<clients::GrpcVolunteerAudience> audience_;
  static inline std::unique_ptr<tongxin::testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<NStub> nstub_;
  static inline int request_counter_ = 0;
  static inline int person_counter_ = 0;
  static inline std::string a_grid_, a_party_, a_team_, a_suspended_, b_, reported_, team_;
};

inline std::string BroadcastsTest::Register(const std::string& community, bool party_member,
                                            const std::string& grid) {
  int n = ++person_counter_;
  vpb::RegisterVolunteerRequest request;
  request.set_request_id(NextRequestId());
  request.set_name("李" + std::to_string(n));
  std::string first17 = "41150219900101" + std::to_string(100 + n);
  request.set_id_number(first17 + volunteer::ResidentIdCheckCharacter(first17));
  request.set_phone("1390000" + std::to_string(1000 + n));
  request.set_community_id(community);
  request.set_grid_id(grid);
  request.set_political_status(party_member ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                            : vpb::POLITICAL_STATUS_MASSES);
  if (party_member) request.set_party_branch("第一党支部");
  return MustV(&VStub::RegisterVolunteer, request).volunteer_id();
}

inline void BroadcastsTest::SeedVolunteers() {
  vpb::CreateStreetRequest street;
  street.set_request_id(NextRequestId());
  street.mutable_street()->set_street_id(kStreet);
  street.mutable_street()->set_name("五星街道");
  street.mutable_street()->set_district("浉河区");
  MustV(&VStub::CreateStreet, street);
  for (auto [id, name] : {std::pair{kCommunityA, "河南路社区"}, {kCommunityB, "大拱桥社区"}}) {
    vpb::CreateCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.mutable_community()->set_community_id(id);
    request.mutable_community()->set_name(name);
    MustV(&VStub::CreateCommunity, request);
  }
  vpb::CreateGridRequest grid;
  grid.set_request_id(NextRequestId());
  grid.mutable_grid()->set_grid_id(kGridA1);
  grid.mutable_grid()->set_name("第一网格");
  MustV(&VStub::CreateGrid, grid);

  a_grid_ = Register(kCommunityA, false, kGridA1);
  a_party_ = Register(kCommunityA, true);
  a_team_ = Register(kCommunityA, false);
  a_suspended_ = Register(kCommunityA, false);
  b_ = Register(kCommunityB, false);
  reported_ = Register(kCommunityB, true);

  vpb::ChangeVolunteerStatusRequest suspend;
  suspend.set_request_id(NextRequestId());
  suspend.set_volunteer_id(a_suspended_);
  suspend.set_reason("长期未参加活动");
  MustV(&VStub::SuspendVolunteer, suspend);
  vpb::ReportToCommunityRequest report;
  report.set_request_id(NextRequestId());
  report.set_volunteer_id(reported_);
  report.set_community_id(kCommunityA);
  MustV(&VStub::ReportToCommunity, report);

  vpb::CreateTeamRequest team;
  team.set_request_id(NextRequestId());
  team.set_community_id(kCommunityA);
  team.set_name("防汛突击队");
  team_ = MustV(&VStub::CreateTeam, team).team_id();
  for (const std::string& member : {a_team_, reported_}) {
    vpb::JoinTeamRequest join;
    join.set_request_id(NextRequestId());
    join.set_team_id(team_);
    join.set_volunteer_id(member);
    MustV(&VStub::JoinTeam, join);
  }
}

}  // namespace tongxin::notifications::broadcast_tests
