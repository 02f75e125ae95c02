// volunteer_unit_test: the rules of a volunteer's profile fields and of acting for a volunteer —
// skills, party membership, agreement with the ID number, the update mask, self or admin.
#include "services/volunteer/domain/profile.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "services/volunteer/domain/checks.h"

namespace tongxin::volunteer {
namespace {

TEST(ProfileTest, SkillsAreDeduplicatedAndBounded) {
  auto skills = NormalizeSkills({"medical", "legal", "medical"});
  ASSERT_TRUE(skills.ok());
  EXPECT_EQ(*skills, (std::vector<std::string>{"medical", "legal"}));
  EXPECT_EQ(NormalizeSkills(std::vector<std::string>(kMaxSkills + 1, "x")).status().message(),
            "skills: at most 20");
  EXPECT_TRUE(NormalizeSkills(std::vector<std::string>(kMaxSkills, "x")).ok());
  EXPECT_EQ(NormalizeSkills({""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NormalizeSkills({std::string(31, 'a')}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ProfileTest, OnlyPartyMembersNameABranch) {
  EXPECT_EQ(CheckPartyFields(PoliticalStatus::kUnspecified, "").message(),
            "political_status: required");
  EXPECT_TRUE(CheckPartyFields(PoliticalStatus::kPartyMember, "第一党支部").ok());
  EXPECT_EQ(CheckPartyFields(PoliticalStatus::kPartyMember, "").message().substr(0, 14),
            "party_branch: ");
  EXPECT_TRUE(CheckPartyFields(PoliticalStatus::kMasses, "").ok());
  EXPECT_TRUE(CheckPartyFields(PoliticalStatus::kLeagueMember, "").ok());
  EXPECT_EQ(CheckPartyFields(PoliticalStatus::kMasses, "第一党支部").message(),
            "party_branch: only for party members");
}

TEST(ProfileTest, AReportedPartyMemberStaysAPartyMember) {
  Volunteer v;
  v.political_status = PoliticalStatus::kMasses;
  EXPECT_TRUE(CheckPartyChange(v).ok());
  v.reported_community_id = "411502001001";
  absl::Status refused = CheckPartyChange(v);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "political_status: a reported party member stays a party member here");
  v.political_status = PoliticalStatus::kPartyMember;
  v.party_branch = "第一党支部";
  EXPECT_TRUE(CheckPartyChange(v).ok());
}

TEST(ProfileTest, GenderAndBirthDateMustAgreeWithTheIdNumber) {
  ResidentId id{"110105194912310021", "1949-12-31", Sex::kFemale};
  EXPECT_EQ(*GenderAgreeingWithId(id, Gender::kUnspecified, ""), Gender::kFemale);
  EXPECT_EQ(*GenderAgreeingWithId(id, Gender::kFemale, "1949-12-31"), Gender::kFemale);
  EXPECT_EQ(GenderAgreeingWithId(id, Gender::kMale, "").status().message(),
            "gender: does not agree with the ID number");
  EXPECT_EQ(GenderAgreeingWithId(id, Gender::kUnspecified, "1950-01-01").status().message(),
            "birth_date: does not agree with the ID number");
  id.sex = Sex::kMale;
  EXPECT_EQ(*GenderAgreeingWithId(id, Gender::kUnspecified, ""), Gender::kMale);
}

TEST(ProfileTest, TheUpdateMaskNamesOnlyChangeableFields) {
  EXPECT_EQ(CheckUpdateMask({}).message(), "update_mask: required");
  EXPECT_TRUE(CheckUpdateMask({"name", "phone", "community_id", "grid_id", "skills",
                               "political_status", "party_branch"})
                  .ok());
  for (const char* fixed : {"id_number", "status", "volunteer_id", "birth_year"}) {
    EXPECT_EQ(CheckUpdateMask({"name", fixed}).message(),
              std::string("update_mask: field ") + fixed + " cannot be updated");
  }
}

TEST(ProfileTest, AVolunteerChangesOnlyTheirPhoneAndSkills) {
  EXPECT_EQ(kSelfEditableFields, (std::set<std::string>{"phone", "skills"}));
  EXPECT_TRUE(CheckSelfEditable({"phone"}).ok());
  EXPECT_TRUE(CheckSelfEditable({"phone", "skills"}).ok());
  for (const char* field :
       {"name", "political_status", "party_branch", "community_id", "grid_id"}) {
    absl::Status refused = CheckSelfEditable({"phone", field});
    EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied) << field;
    EXPECT_EQ(refused.message(), std::string(field) +
                                     ": a volunteer may not change this; an admin of the "
                                     "community does");
  }
  // Several: the first in name order is named.
  EXPECT_EQ(CheckSelfEditable({"political_status", "name"}).message().substr(0, 5), "name:");
  // Every field a volunteer may change is a field an update may change at all.
  EXPECT_TRUE(CheckUpdateMask(kSelfEditableFields).ok());
}

TEST(ActingForAVolunteerTest, VolunteersActOnlyOnThemselves) {
  Principal self{"v1", Role::kVolunteer, {}};
  Principal admin{"a", Role::kCommunityAdmin, {"411502001001"}};
  Principal system{"s", Role::kSystem, {}};
  EXPECT_TRUE(RequireSelfIfVolunteer(self, "v1").ok());
  EXPECT_EQ(RequireSelfIfVolunteer(self, "v2").message(), "a volunteer may act only on themself");
  EXPECT_TRUE(RequireSelfIfVolunteer(admin, "v2").ok());
  EXPECT_TRUE(RequireSelfIfVolunteer(system, "v2").ok());
  EXPECT_EQ(RefuseVolunteers(self).message(), "only an admin may do this");
  EXPECT_TRUE(RefuseVolunteers(admin).ok());
  EXPECT_TRUE(RefuseVolunteers(system).ok());
  EXPECT_TRUE(CheckVolunteerId("v1").ok());
  EXPECT_EQ(CheckVolunteerId("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckVolunteerId(std::string(129, 'a')).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tongxin::volunteer
