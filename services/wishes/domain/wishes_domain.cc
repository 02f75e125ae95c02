#include "services/wishes/domain/wishes_domain.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/wishes/domain/wish_rules.h"
#include "services/wishes/domain/wisher_access.h"

namespace tongxin::wishes {

WishesDomain::WishesDomain(WishRepository& wishes, AccessLogRepository& access_log,
                           WishEvents& events, const PersonalDataCipher& cipher, const Clock& clock,
                           WishesOptions options)
    : wishes_(wishes),
      access_log_(access_log),
      events_(events),
      cipher_(cipher),
      clock_(clock),
      options_(options) {}

absl::StatusOr<Wish> WishesDomain::Load(Tx& tx, const std::string& wish_id, bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("wish_id", wish_id));
  TX_ASSIGN_OR_RETURN(auto wish, wishes_.Find(tx, wish_id, lock));
  if (!wish) return absl::NotFoundError("wish_id: no such wish");
  return *wish;
}

absl::StatusOr<Wish> WishesDomain::Move(Tx& tx, const Wish& before, Wish after,
                                        const std::string& actor, const std::string& note,
                                        Time at) {
  TX_ASSIGN_OR_RETURN(auto moved, wishes_.Update(tx, after, before.state));
  if (!moved) return absl::AbortedError("the wish changed concurrently; retry");
  TX_RETURN_IF_ERROR(
      wishes_.AddEvent(tx, before.wish_id, before.state, after.state, actor, note, at));
  return *moved;
}

Wish WishesDomain::Present(const Principal& caller, Wish wish) const {
  wish.wisher_name.clear();
  wish.wisher_contact.clear();
  if (!SeesSubmitter(caller, wish)) wish.submitted_by.clear();  // the resident's account
  return wish;
}

absl::StatusOr<Wish> WishesDomain::Submit(Tx& tx, const Principal& caller, const Submission& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", in.community_id, kCommunityIdLength));
  if (!in.grid_id.empty()) {
    TX_RETURN_IF_ERROR(CheckRegionId("grid_id", in.grid_id, kGridIdLength));
    if (in.grid_id.substr(0, kCommunityIdLength) != in.community_id) {
      return absl::InvalidArgumentError("grid_id: the grid is not in community_id");
    }
  }
  if (in.category == Category::kUnspecified) {
    return absl::InvalidArgumentError("category: required");
  }
  TX_RETURN_IF_ERROR(CheckText("description", in.description, 500));
  TX_RETURN_IF_ERROR(CheckEstimatedValue(in.estimated_value, options_.value_cap_yuan));
  TX_RETURN_IF_ERROR(CheckUrl("photo_url", in.photo_url));
  TX_RETURN_IF_ERROR(CheckText("wisher_name", in.wisher_name, 30));
  TX_RETURN_IF_ERROR(CheckText("wisher_contact", in.wisher_contact, 60));
  TX_RETURN_IF_ERROR(CheckWisherTitle(in.wisher_title));
  // A resident submits their own wish; a grid worker or admin submits one in their scope.
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(
        RequireAdminInScope(caller, in.grid_id.empty() ? in.community_id : in.grid_id));
  }
  Wish wish;
  wish.community_id = in.community_id;
  wish.grid_id = in.grid_id;
  wish.category = in.category;
  wish.description = in.description;
  wish.estimated_value = in.estimated_value;
  wish.photo_url = in.photo_url;
  wish.wisher_name_sealed = cipher_.Encrypt(in.wisher_name);
  wish.wisher_name_masked = MaskedName(in.wisher_name, in.wisher_title);
  wish.wisher_contact_sealed = cipher_.Encrypt(in.wisher_contact);
  wish.submitted_by = caller.subject;
  wish.create_time = clock_.Now();
  TX_ASSIGN_OR_RETURN(Wish inserted, wishes_.Insert(tx, wish));
  TX_RETURN_IF_ERROR(wishes_.AddEvent(tx, inserted.wish_id, WishState::kUnspecified,
                                      WishState::kSubmitted, caller.subject, "", clock_.Now()));
  return Present(caller, inserted);
}

