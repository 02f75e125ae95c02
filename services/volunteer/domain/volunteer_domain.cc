#include "services/volunteer/domain/volunteer_domain.h"

#include <cmath>
#include <regex>

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/identity.h"

namespace tongxin::volunteer {
namespace {

constexpr int kMaxSkills = 20;

absl::Status CheckVolunteerId(const std::string& volunteer_id) {
  return CheckText("volunteer_id", volunteer_id, 128);
}

absl::StatusOr<std::vector<std::string>> NormalizeSkills(const std::vector<std::string>& skills) {
  if (static_cast<int>(skills.size()) > kMaxSkills) {
    return absl::InvalidArgumentError(absl::StrCat("skills: at most ", kMaxSkills));
  }
  std::vector<std::string> result;
  for (const auto& skill : skills) {
    TX_RETURN_IF_ERROR(CheckText("skills", skill, 30));
    if (std::find(result.begin(), result.end(), skill) == result.end()) result.push_back(skill);
  }
  return result;
}

absl::Status CheckPartyFields(PoliticalStatus status, const std::string& party_branch) {
  if (status == PoliticalStatus::kUnspecified) {
    return absl::InvalidArgumentError("political_status: required");
  }
  if (status == PoliticalStatus::kPartyMember) {
    return CheckText("party_branch", party_branch, 100);
  }
  if (!party_branch.empty()) {
    return absl::InvalidArgumentError("party_branch: only for party members");
  }
  return absl::OkStatus();
}

absl::Status NotFound(const std::string& what) { return absl::NotFoundError(what); }

// Hours are kept to two decimals: 0.25 h is a quarter of an hour, 0.001 h is a typo.
absl::StatusOr<double> CheckHours(double hours, bool allow_zero) {
  if (!std::isfinite(hours) || hours < 0 || (!allow_zero && hours == 0) || hours > 24) {
    return absl::InvalidArgumentError(allow_zero ? "hours: must be between 0 and 24"
                                                 : "hours: must be more than 0 and at most 24");
  }
  double rounded = std::round(hours * 100) / 100;
  if (std::fabs(rounded - hours) > 1e-9 || (!allow_zero && rounded == 0)) {
    return absl::InvalidArgumentError("hours: at most two decimals");
  }
  return rounded;
}

}  // namespace

VolunteerDomain::VolunteerDomain(GridRepository& grids, VolunteerRepository& volunteers,
                                 TeamRepository& teams, ServiceRecordRepository& records,
                                 const PersonalDataCipher& cipher, const Clock& clock)
    : grids_(grids),
      volunteers_(volunteers),
      teams_(teams),
      records_(records),
      cipher_(cipher),
      clock_(clock) {}

std::string VolunteerDomain::Today() const {
  // Dates of service and birth are civil dates in China Standard Time (UTC+8, no DST).
  return ChinaDate(clock_.Now());
}

// ---- grid hierarchy ----

absl::StatusOr<Street> VolunteerDomain::CreateStreet(Tx& tx, const Principal& caller,
                                                     const Street& street) {
  TX_RETURN_IF_ERROR(CheckRegionId("street.street_id", street.street_id, kStreetIdLength));
  TX_RETURN_IF_ERROR(CheckText("street.name", street.name, 50));
  TX_RETURN_IF_ERROR(CheckText("street.district", street.district, 50, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, street.street_id, /*street_admin_only=*/true));
  return grids_.InsertStreet(tx, street);
}

absl::StatusOr<Street> VolunteerDomain::GetStreet(Tx& tx, const Principal&,
                                                  const std::string& street_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("street_id", street_id, kStreetIdLength));
  TX_ASSIGN_OR_RETURN(auto street, grids_.FindStreet(tx, street_id));
  if (!street) return NotFound("street_id: no such street");
  return *street;
}

absl::StatusOr<Page<Street>> VolunteerDomain::ListStreets(Tx& tx, const Principal&,
                                                          const PageRequest& page) {
  return grids_.ListStreets(tx, page);
}

