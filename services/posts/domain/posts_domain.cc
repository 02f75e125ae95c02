#include "services/posts/domain/posts_domain.h"

#include <cmath>
#include <regex>

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::posts {
namespace {

absl::Status CheckTime(const std::string& field, const std::string& value) {
  static const std::regex kTime(R"(([01][0-9]|2[0-3]):[0-5][0-9])");
  if (!value.empty() && !std::regex_match(value, kTime)) {
    return absl::InvalidArgumentError(field + ": HH:MM");
  }
  return absl::OkStatus();
}

absl::Status CheckPhotos(const std::string& field, const std::vector<std::string>& urls) {
  if (urls.size() > 9) return absl::InvalidArgumentError(field + ": at most 9 photos");
  for (const auto& url : urls) {
    TX_RETURN_IF_ERROR(CheckText(field, url, 500));
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
      return absl::InvalidArgumentError(field + ": photo URLs start with http:// or https://");
    }
  }
  return absl::OkStatus();
}

// A post belongs to a community; lists also take a grid or a street.
absl::Status CheckListRegion(const std::string& region_id) {
  return CheckAnyRegionId("region_id", region_id);
}

}  // namespace

PostsDomain::PostsDomain(PostRepository& posts, UnitRepository& units,
                         AdoptionRepository& adoptions, const Clock& clock, PostsOptions options)
    : posts_(posts), units_(units), adoptions_(adoptions), clock_(clock), options_(options) {}

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
  static const std::regex kCode("[A-Z][A-Z0-9_]{1,39}");
  if (!std::regex_match(type.code, kCode)) {
    return absl::InvalidArgumentError("post_type.code: upper-case letters, digits and _");
  }
  TX_RETURN_IF_ERROR(CheckText("post_type.name", type.name, 30));
  TX_RETURN_IF_ERROR(CheckText("post_type.category", type.category, 20, false));
  for (const auto& skill : type.suggested_skills) {
    TX_RETURN_IF_ERROR(CheckText("post_type.suggested_skills", skill, 30));
  }
  if (caller.role != Role::kSystem && caller.role != Role::kStreetAdmin) {
    return absl::PermissionDeniedError("post types are added by a street admin");
  }
  return posts_.InsertType(tx, type);
}

absl::StatusOr<Post> PostsDomain::CreatePost(Tx& tx, const Principal& caller, const Post& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("post.community_id", in.community_id, kCommunityIdLength));
  if (!in.grid_id.empty()) {
    TX_RETURN_IF_ERROR(CheckRegionId("post.grid_id", in.grid_id, kGridIdLength));
    if (in.grid_id.substr(0, kCommunityIdLength) != in.community_id) {
      return absl::InvalidArgumentError("post.grid_id: the grid is not in post.community_id");
    }
  }
  TX_RETURN_IF_ERROR(CheckText("post.title", in.title, 100));
  TX_RETURN_IF_ERROR(CheckText("post.description", in.description, 2000, false));
  TX_RETURN_IF_ERROR(CheckText("post.place", in.place, 200, false));
  TX_RETURN_IF_ERROR(CheckText("post.schedule", in.schedule, 200, false));
  TX_RETURN_IF_ERROR(CheckTime("post.start_time", in.start_time));
  TX_RETURN_IF_ERROR(CheckTime("post.end_time", in.end_time));
  for (int day : in.weekdays) {
    if (day < 1 || day > 7) return absl::InvalidArgumentError("post.weekdays: 1 (Mon) to 7 (Sun)");
  }
  if (in.capacity < 1 || in.capacity > 1000) {
    return absl::InvalidArgumentError("post.capacity: between 1 and 1000");
  }
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
  adoption.adopter_kind = kind;
  adoption.adopter_id = adopter_id;
  if (kind == AdopterKind::kVolunteer) {
    if (!volunteer) return absl::InternalError("volunteer not looked up");
    if (!volunteer->active) {
      return absl::FailedPreconditionError("adopter_id: the volunteer is not active");
    }
    bool reported_here =
        volunteer->party_member && volunteer->reported_community_id == post.community_id;
    if (!reported_here && !post.volunteers_allowed) {
      return absl::FailedPreconditionError(
          "adopter_id: only party members who reported to this community may adopt this post");
    }
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
  if (kind == AdopterKind::kVolunteer && active >= options_.max_active_adoptions) {
    return absl::FailedPreconditionError(absl::StrCat(
        "adopter_id: at most ", options_.max_active_adoptions, " active adoptions per person"));
  }
  TX_ASSIGN_OR_RETURN(Adoption inserted, adoptions_.Insert(tx, adoption));
  TX_ASSIGN_OR_RETURN(auto taken, posts_.TakePlace(tx, post_id));
  if (!taken) {
    return absl::FailedPreconditionError(post.open ? "post_id: the post is full"
                                                   : "post_id: the post is closed");
  }
  return inserted;
}

