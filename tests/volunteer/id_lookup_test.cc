// volunteer_unit_test: finding by ID number — the one answer for nobody and out of scope, who
// is rate-limited, what a region's access log shows.
#include "services/volunteer/domain/id_lookup.h"

#include <gtest/gtest.h>

namespace tongxin::volunteer {
namespace {

TEST(IdLookupTest, AdminsAreCountedTheSystemIsNot) {
  EXPECT_TRUE(IdLookupsLimited(Principal{"a", Role::kCommunityAdmin, {"411502001001"}}));
  EXPECT_TRUE(IdLookupsLimited(Principal{"s", Role::kStreetAdmin, {"411502001"}}));
  EXPECT_FALSE(IdLookupsLimited(Principal{"sys", Role::kSystem, {}}));
  EXPECT_EQ(kDefaultIdLookupsPerHour, 30);
  EXPECT_EQ(kIdLookupWindow, std::chrono::hours(1));
}

TEST(IdLookupTest, TheBudgetEndsAtTheLimit) {
  EXPECT_TRUE(CheckIdLookupBudget(0, 30).ok());
  EXPECT_TRUE(CheckIdLookupBudget(29, 30).ok());
  absl::Status spent = CheckIdLookupBudget(30, 30);
  EXPECT_EQ(spent.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(spent.message(), "id_number: at most 30 look-ups an hour; try again later");
  EXPECT_FALSE(CheckIdLookupBudget(1, 1).ok());
}

TEST(IdLookupTest, NobodyAndNotYoursAreOneAnswer) {
  EXPECT_EQ(IdNumberNotFound().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(IdNumberNotFound().message(), "id_number: no volunteer with this ID number");
}

TEST(IdLookupTest, ARegionsLogNamesOnlyItsOwnVolunteers) {
  IdNumberLookup entry;
  entry.caller = "admin-b";
  entry.result = IdLookupResult::kOutOfScope;
  entry.volunteer_id = "v1";
  entry.community_id = "411502001001";
  // Seen from the volunteer's community or street: all of it.
  for (const char* region : {"411502001001", "411502001"}) {
    IdNumberLookup seen = AsSeenFromRegion(entry, region);
    EXPECT_EQ(seen.result, IdLookupResult::kOutOfScope);
    EXPECT_EQ(seen.volunteer_id, "v1");
    EXPECT_EQ(seen.community_id, "411502001001");
  }
  // Seen from the caller's community: what the caller was told.
  IdNumberLookup seen = AsSeenFromRegion(entry, "411502001002");
  EXPECT_EQ(seen.result, IdLookupResult::kNotFound);
  EXPECT_EQ(seen.volunteer_id, "");
  EXPECT_EQ(seen.community_id, "");
  EXPECT_EQ(seen.caller, "admin-b");
  // A hit elsewhere by an admin with scope in two places is not named either.
  entry.result = IdLookupResult::kFound;
  seen = AsSeenFromRegion(entry, "411502001002");
  EXPECT_EQ(seen.result, IdLookupResult::kFound);
  EXPECT_EQ(seen.volunteer_id, "");
  // Nobody found: nothing to hide.
  IdNumberLookup none;
  none.result = IdLookupResult::kNotFound;
  EXPECT_EQ(AsSeenFromRegion(none, "411502001002").result, IdLookupResult::kNotFound);
}

TEST(IdLookupTest, InUseAnswersNameTheFieldAndVolunteersHaveASmallBudget) {
  absl::Status id_in_use = IdentifierInUse(IdLookupResult::kIdNumberInUse);
  EXPECT_EQ(id_in_use.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(id_in_use.message(), "id_number: a volunteer with this ID number is registered");
  EXPECT_EQ(IdentifierInUse(IdLookupResult::kPhoneInUse).message(),
            "phone: a volunteer with this phone number is registered");
  EXPECT_EQ(CheckIdLookupBudget(3, 3, "phone").message(),
            "phone: at most 3 look-ups an hour; try again later");
  EXPECT_EQ(InUseAnswersBudget(Principal{"v", Role::kVolunteer, {}}, 30),
            kInUseAnswersPerHourForVolunteers);
  EXPECT_EQ(InUseAnswersBudget(Principal{"a", Role::kCommunityAdmin, {"411502001001"}}, 30), 30);
}

}  // namespace
}  // namespace tongxin::volunteer