absl::StatusOr<Wish> WishesDomain::Get(Tx& tx, const Principal& caller,
                                       const std::string& wish_id) {
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, false));
  // On the wall a wish is public; otherwise only its people and the admins in scope see it.
  bool involved = caller.subject == wish.claimer_id || caller.subject == wish.submitted_by;
  if (!OnTheWall(wish.state) && !involved) {
    if (caller.role == Role::kVolunteer) return absl::NotFoundError("wish_id: no such wish");
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  }
  Time now = clock_.Now();
  AccessReason why = WisherAccess(caller, wish, now);
  Wish shown = Present(caller, wish);
  if (why != AccessReason::kUnspecified) {
    // Logged before it is shown: no showing without its entry (a read commits it at once).
    TX_RETURN_IF_ERROR(access_log_.Insert(tx, wish, caller.subject, why, now));
    shown.wisher_name = cipher_.Decrypt(wish.wisher_name_sealed).value_or("");
    shown.wisher_contact = cipher_.Decrypt(wish.wisher_contact_sealed).value_or("");
  }
  return shown;
}

absl::StatusOr<Wish> WishesDomain::Review(Tx& tx, const Principal& caller,
                                          const std::string& wish_id, bool approve,
                                          const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, !approve));
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  const Time now = clock_.Now();
  TX_ASSIGN_OR_RETURN(Wish after, Reviewed(wish, approve, reason, now));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, reason, now));
  return Present(caller, moved);
}

absl::StatusOr<Page<Wish>> WishesDomain::Wall(Tx& tx, const Principal&,
                                              const std::string& region_id, Category category,
                                              const PageRequest& page) {
  // A wall is a community's or a grid's.
  TX_RETURN_IF_ERROR(
      CheckRegionId("region_id", region_id,
                    region_id.size() == kGridIdLength ? kGridIdLength : kCommunityIdLength));
  return wishes_.Wall(tx, region_id, category, page);
}

absl::StatusOr<Page<Wish>> WishesDomain::List(Tx& tx, const Principal& caller,
                                              const std::string& region_id, WishState state,
                                              const std::string& claimer_id,
                                              const PageRequest& page) {
  if (region_id.empty() && claimer_id.empty()) {
    return absl::InvalidArgumentError("region_id: give region_id or claimer_id");
  }
  if (!region_id.empty()) {
    TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  } else if (caller.role == Role::kVolunteer && caller.subject != claimer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(auto result, wishes_.List(tx, region_id, state, claimer_id, page));
  if (region_id.empty() && caller.IsAdmin()) {
    // A claimer's wishes, for an admin: only those in the admin's scope.
    std::erase_if(result.items, [&](const Wish& w) { return !caller.InScope(w.region()); });
  }
  for (auto& wish : result.items) wish = Present(caller, std::move(wish));
  return result;
}

absl::Status WishesDomain::CheckClaimCaller(const Principal& caller,
                                            const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckText("volunteer_id", volunteer_id, 128));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer claims wishes only for themself");
  }
  return absl::OkStatus();
}

