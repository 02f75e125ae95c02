// Commendation rounds over real gRPC on a real PostgreSQL: a round from creation through the
// notice and objections to final, and the rules other than top N.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class RoundsTest : public PointsTest {};

TEST_F(RoundsTest, CommendationRoundFromCreationToFinal) {
  const std::string community = "411502001008";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-8", {community});
  // Top 2 with a tie for second: three candidates.
  for (auto [id, hours] : std::vector<std::pair<std::string, double>>{
           {"cr-1", 24}, {"cr-2", 12}, {"cr-3", 12}, {"cr-4", 3}}) {
    AwardHours(id, hours, community, /*party_member=*/true);
  }
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年度优秀共产党员推荐");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_YEAR);
  r->set_period("2026");
  r->set_party_members_only(true);
  r->set_rule(pb::RULE_KIND_TOP_N);
  r->set_rule_value(2);
  pb::Round round;
  EXPECT_EQ(Call(&Stub::CreateRound, AdminA(), create, &round).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 3);
  EXPECT_EQ(round.candidates(0).volunteer_id(), "cr-1");
  EXPECT_EQ(round.candidates(1).rank(), 2);
  EXPECT_EQ(round.candidates(2).rank(), 2);
  EXPECT_EQ(round.status(), pb::ROUND_STATUS_PROPOSED);

  auto decide = [&](const std::string& volunteer, pb::CandidateDecision decision,
                    const std::string& reason) {
    pb::DecideCandidateRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round.round_id());
    request.set_volunteer_id(volunteer);
    request.set_decision(decision);
    request.set_reason(reason);
    pb::Round out;
    grpc::Status status = Call(&Stub::DecideCandidate, admin, request, &out);
    if (status.ok()) round = out;
    return status.error_code();
  };
  pb::PublishRoundRequest publish;
  publish.set_request_id(NextId());
  publish.set_round_id(round.round_id());
  pb::Round published;
  EXPECT_EQ(decide("cr-3", pb::CANDIDATE_DECISION_STRUCK, ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(decide("cr-1", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::OK);
  EXPECT_EQ(Call(&Stub::PublishRound, admin, publish, &published).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // two still undecided
  EXPECT_EQ(decide("cr-2", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::OK);
  EXPECT_EQ(decide("cr-3", pb::CANDIDATE_DECISION_STRUCK, "本年度有群众投诉未处理完毕"),
            grpc::StatusCode::OK);
  EXPECT_EQ(decide("cr-4", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::NOT_FOUND);
  publish.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::PublishRound, admin, publish, &published).ok());
  EXPECT_EQ(published.status(), pb::ROUND_STATUS_IN_NOTICE);
  // Monday + 5 working days = next Monday.
  EXPECT_EQ(published.notice_until().seconds(),
            std::chrono::system_clock::to_time_t(kStart + std::chrono::hours(24 * 7)));
  EXPECT_EQ(decide("cr-1", pb::CANDIDATE_DECISION_STRUCK, "too late"),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::LodgeObjectionRequest object;
  object.set_request_id(NextId());
  object.set_round_id(round.round_id());
  object.set_volunteer_id("cr-2");
  object.set_text("该同志服务时长有虚报");
  pb::Objection objection;
  ASSERT_TRUE(Call(&Stub::LodgeObjection, Self("resident-1"), object, &objection).ok());
  object.set_request_id(NextId());
  object.set_volunteer_id("cr-3");  // struck: not on the list
  EXPECT_EQ(Call(&Stub::LodgeObjection, Self("resident-1"), object, &objection).error_code(),
            grpc::StatusCode::NOT_FOUND);

  pb::FinalizeRoundRequest finalize;
  finalize.set_request_id(NextId());
  finalize.set_round_id(round.round_id());
  pb::Round final_round;
  EXPECT_EQ(Call(&Stub::FinalizeRound, admin, finalize, &final_round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // notice not over
  clock_->Advance(std::chrono::hours(24 * 7));
  finalize.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::FinalizeRound, admin, finalize, &final_round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // objection open

  pb::ResolveObjectionRequest resolve;
  resolve.set_request_id(NextId());
  resolve.set_objection_id(objection.objection_id());
  resolve.set_upheld(true);
  resolve.set_resolution("经核实，部分时长重复记录，撤销推荐");
  pb::Round resolved;
  ASSERT_TRUE(Call(&Stub::ResolveObjection, admin, resolve, &resolved).ok());
  finalize.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::FinalizeRound, admin, finalize, &final_round).ok());
  EXPECT_EQ(final_round.status(), pb::ROUND_STATUS_FINAL);

  pb::ListCommendationsRequest mine;
  mine.set_volunteer_id("cr-1");
  pb::ListCommendationsResponse commendations;
  ASSERT_TRUE(Call(&Stub::ListCommendations, Self("cr-1"), mine, &commendations).ok());
  ASSERT_EQ(commendations.commendations_size(), 1);
  EXPECT_EQ(commendations.commendations(0).title(), "2026年度优秀共产党员推荐");
  mine.set_volunteer_id("cr-2");
  ASSERT_TRUE(Call(&Stub::ListCommendations, Self("cr-2"), mine, &commendations).ok());
  EXPECT_EQ(commendations.commendations_size(), 0);

  // Later ledger corrections never change a final round.
  pb::ListTransfersRequest list;
  list.set_volunteer_id("cr-1");
  pb::ListTransfersResponse transfers;
  ASSERT_TRUE(Call(&Stub::ListTransfers, Self("cr-1"), list, &transfers).ok());
  pb::ReverseTransferRequest reverse;
  reverse.set_request_id(NextId());
  reverse.set_transfer_id(transfers.transfers(0).transfer_id());
  reverse.set_reason("更正");
  pb::Transfer reversal;
  ASSERT_TRUE(Call(&Stub::ReverseTransfer, admin, reverse, &reversal).ok());
  pb::GetRoundRequest get;
  get.set_round_id(round.round_id());
  pb::Round after;
  ASSERT_TRUE(Call(&Stub::GetRound, Self("anyone"), get, &after).ok());
  EXPECT_EQ(after.candidates(0).points(), 24);
  EXPECT_EQ(after.status(), pb::ROUND_STATUS_FINAL);
  EXPECT_THROW(database_->Scalar("DELETE FROM commendations RETURNING 1"), std::exception);

  pb::ExportRoundRequest export_request;
  export_request.set_round_id(round.round_id());
  pb::ExportRoundResponse exported;
  ASSERT_TRUE(Call(&Stub::ExportRound, admin, export_request, &exported).ok());
  EXPECT_EQ(exported.csv().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(exported.csv().find("志愿者cr-1"), std::string::npos);
  // Final: the list of the commended; cr-2 (objection upheld) and cr-3 (struck) are not on it.
  EXPECT_EQ(exported.csv().find("撤销"), std::string::npos);
  EXPECT_EQ(exported.csv().find("志愿者cr-2"), std::string::npos);
  EXPECT_EQ(Call(&Stub::ExportRound, AdminA(), export_request, &exported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RoundsTest, RoundsListAndRulesOtherThanTopN) {
  const std::string community = "411502001006";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-6", {community});
  AwardHours("mp-1", 24, community);
  AwardHours("mp-2", 6, community);
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年6月优秀志愿者");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_MONTH);
  r->set_period("2026-06");
  r->set_rule(pb::RULE_KIND_MIN_POINTS);
  r->set_rule_value(10);
  pb::Round round;
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 1);
  EXPECT_EQ(round.candidates(0).volunteer_id(), "mp-1");
  create.set_request_id(NextId());
  r->set_rule(pb::RULE_KIND_MIN_TIER);
  r->set_rule_tier("没有这个等级");
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  create.set_request_id(NextId());
  r->set_rule_tier("志愿者");
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  EXPECT_EQ(round.candidates_size(), 2);
  create.set_request_id(NextId());
  r->set_period("2026-6");
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListRoundsRequest list;
  list.set_region_id(community);
  pb::ListRoundsResponse rounds;
  ASSERT_TRUE(Call(&Stub::ListRounds, Self("anyone"), list, &rounds).ok());
  EXPECT_EQ(rounds.rounds_size(), 2);
}

// Who objected is shown only to admins in scope of the round (and to the objector, for their own
// objection); why a candidate was struck, only to admins in scope until the list is published.
// One caller lodges at most 3 objections per round, also when they send them all at once.
TEST_F(RoundsTest, ObjectorsAndUnpublishedStrikeReasonsAreShownOnlyInScope) {
  const std::string community = "411502001009";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-9", {community});
  const std::string other_admin = AdminA();
  for (auto [id, hours] :
       std::vector<std::pair<std::string, double>>{{"ob-1", 20}, {"ob-2", 15}, {"ob-3", 10}}) {
    AwardHours(id, hours, community);
  }
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年6月优秀志愿者");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_MONTH);
  r->set_period("2026-06");
  r->set_rule(pb::RULE_KIND_TOP_N);
  r->set_rule_value(3);
  pb::Round round;
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 3);
  auto decide = [&](const std::string& volunteer, pb::CandidateDecision decision,
                    const std::string& reason) {
    pb::DecideCandidateRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round.round_id());
    request.set_volunteer_id(volunteer);
    request.set_decision(decision);
    request.set_reason(reason);
    pb::Round out;
    ASSERT_TRUE(Call(&Stub::DecideCandidate, admin, request, &out).ok());
  };
  const std::string kReason = "该同志存在违纪问题正在调查";
  decide("ob-1", pb::CANDIDATE_DECISION_CONFIRMED, "");
  decide("ob-2", pb::CANDIDATE_DECISION_CONFIRMED, "");
  decide("ob-3", pb::CANDIDATE_DECISION_STRUCK, kReason);

  auto get = [&](const std::string& token) {
    pb::GetRoundRequest request;
    request.set_round_id(round.round_id());
    pb::Round out;
    grpc::Status status = Call(&Stub::GetRound, token, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  auto reason_of = [](const pb::Round& seen, const std::string& volunteer) {
    for (const auto& c : seen.candidates()) {
      if (c.volunteer_id() == volunteer) return c.reason();
    }
    return std::string("(absent)");
  };
  // Unpublished: the strike reason is the admins' in scope.
  EXPECT_EQ(reason_of(get(admin), "ob-3"), kReason);
  EXPECT_EQ(reason_of(get(System()), "ob-3"), kReason);
  // Anyone else does not see the struck candidate at all, nor any reason.
  EXPECT_EQ(reason_of(get(Self("ob-3")), "ob-3"), "(absent)");
  EXPECT_EQ(reason_of(get(Self("nosy")), "ob-3"), "(absent)");
  EXPECT_EQ(reason_of(get(other_admin), "ob-3"), "(absent)");
  EXPECT_EQ(reason_of(get(Self("nosy")), "ob-1"), "");

  pb::PublishRoundRequest publish;
  publish.set_request_id(NextId());
  publish.set_round_id(round.round_id());
  ASSERT_TRUE(Call(&Stub::PublishRound, admin, publish, &round).ok());
  // The notice shows the confirmed only: whom the admin struck, and why, stays with the admins.
  EXPECT_EQ(reason_of(get(Self("nosy")), "ob-3"), "(absent)");
  EXPECT_EQ(reason_of(get(admin), "ob-3"), kReason);

  auto lodge = [&](const std::string& who, const std::string& volunteer) {
    pb::LodgeObjectionRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round.round_id());
    request.set_volunteer_id(volunteer);
    request.set_text("群众反映: " + who);
    pb::Objection objection;
    return Call(&Stub::LodgeObjection, Self(who), request, &objection);
  };
  ASSERT_TRUE(lodge("resident-a", "ob-1").ok());
  clock_->Advance(std::chrono::minutes(1));  // objections are listed in the order lodged
  ASSERT_TRUE(lodge("resident-b", "ob-2").ok());
  auto objectors = [&](const std::string& token) {
    std::vector<std::string> seen;
    pb::Round seen_round = get(token);
    for (const auto& o : seen_round.objections()) seen.push_back(o.lodged_by());
    return seen;
  };
  EXPECT_EQ(objectors(admin), (std::vector<std::string>{"resident-a", "resident-b"}));
  EXPECT_EQ(objectors(System()), (std::vector<std::string>{"resident-a", "resident-b"}));
  // Anyone else sees only their own objections: not who else objected, nor what they wrote.
  EXPECT_EQ(objectors(Self("resident-a")), (std::vector<std::string>{"resident-a"}));
  EXPECT_EQ(objectors(Self("ob-1")), (std::vector<std::string>{}));
  EXPECT_EQ(objectors(other_admin), (std::vector<std::string>{}));
  EXPECT_EQ(get(Self("resident-a")).objections(0).text(), "群众反映: resident-a");

  // The cap: three per caller and round, then a clear refusal.
  ASSERT_TRUE(lodge("resident-a", "ob-1").ok());
  ASSERT_TRUE(lodge("resident-a", "ob-2").ok());
  grpc::Status fourth = lodge("resident-a", "ob-2");
  EXPECT_EQ(fourth.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(fourth.error_message().find("at most 3"), std::string::npos) << fourth.error_message();
  EXPECT_TRUE(lodge("resident-b", "ob-1").ok());  // another caller has their own three
  // All at once: still three.
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      grpc::Status status = lodge("resident-c", "ob-1");
      if (status.ok()) {
        ++accepted;
      } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 3);
  EXPECT_EQ(refused.load(), 5);
}

// A rule may not freeze more than 500 candidates: the admin narrows it instead.
TEST_F(RoundsTest, ARoundFreezesAtMostFiveHundredCandidates) {
  const std::string community = "411502001010";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-10", {community});
  for (int i = 0; i < 501; ++i) AwardHours("many-" + std::to_string(i), 1, community);
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年6月全体志愿者");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_MONTH);
  r->set_period("2026-06");
  r->set_rule(pb::RULE_KIND_MIN_POINTS);
  r->set_rule_value(1);
  pb::Round round;
  grpc::Status too_many = Call(&Stub::CreateRound, admin, create, &round);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(too_many.error_message().find("500"), std::string::npos) << too_many.error_message();
  EXPECT_NE(too_many.error_message().find("round.rule"), std::string::npos);
  create.set_request_id(NextId());
  r->set_rule(pb::RULE_KIND_TOP_N);  // all 501 tie for first
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  create.set_request_id(NextId());
  r->set_rule(pb::RULE_KIND_MIN_TIER);
  r->set_rule_tier("志愿者");
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // One more hour for one of them: the top 1 is one candidate.
  AwardHours("many-7", 1, community);
  create.set_request_id(NextId());
  r->set_rule(pb::RULE_KIND_TOP_N);
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 1);
  EXPECT_EQ(round.candidates(0).volunteer_id(), "many-7");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM rounds WHERE region_id = '" + community + "'"),
            "1");
}

}  // namespace
}  // namespace tongxin::points
