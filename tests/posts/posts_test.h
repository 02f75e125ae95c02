// The fixture of posts_grpc_test (one binary, several files, one suite): the posts service built
// by PostsStack beside the real volunteer and points services, and what its tests do through
// the API — publish a post, register a volunteer, adopt, log service.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "services/posts/posts_service.h"
#include "tests/support/posts_stack.h"
#include "tests/support/region_service_test.h"

namespace tongxin::posts {

using testing::kCommunityA;
using testing::kCommunityB;
using testing::kStreet;

class PostsTest : public testing::RegionServiceTest<pb::PostsService, testing::PostsStack> {
 protected:
  static void SetUpTestSuite() { SetUpServices("posts", "五星街道"); }
  static void TearDownTestSuite() { TearDownServices(); }

  static testing::TestDatabase& Database() { return stack_->database; }
  static Db& PostsDb() { return *stack_->db; }

  // A new active volunteer in community A; a party member reports to `report_to` if given.
  static std::string NewVolunteer(bool party_member, const std::string& report_to = "") {
    return neighbours_->RegisterVolunteer(NextPerson(), "党员", "19850101", "1370000", kCommunityA,
                                          party_member, report_to);
  }

  static pb::Post NewPost(int capacity, bool volunteers_allowed = false,
                          const std::string& type = "AID_NEEDY") {
    pb::CreatePostRequest request;
    request.set_request_id(NextId());
    auto* post = request.mutable_post();
    post->set_community_id(kCommunityA);
    post->set_type_code(type);
    post->set_title("结对帮扶困难群众 " + request.request_id());
    post->set_place("河南路社区党群服务中心");
    post->set_schedule("每周六上午");
    post->add_weekdays(6);
    post->set_start_time("09:00");
    post->set_end_time("11:30");
    post->set_capacity(capacity);
    post->set_volunteers_allowed(volunteers_allowed);
    pb::Post created;
    grpc::Status status = Call(&Stub::CreatePost, AdminA(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // A co-building unit of community A.
  static pb::Unit NewUnit(const std::string& name) {
    pb::CreateUnitRequest request;
    request.set_request_id(NextId());
    request.mutable_unit()->set_community_id(kCommunityA);
    request.mutable_unit()->set_name(name);
    request.mutable_unit()->set_agreement_date("2026-03-01");
    pb::Unit unit;
    grpc::Status status = Call(&Stub::CreateUnit, AdminA(), request, &unit);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return unit;
  }

  static pb::AdoptPostRequest UnitAdoption(const std::string& post_id, const std::string& unit_id) {
    pb::AdoptPostRequest request;
    request.set_request_id(NextId());
    request.set_post_id(post_id);
    request.set_adopter_kind(pb::ADOPTER_KIND_UNIT);
    request.set_adopter_id(unit_id);
    return request;
  }

  static grpc::Status Adopt(const std::string& post_id, const std::string& volunteer,
                            pb::Adoption* adoption) {
    pb::AdoptPostRequest request;
    request.set_request_id(NextId());
    request.set_post_id(post_id);
    request.set_adopter_id(volunteer);
    return Call(&Stub::AdoptPost, Self(volunteer), request, adoption);
  }

  static pb::ServiceLog NewLog(const pb::Adoption& adoption, double hours,
                               const std::string& token) {
    pb::LogServiceRequest request;
    request.set_request_id(NextId());
    request.set_adoption_id(adoption.adoption_id());
    request.set_service_date("2026-06-15");  // the adoption's day (kStart)
    request.set_hours(hours);
    request.set_summary("上门看望慰问困难群众，帮助打扫卫生");
    request.add_photos_before("https://img.example/before.jpg");
    request.add_photos_after("https://img.example/after.jpg");
    pb::ServiceLog log;
    grpc::Status status = Call(&Stub::LogService, token, request, &log);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return log;
  }
};

}  // namespace tongxin::posts