absl::StatusOr<Community> VolunteerDomain::CreateCommunity(Tx& tx, const Principal& caller,
                                                           const Community& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("community.community_id", in.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("community.name", in.name, 50));
  Community community = in;
  community.street_id = in.community_id.substr(0, kStreetIdLength);
  if (!in.street_id.empty() && in.street_id != community.street_id) {
    return absl::InvalidArgumentError(
        "community.street_id: must be the first 9 digits of community_id");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, community.community_id, true));
  return grids_.InsertCommunity(tx, community);
}

absl::StatusOr<Community> VolunteerDomain::GetCommunity(Tx& tx, const Principal&,
                                                        const std::string& community_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, community_id));
  if (!community) return NotFound("community_id: no such community");
  return *community;
}

absl::StatusOr<Page<Community>> VolunteerDomain::ListCommunities(Tx& tx, const Principal&,
                                                                 const std::string& street_id,
                                                                 const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("street_id", street_id, kStreetIdLength));
  return grids_.ListCommunities(tx, street_id, page);
}

absl::StatusOr<Grid> VolunteerDomain::CreateGrid(Tx& tx, const Principal& caller, const Grid& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("grid.grid_id", in.grid_id, kGridIdLength));
  TX_RETURN_IF_ERROR(CheckText("grid.name", in.name, 50));
  if (in.households < 0) return absl::InvalidArgumentError("grid.households: must not be negative");
  Grid grid = in;
  grid.community_id = in.grid_id.substr(0, kCommunityIdLength);
  if (!in.community_id.empty() && in.community_id != grid.community_id) {
    return absl::InvalidArgumentError("grid.community_id: must be the first 12 digits of grid_id");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, grid.grid_id));
  return grids_.InsertGrid(tx, grid);
}

absl::StatusOr<Grid> VolunteerDomain::GetGrid(Tx& tx, const Principal&,
                                              const std::string& grid_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("grid_id", grid_id, kGridIdLength));
  TX_ASSIGN_OR_RETURN(auto grid, grids_.FindGrid(tx, grid_id));
  if (!grid) return NotFound("grid_id: no such grid");
  return *grid;
}

absl::StatusOr<Page<Grid>> VolunteerDomain::ListGrids(Tx& tx, const Principal&,
                                                      const std::string& community_id,
                                                      const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  return grids_.ListGrids(tx, community_id, page);
}

absl::Status VolunteerDomain::CheckCommunityAndGrid(Tx& tx, const std::string& community_id,
                                                    const std::string& grid_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, community_id));
  if (!community) return NotFound("community_id: no such community");
  if (grid_id.empty()) return absl::OkStatus();
  TX_RETURN_IF_ERROR(CheckRegionId("grid_id", grid_id, kGridIdLength));
  if (grid_id.substr(0, kCommunityIdLength) != community_id) {
    return absl::InvalidArgumentError("grid_id: the grid is not in community_id");
  }
  TX_ASSIGN_OR_RETURN(auto grid, grids_.FindGrid(tx, grid_id));
  if (!grid) return NotFound("grid_id: no such grid");
  return absl::OkStatus();
}

// ---- volunteers ----

absl::StatusOr<Volunteer> VolunteerDomain::LoadVolunteer(Tx& tx, const std::string& volunteer_id,
                                                         bool lock) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_ASSIGN_OR_RETURN(auto volunteer, volunteers_.Find(tx, volunteer_id, lock));
  if (!volunteer) return NotFound("volunteer_id: no such volunteer");
  return *volunteer;
}