absl::StatusOr<Wish> WishesDomain::Claim(Tx& tx, const Principal& caller,
                                         const std::string& wish_id,
                                         const clients::VolunteerInfo& volunteer) {
  TX_RETURN_IF_ERROR(CheckClaimCaller(caller, volunteer.volunteer_id));
  // Before anything about the volunteer is told (that they are inactive, at their limits).
  TX_RETURN_IF_ERROR(clients::CheckActingFor(caller, volunteer, "volunteer_id"));
  if (!volunteer.active) {
    return absl::FailedPreconditionError("volunteer_id: the volunteer is not active");
  }
  TX_RETURN_IF_ERROR(CheckUuid("wish_id", wish_id));
  // One claimer at a time (taken before any wish row, as Release does): the limits then count
  // everything this claimer committed.
  TX_RETURN_IF_ERROR(wishes_.LockClaimer(tx, volunteer.volunteer_id));
  TX_ASSIGN_OR_RETURN(int open, wishes_.CountOpenClaims(tx, volunteer.volunteer_id));
  TX_RETURN_IF_ERROR(CheckOpenClaims(open, options_.max_open_claims));
  TX_ASSIGN_OR_RETURN(int released, wishes_.CountReleasesSince(tx, volunteer.volunteer_id,
                                                               clock_.Now() - kReleaseWindow));
  TX_RETURN_IF_ERROR(CheckRecentReleases(released, options_.max_claim_releases_per_day));
  // The row lock makes simultaneous claimers queue: the first finds the wish on the wall,
  // everyone after it finds it claimed.
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  }
  return TakeClaim(tx, caller, wish,
                   Claimer{volunteer.volunteer_id, volunteer.name, volunteer.party_member});
}

absl::StatusOr<Wish> WishesDomain::ClaimForUnit(Tx& tx, const Principal& caller,
                                                const std::string& wish_id,
                                                const std::string& unit_name) {
  TX_RETURN_IF_ERROR(CheckText("unit_name", unit_name, 100));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("a unit's claim is made by the community");
  }
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  return TakeClaim(tx, caller, wish, UnitClaimer(unit_name));
}

absl::StatusOr<Wish> WishesDomain::TakeClaim(Tx& tx, const Principal& caller, const Wish& wish,
                                             const Claimer& claimer) {
  const Time now = clock_.Now();
  TX_ASSIGN_OR_RETURN(Wish after, Claimed(wish, claimer, now, options_.claim_time_limit));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, "", now));
  events_.Claimed(tx, moved);
  return Present(caller, moved);
}

absl::StatusOr<Wish> WishesDomain::Release(Tx& tx, const Principal& caller,
                                           const std::string& wish_id) {
  // A volunteer releases only their own claim, counted by their next claim: queued with their
  // claims, the claimer's lock first (as Claim takes it), then the wish's row.
  if (caller.role == Role::kVolunteer) {
    TX_RETURN_IF_ERROR(CheckUuid("wish_id", wish_id));
    TX_RETURN_IF_ERROR(wishes_.LockClaimer(tx, caller.subject));
  }
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  if (caller.role == Role::kVolunteer) {
    if (caller.subject != wish.claimer_id) {
      return absl::PermissionDeniedError("only the claimer releases a claim");
    }
  } else {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  }
  TX_ASSIGN_OR_RETURN(Wish after, BackOnTheWall(wish, WishAction::kRelease));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, "released", clock_.Now()));
  return Present(caller, moved);
}

absl::StatusOr<Wish> WishesDomain::Fulfil(Tx& tx, const Principal& caller,
                                          const std::string& wish_id, const std::string& note,
                                          const std::string& photo_url, double service_hours) {
  TX_RETURN_IF_ERROR(CheckText("note", note, 500));
  TX_RETURN_IF_ERROR(CheckUrl("photo_url", photo_url));
  if (photo_url.empty()) return absl::InvalidArgumentError("photo_url: required");
  TX_RETURN_IF_ERROR(CheckServiceHours(service_hours));
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  if (wish.claimed_by_unit()) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));  // the unit's community
  } else if (caller.role != Role::kSystem && caller.subject != wish.claimer_id) {
    return absl::PermissionDeniedError("only the claimer fulfils the wish");
  }
  const Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckClaimNotLapsed(wish, now));
  TX_ASSIGN_OR_RETURN(Wish after, Fulfilled(wish, note, photo_url, service_hours));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, note, now));
  return Present(caller, moved);
}

