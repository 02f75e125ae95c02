// The ledger over real gRPC on a real PostgreSQL: awards by the earning rules (and their audited
// changes), adjustments, reversals, statements with tiers, and expiry.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <vector>

#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class LedgerTest : public PointsTest {};

TEST_F(LedgerTest, AwardFollowsTheRulesAndIsOncePerSource) {
  std::string v = NewVolunteer();
  pb::AwardRequest request;
  request.set_request_id(NextId());
  request.set_volunteer_id(v);
  request.set_community_id(kCommunityA);
  request.set_activity(pb::ACTIVITY_POST_SERVICE);
  request.set_hours(2.5);
  request.set_source_ref("post-log:award-rules");
  pb::AwardResponse first;
  EXPECT_EQ(Call(&Stub::Award, AdminA(), request, &first).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::Award, Self(v), request, &first).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &first).ok());
  EXPECT_EQ(first.points(), 2);  // whole points, rounded down
  EXPECT_EQ(first.transfer().from_account(), std::string("issuing:") + kCommunityA);

  // The same event again (a relay retry) under another request id: the first answer.
  pb::AwardResponse repeat;
  request.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &repeat).ok());
  EXPECT_EQ(repeat.transfer().transfer_id(), first.transfer().transfer_id());
  EXPECT_EQ(Balance(v), 2);

  // A wish earns the fixed award; honour hours earn nothing; the cap holds.
  request.set_request_id(NextId());
  request.set_activity(pb::ACTIVITY_WISH);
  request.set_source_ref("wish:1");
  pb::AwardResponse wish;
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &wish).ok());
  EXPECT_EQ(wish.points(), 5);
  request.set_request_id(NextId());
  request.set_activity(pb::ACTIVITY_HONOUR);
  request.set_source_ref("honour:1");
  pb::AwardResponse honour;
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &honour).ok());
  EXPECT_EQ(honour.points(), 0);
  EXPECT_FALSE(honour.has_transfer());
  EXPECT_EQ(Balance(v), 7);

  for (auto spoil : std::vector<std::function<void(pb::AwardRequest&)>>{
           [](auto& r) { r.set_activity(pb::ACTIVITY_UNSPECIFIED); },
           [](auto& r) { r.set_activity(pb::ACTIVITY_POST_SERVICE), r.set_hours(25); },
           [](auto& r) { r.set_community_id("4115"); },
           [](auto& r) { r.set_home_community_id("411502001"); },
           [](auto& r) { r.set_source_ref(""); }, [](auto& r) { r.set_volunteer_id(""); }}) {
    pb::AwardRequest bad = request;
    bad.set_request_id(NextId());
    bad.set_source_ref("bad:" + bad.request_id());
    spoil(bad);
    pb::AwardResponse response;
    EXPECT_EQ(Call(&Stub::Award, System(), bad, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  ExpectConsistent();
}

// A street of its own (411502006): its rules set first, so that a community may go as far as
// the street allows.
TEST_F(LedgerTest, EarningRulesAreDataAndTheirChangesAreAudited) {
  const std::string street = "411502006";
  const std::string community = "411502006002";
  const std::string neighbour = "411502006001";
  const std::string street_admin = server_->Token(Role::kStreetAdmin, "street-6", {street});
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-6-2", {community});
  const std::string neighbour_admin =
      server_->Token(Role::kCommunityAdmin, "admin-6-1", {neighbour});
  pb::UpdateEarningRulesRequest street_rules;
  street_rules.set_request_id(NextId());
  street_rules.mutable_rules()->set_region_id(street);
  street_rules.mutable_rules()->set_points_per_hour(3);
  (*street_rules.mutable_rules()->mutable_points_per_hour_by_post_type())["FREE_CLINIC"] = 4;
  street_rules.mutable_rules()->set_wish_points(10);
  street_rules.mutable_rules()->set_activity_cap(20);
  street_rules.set_reason("街道统一标准");
  pb::EarningRules rules;
  ASSERT_TRUE(Call(&Stub::UpdateEarningRules, street_admin, street_rules, &rules).ok());

  pb::UpdateEarningRulesRequest update;
  update.set_request_id(NextId());
  update.mutable_rules()->set_region_id(community);
  update.mutable_rules()->set_points_per_hour(2);
  (*update.mutable_rules()->mutable_points_per_hour_by_post_type())["FREE_CLINIC"] = 3;
  update.mutable_rules()->set_wish_points(8);
  update.mutable_rules()->set_activity_cap(10);
  update.set_reason("社区调整");
  EXPECT_EQ(Call(&Stub::UpdateEarningRules, neighbour_admin, update, &rules).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateEarningRules, admin, update, &rules).ok());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM earning_rule_changes WHERE region_id = '" +
                              community + "' AND actor = 'admin-6-2'"),
            "1");
  std::string v = NewVolunteer();
  EXPECT_EQ(AwardHours(v, 3, community).points(), 6);  // 2 per hour here
  pb::AwardRequest clinic;
  clinic.set_request_id(NextId());
  clinic.set_volunteer_id(v);
  clinic.set_community_id(community);
  clinic.set_activity(pb::ACTIVITY_POST_SERVICE);
  clinic.set_post_type("FREE_CLINIC");
  clinic.set_hours(8);
  clinic.set_source_ref("post-log:clinic");
  pb::AwardResponse capped;
  ASSERT_TRUE(Call(&Stub::Award, System(), clinic, &capped).ok());
  EXPECT_EQ(capped.points(), 10);  // 24 by rate, capped at 10
  EXPECT_TRUE(capped.capped());
  // The neighbour has the street's rules; another street still the defaults.
  EXPECT_EQ(AwardHours(NewVolunteer(), 3, neighbour).points(), 9);
  EXPECT_EQ(AwardHours(NewVolunteer(), 3, kCommunityA).points(), 3);
  update.set_request_id(NextId());
  update.set_reason("");
  EXPECT_EQ(Call(&Stub::UpdateEarningRules, admin, update, &rules).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// A community's rules never go beyond its street's (or, without street rules, the defaults'):
// no rate, wish award or cap above the street's. A street that lowers its own later lowers its
// communities' too.
TEST_F(LedgerTest, CommunityRulesStayWithinTheStreets) {
  const std::string street = "411502007";
  const std::string community = "411502007001";
  const std::string street_admin = server_->Token(Role::kStreetAdmin, "street-7", {street});
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-7-1", {community});
  auto set = [&](const std::string& token, const std::string& region, long long per_hour,
                 std::map<std::string, long long> by_type, long long wish, long long cap) {
    pb::UpdateEarningRulesRequest update;
    update.set_request_id(NextId());
    update.set_reason("调整");
    update.mutable_rules()->set_region_id(region);
    update.mutable_rules()->set_points_per_hour(per_hour);
    for (const auto& [type, rate] : by_type) {
      (*update.mutable_rules()->mutable_points_per_hour_by_post_type())[type] = rate;
    }
    update.mutable_rules()->set_wish_points(wish);
    update.mutable_rules()->set_activity_cap(cap);
    pb::EarningRules rules;
    return Call(&Stub::UpdateEarningRules, token, update, &rules);
  };
  auto refused_naming = [](const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_NE(status.error_message().find(field), std::string::npos) << status.error_message();
  };
  // No street rules yet: the defaults (1 per hour, 5 per wish, 50 per activity) bound it.
  refused_naming(set(admin, community, 2, {}, 5, 50), "rules.points_per_hour");
  refused_naming(set(admin, community, 1, {}, 6, 50), "rules.wish_points");
  refused_naming(set(admin, community, 1, {}, 5, 51), "rules.activity_cap");
  ASSERT_TRUE(set(street_admin, street, 3, {{"FREE_CLINIC", 4}}, 10, 20).ok());
  refused_naming(set(admin, community, 4, {}, 10, 20), "rules.points_per_hour");
  refused_naming(set(admin, community, 3, {{"FREE_CLINIC", 5}}, 10, 20),
                 "rules.points_per_hour_by_post_type");
  refused_naming(set(admin, community, 3, {{"MEDIATION", 4}}, 10, 20),
                 "rules.points_per_hour_by_post_type");  // the street pays 3 for it
  refused_naming(set(admin, community, 3, {}, 11, 20), "rules.wish_points");
  refused_naming(set(admin, community, 3, {}, 10, 21), "rules.activity_cap");
  ASSERT_TRUE(set(admin, community, 3, {{"FREE_CLINIC", 4}}, 10, 20).ok());
  EXPECT_EQ(AwardHours(NewVolunteer(), 3, community).points(), 9);

  // The street lowers its rules: the community's cannot stay above them.
  ASSERT_TRUE(set(street_admin, street, 1, {{"FREE_CLINIC", 2}}, 10, 5).ok());
  pb::GetEarningRulesRequest get;
  get.set_region_id(community);
  pb::EarningRules effective;
  ASSERT_TRUE(Call(&Stub::GetEarningRules, Self("anyone"), get, &effective).ok());
  EXPECT_EQ(effective.points_per_hour(), 1);
  EXPECT_EQ(effective.points_per_hour_by_post_type().at("FREE_CLINIC"), 2);
  EXPECT_EQ(effective.activity_cap(), 5);
  EXPECT_EQ(AwardHours(NewVolunteer(), 3, community).points(), 3);
  EXPECT_EQ(AwardHours(NewVolunteer(), 8, community).points(), 5);  // the street's cap
}

TEST_F(LedgerTest, EffectiveRulesFallBackToTheDefaults) {
  pb::GetEarningRulesRequest request;
  request.set_region_id("411502001005");
  pb::EarningRules rules;
  ASSERT_TRUE(Call(&Stub::GetEarningRules, Self("anyone"), request, &rules).ok());
  EXPECT_EQ(rules.region_id(), "");
  EXPECT_EQ(rules.points_per_hour(), 1);
  EXPECT_EQ(rules.wish_points(), 5);
  request.set_region_id("12");
  EXPECT_EQ(Call(&Stub::GetEarningRules, Self("anyone"), request, &rules).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LedgerTest, AdjustmentsNeedScopeAndReasonAndNeverOverdraw) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::AdjustRequest adjust;
  adjust.set_request_id(NextId());
  adjust.set_volunteer_id(v);
  adjust.set_community_id(kCommunityA);
  adjust.set_amount(-4);
  adjust.set_reason("重复记录扣回");
  pb::Transfer transfer;
  EXPECT_EQ(Call(&Stub::Adjust, AdminB(), adjust, &transfer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::Adjust, Self(v), adjust, &transfer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::Adjust, AdminA(), adjust, &transfer).ok());
  EXPECT_EQ(transfer.signed_amount(), -4);
  EXPECT_EQ(Balance(v), 6);
  adjust.set_request_id(NextId());
  adjust.set_amount(-7);
  grpc::Status overdraw = Call(&Stub::Adjust, AdminA(), adjust, &transfer);
  EXPECT_EQ(overdraw.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Balance(v), 6);
  adjust.set_request_id(NextId());
  adjust.set_amount(3);
  adjust.set_reason("");
  EXPECT_EQ(Call(&Stub::Adjust, AdminA(), adjust, &transfer).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ExpectConsistent();
}

// An account's community is the volunteer's points home, which decides who may redeem or cancel
// for them (issue 11 hole 3): an admin's +1 must not make any community their home.
TEST_F(LedgerTest, AnAdjustmentDoesNotOpenAnAccountAndSoCannotChooseTheHome) {
  std::string v = NewVolunteer();
  pb::AdjustRequest adjust;
  adjust.set_request_id(NextId());
  adjust.set_volunteer_id(v);
  adjust.set_community_id(kCommunityB);
  adjust.set_amount(1);
  adjust.set_reason("补记");
  pb::Transfer transfer;
  grpc::Status status = Call(&Stub::Adjust, AdminB(), adjust, &transfer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(
      database_->Scalar("SELECT count(*) FROM accounts WHERE account_id = 'volunteer:" + v + "'"),
      "0");
  // Once the volunteer has earned (their home is where), adjustments there work as before.
  AwardHours(v, 2);
  adjust.set_request_id(NextId());
  adjust.set_community_id(kCommunityA);
  ASSERT_TRUE(Call(&Stub::Adjust, AdminA(), adjust, &transfer).ok());
  EXPECT_EQ(Balance(v), 3);
  ExpectConsistent();
}

TEST_F(LedgerTest, ReversalsCorrectOnceAndTheLedgerStaysImmutable) {
  std::string v = NewVolunteer();
  pb::AwardResponse award = AwardHours(v, 8);
  pb::ReverseTransferRequest reverse;
  reverse.set_request_id(NextId());
  reverse.set_transfer_id(award.transfer().transfer_id());
  reverse.set_reason("服务记录被撤销");
  pb::Transfer reversal;
  EXPECT_EQ(Call(&Stub::ReverseTransfer, AdminB(), reverse, &reversal).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ReverseTransfer, AdminA(), reverse, &reversal).ok());
  EXPECT_EQ(reversal.reverses_transfer_id(), award.transfer().transfer_id());
  EXPECT_EQ(Balance(v), 0);
  reverse.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::ReverseTransfer, AdminA(), reverse, &reversal).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Earned points went back too.
  pb::GetBalanceRequest balance_request;
  balance_request.set_volunteer_id(v);
  pb::Balance balance;
  ASSERT_TRUE(Call(&Stub::GetBalance, Self(v), balance_request, &balance).ok());
  EXPECT_EQ(balance.earned_total(), 0);
  // Nobody edits the ledger, not even with SQL.
  EXPECT_THROW(database_->Scalar("UPDATE transfers SET amount = 1 RETURNING 1"), std::exception);
  ExpectConsistent();
}

TEST_F(LedgerTest, StatementIsNewestFirstWithTiers) {
  std::string v = NewVolunteer();
  for (int i = 0; i < 5; ++i) AwardHours(v, 24);  // capped at 50 each? no: 24 points each
  pb::ListTransfersRequest list;
  list.set_volunteer_id(v);
  list.set_page_size(2);
  std::vector<long long> ids;
  for (int page = 0; page < 5; ++page) {
    pb::ListTransfersResponse response;
    ASSERT_TRUE(Call(&Stub::ListTransfers, Self(v), list, &response).ok());
    for (const auto& t : response.transfers()) {
      ids.push_back(t.transfer_id());
      EXPECT_EQ(t.signed_amount(), 24);
      EXPECT_FALSE(t.source_ref().empty());
    }
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  pb::GetBalanceRequest request;
  request.set_volunteer_id(v);
  pb::Balance balance;
  ASSERT_TRUE(Call(&Stub::GetBalance, Self(v), request, &balance).ok());
  EXPECT_EQ(balance.balance(), 120);
  EXPECT_EQ(balance.tier(), "铜牌志愿者");
  EXPECT_EQ(balance.next_tier(), "银牌志愿者");
  EXPECT_EQ(balance.points_to_next_tier(), 180);
  EXPECT_EQ(Call(&Stub::GetBalance, Self("someone-else"), request, &balance).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetBalance, AdminB(), request, &balance).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::GetBalance, AdminA(), request, &balance).ok());
}