absl::StatusOr<Volunteer> VolunteerDomain::Register(Tx& tx, const Principal& caller,
                                                    const Registration& in) {
  TX_RETURN_IF_ERROR(CheckText("name", in.name, 50));
  TX_ASSIGN_OR_RETURN(ResidentId id, ParseResidentId(in.id_number, Today()));
  TX_ASSIGN_OR_RETURN(std::string phone, NormalizeMobile(in.phone));
  TX_ASSIGN_OR_RETURN(auto skills, NormalizeSkills(in.skills));
  TX_RETURN_IF_ERROR(CheckPartyFields(in.political_status, in.party_branch));
  Gender derived = id.sex == Sex::kMale ? Gender::kMale : Gender::kFemale;
  if (in.gender != Gender::kUnspecified && in.gender != derived) {
    return absl::InvalidArgumentError("gender: does not agree with the ID number");
  }
  if (!in.birth_date.empty() && in.birth_date != id.birth_date) {
    return absl::InvalidArgumentError("birth_date: does not agree with the ID number");
  }
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", in.community_id, kCommunityIdLength));

  NewVolunteer row;
  Volunteer& v = row.volunteer;
  if (caller.role == Role::kVolunteer) {
    // Self-registration: the account becomes the volunteer, pending the community's review.
    v.volunteer_id = caller.subject;
    v.status = VolunteerStatus::kPending;
  } else {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.community_id));
    // Registered in person by the community: checked on the spot, active at once.
    v.volunteer_id = NewUuid();
    v.status = VolunteerStatus::kActive;
  }
  TX_RETURN_IF_ERROR(CheckCommunityAndGrid(tx, in.community_id, in.grid_id));
  if (caller.role == Role::kVolunteer) {
    TX_ASSIGN_OR_RETURN(auto existing, volunteers_.Find(tx, v.volunteer_id));
    if (existing) return absl::AlreadyExistsError("volunteer_id: this account is registered");
  }
  v.name = in.name;
  v.id_number_masked = MaskResidentId(id.normalized);
  v.phone_masked = MaskMobile(phone);
  v.gender = derived;
  v.birth_year = std::stoi(id.birth_date.substr(0, 4));
  v.community_id = in.community_id;
  v.grid_id = in.grid_id;
  v.skills = std::move(skills);
  v.political_status = in.political_status;
  v.party_branch = in.party_branch;
  row.id_number_sealed = cipher_.Encrypt(id.normalized);
  row.id_number_index = cipher_.BlindIndex("id_number", id.normalized);
  row.phone_sealed = cipher_.Encrypt(phone);
  row.phone_index = cipher_.BlindIndex("phone", phone);
  return volunteers_.Insert(tx, row);
}

absl::StatusOr<Volunteer> VolunteerDomain::GetVolunteer(Tx& tx, const Principal& caller,
                                                        const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  // A volunteer learns nothing about other ids, not even whether they exist.
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  return v;
}

absl::StatusOr<Volunteer> VolunteerDomain::FindByIdNumber(Tx& tx, const Principal& caller,
                                                          const std::string& id_number) {
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(ResidentId id, ParseResidentId(id_number, Today()));
  TX_ASSIGN_OR_RETURN(auto found, volunteers_.FindByIdNumberIndex(
                                      tx, cipher_.BlindIndex("id_number", id.normalized)));
  if (!found) return NotFound("id_number: no volunteer with this ID number");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, found->community_id));
  return *found;
}

absl::StatusOr<Page<Volunteer>> VolunteerDomain::ListVolunteers(Tx& tx, const Principal& caller,
                                                                const VolunteerFilter& filter,
                                                                const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", filter.region_id));
  TX_RETURN_IF_ERROR(CheckText("skill", filter.skill, 30, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, filter.region_id));
  return volunteers_.List(tx, filter, page);
}

