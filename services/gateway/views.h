// The composed views: each is one call for the client and parallel calls behind it (a Fanout),
// composed in the fanout's continuation.
// A view still answers when a service is down, naming what is missing; the caller's own errors
// (not found, not allowed) on a part the view requires stand for the whole view. With a guard, a
// view waits the caller's deadline only for the part it is for (the dashboard's profile, the
// wall's wishes, the list's posts); its other parts have the guard's short budget, and a service
// whose breaker is open is left out at once.
#pragma once

#include <concepts>
#include <functional>
#include <utility>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream.h"
#include "services/gateway/fanout.h"
#include "tongxin/gateway/v1/gateway.pb.h"

namespace tongxin::gateway {

namespace pb = ::tongxin::gateway::v1;

// How a view answers: once, from the thread its last downstream call answered on, with the view
// and whether it is whole (every part answered: only such a view may be kept and served again),
// or with the error that stands for it.
template <typename View>
class Reply {
 public:
  template <typename Answer>
  requires std::invocable < Answer&, absl::StatusOr<View>,
  bool > Reply(Answer answer)
      : answer_(std::move(answer)) {}  // NOLINT: a callback, as std::function

  void operator()(const absl::Status& error) const { answer_(error, false); }
  // The view composed from `done`'s parts.
  void operator()(View view, const Fanout& done) const { answer_(std::move(view), done.whole()); }

 private:
  std::function<void(absl::StatusOr<View>, bool)> answer_;
};

class Views {
 public:
  // `guard` (none: every part waits for the caller's deadline) and `clock` (the time the
  // actions offered on an activity are judged at) outlive the views.
  explicit Views(const Downstreams& downstreams, DownstreamGuard* guard = nullptr,
                 const Clock& clock = Clock::System())
      : calls_(downstreams), guard_(guard), clock_(clock) {}

  // Each view starts its calls and returns; `reply` gets the view once the last call answers.
  // The request is read before the view returns.

  // A volunteer's profile, hours, balance, active adoptions, claimed wishes, recent transfers and
  // commendations.
  void Dashboard(const Caller& caller, const pb::GetDashboardRequest&, Reply<pb::Dashboard> reply);
  // A region's wish wall, each wish with the actions the caller may take.
  void WishWall(const Caller& caller, const pb::GetWishWallRequest&, Reply<pb::WishWall> reply);
  // A region's posts, each with the caller's adoption and the actions they may take.
  void PostList(const Caller& caller, const pb::GetPostListRequest&, Reply<pb::PostList> reply);
  // A region's figures for the grid system: people, posts, wishes, points, the month's top ten.
  void RegionOverview(const Caller& caller, const pb::GetRegionOverviewRequest&,
                      Reply<pb::RegionOverview> reply);
  // The first page of each list an admin works through.
  void AdminQueue(const Caller& caller, const pb::GetAdminQueueRequest&,
                  Reply<pb::AdminQueue> reply);
  // A region's volunteer activities, each with the caller's sign-up and the actions they may
  // take.
  void ActivityList(const Caller& caller, const pb::GetActivityListRequest&,
                    Reply<pb::ActivityList> reply);
  // One activity, with the caller's sign-up and the actions they may take.
  void ActivityCard(const Caller& caller, const pb::GetActivityCardRequest&,
                    Reply<pb::ActivityCard> reply);

 private:
  // The caller's own volunteer profile, for the actions a view offers; not asked for admins.
  Part<vpb::Volunteer> CallerProfile(Fanout& fan, const Caller& caller) const;

  DownstreamCalls calls_;
  DownstreamGuard* guard_;
  const Clock& clock_;
};

}  // namespace tongxin::gateway
