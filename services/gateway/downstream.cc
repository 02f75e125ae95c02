// One function per downstream call a view makes: the request, and the call started on the fanout.
#include "services/gateway/downstream.h"

namespace tongxin::gateway {

// Each stub's async() interface ("class": the accessor of the same name hides the type).
using VolunteerAsync = class vpb::VolunteerService::Stub::async;
using PostsAsync = class spb::PostsService::Stub::async;
using WishesAsync = class wpb::WishesService::Stub::async;
using PointsAsync = class ppb::PointsService::Stub::async;
using ActivitiesAsync = class apb::ActivitiesService::Stub::async;
using NotificationsAsync = class npb::NotificationsService::Stub::async;

Downstreams WithEveryService(Downstreams downstreams) {
  // Port 1 on the loopback refuses every connection: a call ends UNAVAILABLE at once.
  auto absent = [](std::shared_ptr<grpc::Channel>& channel) {
    if (!channel) channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  };
  for (auto* channel : {&downstreams.volunteer, &downstreams.posts, &downstreams.wishes,
                        &downstreams.points, &downstreams.activities, &downstreams.notifications}) {
    absent(*channel);
  }
  return downstreams;
}

DownstreamCalls::DownstreamCalls(const Downstreams& given)
    : DownstreamCalls(WithEveryService(given), 0) {}

DownstreamCalls::DownstreamCalls(const Downstreams& channels, int /*every_service*/)
    : volunteer_(vpb::VolunteerService::NewStub(channels.volunteer)),
      posts_(spb::PostsService::NewStub(channels.posts)),
      wishes_(wpb::WishesService::NewStub(channels.wishes)),
      points_(ppb::PointsService::NewStub(channels.points)),
      activities_(apb::ActivitiesService::NewStub(channels.activities)),
      notifications_(npb::NotificationsService::NewStub(channels.notifications)) {}

// ---- volunteer ----

Part<vpb::Volunteer> DownstreamCalls::GetVolunteer(Fanout& fan, const std::string& volunteer_id,
                                                   Need need, Wait wait) const {
  vpb::GetVolunteerRequest request;
  request.set_volunteer_id(volunteer_id);
  return fan.Call(kVolunteerService, volunteer_->async(), &VolunteerAsync::GetVolunteer,
                  std::move(request), need, wait);
}

Part<vpb::ServiceSummary> DownstreamCalls::GetServiceSummary(Fanout& fan,
                                                             const std::string& volunteer_id,
                                                             Wait wait) const {
  vpb::GetServiceSummaryRequest request;
  request.set_volunteer_id(volunteer_id);
  return fan.Call(kVolunteerService, volunteer_->async(), &VolunteerAsync::GetServiceSummary,
                  std::move(request), Need::kRequired, wait);
}

Part<vpb::RegionStatistics> DownstreamCalls::GetRegionStatistics(Fanout& fan,
                                                                 const std::string& region_id,
                                                                 Wait wait) const {
  vpb::GetRegionStatisticsRequest request;
  request.set_region_id(region_id);
  return fan.Call(kVolunteerService, volunteer_->async(), &VolunteerAsync::GetRegionStatistics,
                  std::move(request), Need::kRequired, wait);
}

// ---- posts ----

Part<spb::ListPostsResponse> DownstreamCalls::ListPosts(Fanout& fan, const std::string& region_id,
                                                        const std::string& type_code,
                                                        spb::PostStatus status,
                                                        const Page& page) const {
  spb::ListPostsRequest request;
  request.set_region_id(region_id);
  request.set_type_code(type_code);
  request.set_status(status);
  request.set_page_size(page.size);
  request.set_page_token(page.token);
  return fan.Call(kPostsService, posts_->async(), &PostsAsync::ListPosts, std::move(request));
}

Part<spb::ListAdoptionsResponse> DownstreamCalls::ListActiveAdoptions(Fanout& fan,
                                                                      const std::string& adopter_id,
                                                                      int32_t page_size, Need need,
                                                                      Wait wait) const {
  spb::ListAdoptionsRequest request;
  request.set_adopter_id(adopter_id);
  request.set_active_only(true);
  request.set_page_size(page_size);
  return fan.Call(kPostsService, posts_->async(), &PostsAsync::ListAdoptions, std::move(request),
                  need, wait);
}

Part<spb::ListLogsResponse> DownstreamCalls::ListLogs(Fanout& fan, const std::string& region_id,
                                                      spb::LogStatus status, int32_t page_size,
                                                      Wait wait) const {
  spb::ListLogsRequest request;
  request.set_region_id(region_id);
  request.set_status(status);
  request.set_page_size(page_size);
  return fan.Call(kPostsService, posts_->async(), &PostsAsync::ListLogs, std::move(request),
                  Need::kRequired, wait);
}

Part<spb::Overview> DownstreamCalls::GetPostsOverview(Fanout& fan, const std::string& region_id,
                                                      Wait wait) const {
  spb::GetOverviewRequest request;
  request.set_region_id(region_id);
  return fan.Call(kPostsService, posts_->async(), &PostsAsync::GetOverview, std::move(request),
                  Need::kRequired, wait);
}

// ---- wishes ----

Part<wpb::ListWallResponse> DownstreamCalls::ListWall(Fanout& fan, const std::string& region_id,
                                                      wpb::Category category,
                                                      const Page& page) const {
  wpb::ListWallRequest request;
  request.set_region_id(region_id);
  request.set_category(category);
  request.set_page_size(page.size);
  request.set_page_token(page.token);
  return fan.Call(kWishesService, wishes_->async(), &WishesAsync::ListWall, std::move(request));
}

Part<wpb::ListWishesResponse> DownstreamCalls::ListClaimedWishes(Fanout& fan,
                                                                 const std::string& claimer_id,
                                                                 Wait wait) const {
  wpb::ListWishesRequest request;
  request.set_claimer_id(claimer_id);
  request.set_state(wpb::WISH_STATE_CLAIMED);
  return fan.Call(kWishesService, wishes_->async(), &WishesAsync::ListWishes, std::move(request),
                  Need::kRequired, wait);
}

Part<wpb::ListWishesResponse> DownstreamCalls::ListWishesInState(Fanout& fan,
                                                                 const std::string& region_id,
                                                                 wpb::WishState state,
                                                                 int32_t page_size,
                                                                 Wait wait) const {
  wpb::ListWishesRequest request;
  request.set_region_id(region_id);
  request.set_state(state);
  request.set_page_size(page_size);
  return fan.Call(kWishesService, wishes_->async(), &WishesAsync::ListWishes, std::move(request),
                  Need::kRequired, wait);
}

Part<wpb::Statistics> DownstreamCalls::GetWishStatistics(Fanout& fan, const std::string& region_id,
                                                         Wait wait) const {
  wpb::GetStatisticsRequest request;
  request.set_region_id(region_id);
  return fan.Call(kWishesService, wishes_->async(), &WishesAsync::GetStatistics, std::move(request),
                  Need::kRequired, wait);
}

// ---- points ----

Part<ppb::Balance> DownstreamCalls::GetBalance(Fanout& fan, const std::string& volunteer_id,
                                               Wait wait) const {
  ppb::GetBalanceRequest request;
  request.set_volunteer_id(volunteer_id);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::GetBalance, std::move(request),
                  Need::kRequired, wait);
}