absl::StatusOr<Volunteer> VolunteerDomain::UpdateVolunteer(Tx& tx, const Principal& caller,
                                                           const std::string& volunteer_id,
                                                           const ProfileUpdate& update) {
  static const std::set<std::string> kUpdatable = {
      "name", "phone", "community_id", "grid_id", "skills", "political_status", "party_branch"};
  if (update.fields.empty()) return absl::InvalidArgumentError("update_mask: required");
  for (const auto& field : update.fields) {
    if (!kUpdatable.count(field)) {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: field ", field, " cannot be updated"));
    }
  }
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, volunteer_id, /*lock=*/true));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  if (v.status == VolunteerStatus::kDeregistered) {
    return absl::FailedPreconditionError("volunteer_id: the volunteer is deregistered");
  }
  auto has = [&](const char* field) { return update.fields.count(field) > 0; };
  if (has("name")) {
    TX_RETURN_IF_ERROR(CheckText("name", update.name, 50));
    v.name = update.name;
  }
  std::optional<VolunteerRepository::PhoneChange> phone_change;
  if (has("phone")) {
    TX_ASSIGN_OR_RETURN(std::string phone, NormalizeMobile(update.phone));
    phone_change = VolunteerRepository::PhoneChange{
        cipher_.Encrypt(phone), cipher_.BlindIndex("phone", phone), MaskMobile(phone)};
  }
  if (has("community_id")) {
    TX_RETURN_IF_ERROR(CheckRegionId("community_id", update.community_id, kCommunityIdLength));
    // Moving to another community: an admin must hold the new community too.
    if (caller.role != Role::kVolunteer) {
      TX_RETURN_IF_ERROR(RequireAdminInScope(caller, update.community_id));
    }
    if (update.community_id != v.community_id) v.grid_id.clear();
    v.community_id = update.community_id;
  }
  if (has("grid_id")) v.grid_id = update.grid_id;
  if (has("community_id") || has("grid_id")) {
    TX_RETURN_IF_ERROR(CheckCommunityAndGrid(tx, v.community_id, v.grid_id));
  }
  if (has("skills")) {
    TX_ASSIGN_OR_RETURN(v.skills, NormalizeSkills(update.skills));
  }
  if (has("political_status")) v.political_status = update.political_status;
  if (has("party_branch")) v.party_branch = update.party_branch;
  if (has("political_status") || has("party_branch")) {
    TX_RETURN_IF_ERROR(CheckPartyFields(v.political_status, v.party_branch));
    if (v.political_status != PoliticalStatus::kPartyMember && !v.reported_community_id.empty()) {
      return absl::FailedPreconditionError(
          "political_status: a reported party member stays a party member here");
    }
  }
  return volunteers_.UpdateProfile(tx, v, phone_change);
}

absl::StatusOr<Volunteer> VolunteerDomain::ChangeStatus(Tx& tx, const Principal& caller,
                                                        const std::string& volunteer_id,
                                                        StatusChange change,
                                                        const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, /*required=*/false));
  bool self_allowed = change == StatusChange::kDeregister;
  if (caller.role == Role::kVolunteer && (!self_allowed || caller.subject != volunteer_id)) {
    return absl::PermissionDeniedError(self_allowed ? "a volunteer may act only on themself"
                                                    : "only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  std::vector<VolunteerStatus> from;
  VolunteerStatus to = VolunteerStatus::kActive;
  const char* needs = "";
  switch (change) {
    case StatusChange::kApprove:
      from = {VolunteerStatus::kPending};
      needs = "pending";
      break;
    case StatusChange::kSuspend:
      from = {VolunteerStatus::kActive};
      to = VolunteerStatus::kSuspended;
      needs = "active";
      break;
    case StatusChange::kReactivate:
      from = {VolunteerStatus::kSuspended};
      needs = "suspended";
      break;
    case StatusChange::kDeregister:
      from = {VolunteerStatus::kPending, VolunteerStatus::kActive, VolunteerStatus::kSuspended};
      to = VolunteerStatus::kDeregistered;
      needs = "not yet deregistered";
      break;
  }
  bool needs_reason = change == StatusChange::kSuspend ||
                      (change == StatusChange::kDeregister && caller.role != Role::kVolunteer);
  if (needs_reason && reason.empty()) return absl::InvalidArgumentError("reason: required");
  TX_ASSIGN_OR_RETURN(auto changed, volunteers_.ChangeStatus(tx, volunteer_id, from, to, reason));
  if (!changed) {
    return absl::FailedPreconditionError(
        absl::StrCat("volunteer_id: the volunteer must be ", needs, " for this"));
  }
  return *changed;
}

absl::StatusOr<Volunteer> VolunteerDomain::ReportToCommunity(Tx& tx, const Principal& caller,
                                                             const std::string& volunteer_id,
                                                             const std::string& community_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, community_id));
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, volunteer_id, /*lock=*/true));
  // An admin acts only on volunteers of their own scope, whatever the target community.
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, community_id));
  if (!community) return NotFound("community_id: no such community");
  if (v.political_status != PoliticalStatus::kPartyMember) {
    return absl::FailedPreconditionError("volunteer_id: only party members report to a community");
  }
  if (v.status != VolunteerStatus::kActive) {
    return absl::FailedPreconditionError("volunteer_id: the volunteer must be active");
  }
  TX_ASSIGN_OR_RETURN(auto reported, volunteers_.Report(tx, volunteer_id, community_id));
  if (!reported) {
    return absl::AlreadyExistsError("volunteer_id: the party member has already reported");
  }
  return *reported;
}

