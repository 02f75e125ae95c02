#include "services/posts/domain/posts_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/posts/domain/adoption.h"
#include "services/posts/domain/post.h"
#include "services/posts/domain/service_log.h"

namespace tongxin::posts {
namespace {

// A post belongs to a community; lists also take a grid or a street.
absl::Status CheckListRegion(const std::string& region_id) {
  return CheckAnyRegionId("region_id", region_id);
}

// Logs and overviews are kept per community: a street or a community, not a grid (the message
// names the length expected: a street's if it has 9 characters, else a community's).
absl::Status CheckStreetOrCommunity(const std::string& region_id) {
  return CheckRegionId("region_id", region_id,
                       region_id.size() == kStreetIdLength ? kStreetIdLength : kCommunityIdLength);
}

}  // namespace

PostsDomain::PostsDomain(PostRepository& posts, UnitRepository& units,
                         AdoptionRepository& adoptions, PostEvents& events, const Clock& clock,
                         PostsOptions options)
    : posts_(posts),
      units_(units),
      adoptions_(adoptions),
      events_(events),
      clock_(clock),
      options_(options) {}

std::string PostsDomain::Today() const { return ChinaDate(clock_.Now()); }

absl::StatusOr<Post> PostsDomain::LoadPost(Tx& tx, const std::string& post_id, bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("post_id", post_id));
  TX_ASSIGN_OR_RETURN(auto post, posts_.Find(tx, post_id, lock));
  if (!post) return absl::NotFoundError("post_id: no such post");
  return *post;
}

absl::StatusOr<Adoption> PostsDomain::LoadAdoption(Tx& tx, const std::string& adoption_id,
                                                   bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("adoption_id", adoption_id));
  TX_ASSIGN_OR_RETURN(auto adoption, adoptions_.Find(tx, adoption_id, lock));
  if (!adoption) return absl::NotFoundError("adoption_id: no such adoption");
  return *adoption;
}

absl::Status PostsDomain::RequireAdopterOrAdmin(const Principal& caller, const Adoption& adoption) {
  if (caller.role == Role::kVolunteer) {
    if (adoption.adopter_kind == AdopterKind::kVolunteer && caller.subject == adoption.adopter_id) {
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError("a volunteer may act only on their own adoptions");
  }
  return RequireAdminInScope(caller, adoption.community_id);
}

// ---- catalogue and posts ----

absl::StatusOr<std::vector<PostType>> PostsDomain::ListPostTypes(Tx& tx, const Principal&) {
  return posts_.ListTypes(tx);
}

absl::StatusOr<PostType> PostsDomain::CreatePostType(Tx& tx, const Principal& caller,
                                                     const PostType& type) {
  TX_RETURN_IF_ERROR(CheckNewPostType(type));
  if (caller.role != Role::kSystem && caller.role != Role::kStreetAdmin) {
    return absl::PermissionDeniedError("post types are added by a street admin");
  }
  return posts_.InsertType(tx, type);
}

absl::StatusOr<Post> PostsDomain::CreatePost(Tx& tx, const Principal& caller, const Post& in) {
  TX_RETURN_IF_ERROR(CheckNewPost(in));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.community_id));
  TX_ASSIGN_OR_RETURN(auto type, posts_.FindType(tx, in.type_code));
  if (!type) return absl::InvalidArgumentError("post.type_code: no such post type");
  Post post = in;
  post.created_by = caller.subject;
  return posts_.Insert(tx, post);
}

absl::StatusOr<Post> PostsDomain::GetPost(Tx& tx, const Principal&, const std::string& post_id) {
  return LoadPost(tx, post_id, false);
}

absl::StatusOr<Page<Post>> PostsDomain::ListPosts(Tx& tx, const Principal&,
                                                  const PostFilter& filter,
                                                  const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckListRegion(filter.region_id));
  TX_RETURN_IF_ERROR(CheckText("type_code", filter.type_code, 40, false));
  for (const auto& skill : filter.skills) TX_RETURN_IF_ERROR(CheckText("skills", skill, 30));
  return posts_.List(tx, filter, page);
}

absl::StatusOr<Post> PostsDomain::SetPostOpen(Tx& tx, const Principal& caller,
                                              const std::string& post_id, bool open) {
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, post_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, post.community_id));
  TX_ASSIGN_OR_RETURN(auto changed, posts_.SetOpen(tx, post_id, open));
  return *changed;
}