Part<ppb::ListTransfersResponse> DownstreamCalls::ListTransfers(Fanout& fan,
                                                                const std::string& volunteer_id,
                                                                int32_t page_size,
                                                                Wait wait) const {
  ppb::ListTransfersRequest request;
  request.set_volunteer_id(volunteer_id);
  request.set_page_size(page_size);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::ListTransfers, std::move(request),
                  Need::kRequired, wait);
}

Part<ppb::ListCommendationsResponse> DownstreamCalls::ListCommendations(
    Fanout& fan, const std::string& volunteer_id, Wait wait) const {
  ppb::ListCommendationsRequest request;
  request.set_volunteer_id(volunteer_id);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::ListCommendations,
                  std::move(request), Need::kRequired, wait);
}

Part<ppb::PointsStatistics> DownstreamCalls::GetPointsStatistics(Fanout& fan,
                                                                 const std::string& region_id,
                                                                 Wait wait) const {
  ppb::GetPointsStatisticsRequest request;
  request.set_region_id(region_id);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::GetPointsStatistics,
                  std::move(request), Need::kRequired, wait);
}

Part<ppb::Leaderboard> DownstreamCalls::GetLeaderboard(Fanout& fan, const std::string& region_id,
                                                       ppb::PeriodKind period_kind, int32_t limit,
                                                       Wait wait) const {
  ppb::GetLeaderboardRequest request;
  request.set_region_id(region_id);
  request.set_period_kind(period_kind);
  request.set_limit(limit);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::GetLeaderboard,
                  std::move(request), Need::kRequired, wait);
}

Part<ppb::ListOrdersResponse> DownstreamCalls::ListOrders(Fanout& fan, const std::string& region_id,
                                                          ppb::OrderStatus status,
                                                          int32_t page_size, Wait wait) const {
  ppb::ListOrdersRequest request;
  request.set_region_id(region_id);
  request.set_status(status);
  request.set_page_size(page_size);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::ListOrders, std::move(request),
                  Need::kRequired, wait);
}

Part<ppb::ListRoundsResponse> DownstreamCalls::ListRounds(Fanout& fan, const std::string& region_id,
                                                          int32_t page_size, Wait wait) const {
  ppb::ListRoundsRequest request;
  request.set_region_id(region_id);
  request.set_page_size(page_size);
  return fan.Call(kPointsService, points_->async(), &PointsAsync::ListRounds, std::move(request),
                  Need::kRequired, wait);
}

// ---- activities ----

Part<apb::ListActivitiesResponse> DownstreamCalls::ListActivities(
    Fanout& fan, const std::string& region_id, apb::ActivityState state, bool include_all,
    const Page& page, Wait wait) const {
  apb::ListActivitiesRequest request;
  request.set_region_id(region_id);
  request.set_state(state);
  request.set_include_all(include_all);
  request.set_page_size(page.size);
  request.set_page_token(page.token);
  return fan.Call(kActivitiesService, activities_->async(), &ActivitiesAsync::ListActivities,
                  std::move(request), Need::kRequired, wait);
}

Part<apb::Activity> DownstreamCalls::GetActivity(Fanout& fan,
                                                 const std::string& activity_id) const {
  apb::GetActivityRequest request;
  request.set_activity_id(activity_id);
  return fan.Call(kActivitiesService, activities_->async(), &ActivitiesAsync::GetActivity,
                  std::move(request));
}

// ---- notifications ----

Part<npb::InboxSummary> DownstreamCalls::GetInboxSummary(Fanout& fan, Wait wait) const {
  return fan.Call(kNotificationsService, notifications_->async(),
                  &NotificationsAsync::GetInboxSummary, npb::GetInboxSummaryRequest(),
                  Need::kOptional, wait);
}

}  // namespace tongxin::gateway
