// Commendation rounds over real gRPC on a real PostgreSQL: a round from creation through the
// notice and objections to final, and the rules other than top N.
#include <gtest/gtest.h>

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
  EXPECT_NE(exported.csv().find("撤销"), std::string::npos);
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

}  // namespace
}  // namespace tongxin::points
