#include "services/gateway/gateway.h"

#include <condition_variable>
#include <mutex>
#include <set>

#include "services/common/server.h"
#include "services/common/status.h"

namespace tongxin::gateway {
namespace {

std::unique_ptr<grpc::ClientContext> Context(const Caller& caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(caller.deadline);
  if (!caller.authorization.empty()) context->AddMetadata("authorization", caller.authorization);
  return context;
}

// Waits for a fixed number of asynchronous calls to finish.
class Latch {
 public:
  explicit Latch(int count) : count_(count) {}
  void CountDown() {
    std::lock_guard lock(mu_);
    if (--count_ == 0) done_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    done_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable done_;
  int count_;
};

// A service that did not answer is missing from the view; anything else is the caller's
// answer (no such volunteer, not allowed) and stands for the whole view.
bool ServiceMissing(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::INTERNAL;
}

}  // namespace

Gateway::Gateway(const Downstreams& downstreams)
    : channels_(downstreams),
      volunteer_(volunteer::v1::VolunteerService::NewStub(downstreams.volunteer)),
      posts_(posts::v1::PostsService::NewStub(downstreams.posts)),
      wishes_(wishes::v1::WishesService::NewStub(downstreams.wishes)),
      points_(points::v1::PointsService::NewStub(downstreams.points)) {}

absl::StatusOr<pb::Dashboard> Gateway::Dashboard(const Caller& caller,
                                                 const std::string& volunteer_id) {
  pb::Dashboard dashboard;
  struct Part {
    const char* service;
    std::unique_ptr<grpc::ClientContext> context;
    grpc::Status status;
  };
  constexpr int kParts = 7;
  std::vector<Part> parts;
  for (const char* service :
       {"volunteer", "volunteer", "points", "posts", "wishes", "points", "points"}) {
    parts.push_back({service, Context(caller), grpc::Status::OK});
  }
  Latch latch(kParts);
  auto done = [&](int i) {
    return [&, i](grpc::Status s) {
      parts[i].status = std::move(s);
      latch.CountDown();
    };
  };

  volunteer::v1::GetVolunteerRequest profile;
  profile.set_volunteer_id(volunteer_id);
  volunteer_->async()->GetVolunteer(parts[0].context.get(), &profile, dashboard.mutable_profile(),
                                    done(0));
  volunteer::v1::GetServiceSummaryRequest summary;
  summary.set_volunteer_id(volunteer_id);
  volunteer_->async()->GetServiceSummary(parts[1].context.get(), &summary,
                                         dashboard.mutable_service(), done(1));
  points::v1::GetBalanceRequest balance;
  balance.set_volunteer_id(volunteer_id);
  points_->async()->GetBalance(parts[2].context.get(), &balance, dashboard.mutable_points(),
                               done(2));
  posts::v1::ListAdoptionsRequest adoptions;
  adoptions.set_adopter_id(volunteer_id);
  adoptions.set_active_only(true);
  posts::v1::ListAdoptionsResponse adoptions_response;
  posts_->async()->ListAdoptions(parts[3].context.get(), &adoptions, &adoptions_response, done(3));
  wishes::v1::ListWishesRequest claims;
  claims.set_claimer_id(volunteer_id);
  claims.set_state(wishes::v1::CLAIMED);
  wishes::v1::ListWishesResponse claims_response;
  wishes_->async()->ListWishes(parts[4].context.get(), &claims, &claims_response, done(4));
  points::v1::ListTransfersRequest transfers;
  transfers.set_volunteer_id(volunteer_id);
  transfers.set_page_size(10);
  points::v1::ListTransfersResponse transfers_response;
  points_->async()->ListTransfers(parts[5].context.get(), &transfers, &transfers_response, done(5));
  points::v1::ListCommendationsRequest commendations;
  commendations.set_volunteer_id(volunteer_id);
  points::v1::ListCommendationsResponse commendations_response;
  points_->async()->ListCommendations(parts[6].context.get(), &commendations,
                                      &commendations_response, done(6));
  latch.Wait();  // every call carries the caller's deadline, so this ends by then

  // The profile decides: a caller who may not see it gets that answer, not a partial view.
  if (!parts[0].status.ok() && !ServiceMissing(parts[0].status)) {
    return FromGrpcStatus(parts[0].status);
  }
  std::set<std::string> missing;
  for (const Part& part : parts) {
    if (part.status.ok()) continue;
    if (!ServiceMissing(part.status)) return FromGrpcStatus(part.status);
    missing.insert(part.service);
  }
  for (const auto& service : missing) dashboard.add_missing(service);
  if (missing.count("volunteer")) {
    dashboard.clear_profile();
    dashboard.clear_service();
  }
  if (missing.count("points")) dashboard.clear_points();
  *dashboard.mutable_adoptions() = adoptions_response.adoptions();
  *dashboard.mutable_claimed_wishes() = claims_response.wishes();
  *dashboard.mutable_recent_transfers() = transfers_response.transfers();
  *dashboard.mutable_commendations() = commendations_response.commendations();
  return dashboard;
}

absl::StatusOr<wishes::v1::Wish> Gateway::ClaimWish(const Caller& caller,
                                                    const pb::ClaimWishRequest& request) {
  wishes::v1::ClaimWishRequest forwarded;
  forwarded.set_request_id(request.request_id());
  forwarded.set_wish_id(request.wish_id());
  forwarded.set_volunteer_id(request.volunteer_id());
  wishes::v1::Wish wish;
  auto context = Context(caller);
  grpc::Status status = wishes_->ClaimWish(context.get(), forwarded, &wish);
  if (!status.ok()) return FromGrpcStatus(status);
  return wish;
}

absl::StatusOr<points::v1::Order> Gateway::Redeem(const Caller& caller,
                                                  const pb::RedeemRequest& request) {
  points::v1::RedeemRequest forwarded;
  forwarded.set_request_id(request.request_id());
  forwarded.set_reward_id(request.reward_id());
  forwarded.set_volunteer_id(request.volunteer_id());
  forwarded.set_quantity(request.quantity());
  points::v1::Order order;
  auto context = Context(caller);
  grpc::Status status = points_->Redeem(context.get(), forwarded, &order);
  if (!status.ok()) return FromGrpcStatus(status);
  return order;
}

bool Gateway::Ready(Deadline deadline) const {
  for (const auto& channel :
       {channels_.volunteer, channels_.posts, channels_.wishes, channels_.points}) {
    if (!IsServing(channel, deadline)) return false;
  }
  return true;
}

}  // namespace tongxin::gateway
