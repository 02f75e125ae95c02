// The composed views. Each starts the downstream calls it needs at once and assembles the parts
// that came back in the continuation the last of them runs (each ends by the caller's deadline,
// the optional ones by their budget: kOptionalPart).
#include "services/gateway/views.h"

#include "services/common/status.h"
#include "services/gateway/card_actions.h"

namespace tongxin::gateway {
namespace {

constexpr int kRecentTransfers = 10;
constexpr int kTopVolunteers = 10;
constexpr int kMyAdoptions = 100;  // far above any adoption limit
constexpr int kRounds = 100;
constexpr int kOverviewActivities = 10;
// What a view can do without: it waits the part's budget for it, not the caller's deadline.
constexpr Wait kOptionalPart = Wait::kPartBudget;

// What the caller's profile and active adoptions tell the card rules, when asked and answered.
Viewer ViewerOf(const Caller& caller, const Part<vpb::Volunteer>& me,
                const Part<spb::ListAdoptionsResponse>& mine = {}) {
  Viewer viewer{caller.principal};
  if (me.ok()) viewer.profile = me.value();
  // Without them the gateway cannot tell adopt from withdraw: it offers neither.
  if (mine.ok()) {
    viewer.adoption_of_post.emplace();
    for (const auto& adoption : mine.value().adoptions()) {
      (*viewer.adoption_of_post)[adoption.post_id()] = adoption.adoption_id();
    }
  }
  return viewer;
}

}  // namespace

Part<vpb::Volunteer> Views::CallerProfile(Fanout& fan, const Caller& caller) const {
  if (caller.principal.role != Role::kVolunteer) return {};
  return calls_.GetVolunteer(fan, caller.principal.subject, Need::kOptional, kOptionalPart);
}

void Views::Dashboard(const Caller& caller, const pb::GetDashboardRequest& request,
                      Reply<pb::Dashboard> reply) {
  const std::string& id = request.volunteer_id();
  // The profile first: a caller who may not see it gets that answer, not a partial view.
  auto fan = Fanout::New(caller, guard_);
  auto profile = calls_.GetVolunteer(*fan, id);
  auto service = calls_.GetServiceSummary(*fan, id, kOptionalPart);
  auto balance = calls_.GetBalance(*fan, id, kOptionalPart);
  auto adoptions = calls_.ListActiveAdoptions(*fan, id, 0, Need::kRequired, kOptionalPart);
  auto claims = calls_.ListClaimedWishes(*fan, id, kOptionalPart);
  auto transfers = calls_.ListTransfers(*fan, id, kRecentTransfers, kOptionalPart);
  auto commendations = calls_.ListCommendations(*fan, id, kOptionalPart);
  const bool self = caller.principal.role == Role::kVolunteer && caller.principal.subject == id;
  // The inbox is the caller's own: asked only on their own dashboard.
  Part<npb::InboxSummary> inbox;
  if (self) inbox = calls_.GetInboxSummary(*fan, kOptionalPart);
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);
    // The profile is what turns away callers who may not see this volunteer (an admin out of
    // scope): without it, only the volunteer themself gets the rest.
    if (!profile.ok() && !self) {
      return reply(
          absl::UnavailableError("volunteer: the service that decides who may "
                                 "see this dashboard is not answering"));
    }
    pb::Dashboard dashboard;
    NameMissing(done, dashboard);
    if (profile.ok()) dashboard.mutable_profile()->Swap(profile.mutable_value());
    if (service.ok()) dashboard.mutable_service()->Swap(service.mutable_value());
    if (balance.ok()) dashboard.mutable_points()->Swap(balance.mutable_value());
    *dashboard.mutable_adoptions() = adoptions.value().adoptions();
    *dashboard.mutable_claimed_wishes() = claims.value().wishes();
    *dashboard.mutable_recent_transfers() = transfers.value().transfers();
    *dashboard.mutable_commendations() = commendations.value().commendations();
    if (inbox.ok()) dashboard.set_unread_messages(inbox.value().unread_count());
    reply(std::move(dashboard), done);
  });
}

