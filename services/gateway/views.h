// The composed views: each is one call for the client and parallel calls behind it (a Fanout).
// A view still answers when a service is down, naming what is missing; the caller's own errors
// (not found, not allowed) on a part the view requires stand for the whole view.
#pragma once

#include "absl/status/statusor.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream.h"
#include "tongxin/gateway/v1/gateway.pb.h"

namespace tongxin::gateway {

namespace pb = ::tongxin::gateway::v1;

class Views {
 public:
  explicit Views(const Downstreams& downstreams) : calls_(downstreams) {}

  // A volunteer's profile, hours, balance, active adoptions, claimed wishes, recent transfers and
  // commendations.
  absl::StatusOr<pb::Dashboard> Dashboard(const Caller& caller, const pb::GetDashboardRequest&);
  // A region's wish wall, each wish with the actions the caller may take.
  absl::StatusOr<pb::WishWall> WishWall(const Caller& caller, const pb::GetWishWallRequest&);
  // A region's posts, each with the caller's adoption and the actions they may take.
  absl::StatusOr<pb::PostList> PostList(const Caller& caller, const pb::GetPostListRequest&);
  // A region's figures for the grid system: people, posts, wishes, points, the month's top ten.
  absl::StatusOr<pb::RegionOverview> RegionOverview(const Caller& caller,
                                                    const pb::GetRegionOverviewRequest&);
  // The first page of each list an admin works through.
  absl::StatusOr<pb::AdminQueue> AdminQueue(const Caller& caller, const pb::GetAdminQueueRequest&);

 private:
  // The caller's own volunteer profile, for the actions a view offers; not asked for admins.
  Part<vpb::Volunteer> CallerProfile(Fanout& fan, const Caller& caller) const;

  DownstreamCalls calls_;
};

}  // namespace tongxin::gateway