// ---- teams ----

absl::StatusOr<Team> VolunteerDomain::CreateTeam(Tx& tx, const Principal& caller,
                                                 const Team& team) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", team.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("name", team.name, 50));
  TX_RETURN_IF_ERROR(CheckText("description", team.description, 500, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team.community_id));
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, team.community_id));
  if (!community) return NotFound("community_id: no such community");
  return teams_.Insert(tx, team);
}

absl::StatusOr<Page<Team>> VolunteerDomain::ListTeams(Tx& tx, const Principal&,
                                                      const std::string& community_id,
                                                      const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  return teams_.List(tx, community_id, page);
}

absl::StatusOr<TeamMember> VolunteerDomain::JoinTeam(Tx& tx, const Principal& caller,
                                                     const std::string& team_id,
                                                     const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckUuid("team_id", team_id));
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(auto team, teams_.Find(tx, team_id));
  if (!team) return NotFound("team_id: no such team");
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team->community_id));
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  if (v.status != VolunteerStatus::kActive) {
    return absl::FailedPreconditionError("volunteer_id: the volunteer must be active");
  }
  return teams_.Join(tx, team_id, volunteer_id);
}

absl::StatusOr<TeamMember> VolunteerDomain::LeaveTeam(Tx& tx, const Principal& caller,
                                                      const std::string& team_id,
                                                      const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckUuid("team_id", team_id));
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  TX_ASSIGN_OR_RETURN(auto team, teams_.Find(tx, team_id));
  if (!team) return NotFound("team_id: no such team");
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team->community_id));
  }
  TX_ASSIGN_OR_RETURN(auto left, teams_.Leave(tx, team_id, volunteer_id));
  if (!left) return absl::FailedPreconditionError("volunteer_id: not a member of this team");
  return *left;
}

absl::StatusOr<Page<TeamMember>> VolunteerDomain::ListTeamMembers(Tx& tx, const Principal& caller,
                                                                  const std::string& team_id,
                                                                  const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckUuid("team_id", team_id));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(auto team, teams_.Find(tx, team_id));
  if (!team) return NotFound("team_id: no such team");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team->community_id));
  return teams_.Members(tx, team_id, page);
}

// ---- service record ----

absl::StatusOr<ServiceRecord> VolunteerDomain::RecordService(Tx& tx, const Principal& caller,
                                                             const ServiceEntry& in) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  TX_ASSIGN_OR_RETURN(double hours, CheckHours(in.hours, /*allow_zero=*/false));
  TX_RETURN_IF_ERROR(CheckDate("service_date", in.service_date, true));
  if (in.service_date > Today()) {
    return absl::InvalidArgumentError("service_date: must not be in the future");
  }
  TX_RETURN_IF_ERROR(CheckText("organiser", in.organiser, 100));
  TX_RETURN_IF_ERROR(CheckAnyRegionId("organiser_region_id", in.organiser_region_id));
  TX_RETURN_IF_ERROR(CheckText("description", in.description, 500, false));
  TX_RETURN_IF_ERROR(CheckText("source_ref", in.source_ref, 128, false));
  if (in.source == ServiceSource::kUnspecified) {
    return absl::InvalidArgumentError("source: required");
  }
  bool from_service = in.source == ServiceSource::kPostLog || in.source == ServiceSource::kWish;
  if (from_service && in.source_ref.empty()) {
    return absl::InvalidArgumentError("source_ref: required for post logs and wishes");
  }
  // Post logs and wishes arrive from the posts and wishes services; admins record activities
  // they organised and honour hours, inside their own scope.
  if (caller.role != Role::kSystem) {
    if (from_service) {
      return absl::PermissionDeniedError("post logs and wishes are recorded by their services");
    }
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.organiser_region_id));
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, in.volunteer_id));
  if (caller.role != Role::kSystem) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, v.community_id));
  }
  ServiceRecord record;
  record.volunteer_id = in.volunteer_id;
  record.hours = hours;
  record.service_date = in.service_date;
  record.organiser = in.organiser;
  record.organiser_region_id = in.organiser_region_id;
  record.source = in.source;
  record.source_ref = in.source_ref;
  record.description = in.description;
  record.recorded_by = caller.subject;
  TX_ASSIGN_OR_RETURN(auto recorded, records_.Record(tx, record));
  if (!recorded.inserted && recorded.record.volunteer_id != in.volunteer_id) {
    return absl::AlreadyExistsError("source_ref: already recorded for another volunteer");
  }
  return recorded.record;
}