absl::StatusOr<Adoption> PostsDomain::WithdrawAdoption(Tx& tx, const Principal& caller,
                                                       const std::string& adoption_id) {
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, adoption_id, true));
  TX_RETURN_IF_ERROR(RequireAdopterOrAdmin(caller, adoption));
  TX_ASSIGN_OR_RETURN(auto withdrawn, adoptions_.Withdraw(tx, adoption_id));
  if (!withdrawn) return absl::FailedPreconditionError("adoption_id: already withdrawn");
  TX_RETURN_IF_ERROR(posts_.FreePlace(tx, adoption.post_id));
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
  TX_RETURN_IF_ERROR(CheckDate("service_date", in.service_date, true));
  if (in.service_date > Today()) {
    return absl::InvalidArgumentError("service_date: must not be in the future");
  }
  if (!std::isfinite(in.hours) || in.hours <= 0 || in.hours > 24) {
    return absl::InvalidArgumentError("hours: must be more than 0 and at most 24");
  }
  double hours = std::round(in.hours * 100) / 100;
  if (std::fabs(hours - in.hours) > 1e-9 || hours == 0) {
    return absl::InvalidArgumentError("hours: at most two decimals");
  }
  TX_RETURN_IF_ERROR(CheckText("summary", in.summary, 1000));
  TX_RETURN_IF_ERROR(CheckPhotos("photos_before", in.photos_before));
  TX_RETURN_IF_ERROR(CheckPhotos("photos_after", in.photos_after));
  // Locked: a withdrawal committing meanwhile is seen, and no log lands on it.
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, in.adoption_id, true));
  TX_RETURN_IF_ERROR(RequireAdopterOrAdmin(caller, adoption));
  if (adoption.status != AdoptionStatus::kActive) {
    return absl::FailedPreconditionError("adoption_id: the post is not adopted (withdrawn)");
  }
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
                                                   const std::string& log_id,
                                                   const ApprovalSink& effects) {
  TX_RETURN_IF_ERROR(CheckUuid("log_id", log_id));
  TX_ASSIGN_OR_RETURN(auto log, adoptions_.FindLog(tx, log_id));
  if (!log) return absl::NotFoundError("log_id: no such service log");
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("service logs are approved by the community");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, log->community_id));
  TX_ASSIGN_OR_RETURN(auto approved,
                      adoptions_.Review(tx, log_id, LogStatus::kApproved, caller.subject, ""));
  if (!approved) return absl::FailedPreconditionError("log_id: the log was already reviewed");
  TX_ASSIGN_OR_RETURN(Adoption adoption, LoadAdoption(tx, approved->adoption_id, false));
  TX_ASSIGN_OR_RETURN(Post post, LoadPost(tx, approved->post_id, false));
  TX_RETURN_IF_ERROR(effects(tx, ApprovalEffects{*approved, adoption, post}));
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
  TX_ASSIGN_OR_RETURN(auto rejected,
                      adoptions_.Review(tx, log_id, LogStatus::kRejected, caller.subject, reason));
  if (!rejected) return absl::FailedPreconditionError("log_id: the log was already reviewed");
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
    // Logs are kept per community: a street or a community, not a grid.
    if (region_id.size() == kStreetIdLength) {
      TX_RETURN_IF_ERROR(CheckRegionId("region_id", region_id, kStreetIdLength));
    } else {
      TX_RETURN_IF_ERROR(CheckRegionId("region_id", region_id, kCommunityIdLength));
    }
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
  if (region_id.size() != kStreetIdLength) {
    TX_RETURN_IF_ERROR(CheckRegionId("region_id", region_id, kCommunityIdLength));
  } else {
    TX_RETURN_IF_ERROR(CheckRegionId("region_id", region_id, kStreetIdLength));
  }
  return posts_.LoadOverview(tx, region_id, ChinaMonth(clock_.Now()));
}

}  // namespace tongxin::posts