absl::StatusOr<Wish> WishesDomain::Confirm(Tx& tx, const Principal& caller,
                                           const std::string& wish_id, bool confirm,
                                           const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, !confirm));
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  // The wisher's grid worker (an admin scoped to the grid) or an admin over it.
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("the grid worker or the community confirms");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  const Time now = clock_.Now();
  TX_ASSIGN_OR_RETURN(Wish after, Confirmed(wish, confirm, reason, now, options_.claim_time_limit));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, reason, now));
  // A unit's service is its own record: points and hours go to volunteers only.
  if (confirm) {
    events_.Confirmed(tx, moved, /*earns=*/!moved.claimed_by_unit());
  } else {
    events_.SentBack(tx, moved, now);
  }
  return Present(caller, moved);
}

absl::StatusOr<Wish> WishesDomain::Withdraw(Tx& tx, const Principal& caller,
                                            const std::string& wish_id) {
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  if (caller.role == Role::kVolunteer) {
    if (caller.subject != wish.submitted_by) {
      return absl::PermissionDeniedError("only the wisher withdraws a wish");
    }
  } else {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  }
  TX_ASSIGN_OR_RETURN(Wish after, Withdrawn(wish));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, "", clock_.Now()));
  return Present(caller, moved);
}

absl::StatusOr<Wish> WishesDomain::Cancel(Tx& tx, const Principal& caller,
                                          const std::string& wish_id, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, true));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin cancels a wish");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  TX_ASSIGN_OR_RETURN(Wish after, Cancelled(wish, reason));
  TX_ASSIGN_OR_RETURN(Wish moved, Move(tx, wish, after, caller.subject, reason, clock_.Now()));
  return Present(caller, moved);
}

absl::StatusOr<int> WishesDomain::ReleaseExpiredClaims(Tx& tx, const Principal& caller) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("expired claims are released by the system");
  }
  const Time now = clock_.Now();
  TX_ASSIGN_OR_RETURN(auto expired, wishes_.ExpiredClaims(tx, now, kExpiredClaimsBatch));
  for (const Wish& wish : expired) {
    TX_ASSIGN_OR_RETURN(Wish after, BackOnTheWall(wish, WishAction::kExpire));
    TX_RETURN_IF_ERROR(
        Move(tx, wish, after, caller.subject, "claim not fulfilled in time", now).status());
  }
  return static_cast<int>(expired.size());
}

absl::StatusOr<std::vector<HistoryEntry>> WishesDomain::History(Tx& tx, const Principal& caller,
                                                                const std::string& wish_id) {
  TX_ASSIGN_OR_RETURN(Wish wish, Load(tx, wish_id, false));
  if (caller.role == Role::kVolunteer)
    return absl::PermissionDeniedError("only an admin may do this");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, wish.region()));
  return wishes_.History(tx, wish_id);
}

absl::StatusOr<Statistics> WishesDomain::Stats(Tx& tx, const Principal&,
                                               const std::string& region_id) {
  // Statistics are a street's or a community's.
  TX_RETURN_IF_ERROR(
      CheckRegionId("region_id", region_id,
                    region_id.size() == kStreetIdLength ? kStreetIdLength : kCommunityIdLength));
  return wishes_.Stats(tx, region_id);
}

absl::StatusOr<Page<AccessEntry>> WishesDomain::AccessLog(Tx& tx, const Principal& caller,
                                                          const std::string& region_id,
                                                          const std::string& wish_id,
                                                          const std::string& reader_id,
                                                          const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  if (!wish_id.empty()) TX_RETURN_IF_ERROR(CheckUuid("wish_id", wish_id));
  TX_RETURN_IF_ERROR(CheckText("reader_id", reader_id, 128, false));
  // The key is an access id: at most 18 digits (a bigint).
  bool key_ok = page.after.size() <= 18 && std::ranges::all_of(page.after, [](char c) {
                  return absl::ascii_isdigit(static_cast<unsigned char>(c));
                });
  if (!key_ok) {
    return absl::InvalidArgumentError("page_token: not a token of this list");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  return access_log_.List(tx, region_id, wish_id, reader_id, page);
}

}  // namespace tongxin::wishes