TEST_F(LedgerTest, ExpiryTakesWhatIsLeftOfAYearOldestFirstOnce) {
  std::string v = NewVolunteer();
  clock_->Set(std::chrono::system_clock::from_time_t(1718424000));  // 2024-06-15
  AwardHours(v, 20);                                                // earned in 2024
  clock_->Set(std::chrono::system_clock::from_time_t(1749960000));  // 2025-06-15
  AwardHours(v, 10);                                                // earned in 2025
  pb::Reward reward = NewReward("expiry-" + v, 15, 5);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, reward.reward_id(), 1, &order).ok());  // spends 15 of 2024's 20
  clock_->Set(kStart);                                         // 2026
  pb::RunExpiryRequest run;
  run.set_request_id(NextId());
  run.set_year(2024);
  pb::RunExpiryResponse result;
  EXPECT_EQ(Call(&Stub::RunExpiry, AdminA(), run, &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  EXPECT_EQ(Balance(v), 10);  // 5 of 2024 expired; 2025's 10 stay until the end of 2026
  run.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  EXPECT_EQ(result.points_expired(), 0);
  EXPECT_EQ(Balance(v), 10);
  run.set_request_id(NextId());
  run.set_year(2025);
  EXPECT_EQ(Call(&Stub::RunExpiry, System(), run, &result).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ExpectConsistent();
}

TEST_F(LedgerTest, SuccessiveExpiriesNeverTakeTheSamePointsTwice) {
  std::string v = NewVolunteer();
  clock_->Set(std::chrono::system_clock::from_time_t(1686801600));  // 2023-06-15
  AwardHours(v, 10);
  clock_->Set(std::chrono::system_clock::from_time_t(1749960000));  // 2025-06-15
  AwardHours(v, 10);
  clock_->Set(kStart);
  for (int year : {2023, 2024}) {
    pb::RunExpiryRequest run;
    run.set_request_id(NextId());
    run.set_year(year);
    pb::RunExpiryResponse result;
    ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  }
  EXPECT_EQ(Balance(v), 10);  // 2023's points went; 2025's stay until the end of 2026
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