absl::StatusOr<ServiceRecord> VolunteerDomain::CorrectServiceRecord(Tx& tx, const Principal& caller,
                                                                    const std::string& record_id,
                                                                    double hours,
                                                                    const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckUuid("record_id", record_id));
  TX_ASSIGN_OR_RETURN(double corrected_hours, CheckHours(hours, /*allow_zero=*/true));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(auto old, records_.Find(tx, record_id, /*lock=*/true));
  if (!old) return NotFound("record_id: no such service record");
  TX_ASSIGN_OR_RETURN(Volunteer v, LoadVolunteer(tx, old->volunteer_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, v.community_id));
  if (!old->superseded_by_record_id.empty()) {
    return absl::FailedPreconditionError(
        "record_id: the record was already corrected; correct the newest record");
  }
  ServiceRecord correction = *old;
  correction.hours = corrected_hours;
  correction.recorded_by = caller.subject;
  correction.corrects_record_id = old->record_id;
  correction.correction_reason = reason;
  return records_.Correct(tx, correction);
}

absl::StatusOr<Page<ServiceRecord>> VolunteerDomain::ListServiceRecords(
    Tx& tx, const Principal& caller, const std::string& volunteer_id, bool include_superseded,
    const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(Volunteer v, GetVolunteer(tx, caller, volunteer_id));
  return records_.List(tx, v.volunteer_id, include_superseded, page);
}

absl::StatusOr<ServiceSummary> VolunteerDomain::GetServiceSummary(Tx& tx, const Principal& caller,
                                                                  const std::string& volunteer_id,
                                                                  const std::string& from_date,
                                                                  const std::string& to_date) {
  TX_RETURN_IF_ERROR(CheckDate("from_date", from_date, false));
  TX_RETURN_IF_ERROR(CheckDate("to_date", to_date, false));
  if (!from_date.empty() && !to_date.empty() && from_date > to_date) {
    return absl::InvalidArgumentError("to_date: must not be before from_date");
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, GetVolunteer(tx, caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(ServiceTotals totals,
                      records_.Totals(tx, v.volunteer_id, from_date, to_date));
  ServiceSummary summary{std::move(v), std::move(totals), 0, 0};
  summary.star_level = StarLevel(summary.totals.total_hours);
  summary.next_star_hours = HoursToNextStar(summary.totals.total_hours);
  return summary;
}

// ---- overviews ----

absl::StatusOr<RegionStatistics> VolunteerDomain::GetRegionStatistics(Tx& tx,
                                                                      const Principal& caller,
                                                                      const std::string& region_id,
                                                                      const std::string& month) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", region_id));
  RegionStatistics statistics;
  statistics.region_id = region_id;
  TX_ASSIGN_OR_RETURN(statistics.month, MonthOrCurrent("month", month, clock_.Now()));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  ChinaMonthSpan span = MonthSpanInChina(statistics.month);
  TX_ASSIGN_OR_RETURN(statistics.volunteers, volunteers_.CountInRegion(tx, region_id));
  TX_ASSIGN_OR_RETURN(statistics.service,
                      records_.HoursInRegion(tx, region_id, span.first_day, span.next_first_day));
  return statistics;
}

}  // namespace tongxin::volunteer
