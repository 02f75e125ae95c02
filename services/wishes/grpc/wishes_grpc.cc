#include "services/wishes/grpc/wishes_grpc.h"

#include "services/common/clock.h"
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "tongxin/points/v1/points.pb.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::wishes {
namespace {

void ToProto(const Wish& in, pb::Wish* out) {
  out->set_wish_id(in.wish_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_category(static_cast<pb::Category>(in.category));
  out->set_description(in.description);
  out->set_estimated_value(in.estimated_value);
  out->set_photo_url(in.photo_url);
  out->set_wisher_name_masked(in.wisher_name_masked);
  out->set_wisher_name(in.wisher_name);        // empty unless the domain revealed it
  out->set_wisher_contact(in.wisher_contact);  // likewise
  out->set_state(static_cast<pb::WishState>(in.state));
  out->set_claimer_id(in.claimer_id);
  out->set_claimer_name(in.claimer_name);
  if (in.claim_deadline) SetTimestamp(out->mutable_claim_deadline(), *in.claim_deadline);
  out->set_fulfil_note(in.fulfil_note);
  out->set_fulfil_photo_url(in.fulfil_photo_url);
  out->set_service_hours(in.service_hours);
  out->set_reason(in.reason);
  out->set_submitted_by(in.submitted_by);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.publish_time) SetTimestamp(out->mutable_publish_time(), *in.publish_time);
}

// The wall shows the wish, its community and grid, and a masked name: nothing else.
void ToWallItem(const Wish& in, pb::WallItem* out) {
  out->set_wish_id(in.wish_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_category(static_cast<pb::Category>(in.category));
  out->set_description(in.description);
  out->set_estimated_value(in.estimated_value);
  out->set_photo_url(in.photo_url);
  out->set_wisher_name_masked(in.wisher_name_masked);
  if (in.publish_time) SetTimestamp(out->mutable_publish_time(), *in.publish_time);
}

}  // namespace

absl::Status EnqueueConfirmationEvents(Tx& tx, const Wish& wish) {
  const std::string source_ref = "wish:" + wish.wish_id;
  points::v1::AwardRequest award;
  OutboxEvent points;
  points.event_id = NewEventId();
  award.set_request_id(points.event_id);
  award.set_volunteer_id(wish.claimer_id);
  award.set_volunteer_name(wish.claimer_name);
  award.set_community_id(wish.community_id);
  award.set_party_member(wish.claimer_party_member);
  award.set_activity(points::v1::ACTIVITY_WISH);
  award.set_source_ref(source_ref);
  award.set_description("微心愿");
  points.destination = kPointsDestination;
  points.method = "/tongxin.points.v1.PointsService/Award";
  points.payload = award.SerializeAsString();
  EnqueueOutboxEvent(tx, points);
  if (wish.service_hours > 0) {
    volunteer::v1::RecordServiceRequest record;
    OutboxEvent hours;
    hours.event_id = NewEventId();
    record.set_request_id(hours.event_id);
    record.set_volunteer_id(wish.claimer_id);
    record.set_hours(wish.service_hours);
    record.set_service_date(ChinaDate(*wish.confirm_time));
    record.set_organiser("微心愿");
    record.set_organiser_region_id(wish.community_id);
    record.set_source(volunteer::v1::SERVICE_SOURCE_WISH);
    record.set_source_ref(source_ref);
    hours.destination = kVolunteerDestination;
    hours.method = "/tongxin.volunteer.v1.VolunteerService/RecordService";
    hours.payload = record.SerializeAsString();
    EnqueueOutboxEvent(tx, hours);
  }
  return absl::OkStatus();
}

WishesGrpc::WishesGrpc(WishesDomain& domain, const clients::VolunteerDirectory& volunteers, Db& db,
                       const RpcRunner& runner, const PersonalDataCipher& cipher)
    : RpcHandlers(db, runner, &cipher), domain_(domain), volunteers_(volunteers) {
  PrepareOutbox(db);
}

WishesGrpc::Reactor* WishesGrpc::SubmitWish(Ctx* ctx, const pb::SubmitWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "SubmitWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Submission in{req->community_id(), req->grid_id(),         req->category(),
                  req->description(),  req->estimated_value(), req->photo_url(),
                  req->wisher_name(),  req->wisher_contact(),  req->wisher_title()};
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Submit(tx, call.principal, in));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetWish(Ctx* ctx, const pb::GetWishRequest* req, pb::Wish* resp) {
  return Query(ctx, "GetWish", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Get(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ReviewWish(Ctx* ctx, const pb::ReviewWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "ReviewWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Review(tx, call.principal, req->wish_id(),
                                                  req->approve(), req->reason()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ListWall(Ctx* ctx, const pb::ListWallRequest* req,
                                          pb::ListWallResponse* resp) {
  return Query(ctx, "ListWall", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto wall,
                        domain_.Wall(tx, call.principal, req->region_id(), req->category(), page));
    FillPage(wall, resp, [](auto* out, const auto& item) { ToWallItem(item, out->add_wishes()); });
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ListWishes(Ctx* ctx, const pb::ListWishesRequest* req,
                                            pb::ListWishesResponse* resp) {
  return Query(ctx, "ListWishes", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    if (req->state() < 0 || req->state() > 8) {
      return absl::InvalidArgumentError("state: unknown value");
    }
    TX_ASSIGN_OR_RETURN(
        auto wishes, domain_.List(tx, call.principal, req->region_id(),
                                  static_cast<WishState>(req->state()), req->claimer_id(), page));
    FillPage(wishes, resp, [](auto* out, const auto& item) { ToProto(item, out->add_wishes()); });
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ClaimWish(Ctx* ctx, const pb::ClaimWishRequest* req,
                                           pb::Wish* resp) {
  auto volunteer = std::make_shared<clients::VolunteerInfo>();
  // Asked first, outside the transaction, with the caller's deadline: down means UNAVAILABLE.
  auto before = [=, this](const CallContext& call) -> absl::Status {
    if (!req->unit_name().empty()) return absl::OkStatus();  // no volunteer to look up
    TX_RETURN_IF_ERROR(domain_.CheckClaimCaller(call.principal, req->volunteer_id()));
    TX_ASSIGN_OR_RETURN(*volunteer,
                        volunteers_.Lookup(req->volunteer_id(), call.deadline, "volunteer_id"));
    return absl::OkStatus();
  };
  return Mutate(
      ctx, "ClaimWish", req, resp,
      [=, this](const CallContext& call, Tx& tx) {
        if (!req->unit_name().empty() && !req->volunteer_id().empty()) {
          return absl::InvalidArgumentError("unit_name: give a volunteer_id or a unit_name");
        }
        TX_ASSIGN_OR_RETURN(
            auto wish,
            req->unit_name().empty()
                ? domain_.Claim(tx, call.principal, req->wish_id(), *volunteer)
                : domain_.ClaimForUnit(tx, call.principal, req->wish_id(), req->unit_name()));
        ToProto(wish, resp);
        return absl::OkStatus();
      },
      before);
}

WishesGrpc::Reactor* WishesGrpc::ReleaseClaim(Ctx* ctx, const pb::ReleaseClaimRequest* req,
                                              pb::Wish* resp) {
  return Mutate(ctx, "ReleaseClaim", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Release(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::FulfilWish(Ctx* ctx, const pb::FulfilWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "FulfilWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Fulfil(tx, call.principal, req->wish_id(), req->note(),
                                                  req->photo_url(), req->service_hours()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ConfirmWish(Ctx* ctx, const pb::ConfirmWishRequest* req,
                                             pb::Wish* resp) {
  return Mutate(ctx, "ConfirmWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish,
                        domain_.Confirm(tx, call.principal, req->wish_id(), req->confirm(),
                                        req->reason(), EnqueueConfirmationEvents));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::WithdrawWish(Ctx* ctx, const pb::WithdrawWishRequest* req,
                                              pb::Wish* resp) {
  return Mutate(ctx, "WithdrawWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Withdraw(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::CancelWish(Ctx* ctx, const pb::CancelWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "CancelWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish,
                        domain_.Cancel(tx, call.principal, req->wish_id(), req->reason()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ReleaseExpiredClaims(Ctx* ctx,
                                                      const pb::ReleaseExpiredClaimsRequest* req,
                                                      pb::ReleaseExpiredClaimsResponse* resp) {
  return Mutate(ctx, "ReleaseExpiredClaims", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(int released, domain_.ReleaseExpiredClaims(tx, call.principal));
    resp->set_released(released);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetHistory(Ctx* ctx, const pb::GetHistoryRequest* req,
                                            pb::History* resp) {
  return Query(ctx, "GetHistory", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto history, domain_.History(tx, call.principal, req->wish_id()));
    for (const auto& e : history) {
      auto* out = resp->add_entries();
      out->set_from_state(static_cast<pb::WishState>(e.from));
      out->set_to_state(static_cast<pb::WishState>(e.to));
      out->set_actor(e.actor);
      out->set_note(e.note);
      SetTimestamp(out->mutable_time(), e.at);
    }
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetStatistics(Ctx* ctx, const pb::GetStatisticsRequest* req,
                                               pb::Statistics* resp) {
  return Query(ctx, "GetStatistics", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto stats, domain_.Stats(tx, call.principal, req->region_id()));
    resp->set_region_id(stats.region_id);
    for (auto [state, count] : stats.by_state) {
      auto* out = resp->add_by_state();
      out->set_state(static_cast<pb::WishState>(state));
      out->set_count(count);
    }
    for (auto [category, count] : stats.by_category) {
      auto* out = resp->add_by_category();
      out->set_category(static_cast<pb::Category>(category));
      out->set_count(count);
    }
    resp->set_claim_rate(stats.claim_rate);
    resp->set_fulfilment_rate(stats.fulfilment_rate);
    resp->set_median_hours_publish_to_claim(stats.median_hours_publish_to_claim);
    resp->set_median_hours_claim_to_confirm(stats.median_hours_claim_to_confirm);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::wishes