absl::StatusOr<Unit> PostsDomain::CreateUnit(Tx& tx, const Principal& caller, const Unit& unit) {
  TX_RETURN_IF_ERROR(CheckRegionId("unit.community_id", unit.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("unit.name", unit.name, 100));
  TX_RETURN_IF_ERROR(CheckDate("unit.agreement_date", unit.agreement_date, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, unit.community_id));
  return units_.Insert(tx, unit);
}

absl::StatusOr<Page<Unit>> PostsDomain::ListUnits(Tx& tx, const Principal&,
                                                  const std::string& community_id,
                                                  const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  return units_.List(tx, community_id, page);
}

// ---- adoption ----

absl::Status PostsDomain::CheckAdoptCaller(const Principal& caller, AdopterKind kind,
                                           const std::string& adopter_id) {
  TX_RETURN_IF_ERROR(CheckText("adopter_id", adopter_id, 128));
  if (kind == AdopterKind::kVolunteer) {
    if (caller.role == Role::kVolunteer && caller.subject != adopter_id) {
      return absl::PermissionDeniedError("a volunteer adopts posts only for themself");
    }
    return absl::OkStatus();
  }
  if (kind == AdopterKind::kUnit) {
    TX_RETURN_IF_ERROR(CheckUuid("adopter_id", adopter_id));
    if (caller.role == Role::kVolunteer) {
      return absl::PermissionDeniedError("a unit's adoption is made by the community");
    }
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError("adopter_kind: VOLUNTEER or UNIT");
}

absl::StatusOr<Adoption> PostsDomain::AdoptPost(Tx& tx, const Principal& caller,
                                                const std::string& post_id, AdopterKind kind,
                                                const std::string& adopter_id,
                                                const std::optional<VolunteerInfo>& volunteer) {
  TX_RETURN_IF_ERROR(CheckAdoptCaller(caller, kind, adopter_id));
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, post_id, false));
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, post.community_id));
  }
  Adoption adoption;
  adoption.post_id = post_id;
  adoption.adopt_time = clock_.Now();
  adoption.adopter_kind = kind;
  adoption.adopter_id = adopter_id;
  if (kind == AdopterKind::kVolunteer) {
    if (!volunteer) return absl::InternalError("volunteer not looked up");
    // Before anything about the volunteer is told (their party membership, their name).
    TX_RETURN_IF_ERROR(clients::CheckActingFor(caller, *volunteer, "adopter_id"));
    TX_RETURN_IF_ERROR(CheckVolunteerMayAdopt(*volunteer, post));
    adoption.adopter_name = volunteer->name;
    adoption.party_member = volunteer->party_member;
  } else {
    TX_ASSIGN_OR_RETURN(auto unit, units_.Find(tx, adopter_id));
    if (!unit) return absl::NotFoundError("adopter_id: no such unit");
    if (unit->community_id != post.community_id) {
      return absl::FailedPreconditionError("adopter_id: the unit works with another community");
    }
    adoption.adopter_name = unit->name;
    adoption.adopter_id = unit->unit_id;  // the canonical spelling: "once per post" compares text
  }
  // One adopter at a time: the limit then counts everything this adopter committed.
  TX_RETURN_IF_ERROR(adoptions_.LockAdopter(tx, adoption.adopter_id));
  TX_ASSIGN_OR_RETURN(int active, adoptions_.CountActive(tx, adoption.adopter_id));
  if (kind == AdopterKind::kVolunteer) {
    TX_RETURN_IF_ERROR(CheckAdoptionLimit(active, options_.max_active_adoptions));
  }
  TX_ASSIGN_OR_RETURN(Adoption inserted, adoptions_.Insert(tx, adoption));
  TX_ASSIGN_OR_RETURN(auto taken, posts_.TakePlace(tx, post_id));
  if (!taken) return NoPlaceFor(post);
  return inserted;
}

absl::StatusOr<Adoption> PostsDomain::WithdrawAdoption(Tx& tx, const Principal& caller,
                                                       const std::string& adoption_id) {
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, adoption_id, true));
  TX_RETURN_IF_ERROR(RequireAdopterOrAdmin(caller, adoption));
  // The row is locked: the status read is the one the update will find.
  TX_RETURN_IF_ERROR(
      CheckTransition(kAdoptionTransitions, adoption.status, AdoptionStatus::kWithdrawn));
  TX_ASSIGN_OR_RETURN(auto withdrawn, adoptions_.Withdraw(tx, adoption_id, clock_.Now()));
  if (!withdrawn) return RefusalOf(kAdoptionTransitions, AdoptionStatus::kWithdrawn);
  TX_RETURN_IF_ERROR(posts_.FreePlace(tx, adoption.post_id));
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, adoption.post_id, false));
  events_.AdoptionEnded(tx, *withdrawn, post);
  return *withdrawn;
}

absl::StatusOr<Page<Adoption>> PostsDomain::ListAdoptions(Tx& tx, const Principal& caller,
                                                          const std::string& post_id,
                                                          const std::string& adopter_id,
                                                          bool active_only,
                                                          const PageRequest& page) {
  if (post_id.empty() == adopter_id.empty()) {
    return absl::InvalidArgumentError("post_id: give either post_id or adopter_id");
  }
  if (!post_id.empty()) {
    TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, post_id, false));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, post.community_id));
  } else if (caller.role == Role::kVolunteer && caller.subject != adopter_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(auto result, adoptions_.List(tx, post_id, adopter_id, active_only, page));
  if (post_id.empty() && caller.IsAdmin()) {
    // An adopter's list, for an admin: only the adoptions in the admin's scope.
    std::erase_if(result.items, [&](const Adoption& a) { return !caller.InScope(a.community_id); });
  }
  return result;
}

