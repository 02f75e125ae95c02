// The services behind the gateway and the calls its views make to them: one small function per
// downstream call (Online Boutique's rpc.go), each building its request and starting it on a
// view's Fanout, so that a view reads as the list of parts it needs.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "services/gateway/fanout.h"
#include "tongxin/activities/v1/activities.grpc.pb.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::gateway {

namespace vpb = ::tongxin::volunteer::v1;
namespace spb = ::tongxin::posts::v1;
namespace wpb = ::tongxin::wishes::v1;
namespace ppb = ::tongxin::points::v1;
namespace apb = ::tongxin::activities::v1;
namespace npb = ::tongxin::notifications::v1;

// A channel to each service. A service given none (null) is one that is not there: its parts of
// a view are missing and its actions UNAVAILABLE (WithEveryService).
struct Downstreams {
  std::shared_ptr<grpc::Channel> volunteer, posts, wishes, points;
  std::shared_ptr<grpc::Channel> activities;
  std::shared_ptr<grpc::Channel> notifications;
};

// `downstreams` with a channel that is refused at once in place of each one not given.
Downstreams WithEveryService(Downstreams downstreams);

// The names a view gives the services it misses.
inline constexpr char kVolunteerService[] = "volunteer";
inline constexpr char kPostsService[] = "posts";
inline constexpr char kWishesService[] = "wishes";
inline constexpr char kPointsService[] = "points";
inline constexpr char kActivitiesService[] = "activities";
inline constexpr char kNotificationsService[] = "notifications";

// A page asked for on the caller's behalf.
struct Page {
  int32_t size = 0;  // 0: the service's default
  std::string token;
};

// Each call waits for the caller's deadline unless `wait` gives it an optional part's budget.
class DownstreamCalls {
 public:
  // A service without a channel is one that is not there (WithEveryService).
  explicit DownstreamCalls(const Downstreams& channels);

  // ---- volunteer ----
  Part<vpb::Volunteer> GetVolunteer(Fanout& fan, const std::string& volunteer_id,
                                    Need need = Need::kRequired,
                                    Wait wait = Wait::kCallersDeadline) const;
  Part<vpb::ServiceSummary> GetServiceSummary(Fanout& fan, const std::string& volunteer_id,
                                              Wait wait = Wait::kCallersDeadline) const;
  Part<vpb::RegionStatistics> GetRegionStatistics(Fanout& fan, const std::string& region_id,
                                                  Wait wait = Wait::kCallersDeadline) const;

  // ---- posts ----
  Part<spb::ListPostsResponse> ListPosts(Fanout& fan, const std::string& region_id,
                                         const std::string& type_code, spb::PostStatus status,
                                         const Page& page) const;
  Part<spb::ListAdoptionsResponse> ListActiveAdoptions(Fanout& fan, const std::string& adopter_id,
                                                       int32_t page_size = 0,
                                                       Need need = Need::kRequired,
                                                       Wait wait = Wait::kCallersDeadline) const;
  Part<spb::ListLogsResponse> ListLogs(Fanout& fan, const std::string& region_id,
                                       spb::LogStatus status, int32_t page_size,
                                       Wait wait = Wait::kCallersDeadline) const;
  Part<spb::Overview> GetPostsOverview(Fanout& fan, const std::string& region_id,
                                       Wait wait = Wait::kCallersDeadline) const;

  // ---- wishes ----
  Part<wpb::ListWallResponse> ListWall(Fanout& fan, const std::string& region_id,
                                       wpb::Category category, const Page& page) const;
  Part<wpb::ListWishesResponse> ListClaimedWishes(Fanout& fan, const std::string& claimer_id,
                                                  Wait wait = Wait::kCallersDeadline) const;
  Part<wpb::ListWishesResponse> ListWishesInState(Fanout& fan, const std::string& region_id,
                                                  wpb::WishState state, int32_t page_size,
                                                  Wait wait = Wait::kCallersDeadline) const;
  Part<wpb::Statistics> GetWishStatistics(Fanout& fan, const std::string& region_id,
                                          Wait wait = Wait::kCallersDeadline) const;

  // ---- points ----
  Part<ppb::Balance> GetBalance(Fanout& fan, const std::string& volunteer_id,
                                Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::ListTransfersResponse> ListTransfers(Fanout& fan, const std::string& volunteer_id,
                                                 int32_t page_size,
                                                 Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::ListCommendationsResponse> ListCommendations(Fanout& fan,
                                                         const std::string& volunteer_id,
                                                         Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::PointsStatistics> GetPointsStatistics(Fanout& fan, const std::string& region_id,
                                                  Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::Leaderboard> GetLeaderboard(Fanout& fan, const std::string& region_id,
                                        ppb::PeriodKind period_kind, int32_t limit,
                                        Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::ListOrdersResponse> ListOrders(Fanout& fan, const std::string& region_id,
                                           ppb::OrderStatus status, int32_t page_size,
                                           Wait wait = Wait::kCallersDeadline) const;
  Part<ppb::ListRoundsResponse> ListRounds(Fanout& fan, const std::string& region_id,
                                           int32_t page_size,
                                           Wait wait = Wait::kCallersDeadline) const;

  // ---- activities ----
  Part<apb::ListActivitiesResponse> ListActivities(Fanout& fan, const std::string& region_id,
                                                   apb::ActivityState state, bool include_all,
                                                   const Page& page,
                                                   Wait wait = Wait::kCallersDeadline) const;
  Part<apb::Activity> GetActivity(Fanout& fan, const std::string& activity_id) const;

  // ---- notifications ----
  // The caller's own unread count (the token says whose).
  Part<npb::InboxSummary> GetInboxSummary(Fanout& fan, Wait wait = Wait::kCallersDeadline) const;

 private:
  DownstreamCalls(const Downstreams& channels, int every_service);  // each channel given

  std::unique_ptr<vpb::VolunteerService::Stub> volunteer_;
  std::unique_ptr<spb::PostsService::Stub> posts_;
  std::unique_ptr<wpb::WishesService::Stub> wishes_;
  std::unique_ptr<ppb::PointsService::Stub> points_;
  std::unique_ptr<apb::ActivitiesService::Stub> activities_;
  std::unique_ptr<npb::NotificationsService::Stub> notifications_;
};

}  // namespace tongxin::gateway
