// volunteer_unit_test: proto ↔ domain conversions — incoming enums checked (an unknown number is
// INVALID_ARGUMENT naming the field; unspecified passes to the domain, which says "required"),
// outgoing values carried over.
#include "services/volunteer/grpc/mapping.h"

#include <gtest/gtest.h>

namespace tongxin::volunteer {
namespace {

TEST(MappingTest, UnknownEnumNumbersNameTheirField) {
  pb::RegisterVolunteerRequest registration;
  registration.set_political_status(static_cast<pb::PoliticalStatus>(7));
  EXPECT_EQ(FromProto(registration).status().message().substr(0, 18), "political_status: ");
  registration.set_political_status(pb::POLITICAL_STATUS_MASSES);
  registration.set_gender(static_cast<pb::Gender>(3));
  EXPECT_EQ(FromProto(registration).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FromProto(registration).status().message().substr(0, 8), "gender: ");

  pb::ListVolunteersRequest list;
  list.set_status(static_cast<pb::VolunteerStatus>(5));
  EXPECT_EQ(FromProto(list).status().message().substr(0, 8), "status: ");

  pb::RecordServiceRequest record;
  record.set_source(static_cast<pb::ServiceSource>(-1));
  EXPECT_EQ(FromProto(record).status().message().substr(0, 8), "source: ");

  pb::UpdateVolunteerRequest update;
  update.set_political_status(static_cast<pb::PoliticalStatus>(4));
  EXPECT_EQ(FromProto(update).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MappingTest, UnspecifiedEnumsPassToTheDomain) {
  pb::RegisterVolunteerRequest registration;
  auto in = FromProto(registration);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->political_status, PoliticalStatus::kUnspecified);
  EXPECT_EQ(in->gender, Gender::kUnspecified);
  EXPECT_EQ(FromProto(pb::ListVolunteersRequest())->status, VolunteerStatus::kUnspecified);
  EXPECT_EQ(FromProto(pb::RecordServiceRequest())->source, ServiceSource::kUnspecified);
}

TEST(MappingTest, RequestsCarryTheirFields) {
  pb::RegisterVolunteerRequest registration;
  registration.set_name("张三");
  registration.set_community_id("411502001001");
  registration.add_skills("medical");
  registration.set_political_status(pb::POLITICAL_STATUS_PARTY_MEMBER);
  registration.set_gender(pb::GENDER_FEMALE);
  auto in = FromProto(registration);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->name, "张三");
  EXPECT_EQ(in->skills, std::vector<std::string>{"medical"});
  EXPECT_EQ(in->political_status, PoliticalStatus::kPartyMember);
  EXPECT_EQ(in->gender, Gender::kFemale);

  pb::UpdateVolunteerRequest update;
  update.mutable_update_mask()->add_paths("phone");
  update.mutable_update_mask()->add_paths("skills");
  EXPECT_EQ(FromProto(update)->fields, (std::set<std::string>{"phone", "skills"}));

  pb::RecordServiceRequest record;
  record.set_hours(2.5);
  record.set_source(pb::SERVICE_SOURCE_HONOUR);
  auto entry = FromProto(record);
  EXPECT_EQ(entry->hours, 2.5);
  EXPECT_EQ(entry->source, ServiceSource::kHonour);
}

TEST(MappingTest, AnswersCarryTheDomainsValues) {
  Volunteer v;
  v.volunteer_id = "v1";
  v.gender = Gender::kMale;
  v.political_status = PoliticalStatus::kLeagueMember;
  v.status = VolunteerStatus::kSuspended;
  pb::Volunteer out;
  ToProto(v, &out);
  EXPECT_EQ(out.volunteer_id(), "v1");
  EXPECT_EQ(out.gender(), pb::GENDER_MALE);
  EXPECT_EQ(out.political_status(), pb::POLITICAL_STATUS_LEAGUE_MEMBER);
  EXPECT_EQ(out.status(), pb::VOLUNTEER_STATUS_SUSPENDED);
  EXPECT_FALSE(out.has_report_time());

  ServiceSummary summary;
  summary.volunteer = v;
  summary.totals.total_hours = 104;
  summary.totals.by_month = {{"2026-05", 60}};
  summary.star_level = 1;
  summary.next_star_hours = 196;
  pb::ServiceSummary summary_out;
  ToProto(summary, &summary_out);
  EXPECT_EQ(summary_out.star_level(), 1);
  EXPECT_EQ(summary_out.next_star_hours(), 196);
  ASSERT_EQ(summary_out.by_month_size(), 1);
  EXPECT_EQ(summary_out.by_month(0).period(), "2026-05");
}

}  // namespace
}  // namespace tongxin::volunteer
