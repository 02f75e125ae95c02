// The composed views. Each builds its downstream requests, starts every call at once, waits for
// all (each ends by the caller's deadline) and assembles what came back.
#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/gateway/fanout.h"
#include "services/gateway/gateway.h"

namespace tongxin::gateway {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
namespace spb = ::tongxin::posts::v1;
namespace wpb = ::tongxin::wishes::v1;

constexpr int kRecentTransfers = 10;
constexpr int kTopVolunteers = 10;
constexpr int kMyAdoptions = 100;  // far above any adoption limit
constexpr int kRounds = 100;

bool Active(const vpb::Volunteer& volunteer) {
  return volunteer.status() == vpb::VOLUNTEER_STATUS_ACTIVE;
}

// An admin whose scope holds `region_id` acts there for co-building units.
bool AdminOf(const Caller& caller, const std::string& region_id) {
  return caller.principal.IsAdmin() && caller.principal.InScope(region_id);
}

}  // namespace

void Gateway::AddCallerProfile(Fanout& calls, const Caller& caller, vpb::Volunteer* profile) {
  if (caller.principal.role != Role::kVolunteer) return;
  auto request = std::make_shared<vpb::GetVolunteerRequest>();
  request->set_volunteer_id(caller.principal.subject);
  calls.Add(
      "volunteer",
      [this, request, profile](grpc::ClientContext* context, Fanout::Done done) {
        volunteer_->async()->GetVolunteer(context, request.get(), profile,
                                          [request, done](grpc::Status s) { done(std::move(s)); });
      },
      /*needed=*/false);
}

