// The fixture of volunteer_grpc_test (one binary over several files, one per area): the volunteer
// service built through its composition root (tests/support/volunteer_stack.h) on a real
// PostgreSQL, served over real gRPC once per binary, with a seeded street, two communities and a
// grid in each, tokens for every kind of caller and request builders.
#pragma once

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/volunteer/domain/identity.h"
#include "tests/support/volunteer_stack.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::volunteer::grpc_tests {

namespace pb = ::tongxin::volunteer::v1;
using Stub = pb::VolunteerService::Stub;

inline constexpr char kStreet[] = "411502001";
inline constexpr char kCommunityA[] = "411502001001";
inline constexpr char kCommunityB[] = "411502001002";
inline constexpr char kGridA1[] = "411502001001001";
inline constexpr char kGridB1[] = "411502001002001";

// Valid resident ID numbers (ISO 7064 MOD 11-2) for the tests.
inline std::string IdNumber(const std::string& first17) {
  return first17 + ResidentIdCheckCharacter(first17);
}

// A service record request (no request id yet) organised by community A on 2026-06-01.
inline pb::RecordServiceRequest ServiceRequest(const std::string& volunteer_id, double hours,
                                               pb::ServiceSource source, const std::string& ref) {
  pb::RecordServiceRequest request;
  request.set_volunteer_id(volunteer_id);
  request.set_hours(hours);
  request.set_service_date("2026-06-01");
  request.set_organiser("河南路社区");
  request.set_organiser_region_id(kCommunityA);
  request.set_source(source);
  request.set_source_ref(ref);
  return request;
}

class VolunteerGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log_sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(2000);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_sink_));
    clock_ = std::make_unique<FakeClock>(std::chrono::system_clock::from_time_t(1781500000));
    // 2026-06-15
    stack_ = std::make_unique<tongxin::testing::VolunteerStack>(*clock_, "volunteer_grpc");
    stub_ = pb::VolunteerService::NewStub(stack_->server.channel());
    SeedHierarchy();
  }

  static void TearDownTestSuite() {
    stub_.reset();
    stack_.reset();
    clock_.reset();
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return stack_->server.Token(role, subject, std::move(scope));
  }
  static std::string System() { return Token(Role::kSystem, "posts-service"); }
  static std::string StreetAdmin() { return Token(Role::kStreetAdmin, "street-1", {kStreet}); }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string AdminB() { return Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }

  // Calls `method` with `token` (empty: no authorization header).
  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    return (stub_.get()->*method)(&context, request, response);
  }

  // A value read straight from the service's database.
  static std::string Scalar(const std::string& sql) { return stack_->database.Scalar(sql); }

  static std::string NextRequestId() { return "req-" + std::to_string(++request_counter_); }

  static void SeedHierarchy() {
    pb::CreateStreetRequest street;
    street.set_request_id(NextRequestId());
    street.mutable_street()->set_street_id(kStreet);
    street.mutable_street()->set_name("五星街道");
    street.mutable_street()->set_district("浉河区");
    pb::Street created_street;
    ASSERT_TRUE(Call(&Stub::CreateStreet, System(), street, &created_street).ok());
    for (auto [id, name] : {std::pair{kCommunityA, "河南路社区"}, {kCommunityB, "大拱桥社区"}}) {
      pb::CreateCommunityRequest request;
      request.set_request_id(NextRequestId());
      request.mutable_community()->set_community_id(id);
      request.mutable_community()->set_name(name);
      pb::Community community;
      ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), request, &community).ok());
    }
    for (auto [id, name] : {std::pair{kGridA1, "第一网格"}, {kGridB1, "第一网格"}}) {
      pb::CreateGridRequest request;
      request.set_request_id(NextRequestId());
      request.mutable_grid()->set_grid_id(id);
      request.mutable_grid()->set_name(name);
      request.mutable_grid()->set_households(80);
      pb::Grid grid;
      ASSERT_TRUE(Call(&Stub::CreateGrid, StreetAdmin(), request, &grid).ok());
    }
  }

  // A registration request for a new person: distinct ID number and phone per call.
  static pb::RegisterVolunteerRequest NewPerson(const std::string& community = kCommunityA,
                                                bool party_member = false) {
    int n = ++person_counter_;
    pb::RegisterVolunteerRequest request;
    request.set_request_id(NextRequestId());
    request.set_name("张" + std::to_string(n));
    std::string sequence = std::to_string(1000 + n % 1000).substr(1);
    request.set_id_number(IdNumber("41150219800101" + sequence));
    request.set_phone("1380000" + std::to_string(1000 + n));
    request.set_community_id(community);
    request.add_skills("medical");
    request.set_political_status(party_member ? pb::POLITICAL_STATUS_PARTY_MEMBER
                                              : pb::POLITICAL_STATUS_MASSES);
    if (party_member) request.set_party_branch("河南路社区第一党支部");
    return request;
  }

  static pb::Volunteer MustRegister(pb::RegisterVolunteerRequest request,
                                    const std::string& token = "") {
    pb::Volunteer volunteer;
    grpc::Status status =
        Call(&Stub::RegisterVolunteer, token.empty() ? AdminA() : token, request, &volunteer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return volunteer;
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<tongxin::testing::VolunteerStack> stack_;
  static inline std::unique_ptr<Stub> stub_;
  static inline std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_sink_;
  static inline int request_counter_ = 0;
  static inline int person_counter_ = 0;
};

}  // namespace tongxin::volunteer::grpc_tests
