// posts_unit_test: the posts service's pure rules, without PostgreSQL or a server — the
// adoption and service-log transition tables (every pair), which post status takes an adopter,
// who may adopt (and which admin for a volunteer) and how many, the limits of a log (hours,
// date — not before the adoption —, photos) and of a new post, the proto enum mapping, and the
// requests an approved log sends.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "services/common/outbox.h"
#include "services/posts/domain/adoption.h"
#include "services/posts/domain/post.h"
#include "services/posts/domain/service_log.h"
#include "services/posts/events.h"
#include "services/posts/grpc/mapping.h"

namespace tongxin::posts {
namespace {

constexpr char kCommunity[] = "411502001001";

TEST(AdoptionLifeTest, OnlyAnActiveAdoptionIsWithdrawn) {
  const std::vector<AdoptionStatus> all = {AdoptionStatus::kUnspecified, AdoptionStatus::kActive,
                                           AdoptionStatus::kWithdrawn};
  for (AdoptionStatus from : all) {
    for (AdoptionStatus to : all) {
      bool allowed = from == AdoptionStatus::kActive && to == AdoptionStatus::kWithdrawn;
      EXPECT_EQ(CanMove(kAdoptionTransitions, from, to), allowed)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
      absl::Status status = CheckTransition(kAdoptionTransitions, from, to);
      EXPECT_EQ(status.ok(), allowed);
      if (!allowed) {
        EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
      }
    }
  }
  EXPECT_EQ(
      CheckTransition(kAdoptionTransitions, AdoptionStatus::kWithdrawn, AdoptionStatus::kWithdrawn)
          .message(),
      "adoption_id: already withdrawn");
  EXPECT_EQ(RefusalOf(kAdoptionTransitions, AdoptionStatus::kWithdrawn).message(),
            "adoption_id: already withdrawn");
  EXPECT_EQ(RefusalOf(kLogTransitions, LogStatus::kUnspecified).message(),
            "nothing moves to this status");
}

TEST(AdoptionLifeTest, ServiceIsLoggedOnlyUnderAnActiveAdoption) {
  Adoption adoption;
  EXPECT_TRUE(CheckLogsServiceUnder(adoption).ok());
  adoption.status = AdoptionStatus::kWithdrawn;
  EXPECT_EQ(CheckLogsServiceUnder(adoption).message(),
            "adoption_id: the post is not adopted (withdrawn)");
}

TEST(ServiceLogLifeTest, ASubmittedLogIsReviewedOnce) {
  const std::vector<LogStatus> all = {LogStatus::kUnspecified, LogStatus::kSubmitted,
                                      LogStatus::kApproved, LogStatus::kRejected};
  for (LogStatus from : all) {
    for (LogStatus to : all) {
      bool allowed = from == LogStatus::kSubmitted &&
                     (to == LogStatus::kApproved || to == LogStatus::kRejected);
      EXPECT_EQ(CanMove(kLogTransitions, from, to), allowed)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
      absl::Status status = CheckTransition(kLogTransitions, from, to);
      EXPECT_EQ(status.ok(), allowed);
      if (!allowed) {
        EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
      }
    }
  }
  EXPECT_EQ(CheckTransition(kLogTransitions, LogStatus::kApproved, LogStatus::kRejected).message(),
            "log_id: the log was already reviewed");
  EXPECT_EQ(CheckTransition(kLogTransitions, LogStatus::kRejected, LogStatus::kApproved).message(),
            "log_id: the log was already reviewed");
}

TEST(PostStatusTest, OnlyAnOpenPostTakesAdopters) {
  Post post;
  post.capacity = 2;
  post.adopted = 1;
  EXPECT_EQ(post.status(), PostStatus::kOpen);
  EXPECT_TRUE(CheckTakesAdopter(post.status()).ok());
  post.adopted = 2;
  EXPECT_EQ(post.status(), PostStatus::kFull);
  EXPECT_EQ(CheckTakesAdopter(post.status()).message(), "post_id: the post is full");
  post.open = false;
  EXPECT_EQ(post.status(), PostStatus::kClosed);
  EXPECT_EQ(CheckTakesAdopter(post.status()).message(), "post_id: the post is closed");
  EXPECT_TRUE(absl::IsFailedPrecondition(CheckTakesAdopter(PostStatus::kFull)));
}

TEST(PostStatusTest, APostWithNoPlaceToGiveIsClosedOrFull) {
  Post post;
  post.capacity = 2;
  post.adopted = 0;  // read open with places: a concurrent adopter took the last one
  EXPECT_EQ(NoPlaceFor(post).message(), "post_id: the post is full");
  post.open = false;
  EXPECT_EQ(NoPlaceFor(post).message(), "post_id: the post is closed");
}

TEST(AdoptionRulesTest, ReportedPartyMembersAdoptAndOthersWhereWelcome) {
  Post post;
  post.community_id = kCommunity;
  VolunteerInfo member{"v1", "党员1", kCommunity, kCommunity, true, true};
  EXPECT_TRUE(CheckVolunteerMayAdopt(member, post).ok());
  VolunteerInfo elsewhere = member;
  elsewhere.reported_community_id = "411502001002";
  VolunteerInfo masses = member;
  masses.party_member = false;
  for (const auto& volunteer : {elsewhere, masses}) {
    absl::Status refused = CheckVolunteerMayAdopt(volunteer, post);
    EXPECT_TRUE(absl::IsFailedPrecondition(refused));
    EXPECT_EQ(refused.message().rfind("adopter_id: only party members", 0), 0u);
  }
  post.volunteers_allowed = true;
  EXPECT_TRUE(CheckVolunteerMayAdopt(elsewhere, post).ok());
  EXPECT_TRUE(CheckVolunteerMayAdopt(masses, post).ok());
  VolunteerInfo inactive = member;
  inactive.active = false;
  EXPECT_EQ(CheckVolunteerMayAdopt(inactive, post).message(),
            "adopter_id: the volunteer is not active");
}

TEST(AdoptionRulesTest, AnAdminActsForAVolunteerOnlyWithScopeOverTheirCommunity) {
  VolunteerInfo of_b{"v-b", "外社区党员", "411502001002", kCommunity, true, true};
  Principal admin_a{"admin-a", Role::kCommunityAdmin, {kCommunity}};
  Principal street{"street", Role::kStreetAdmin, {"411502001"}};
  Principal system{"posts", Role::kSystem, {}};
  Principal self{"v-b", Role::kVolunteer, {}};
  absl::Status denied = clients::CheckActingFor(admin_a, of_b, "adopter_id");
  EXPECT_TRUE(absl::IsPermissionDenied(denied));
  EXPECT_EQ(denied.message(),
            "adopter_id: acting for a volunteer needs scope over the volunteer's home community");
  // Absent and out of scope answer alike, for an admin only.
  absl::StatusOr<VolunteerInfo> absent = absl::NotFoundError("adopter_id: no such volunteer");
  EXPECT_EQ(clients::CheckActingFor(admin_a, absent, "adopter_id"), denied);
  EXPECT_TRUE(absl::IsNotFound(clients::CheckActingFor(self, absent, "adopter_id")));
  EXPECT_TRUE(absl::IsNotFound(clients::CheckActingFor(system, absent, "adopter_id")));
  // The volunteer service down: still retryable, for everyone.
  absl::StatusOr<VolunteerInfo> down = absl::UnavailableError("down");
  EXPECT_TRUE(absl::IsUnavailable(clients::CheckActingFor(admin_a, down, "adopter_id")));
  EXPECT_TRUE(clients::CheckActingFor(street, of_b, "adopter_id").ok());
  EXPECT_TRUE(clients::CheckActingFor(system, of_b, "adopter_id").ok());
  EXPECT_TRUE(clients::CheckActingFor(self, of_b, "adopter_id").ok());
  VolunteerInfo homeless = of_b;
  homeless.community_id.clear();
  EXPECT_TRUE(absl::IsPermissionDenied(clients::CheckActingFor(street, homeless, "adopter_id")));
}

TEST(AdoptionRulesTest, APersonHoldsAtMostTheLimit) {
  EXPECT_TRUE(CheckAdoptionLimit(0, 3).ok());
  EXPECT_TRUE(CheckAdoptionLimit(2, 3).ok());
  absl::Status over = CheckAdoptionLimit(3, 3);
  EXPECT_TRUE(absl::IsFailedPrecondition(over));
  EXPECT_EQ(over.message(), "adopter_id: at most 3 active adoptions per person");
  EXPECT_FALSE(CheckAdoptionLimit(1, 1).ok());
}

TEST(ServiceLogRulesTest, HoursAreMoreThanZeroAtMostTwentyFourWithTwoDecimals) {
  for (double ok : {0.01, 0.5, 1.0, 2.25, 23.99, 24.0}) {
    auto hours = CheckLogHours(ok);
    ASSERT_TRUE(hours.ok()) << ok;
    EXPECT_DOUBLE_EQ(*hours, ok);
  }
  for (double out_of_range :
       {0.0, -1.0, 24.01, 25.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    auto hours = CheckLogHours(out_of_range);
    ASSERT_FALSE(hours.ok()) << out_of_range;
    EXPECT_EQ(hours.status().message(), "hours: must be more than 0 and at most 24");
  }
  for (double too_precise : {1.234, 0.001, 0.005, 2.999}) {
    auto hours = CheckLogHours(too_precise);
    ASSERT_FALSE(hours.ok()) << too_precise;
    EXPECT_EQ(hours.status().message(), "hours: at most two decimals");
  }
}

TEST(ServiceLogRulesTest, TheServiceDateIsARealDateNotInTheFuture) {
  EXPECT_TRUE(CheckServiceDate("2026-06-15", "2026-06-15").ok());
  EXPECT_TRUE(CheckServiceDate("2025-12-31", "2026-06-15").ok());
  EXPECT_EQ(CheckServiceDate("2026-06-16", "2026-06-15").message(),
            "service_date: must not be in the future");
  EXPECT_TRUE(absl::IsInvalidArgument(CheckServiceDate("2026-02-30", "2026-06-15")));
  EXPECT_TRUE(absl::IsInvalidArgument(CheckServiceDate("", "2026-06-15")));
}

TEST(ServiceLogRulesTest, ServiceIsLoggedFromTheAdoptionsFirstDayOn) {
  EXPECT_TRUE(CheckServedSinceAdoption("2026-06-15", "2026-06-15").ok());
  EXPECT_TRUE(CheckServedSinceAdoption("2026-06-16", "2026-06-15").ok());
  EXPECT_EQ(CheckServedSinceAdoption("2026-06-14", "2026-06-15").message(),
            "service_date: before the adoption began (2026-06-15)");
  EXPECT_TRUE(absl::IsInvalidArgument(CheckServedSinceAdoption("2025-12-31", "2026-01-01")));
}

TEST(ServiceLogRulesTest, AtMostNineWebPhotos) {
  std::vector<std::string> photos(9, "https://img.example/a.jpg");
  EXPECT_TRUE(CheckPhotos("photos_after", photos).ok());
  EXPECT_TRUE(CheckPhotos("photos_after", {}).ok());
  photos.push_back("https://img.example/b.jpg");
  EXPECT_EQ(CheckPhotos("photos_after", photos).message(), "photos_after: at most 9 photos");
  EXPECT_EQ(CheckPhotos("photos_before", {"ftp://img.example/a.jpg"}).message(),
            "photos_before: photo URLs start with http:// or https://");
}

Post ValidPost() {
  Post post;
  post.community_id = kCommunity;
  post.grid_id = "411502001001001";
  post.title = "结对帮扶困难群众";
  post.weekdays = {1, 7};
  post.start_time = "09:00";
  post.end_time = "23:59";
  post.capacity = 1000;
  return post;
}

TEST(PostRulesTest, ANewPostIsChecked) {
  EXPECT_TRUE(CheckNewPost(ValidPost()).ok());
  std::vector<std::pair<std::string, std::function<void(Post&)>>> spoilt = {
      {"post.capacity", [](Post& p) { p.capacity = 0; }},
      {"post.capacity", [](Post& p) { p.capacity = 1001; }},
      {"post.weekdays", [](Post& p) { p.weekdays = {8}; }},
      {"post.weekdays", [](Post& p) { p.weekdays = {0}; }},
      {"post.start_time", [](Post& p) { p.start_time = "25:00"; }},
      {"post.end_time", [](Post& p) { p.end_time = "9:00"; }},
      {"post.title", [](Post& p) { p.title = ""; }},
      {"post.grid_id", [](Post& p) { p.grid_id = "411502001002001"; }},
      {"post.community_id", [](Post& p) { p.community_id = "4115"; }},
  };
  for (const auto& [field, spoil] : spoilt) {
    Post post = ValidPost();
    spoil(post);
    absl::Status status = CheckNewPost(post);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << field;
    EXPECT_EQ(status.message().rfind(field, 0), 0u) << status;
  }
}

TEST(PostRulesTest, APostTypeHasAnUpperCaseCode) {
  PostType type{"FLOOD_WATCH", "汛期巡堤", "", {"swimming"}, false};
  EXPECT_TRUE(CheckNewPostType(type).ok());
  for (const char* code : {"bad code", "flood", "F", "1FLOOD"}) {
    type.code = code;
    EXPECT_EQ(CheckNewPostType(type).message(), "post_type.code: upper-case letters, digits and _");
  }
}

TEST(PostsMappingTest, IncomingEnumsAreChecked) {
  EXPECT_EQ(*PostStatusFilter(pb::POST_STATUS_UNSPECIFIED), PostStatus::kUnspecified);
  EXPECT_EQ(*PostStatusFilter(pb::POST_STATUS_FULL), PostStatus::kFull);
  EXPECT_TRUE(absl::IsInvalidArgument(PostStatusFilter(static_cast<pb::PostStatus>(4)).status()));
  EXPECT_EQ(*LogStatusFilter(pb::LOG_STATUS_REJECTED), LogStatus::kRejected);
  EXPECT_TRUE(absl::IsInvalidArgument(LogStatusFilter(static_cast<pb::LogStatus>(-1)).status()));
  EXPECT_EQ(*AdopterKindFrom(pb::ADOPTER_KIND_UNSPECIFIED), AdopterKind::kVolunteer);
  EXPECT_EQ(*AdopterKindFrom(pb::ADOPTER_KIND_UNIT), AdopterKind::kUnit);
  auto unknown = AdopterKindFrom(static_cast<pb::AdopterKind>(3));
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_EQ(unknown.status().message().rfind("adopter_kind", 0), 0u);
}

TEST(PostsMappingTest, StatusesGoOutWithTheirNumbers) {
  Post post;
  post.capacity = 1;
  post.adopted = 1;
  pb::Post out;
  ToProto(post, &out);
  EXPECT_EQ(out.status(), pb::POST_STATUS_FULL);
  Adoption adoption;
  adoption.adopter_kind = AdopterKind::kUnit;
  adoption.status = AdoptionStatus::kWithdrawn;
  pb::Adoption adoption_out;
  ToProto(adoption, &adoption_out);
  EXPECT_EQ(adoption_out.adopter_kind(), pb::ADOPTER_KIND_UNIT);
  EXPECT_EQ(adoption_out.status(), pb::ADOPTION_STATUS_WITHDRAWN);
  Overview overview;
  overview.capacity = 4;
  overview.adopted = 1;
  pb::Overview overview_out;
  ToProto(overview, &overview_out);
  EXPECT_DOUBLE_EQ(overview_out.adoption_rate(), 0.25);
}

ApprovedLog Approved() {
  ApprovedLog approved;
  approved.log.log_id = "0f0e0d0c-0000-4000-8000-000000000001";
  approved.log.adopter_id = "v1";
  approved.log.community_id = kCommunity;
  approved.log.service_date = "2026-06-13";
  approved.log.hours = 2.5;
  approved.log.summary = "3";
  for (int i = 0; i < 200; ++i) approved.log.summary += "位";  // byte 450 splits a character
  approved.adoption.adopter_name = "党员1";
  approved.adoption.party_member = true;
  approved.post.type_code = "YOUTH_CARE";
  approved.post.type_name = "少年关爱";
  approved.post.title = "周末课业辅导";
  return approved;
}

TEST(PostEventsTest, AnApprovedLogRecordsItsHoursAndAwardsItsPoints) {
  EXPECT_EQ(RecordServiceMethod().full_name(),
            "tongxin.volunteer.v1.VolunteerService.RecordService");
  EXPECT_EQ(DestinationOf(*RecordServiceMethod().service()), "volunteer");
  EXPECT_EQ(AwardMethod().full_name(), "tongxin.points.v1.PointsService.Award");
  EXPECT_EQ(DestinationOf(*AwardMethod().service()), "points");

  auto record = LogHoursRequest(Approved());
  EXPECT_EQ(record.volunteer_id(), "v1");
  EXPECT_DOUBLE_EQ(record.hours(), 2.5);
  EXPECT_EQ(record.service_date(), "2026-06-13");
  EXPECT_EQ(record.organiser(), "少年关爱岗 · 周末课业辅导");
  EXPECT_EQ(record.organiser_region_id(), kCommunity);
  EXPECT_EQ(record.source(), volunteer::v1::SERVICE_SOURCE_POST_LOG);
  EXPECT_EQ(record.source_ref(), "post-log:0f0e0d0c-0000-4000-8000-000000000001");
  EXPECT_EQ(record.description(), "3" + std::string(Approved().log.summary.substr(1, 447)));
  EXPECT_TRUE(record.IsInitialized());

  auto award = LogPointsRequest(Approved());
  EXPECT_EQ(award.volunteer_id(), "v1");
  EXPECT_EQ(award.volunteer_name(), "党员1");
  EXPECT_TRUE(award.party_member());
  EXPECT_EQ(award.activity(), points::v1::ACTIVITY_POST_SERVICE);
  EXPECT_DOUBLE_EQ(award.hours(), 2.5);
  EXPECT_EQ(award.post_type(), "YOUTH_CARE");
  EXPECT_EQ(award.source_ref(), record.source_ref());  // both receivers are unique by it
  EXPECT_EQ(award.description(), "少年关爱");
  EXPECT_EQ(award.request_id(), "");  // set to the event id when enqueued
}

}  // namespace
}  // namespace tongxin::posts