absl::StatusOr<pb::Dashboard> Gateway::Dashboard(const Caller& caller,
                                                 const pb::GetDashboardRequest& request) {
  const std::string& id = request.volunteer_id();
  pb::Dashboard dashboard;
  vpb::GetVolunteerRequest profile;
  profile.set_volunteer_id(id);
  vpb::GetServiceSummaryRequest summary;
  summary.set_volunteer_id(id);
  ppb::GetBalanceRequest balance;
  balance.set_volunteer_id(id);
  spb::ListAdoptionsRequest adoptions;
  adoptions.set_adopter_id(id);
  adoptions.set_active_only(true);
  spb::ListAdoptionsResponse adoptions_answer;
  wpb::ListWishesRequest claims;
  claims.set_claimer_id(id);
  claims.set_state(wpb::WISH_STATE_CLAIMED);
  wpb::ListWishesResponse claims_answer;
  ppb::ListTransfersRequest transfers;
  transfers.set_volunteer_id(id);
  transfers.set_page_size(kRecentTransfers);
  ppb::ListTransfersResponse transfers_answer;
  ppb::ListCommendationsRequest commendations;
  commendations.set_volunteer_id(id);
  ppb::ListCommendationsResponse commendations_answer;

  // The profile first: a caller who may not see it gets that answer, not a partial view.
  Fanout calls(caller);
  calls.Add("volunteer", [&](auto* context, auto done) {
    volunteer_->async()->GetVolunteer(context, &profile, dashboard.mutable_profile(), done);
  });
  calls.Add("volunteer", [&](auto* context, auto done) {
    volunteer_->async()->GetServiceSummary(context, &summary, dashboard.mutable_service(), done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->GetBalance(context, &balance, dashboard.mutable_points(), done);
  });
  calls.Add("posts", [&](auto* context, auto done) {
    posts_->async()->ListAdoptions(context, &adoptions, &adoptions_answer, done);
  });
  calls.Add("wishes", [&](auto* context, auto done) {
    wishes_->async()->ListWishes(context, &claims, &claims_answer, done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->ListTransfers(context, &transfers, &transfers_answer, done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->ListCommendations(context, &commendations, &commendations_answer, done);
  });
  TX_RETURN_IF_ERROR(calls.Wait());
  // The profile is what turns away callers who may not see this volunteer (an admin out of
  // scope): without it, only the volunteer themself gets the rest.
  bool self = caller.principal.role == Role::kVolunteer && caller.principal.subject == id;
  if (!calls.ok(0) && !self) {
    return absl::UnavailableError(
        "volunteer: the service that decides who may see this dashboard is not answering");
  }
  NameMissing(calls, dashboard);
  if (calls.missing().count("volunteer")) {
    dashboard.clear_profile();
    dashboard.clear_service();
  }
  if (calls.missing().count("points")) dashboard.clear_points();
  *dashboard.mutable_adoptions() = adoptions_answer.adoptions();
  *dashboard.mutable_claimed_wishes() = claims_answer.wishes();
  *dashboard.mutable_recent_transfers() = transfers_answer.transfers();
  *dashboard.mutable_commendations() = commendations_answer.commendations();
  return dashboard;
}

absl::StatusOr<pb::WishWall> Gateway::WishWall(const Caller& caller,
                                               const pb::GetWishWallRequest& request) {
  wpb::ListWallRequest wall;
  wall.set_region_id(request.region_id());
  wall.set_category(request.category());
  wall.set_page_size(request.page_size());
  wall.set_page_token(request.page_token());
  wpb::ListWallResponse listed;
  vpb::Volunteer me;

  Fanout calls(caller);
  calls.Add("wishes", [&](auto* context, auto done) {
    wishes_->async()->ListWall(context, &wall, &listed, done);
  });
  AddCallerProfile(calls, caller, &me);
  TX_RETURN_IF_ERROR(calls.Wait());

  pb::WishWall view;
  view.set_region_id(request.region_id());
  NameMissing(calls, view);
  bool can_claim = caller.principal.role == Role::kVolunteer && Active(me);
  for (auto& item : *listed.mutable_wishes()) {
    auto* card = view.add_wishes();
    if (can_claim) card->add_actions(pb::ACTION_CLAIM);
    if (AdminOf(caller, item.community_id())) card->add_actions(pb::ACTION_CLAIM_FOR_UNIT);
    card->mutable_wish()->Swap(&item);
  }
  view.set_next_page_token(listed.next_page_token());
  return view;
}

absl::StatusOr<pb::PostList> Gateway::PostList(const Caller& caller,
                                               const pb::GetPostListRequest& request) {
  spb::ListPostsRequest list;
  list.set_region_id(request.region_id());
  list.set_type_code(request.type_code());
  list.set_status(request.status());
  list.set_page_size(request.page_size());
  list.set_page_token(request.page_token());
  spb::ListPostsResponse listed;
  spb::ListAdoptionsRequest mine;
  mine.set_adopter_id(caller.principal.subject);
  mine.set_active_only(true);
  mine.set_page_size(kMyAdoptions);
  spb::ListAdoptionsResponse my_adoptions;
  vpb::Volunteer me;

  bool volunteer = caller.principal.role == Role::kVolunteer;
  Fanout calls(caller);
  calls.Add("posts", [&](auto* context, auto done) {
    posts_->async()->ListPosts(context, &list, &listed, done);
  });
  if (volunteer) {
    calls.Add(
        "posts",
        [&](auto* context, auto done) {
          posts_->async()->ListAdoptions(context, &mine, &my_adoptions, done);
        },
        /*needed=*/false);
    AddCallerProfile(calls, caller, &me);
  }
  TX_RETURN_IF_ERROR(calls.Wait());

  pb::PostList view;
  view.set_region_id(request.region_id());
  NameMissing(calls, view);
  // Without my adoptions the gateway cannot tell adopt from withdraw: it offers neither.
  bool know_mine = volunteer && calls.ok(1);
  std::map<std::string, std::string> adoption_of_post;
  for (const auto& adoption : my_adoptions.adoptions()) {
    adoption_of_post[adoption.post_id()] = adoption.adoption_id();
  }
  for (auto& post : *listed.mutable_posts()) {
    auto* card = view.add_posts();
    auto adopted = adoption_of_post.find(post.post_id());
    if (know_mine && adopted != adoption_of_post.end()) {
      card->set_my_adoption_id(adopted->second);
      card->add_actions(pb::ACTION_WITHDRAW_ADOPTION);
      card->add_actions(pb::ACTION_LOG_SERVICE);
    } else if (know_mine && Active(me) && post.status() == spb::POST_STATUS_OPEN) {
      // The posts service also holds each adopter to its limit of active adoptions.
      bool reported_here = me.political_status() == vpb::POLITICAL_STATUS_PARTY_MEMBER &&
                           me.reported_community_id() == post.community_id();
      if (post.volunteers_allowed() || reported_here) card->add_actions(pb::ACTION_ADOPT);
    }
    if (AdminOf(caller, post.community_id()) && post.status() == spb::POST_STATUS_OPEN) {
      card->add_actions(pb::ACTION_ADOPT_FOR_UNIT);
    }
    card->mutable_post()->Swap(&post);
  }
  view.set_next_page_token(listed.next_page_token());
  return view;
}

absl::StatusOr<pb::RegionOverview> Gateway::RegionOverview(
    const Caller& caller, const pb::GetRegionOverviewRequest& request) {
  const std::string& region = request.region_id();
  pb::RegionOverview view;
  vpb::GetRegionStatisticsRequest people;
  people.set_region_id(region);
  spb::GetOverviewRequest posts;
  posts.set_region_id(region);
  wpb::GetStatisticsRequest wishes;
  wishes.set_region_id(region);
  ppb::GetPointsStatisticsRequest points;
  points.set_region_id(region);
  ppb::GetLeaderboardRequest top;
  top.set_region_id(region);
  top.set_period_kind(ppb::PERIOD_KIND_MONTH);
  top.set_limit(kTopVolunteers);

  Fanout calls(caller);
  calls.Add("volunteer", [&](auto* context, auto done) {
    volunteer_->async()->GetRegionStatistics(context, &people, view.mutable_volunteers(), done);
  });
  calls.Add("posts", [&](auto* context, auto done) {
    posts_->async()->GetOverview(context, &posts, view.mutable_posts(), done);
  });
  calls.Add("wishes", [&](auto* context, auto done) {
    wishes_->async()->GetStatistics(context, &wishes, view.mutable_wishes(), done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->GetPointsStatistics(context, &points, view.mutable_points(), done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->GetLeaderboard(context, &top, view.mutable_top_volunteers(), done);
  });
  TX_RETURN_IF_ERROR(calls.Wait());
  NameMissing(calls, view);
  // Handing a part's message to a call marks it present: a missing part is cleared again.
  auto missing = calls.missing();
  if (missing.count("volunteer")) view.clear_volunteers();
  if (missing.count("posts")) view.clear_posts();
  if (missing.count("wishes")) view.clear_wishes();
  if (missing.count("points")) {
    view.clear_points();
    view.clear_top_volunteers();
  }
  view.set_region_id(region);
  view.set_month(view.volunteers().month().empty() ? view.points().month()
                                                   : view.volunteers().month());
  return view;
}

absl::StatusOr<pb::AdminQueue> Gateway::AdminQueue(const Caller& caller,
                                                   const pb::GetAdminQueueRequest& request) {
  int page_size = request.page_size() == 0 ? 20 : request.page_size();
  if (page_size < 0 || page_size > 100) {
    return absl::InvalidArgumentError("page_size: between 1 and 100 (0: 20)");
  }
  const std::string& region = request.region_id();
  wpb::ListWishesRequest wishes;
  wishes.set_region_id(region);
  wishes.set_state(wpb::WISH_STATE_SUBMITTED);
  wishes.set_page_size(page_size);
  wpb::ListWishesResponse wishes_answer;
  spb::ListLogsRequest logs;
  logs.set_region_id(region);
  logs.set_status(spb::LOG_STATUS_SUBMITTED);
  logs.set_page_size(page_size);
  spb::ListLogsResponse logs_answer;
  ppb::ListOrdersRequest orders;
  orders.set_region_id(region);
  orders.set_status(ppb::ORDER_STATUS_HELD);
  orders.set_page_size(page_size);
  ppb::ListOrdersResponse orders_answer;
  ppb::ListRoundsRequest rounds;
  rounds.set_region_id(region);
  rounds.set_page_size(kRounds);
  ppb::ListRoundsResponse rounds_answer;

  Fanout calls(caller);
  calls.Add("wishes", [&](auto* context, auto done) {
    wishes_->async()->ListWishes(context, &wishes, &wishes_answer, done);
  });
  calls.Add("posts", [&](auto* context, auto done) {
    posts_->async()->ListLogs(context, &logs, &logs_answer, done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->ListOrders(context, &orders, &orders_answer, done);
  });
  calls.Add("points", [&](auto* context, auto done) {
    points_->async()->ListRounds(context, &rounds, &rounds_answer, done);
  });
  TX_RETURN_IF_ERROR(calls.Wait());

  pb::AdminQueue view;
  view.set_region_id(region);
  NameMissing(calls, view);
  *view.mutable_wishes_to_review() = wishes_answer.wishes();
  *view.mutable_logs_to_approve() = logs_answer.logs();
  *view.mutable_orders_to_hand_out() = orders_answer.orders();
  for (auto& round : *rounds_answer.mutable_rounds()) {
    if (round.status() == ppb::ROUND_STATUS_PROPOSED) {
      view.add_rounds_to_publish()->Swap(&round);
    } else if (round.status() == ppb::ROUND_STATUS_IN_NOTICE) {
      view.add_rounds_in_notice()->Swap(&round);
    }
  }
  return view;
}

}  // namespace tongxin::gateway