void Views::WishWall(const Caller& caller, const pb::GetWishWallRequest& request,
                     Reply<pb::WishWall> reply) {
  auto fan = Fanout::New(caller, guard_);
  auto listed = calls_.ListWall(*fan, request.region_id(), request.category(),
                                Page{request.page_size(), request.page_token()});
  auto me = CallerProfile(*fan, caller);
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);

    pb::WishWall view;
    view.set_region_id(request.region_id());
    NameMissing(done, view);
    Viewer viewer = ViewerOf(caller, me);
    if (listed.ok()) {
      for (auto& item : *listed.mutable_value()->mutable_wishes()) {
        auto* card = view.add_wishes();
        for (auto action : WishCardActions(viewer, item)) card->add_actions(action);
        card->mutable_wish()->Swap(&item);
      }
    }
    view.set_next_page_token(listed.value().next_page_token());
    reply(std::move(view), done);
  });
}

void Views::PostList(const Caller& caller, const pb::GetPostListRequest& request,
                     Reply<pb::PostList> reply) {
  bool volunteer = caller.principal.role == Role::kVolunteer;
  auto fan = Fanout::New(caller, guard_);
  auto listed = calls_.ListPosts(*fan, request.region_id(), request.type_code(), request.status(),
                                 Page{request.page_size(), request.page_token()});
  Part<spb::ListAdoptionsResponse> mine;
  if (volunteer) {
    mine = calls_.ListActiveAdoptions(*fan, caller.principal.subject, kMyAdoptions, Need::kOptional,
                                      kOptionalPart);
  }
  auto me = CallerProfile(*fan, caller);
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);

    pb::PostList view;
    view.set_region_id(request.region_id());
    NameMissing(done, view);
    Viewer viewer = ViewerOf(caller, me, mine);
    if (listed.ok()) {
      for (auto& post : *listed.mutable_value()->mutable_posts()) {
        auto* card = view.add_posts();
        card->set_my_adoption_id(MyAdoptionOf(viewer, post.post_id()));
        for (auto action : PostCardActions(viewer, post)) card->add_actions(action);
        card->mutable_post()->Swap(&post);
      }
    }
    view.set_next_page_token(listed.value().next_page_token());
    reply(std::move(view), done);
  });
}

void Views::RegionOverview(const Caller& caller, const pb::GetRegionOverviewRequest& request,
                           Reply<pb::RegionOverview> reply) {
  const std::string& region = request.region_id();
  auto fan = Fanout::New(caller, guard_);
  // Five figures, none of which the others wait for.
  auto people = calls_.GetRegionStatistics(*fan, region, kOptionalPart);
  auto posts = calls_.GetPostsOverview(*fan, region, kOptionalPart);
  auto wishes = calls_.GetWishStatistics(*fan, region, kOptionalPart);
  auto points = calls_.GetPointsStatistics(*fan, region, kOptionalPart);
  auto top =
      calls_.GetLeaderboard(*fan, region, ppb::PERIOD_KIND_MONTH, kTopVolunteers, kOptionalPart);
  // And the activities under way and to come, beside them.
  auto running = calls_.ListActivities(*fan, region, apb::ACTIVITY_STATE_RUNNING, false,
                                       Page{kOverviewActivities, ""}, kOptionalPart);
  auto upcoming = calls_.ListActivities(*fan, region, apb::ACTIVITY_STATE_PUBLISHED, false,
                                        Page{kOverviewActivities, ""}, kOptionalPart);
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);

    pb::RegionOverview view;
    view.set_region_id(region);
    NameMissing(done, view);
    if (people.ok()) view.mutable_volunteers()->Swap(people.mutable_value());
    if (posts.ok()) view.mutable_posts()->Swap(posts.mutable_value());
    if (wishes.ok()) view.mutable_wishes()->Swap(wishes.mutable_value());
    if (points.ok()) view.mutable_points()->Swap(points.mutable_value());
    if (top.ok()) view.mutable_top_volunteers()->Swap(top.mutable_value());
    *view.mutable_running_activities() = running.value().activities();
    *view.mutable_upcoming_activities() = upcoming.value().activities();
    view.set_month(view.volunteers().month().empty() ? view.points().month()
                                                     : view.volunteers().month());
    reply(std::move(view), done);
  });
}