// ---- service logs ----

absl::StatusOr<ServiceLog> PostsDomain::LogService(Tx& tx, const Principal& caller,
                                                   const LogInput& in) {
  TX_RETURN_IF_ERROR(CheckServiceDate(in.service_date, Today()));
  TX_ASSIGN_OR_RETURN(double hours, CheckLogHours(in.hours));
  TX_RETURN_IF_ERROR(CheckText("summary", in.summary, 1000));
  TX_RETURN_IF_ERROR(CheckPhotos("photos_before", in.photos_before));
  TX_RETURN_IF_ERROR(CheckPhotos("photos_after", in.photos_after));
  // Locked: a withdrawal committing meanwhile is seen, and no log lands on it.
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, in.adoption_id, true));
  TX_RETURN_IF_ERROR(RequireAdopterOrAdmin(caller, adoption));
  TX_RETURN_IF_ERROR(CheckLogsServiceUnder(adoption));
  TX_RETURN_IF_ERROR(CheckServedSinceAdoption(in.service_date, ChinaDate(adoption.adopt_time)));
  ServiceLog log;
  log.adoption_id = adoption.adoption_id;
  log.post_id = adoption.post_id;
  log.community_id = adoption.community_id;
  log.adopter_id = adoption.adopter_id;
  log.service_date = in.service_date;
  log.hours = hours;
  log.summary = in.summary;
  log.photos_before = in.photos_before;
  log.photos_after = in.photos_after;
  return adoptions_.InsertLog(tx, log);
}

absl::StatusOr<ServiceLog> PostsDomain::ApproveLog(Tx& tx, const Principal& caller,
                                                   const std::string& log_id) {
  TX_RETURN_IF_ERROR(CheckUuid("log_id", log_id));
  TX_ASSIGN_OR_RETURN(auto log, adoptions_.FindLog(tx, log_id));
  if (!log) return absl::NotFoundError("log_id: no such service log");
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("service logs are approved by the community");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, log->community_id));
  TX_RETURN_IF_ERROR(CheckTransition(kLogTransitions, log->status, LogStatus::kApproved));
  TX_ASSIGN_OR_RETURN(auto approved,
                      adoptions_.Review(tx, log_id, LogStatus::kApproved, caller.subject, ""));
  // The log was read unlocked: a concurrent reviewer may have come first.
  if (!approved) return RefusalOf(kLogTransitions, LogStatus::kApproved);
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, approved->adoption_id, false));
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, approved->post_id, false));
  // A unit's service is its own record: hours and points go to volunteers only.
  events_.LogApproved(tx, ReviewedLog{*approved, adoption, post},
                      /*earns=*/adoption.adopter_kind == AdopterKind::kVolunteer);
  return *approved;
}

absl::StatusOr<ServiceLog> PostsDomain::RejectLog(Tx& tx, const Principal& caller,
                                                  const std::string& log_id,
                                                  const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckUuid("log_id", log_id));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_ASSIGN_OR_RETURN(auto log, adoptions_.FindLog(tx, log_id));
  if (!log) return absl::NotFoundError("log_id: no such service log");
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("service logs are reviewed by the community");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, log->community_id));
  TX_RETURN_IF_ERROR(CheckTransition(kLogTransitions, log->status, LogStatus::kRejected));
  TX_ASSIGN_OR_RETURN(auto rejected,
                      adoptions_.Review(tx, log_id, LogStatus::kRejected, caller.subject, reason));
  if (!rejected) return RefusalOf(kLogTransitions, LogStatus::kRejected);
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, rejected->adoption_id, false));
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, rejected->post_id, false));
  events_.LogRejected(tx, ReviewedLog{*rejected, adoption, post});
  return *rejected;
}

absl::StatusOr<Page<ServiceLog>> PostsDomain::ListLogs(Tx& tx, const Principal& caller,
                                                       const std::string& region_id,
                                                       const std::string& adopter_id,
                                                       LogStatus status, const PageRequest& page) {
  if (region_id.empty() == adopter_id.empty()) {
    return absl::InvalidArgumentError("region_id: give either region_id or adopter_id");
  }
  if (!region_id.empty()) {
    TX_RETURN_IF_ERROR(CheckStreetOrCommunity(region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  } else if (caller.role == Role::kVolunteer && caller.subject != adopter_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  } else if (caller.IsAdmin()) {
    return absl::InvalidArgumentError("region_id: admins list the logs of a region");
  }
  return adoptions_.ListLogs(tx, region_id, adopter_id, status, page);
}

absl::StatusOr<Overview> PostsDomain::GetOverview(Tx& tx, const Principal&,
                                                  const std::string& region_id) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunity(region_id));
  return posts_.LoadOverview(tx, region_id, ChinaMonth(clock_.Now()));
}

}  // namespace tongxin::posts
