#include "services/posts/grpc/posts_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "tongxin/points/v1/points.pb.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::posts {
namespace {

void ToProto(const PostType& in, pb::PostType* out) {
  out->set_code(in.code);
  out->set_name(in.name);
  out->set_category(in.category);
  for (const auto& skill : in.suggested_skills) out->add_suggested_skills(skill);
  out->set_builtin(in.builtin);
}

void ToProto(const Post& in, pb::Post* out) {
  out->set_post_id(in.post_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_type_code(in.type_code);
  out->set_type_name(in.type_name);
  out->set_title(in.title);
  out->set_description(in.description);
  out->set_place(in.place);
  out->set_schedule(in.schedule);
  for (int day : in.weekdays) out->add_weekdays(day);
  out->set_start_time(in.start_time);
  out->set_end_time(in.end_time);
  out->set_capacity(in.capacity);
  out->set_adopted(in.adopted);
  out->set_volunteers_allowed(in.volunteers_allowed);
  out->set_status(static_cast<pb::PostStatus>(in.status()));
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Unit& in, pb::Unit* out) {
  out->set_unit_id(in.unit_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_agreement_date(in.agreement_date);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Adoption& in, pb::Adoption* out) {
  out->set_adoption_id(in.adoption_id);
  out->set_post_id(in.post_id);
  out->set_adopter_kind(static_cast<pb::AdopterKind>(in.adopter_kind));
  out->set_adopter_id(in.adopter_id);
  out->set_adopter_name(in.adopter_name);
  out->set_party_member(in.party_member);
  out->set_status(static_cast<pb::AdoptionStatus>(in.status));
  SetTimestamp(out->mutable_adopt_time(), in.adopt_time);
  if (in.withdraw_time) SetTimestamp(out->mutable_withdraw_time(), *in.withdraw_time);
}

void ToProto(const ServiceLog& in, pb::ServiceLog* out) {
  out->set_log_id(in.log_id);
  out->set_adoption_id(in.adoption_id);
  out->set_post_id(in.post_id);
  out->set_community_id(in.community_id);
  out->set_adopter_id(in.adopter_id);
  out->set_service_date(in.service_date);
  out->set_hours(in.hours);
  out->set_summary(in.summary);
  for (const auto& url : in.photos_before) out->add_photos_before(url);
  for (const auto& url : in.photos_after) out->add_photos_after(url);
  out->set_status(static_cast<pb::LogStatus>(in.status));
  out->set_reviewed_by(in.reviewed_by);
  out->set_review_reason(in.review_reason);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.review_time) SetTimestamp(out->mutable_review_time(), *in.review_time);
}

// At most `max_bytes`, cut on a UTF-8 character boundary (proto3 strings must stay valid UTF-8).
std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

absl::Status EnqueueApprovalEvents(Tx& tx, const ApprovalEffects& effects) {
  if (effects.adoption.adopter_kind != AdopterKind::kVolunteer) return absl::OkStatus();
  const ServiceLog& log = effects.log;
  const std::string source_ref = "post-log:" + log.log_id;

  volunteer::v1::RecordServiceRequest record;
  OutboxEvent hours;
  hours.event_id = NewEventId();
  record.set_request_id(hours.event_id);
  record.set_volunteer_id(log.adopter_id);
  record.set_hours(log.hours);
  record.set_service_date(log.service_date);
  // 谁组织谁记录: the community that runs the post organised, recorded and certifies it.
  record.set_organiser(effects.post.type_name + "岗 · " + Utf8Prefix(effects.post.title, 60));
  record.set_organiser_region_id(log.community_id);
  record.set_source(volunteer::v1::SERVICE_SOURCE_POST_LOG);
  record.set_source_ref(source_ref);
  record.set_description(Utf8Prefix(log.summary, 450));
  hours.destination = kVolunteerDestination;
  hours.method = kRecordServiceMethod;
  hours.payload = record.SerializeAsString();
  EnqueueOutboxEvent(tx, hours);

  points::v1::AwardRequest award;
  OutboxEvent points;
  points.event_id = NewEventId();
  award.set_request_id(points.event_id);
  award.set_volunteer_id(log.adopter_id);
  award.set_volunteer_name(effects.adoption.adopter_name);
  award.set_community_id(log.community_id);
  award.set_party_member(effects.adoption.party_member);
  award.set_activity(points::v1::ACTIVITY_POST_SERVICE);
  award.set_hours(log.hours);
  award.set_post_type(effects.post.type_code);
  award.set_source_ref(source_ref);
  award.set_description(effects.post.type_name);
  points.destination = kPointsDestination;
  points.method = kAwardMethod;
  points.payload = award.SerializeAsString();
  EnqueueOutboxEvent(tx, points);
  return absl::OkStatus();
}

PostsGrpc::PostsGrpc(PostsDomain& domain, const VolunteerDirectory& volunteers, Db& db,
                     const RpcRunner& runner, OutboxRelay* relay)
    : RpcHandlers(db, runner, nullptr), domain_(domain), volunteers_(volunteers), relay_(relay) {
  PrepareOutbox(db);
}

PostsGrpc::Reactor* PostsGrpc::ListPostTypes(Ctx* ctx, const pb::ListPostTypesRequest*,
                                             pb::ListPostTypesResponse* resp) {
  return Query(ctx, "ListPostTypes", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto types, domain_.ListPostTypes(tx, call.principal));
    for (const auto& t : types) ToProto(t, resp->add_post_types());
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreatePostType(Ctx* ctx, const pb::CreatePostTypeRequest* req,
                                              pb::PostType* resp) {
  return Mutate(ctx, "CreatePostType", req, resp, [=, this](const CallContext& call, Tx& tx) {
    PostType type{req->post_type().code(), req->post_type().name(), req->post_type().category(),
                  Strings(req->post_type().suggested_skills()), false};
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreatePostType(tx, call.principal, type));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreatePost(Ctx* ctx, const pb::CreatePostRequest* req,
                                          pb::Post* resp) {
  return Mutate(ctx, "CreatePost", req, resp, [=, this](const CallContext& call, Tx& tx) {
    const pb::Post& p = req->post();
    Post post;
    post.community_id = p.community_id();
    post.grid_id = p.grid_id();
    post.type_code = p.type_code();
    post.title = p.title();
    post.description = p.description();
    post.place = p.place();
    post.schedule = p.schedule();
    post.weekdays.assign(p.weekdays().begin(), p.weekdays().end());
    post.start_time = p.start_time();
    post.end_time = p.end_time();
    post.capacity = p.capacity();
    post.volunteers_allowed = p.volunteers_allowed();
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreatePost(tx, call.principal, post));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::GetPost(Ctx* ctx, const pb::GetPostRequest* req, pb::Post* resp) {
  return Query(ctx, "GetPost", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto post, domain_.GetPost(tx, call.principal, req->post_id()));
    ToProto(post, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListPosts(Ctx* ctx, const pb::ListPostsRequest* req,
                                         pb::ListPostsResponse* resp) {
  return Query(ctx, "ListPosts", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    if (req->status() < 0 || req->status() > 3) {
      return absl::InvalidArgumentError("status: unknown value");
    }
    PostFilter filter{req->region_id(), req->type_code(), static_cast<PostStatus>(req->status()),
                      Strings(req->skills())};
    TX_ASSIGN_OR_RETURN(auto posts, domain_.ListPosts(tx, call.principal, filter, page));
    FillPage(posts, resp, [](auto* out, const auto& item) { ToProto(item, out->add_posts()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::SetPostOpen(Ctx* ctx, const pb::SetPostOpenRequest* req,
                                           pb::Post* resp) {
  return Mutate(ctx, "SetPostOpen", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto post,
                        domain_.SetPostOpen(tx, call.principal, req->post_id(), req->open()));
    ToProto(post, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreateUnit(Ctx* ctx, const pb::CreateUnitRequest* req,
                                          pb::Unit* resp) {
  return Mutate(ctx, "CreateUnit", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Unit unit{"", req->unit().community_id(), req->unit().name(), req->unit().agreement_date(), {}};
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateUnit(tx, call.principal, unit));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListUnits(Ctx* ctx, const pb::ListUnitsRequest* req,
                                         pb::ListUnitsResponse* resp) {
  return Query(ctx, "ListUnits", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto units,
                        domain_.ListUnits(tx, call.principal, req->community_id(), page));
    FillPage(units, resp, [](auto* out, const auto& item) { ToProto(item, out->add_units()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::AdoptPost(Ctx* ctx, const pb::AdoptPostRequest* req,
                                         pb::Adoption* resp) {
  auto kind = std::make_shared<AdopterKind>(AdopterKind::kVolunteer);
  auto volunteer = std::make_shared<std::optional<VolunteerInfo>>();
  // The volunteer service is asked first, outside the transaction, with the caller's deadline.
  auto before = [=, this](const CallContext& call) -> absl::Status {
    if (req->adopter_kind() == pb::ADOPTER_KIND_UNIT) *kind = AdopterKind::kUnit;
    if (req->adopter_kind() < 0 || req->adopter_kind() > 2) {
      return absl::InvalidArgumentError("adopter_kind: unknown value");
    }
    TX_RETURN_IF_ERROR(domain_.CheckAdoptCaller(call.principal, *kind, req->adopter_id()));
    if (*kind == AdopterKind::kVolunteer) {
      TX_ASSIGN_OR_RETURN(*volunteer,
                          volunteers_.Lookup(req->adopter_id(), call.deadline, "adopter_id"));
    }
    return absl::OkStatus();
  };
  return Mutate(
      ctx, "AdoptPost", req, resp,
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto adoption, domain_.AdoptPost(tx, call.principal, req->post_id(),
                                                             *kind, req->adopter_id(), *volunteer));
        ToProto(adoption, resp);
        return absl::OkStatus();
      },
      before);
}

PostsGrpc::Reactor* PostsGrpc::WithdrawAdoption(Ctx* ctx, const pb::WithdrawAdoptionRequest* req,
                                                pb::Adoption* resp) {
  return Mutate(ctx, "WithdrawAdoption", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto adoption,
                        domain_.WithdrawAdoption(tx, call.principal, req->adoption_id()));
    ToProto(adoption, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListAdoptions(Ctx* ctx, const pb::ListAdoptionsRequest* req,
                                             pb::ListAdoptionsResponse* resp) {
  return Query(ctx, "ListAdoptions", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto adoptions,
                        domain_.ListAdoptions(tx, call.principal, req->post_id(), req->adopter_id(),
                                              req->active_only(), page));
    FillPage(adoptions, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_adoptions()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::LogService(Ctx* ctx, const pb::LogServiceRequest* req,
                                          pb::ServiceLog* resp) {
  return Mutate(ctx, "LogService", req, resp, [=, this](const CallContext& call, Tx& tx) {
    LogInput in{req->adoption_id(), req->service_date(),           req->hours(),
                req->summary(),     Strings(req->photos_before()), Strings(req->photos_after())};
    TX_ASSIGN_OR_RETURN(auto log, domain_.LogService(tx, call.principal, in));
    ToProto(log, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ApproveLog(Ctx* ctx, const pb::ReviewLogRequest* req,
                                          pb::ServiceLog* resp) {
  auto* reactor = Mutate(ctx, "ApproveLog", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto log, domain_.ApproveLog(tx, call.principal, req->log_id(), EnqueueApprovalEvents));
    ToProto(log, resp);
    if (relay_) relay_->Notify();  // wakes the relay; it reads only what was committed
    return absl::OkStatus();
  });
  return reactor;
}

PostsGrpc::Reactor* PostsGrpc::RejectLog(Ctx* ctx, const pb::ReviewLogRequest* req,
                                         pb::ServiceLog* resp) {
  return Mutate(ctx, "RejectLog", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto log,
                        domain_.RejectLog(tx, call.principal, req->log_id(), req->reason()));
    ToProto(log, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListLogs(Ctx* ctx, const pb::ListLogsRequest* req,
                                        pb::ListLogsResponse* resp) {
  return Query(ctx, "ListLogs", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    if (req->status() < 0 || req->status() > 3) {
      return absl::InvalidArgumentError("status: unknown value");
    }
    TX_ASSIGN_OR_RETURN(auto logs,
                        domain_.ListLogs(tx, call.principal, req->region_id(), req->adopter_id(),
                                         static_cast<LogStatus>(req->status()), page));
    FillPage(logs, resp, [](auto* out, const auto& item) { ToProto(item, out->add_logs()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::GetOverview(Ctx* ctx, const pb::GetOverviewRequest* req,
                                           pb::Overview* resp) {
  return Query(ctx, "GetOverview", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto overview, domain_.GetOverview(tx, call.principal, req->region_id()));
    resp->set_region_id(overview.region_id);
    for (const auto& t : overview.by_type) {
      auto* out = resp->add_by_type();
      out->set_type_code(t.type_code);
      out->set_type_name(t.type_name);
      out->set_posts(t.posts);
      out->set_capacity(t.capacity);
      out->set_adopted(t.adopted);
    }
    resp->set_posts(overview.posts);
    resp->set_capacity(overview.capacity);
    resp->set_adopted(overview.adopted);
    resp->set_adoption_rate(
        overview.capacity == 0 ? 0 : static_cast<double>(overview.adopted) / overview.capacity);
    resp->set_hours_this_month(overview.hours_this_month);
    resp->set_logs_waiting(overview.logs_waiting);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::posts