void Views::AdminQueue(const Caller& caller, const pb::GetAdminQueueRequest& request,
                       Reply<pb::AdminQueue> reply) {
  int page_size = request.page_size() == 0 ? 20 : request.page_size();
  if (page_size < 0 || page_size > 100) {
    return reply(absl::InvalidArgumentError("page_size: between 1 and 100 (0: 20)"));
  }
  const std::string& region = request.region_id();
  auto fan = Fanout::New(caller, guard_);
  // Four lists, each worked through on its own.
  auto wishes =
      calls_.ListWishesInState(*fan, region, wpb::WISH_STATE_SUBMITTED, page_size, kOptionalPart);
  auto logs = calls_.ListLogs(*fan, region, spb::LOG_STATUS_SUBMITTED, page_size, kOptionalPart);
  auto orders = calls_.ListOrders(*fan, region, ppb::ORDER_STATUS_HELD, page_size, kOptionalPart);
  auto rounds = calls_.ListRounds(*fan, region, kRounds, kOptionalPart);
  // Activities over, their rosters waiting to be confirmed.
  auto ended = calls_.ListActivities(*fan, region, apb::ACTIVITY_STATE_ENDED, false,
                                     Page{page_size, ""}, kOptionalPart);
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);

    pb::AdminQueue view;
    view.set_region_id(region);
    NameMissing(done, view);
    *view.mutable_wishes_to_review() = wishes.value().wishes();
    *view.mutable_logs_to_approve() = logs.value().logs();
    *view.mutable_orders_to_hand_out() = orders.value().orders();
    *view.mutable_rosters_to_confirm() = ended.value().activities();
    if (rounds.ok()) {
      for (auto& round : *rounds.mutable_value()->mutable_rounds()) {
        if (round.status() == ppb::ROUND_STATUS_PROPOSED) {
          view.add_rounds_to_publish()->Swap(&round);
        } else if (round.status() == ppb::ROUND_STATUS_IN_NOTICE) {
          view.add_rounds_in_notice()->Swap(&round);
        }
      }
    }
    reply(std::move(view), done);
  });
}

void Views::ActivityList(const Caller& caller, const pb::GetActivityListRequest& request,
                         Reply<pb::ActivityList> reply) {
  auto fan = Fanout::New(caller, guard_);
  // Each activity comes with the caller's own sign-up; their profile says whether they may sign
  // up at all.
  auto listed =
      calls_.ListActivities(*fan, request.region_id(), request.state(), request.include_all(),
                            Page{request.page_size(), request.page_token()});
  auto me = CallerProfile(*fan, caller);
  auto now = clock_.Now();  // what the caller asked at
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);

    pb::ActivityList view;
    view.set_region_id(request.region_id());
    NameMissing(done, view);
    Viewer viewer = ViewerOf(caller, me);
    if (listed.ok()) {
      for (auto& activity : *listed.mutable_value()->mutable_activities()) {
        auto* card = view.add_activities();
        for (auto action : ActivityCardActions(viewer, activity, now)) card->add_actions(action);
        card->mutable_activity()->Swap(&activity);
      }
    }
    view.set_next_page_token(listed.value().next_page_token());
    reply(std::move(view), done);
  });
}

void Views::ActivityCard(const Caller& caller, const pb::GetActivityCardRequest& request,
                         Reply<pb::ActivityCard> reply) {
  auto fan = Fanout::New(caller, guard_);
  auto activity = calls_.GetActivity(*fan, request.activity_id());
  auto me = CallerProfile(*fan, caller);
  auto now = clock_.Now();
  fan->Then([=](absl::Status status, const Fanout& done) {
    if (!status.ok()) return reply(status);
    // The activity is what the card is for: without it there is nothing to show.
    if (!activity.ok()) {
      return reply(absl::UnavailableError("activities: the service is not answering"));
    }
    pb::ActivityCard card;
    NameMissing(done, card);
    for (auto action : ActivityCardActions(ViewerOf(caller, me), activity.value(), now)) {
      card.add_actions(action);
    }
    card.mutable_activity()->Swap(activity.mutable_value());
    reply(std::move(card), done);
  });
}

}  // namespace tongxin::gateway
