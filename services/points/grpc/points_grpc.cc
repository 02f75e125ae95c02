#include "services/points/grpc/points_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"

namespace tongxin::points {
namespace {

// Timestamps a store could mean: 2000 to 2100.
absl::StatusOr<Time> FromProtoTime(const google::protobuf::Timestamp& t, const char* field) {
  if (t.seconds() < 946684800 || t.seconds() > 4102444800 || t.nanos() < 0) {
    return absl::InvalidArgumentError(std::string(field) + ": must be between 2000 and 2100");
  }
  return FromEpochMicros(t.seconds() * 1000000 + t.nanos() / 1000);
}

void ToProto(const Transfer& in, const std::string& viewer_account, pb::Transfer* out) {
  out->set_transfer_id(in.transfer_id);
  out->set_from_account(in.from_account);
  out->set_to_account(in.to_account);
  out->set_amount(in.amount);
  out->set_kind(static_cast<pb::TransferKind>(in.kind));
  out->set_source_ref(in.source_ref);
  out->set_actor(in.actor);
  out->set_reason(in.reason);
  out->set_region_id(in.region_id);
  out->set_reverses_transfer_id(in.reverses_transfer_id);
  if (!viewer_account.empty()) {
    out->set_signed_amount(in.to_account == viewer_account ? in.amount : -in.amount);
  }
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Reward& in, pb::Reward* out) {
  out->set_reward_id(in.reward_id);
  out->set_region_id(in.region_id);
  out->set_name(in.name);
  out->set_description(in.description);
  out->set_price(in.price);
  out->set_stock(in.stock);
  out->set_per_person_limit(in.per_person_limit);
  out->set_limit_period(static_cast<pb::LimitPeriod>(in.limit_period));
  SetTimestamp(out->mutable_active_from(), in.active_from);
  if (in.active_until) SetTimestamp(out->mutable_active_until(), *in.active_until);
  out->set_active(in.active);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

// The pickup code is shown to the volunteer who ordered it only: whoever hands the goods out
// must hear it from them.
void ToProto(const Order& in, const Principal& viewer, pb::Order* out) {
  out->set_order_id(in.order_id);
  out->set_reward_id(in.reward_id);
  out->set_reward_name(in.reward_name);
  out->set_region_id(in.region_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_quantity(in.quantity);
  out->set_points(in.points);
  out->set_status(static_cast<pb::OrderStatus>(in.status));
  if (viewer.subject == in.volunteer_id) out->set_pickup_code(in.pickup_code);
  out->set_cancel_reason(in.cancel_reason);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.close_time) SetTimestamp(out->mutable_close_time(), *in.close_time);
}

void ToProto(const EarningRules& in, pb::EarningRules* out) {
  out->set_region_id(in.region_id);
  out->set_points_per_hour(in.points_per_hour);
  for (const auto& [type, rate] : in.points_per_hour_by_post_type) {
    (*out->mutable_points_per_hour_by_post_type())[type] = rate;
  }
  out->set_wish_points(in.wish_points);
  out->set_activity_cap(in.activity_cap);
  SetTimestamp(out->mutable_update_time(), in.update_time);
  out->set_updated_by(in.updated_by);
}

void ToProto(const Objection& in, pb::Objection* out) {
  out->set_objection_id(in.objection_id);
  out->set_round_id(in.round_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_lodged_by(in.lodged_by);
  out->set_text(in.text);
  out->set_resolved(in.resolved);
  out->set_upheld(in.upheld);
  out->set_resolution(in.resolution);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Round& in, pb::Round* out) {
  out->set_round_id(in.round_id);
  out->set_title(in.title);
  out->set_region_id(in.region_id);
  out->set_period_kind(static_cast<pb::PeriodKind>(in.period_kind));
  out->set_period(in.period);
  out->set_party_members_only(in.party_members_only);
  out->set_rule(static_cast<pb::RuleKind>(in.rule));
  out->set_rule_value(in.rule_value);
  out->set_rule_tier(in.rule_tier);
  out->set_status(static_cast<pb::RoundStatus>(in.status));
  for (const auto& c : in.candidates) {
    auto* candidate = out->add_candidates();
    candidate->set_rank(c.rank);
    candidate->set_volunteer_id(c.volunteer_id);
    candidate->set_points(c.points);
    candidate->set_decision(static_cast<pb::CandidateDecision>(c.decision));
    candidate->set_reason(c.reason);
    candidate->set_name(c.name);
    candidate->set_community_id(c.community_id);
  }
  for (const auto& o : in.objections) ToProto(o, out->add_objections());
  if (in.notice_until) SetTimestamp(out->mutable_notice_until(), *in.notice_until);
  out->set_notice_working_days(in.notice_working_days);
  out->set_created_by(in.created_by);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.final_time) SetTimestamp(out->mutable_final_time(), *in.final_time);
}

template <typename DomainEnum>
absl::StatusOr<DomainEnum> EnumFrom(int value, int min, int max, const char* field) {
  if (value < min || value > max) {
    return absl::InvalidArgumentError(std::string(field) + ": unknown value");
  }
  return static_cast<DomainEnum>(value);
}

}  // namespace

PointsGrpc::PointsGrpc(PointsDomain& domain, Db& db, const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr), domain_(domain) {}

// ---- ledger ----

PointsGrpc::Reactor* PointsGrpc::Award(Ctx* ctx, const pb::AwardRequest* req,
                                       pb::AwardResponse* resp) {
  return Mutate(ctx, "Award", req, resp, [=, this](const CallContext& call, Tx& tx) {
    AwardInput in;
    in.volunteer_id = req->volunteer_id();
    in.volunteer_name = req->volunteer_name();
    in.community_id = req->community_id();
    in.party_member = req->party_member();
    TX_ASSIGN_OR_RETURN(in.activity, EnumFrom<Activity>(req->activity(), 0, 3, "activity"));
    in.hours = req->hours();
    in.post_type = req->post_type();
    in.source_ref = req->source_ref();
    in.description = req->description();
    TX_ASSIGN_OR_RETURN(AwardResult result, domain_.Award(tx, call.principal, in));
    resp->set_points(result.points);
    resp->set_capped(result.capped);
    if (result.transfer) ToProto(*result.transfer, "", resp->mutable_transfer());
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::Adjust(Ctx* ctx, const pb::AdjustRequest* req,
                                        pb::Transfer* resp) {
  return Mutate(ctx, "Adjust", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto transfer,
                        domain_.Adjust(tx, call.principal, req->volunteer_id(), req->community_id(),
                                       req->amount(), req->reason()));
    ToProto(transfer, VolunteerAccount(req->volunteer_id()), resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ReverseTransfer(Ctx* ctx, const pb::ReverseTransferRequest* req,
                                                 pb::Transfer* resp) {
  return Mutate(ctx, "ReverseTransfer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto transfer,
                        domain_.Reverse(tx, call.principal, req->transfer_id(), req->reason()));
    ToProto(transfer, "", resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetBalance(Ctx* ctx, const pb::GetBalanceRequest* req,
                                            pb::Balance* resp) {
  return Query(ctx, "GetBalance", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto view, domain_.GetBalance(tx, call.principal, req->volunteer_id()));
    resp->set_volunteer_id(view.volunteer_id);
    resp->set_balance(view.balance);
    resp->set_earned_total(view.earned_total);
    resp->set_tier(view.tier);
    resp->set_next_tier(view.next_tier);
    resp->set_points_to_next_tier(view.points_to_next_tier);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListTransfers(Ctx* ctx, const pb::ListTransfersRequest* req,
                                               pb::ListTransfersResponse* resp) {
  return Query(ctx, "ListTransfers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto transfers,
                        domain_.ListTransfers(tx, call.principal, req->volunteer_id(), page));
    for (const auto& t : transfers.items) {
      ToProto(t, VolunteerAccount(req->volunteer_id()), resp->add_transfers());
    }
    resp->set_next_page_token(transfers.next_page_token);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::CheckConsistency(Ctx* ctx, const pb::CheckConsistencyRequest* req,
                                                  pb::ConsistencyReport* resp) {
  return Query(
      ctx, "CheckConsistency",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto report,
                            domain_.CheckConsistency(tx, call.principal, req->region_id()));
        resp->set_consistent(report.consistent());
        resp->set_accounts_checked(report.accounts_checked);
        resp->set_transfers_checked(report.transfers_checked);
        resp->set_ledger_sum(report.ledger_sum);
        resp->set_negative_volunteer_balances(report.negative_volunteer_balances);
        for (const auto& m : report.mismatches) {
          auto* out = resp->add_mismatches();
          out->set_account(m.account);
          out->set_balance(m.balance);
          out->set_sum_of_transfers(m.sum_of_transfers);
        }
        return absl::OkStatus();
      },
      // One snapshot: balances and transfers are compared as of the same instant.
      Isolation::kRepeatableRead);
}

PointsGrpc::Reactor* PointsGrpc::GetEarningRules(Ctx* ctx, const pb::GetEarningRulesRequest* req,
                                                 pb::EarningRules* resp) {
  return Query(ctx, "GetEarningRules", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto rules, domain_.GetRules(tx, call.principal, req->region_id()));
    ToProto(rules, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::UpdateEarningRules(Ctx* ctx,
                                                    const pb::UpdateEarningRulesRequest* req,
                                                    pb::EarningRules* resp) {
  return Mutate(ctx, "UpdateEarningRules", req, resp, [=, this](const CallContext& call, Tx& tx) {
    EarningRules rules;
    rules.region_id = req->rules().region_id();
    rules.points_per_hour = req->rules().points_per_hour();
    for (const auto& [type, rate] : req->rules().points_per_hour_by_post_type()) {
      rules.points_per_hour_by_post_type[type] = rate;
    }
    rules.wish_points = req->rules().wish_points();
    rules.activity_cap = req->rules().activity_cap();
    TX_ASSIGN_OR_RETURN(auto saved, domain_.UpdateRules(tx, call.principal, rules, req->reason()));
    ToProto(saved, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::RunExpiry(Ctx* ctx, const pb::RunExpiryRequest* req,
                                           pb::RunExpiryResponse* resp) {
  return Mutate(ctx, "RunExpiry", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto result, domain_.RunExpiry(tx, call.principal, req->year()));
    resp->set_volunteers_expired(result.volunteers);
    resp->set_points_expired(result.points);
    return absl::OkStatus();
  });
}

// ---- store ----

PointsGrpc::Reactor* PointsGrpc::CreateReward(Ctx* ctx, const pb::CreateRewardRequest* req,
                                              pb::Reward* resp) {
  return Mutate(ctx, "CreateReward", req, resp, [=, this](const CallContext& call, Tx& tx) {
    const pb::Reward& r = req->reward();
    Reward reward;
    reward.region_id = r.region_id();
    reward.name = r.name();
    reward.description = r.description();
    reward.price = r.price();
    reward.stock = r.stock();
    reward.per_person_limit = r.per_person_limit();
    TX_ASSIGN_OR_RETURN(reward.limit_period,
                        EnumFrom<LimitPeriod>(r.limit_period(), 0, 3, "reward.limit_period"));
    if (r.has_active_from()) {
      TX_ASSIGN_OR_RETURN(reward.active_from, FromProtoTime(r.active_from(), "reward.active_from"));
    }
    if (r.has_active_until()) {
      TX_ASSIGN_OR_RETURN(reward.active_until,
                          FromProtoTime(r.active_until(), "reward.active_until"));
    }
    reward.active = true;
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateReward(tx, call.principal, reward));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::RestockReward(Ctx* ctx, const pb::RestockRewardRequest* req,
                                               pb::Reward* resp) {
  return Mutate(ctx, "RestockReward", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto reward,
                        domain_.Restock(tx, call.principal, req->reward_id(), req->add_units()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::SetRewardActive(Ctx* ctx, const pb::SetRewardActiveRequest* req,
                                                 pb::Reward* resp) {
  return Mutate(ctx, "SetRewardActive", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto reward, domain_.SetRewardActive(tx, call.principal, req->reward_id(), req->active()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetReward(Ctx* ctx, const pb::GetRewardRequest* req,
                                           pb::Reward* resp) {
  return Query(ctx, "GetReward", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto reward, domain_.GetReward(tx, call.principal, req->reward_id()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListRewards(Ctx* ctx, const pb::ListRewardsRequest* req,
                                             pb::ListRewardsResponse* resp) {
  return Query(ctx, "ListRewards", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto rewards, domain_.ListRewards(tx, call.principal, req->region_id(),
                                                          req->active_only(), page));
    FillPage(rewards, resp, [](auto* out, const auto& item) { ToProto(item, out->add_rewards()); });
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::Redeem(Ctx* ctx, const pb::RedeemRequest* req, pb::Order* resp) {
  return Mutate(ctx, "Redeem", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto order, domain_.Redeem(tx, call.principal, req->volunteer_id(),
                                                   req->reward_id(), req->quantity()));
    ToProto(order, call.principal, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::CollectOrder(Ctx* ctx, const pb::CollectOrderRequest* req,
                                              pb::Order* resp) {
  return Mutate(ctx, "CollectOrder", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto order,
                        domain_.Collect(tx, call.principal, req->order_id(), req->pickup_code()));
    ToProto(order, call.principal, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::CancelOrder(Ctx* ctx, const pb::CancelOrderRequest* req,
                                             pb::Order* resp) {
  return Mutate(ctx, "CancelOrder", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto order,
                        domain_.Cancel(tx, call.principal, req->order_id(), req->reason()));
    ToProto(order, call.principal, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListOrders(Ctx* ctx, const pb::ListOrdersRequest* req,
                                            pb::ListOrdersResponse* resp) {
  return Query(ctx, "ListOrders", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    std::optional<OrderStatus> status;
    if (req->status() != pb::ORDER_STATUS_UNSPECIFIED) {
      TX_ASSIGN_OR_RETURN(status, EnumFrom<OrderStatus>(req->status(), 1, 3, "status"));
    }
    TX_ASSIGN_OR_RETURN(auto orders, domain_.ListOrders(tx, call.principal, req->volunteer_id(),
                                                        req->region_id(), status, page));
    FillPage(orders, resp, [&call](auto* out, const auto& item) {
      ToProto(item, call.principal, out->add_orders());
    });
    return absl::OkStatus();
  });
}

// ---- rankings and tiers ----

PointsGrpc::Reactor* PointsGrpc::GetLeaderboard(Ctx* ctx, const pb::GetLeaderboardRequest* req,
                                                pb::Leaderboard* resp) {
  return Query(ctx, "GetLeaderboard", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto kind, EnumFrom<PeriodKind>(req->period_kind(), 0, 4, "period_kind"));
    std::string period = req->period();
    TX_ASSIGN_OR_RETURN(auto entries,
                        domain_.Leaderboard(tx, call.principal, req->region_id(), kind, &period,
                                            req->party_members_only(), req->limit()));
    resp->set_region_id(req->region_id());
    resp->set_period_kind(req->period_kind());
    resp->set_period(period);
    for (const auto& e : entries) {
      auto* out = resp->add_entries();
      out->set_rank(e.rank);
      out->set_volunteer_id(e.volunteer_id);
      out->set_points(e.points);
      out->set_community_id(e.community_id);
      out->set_name(e.name);
    }
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetTiers(Ctx* ctx, const pb::GetTiersRequest*, pb::Tiers* resp) {
  return Query(ctx, "GetTiers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto tiers, domain_.GetTiers(tx, call.principal));
    for (const auto& t : tiers) {
      auto* out = resp->add_tiers();
      out->set_name(t.name);
      out->set_min_points(t.min_points);
    }
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::UpdateTiers(Ctx* ctx, const pb::UpdateTiersRequest* req,
                                             pb::Tiers* resp) {
  return Mutate(ctx, "UpdateTiers", req, resp, [=, this](const CallContext& call, Tx& tx) {
    std::vector<Tier> tiers;
    for (const auto& t : req->tiers()) tiers.push_back({t.name(), t.min_points()});
    TX_ASSIGN_OR_RETURN(auto saved, domain_.UpdateTiers(tx, call.principal, tiers));
    for (const auto& t : saved) {
      auto* out = resp->add_tiers();
      out->set_name(t.name);
      out->set_min_points(t.min_points);
    }
    return absl::OkStatus();
  });
}

// ---- commendation rounds ----

PointsGrpc::Reactor* PointsGrpc::CreateRound(Ctx* ctx, const pb::CreateRoundRequest* req,
                                             pb::Round* resp) {
  return Mutate(ctx, "CreateRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    const pb::Round& r = req->round();
    Round round;
    round.title = r.title();
    round.region_id = r.region_id();
    TX_ASSIGN_OR_RETURN(round.period_kind,
                        EnumFrom<PeriodKind>(r.period_kind(), 0, 4, "round.period_kind"));
    round.period = r.period();
    round.party_members_only = r.party_members_only();
    TX_ASSIGN_OR_RETURN(round.rule, EnumFrom<RuleKind>(r.rule(), 0, 3, "round.rule"));
    round.rule_value = r.rule_value();
    round.rule_tier = r.rule_tier();
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateRound(tx, call.principal, round));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetRound(Ctx* ctx, const pb::GetRoundRequest* req,
                                          pb::Round* resp) {
  return Query(ctx, "GetRound", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round, domain_.GetRound(tx, call.principal, req->round_id()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListRounds(Ctx* ctx, const pb::ListRoundsRequest* req,
                                            pb::ListRoundsResponse* resp) {
  return Query(ctx, "ListRounds", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto rounds,
                        domain_.ListRounds(tx, call.principal, req->region_id(), page));
    FillPage(rounds, resp, [](auto* out, const auto& item) { ToProto(item, out->add_rounds()); });
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::DecideCandidate(Ctx* ctx, const pb::DecideCandidateRequest* req,
                                                 pb::Round* resp) {
  return Mutate(ctx, "DecideCandidate", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto decision, EnumFrom<Decision>(req->decision(), 2, 3, "decision"));
    TX_ASSIGN_OR_RETURN(auto round,
                        domain_.DecideCandidate(tx, call.principal, req->round_id(),
                                                req->volunteer_id(), decision, req->reason()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::PublishRound(Ctx* ctx, const pb::PublishRoundRequest* req,
                                              pb::Round* resp) {
  return Mutate(ctx, "PublishRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round, domain_.PublishRound(tx, call.principal, req->round_id(),
                                                         req->notice_working_days()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::LodgeObjection(Ctx* ctx, const pb::LodgeObjectionRequest* req,
                                                pb::Objection* resp) {
  return Mutate(ctx, "LodgeObjection", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto objection, domain_.LodgeObjection(tx, call.principal, req->round_id(),
                                                               req->volunteer_id(), req->text()));
    ToProto(objection, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ResolveObjection(Ctx* ctx, const pb::ResolveObjectionRequest* req,
                                                  pb::Round* resp) {
  return Mutate(ctx, "ResolveObjection", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto round, domain_.ResolveObjection(tx, call.principal, req->objection_id(), req->upheld(),
                                             req->resolution()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::FinalizeRound(Ctx* ctx, const pb::FinalizeRoundRequest* req,
                                               pb::Round* resp) {
  return Mutate(ctx, "FinalizeRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round, domain_.FinalizeRound(tx, call.principal, req->round_id()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListCommendations(Ctx* ctx,
                                                   const pb::ListCommendationsRequest* req,
                                                   pb::ListCommendationsResponse* resp) {
  return Query(ctx, "ListCommendations", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto list,
                        domain_.ListCommendations(tx, call.principal, req->volunteer_id()));
    for (const auto& c : list) {
      auto* out = resp->add_commendations();
      out->set_round_id(c.round_id);
      out->set_title(c.title);
      out->set_region_id(c.region_id);
      out->set_period(c.period);
      out->set_volunteer_id(c.volunteer_id);
      out->set_points(c.points);
      out->set_rank(c.rank);
      SetTimestamp(out->mutable_final_time(), c.final_time);
    }
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ExportRound(Ctx* ctx, const pb::ExportRoundRequest* req,
                                             pb::ExportRoundResponse* resp) {
  return Query(ctx, "ExportRound", [=, this](const CallContext& call, Tx& tx) {
    std::string filename;
    TX_ASSIGN_OR_RETURN(auto csv,
                        domain_.ExportRoundCsv(tx, call.principal, req->round_id(), &filename));
    resp->set_filename(filename);
    resp->set_csv(csv);
    return absl::OkStatus();
  });
}

// ---- statistics ----

PointsGrpc::Reactor* PointsGrpc::GetPointsStatistics(Ctx* ctx,
                                                     const pb::GetPointsStatisticsRequest* req,
                                                     pb::PointsStatistics* resp) {
  return Query(
      ctx, "GetPointsStatistics",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto statistics, domain_.GetStatistics(tx, call.principal,
                                                                   req->region_id(), req->month()));
        resp->set_region_id(statistics.region_id);
        resp->set_month(statistics.month);
        resp->set_points_issued(statistics.earned.points);
        resp->set_earners(statistics.earned.earners);
        resp->set_points_redeemed(statistics.redeemed.points);
        resp->set_orders(statistics.redeemed.orders);
        return absl::OkStatus();
      },
      // One snapshot: what was earned and what was redeemed are counted as of the same instant.
      Isolation::kRepeatableRead);
}

}  // namespace tongxin::points
