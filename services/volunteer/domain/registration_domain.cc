// Registration, profiles and status of volunteers (see registration_domain.h).
#include "services/volunteer/domain/registration_domain.h"

#include <optional>

#include "services/common/authz.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/audience.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/identity.h"
#include "services/volunteer/domain/profile.h"

namespace tongxin::volunteer {

RegistrationDomain::RegistrationDomain(VolunteerRepository& volunteers, Lookups& lookups,
                                       IdLookupDomain& id_lookups, RegistrationEvents& events,
                                       const PersonalDataCipher& cipher, const Clock& clock)
    : volunteers_(volunteers),
      lookups_(lookups),
      id_lookups_(id_lookups),
      cipher_(cipher),
      events_(events),
      clock_(clock) {}

absl::Status RegistrationDomain::CheckIdentifiersFree(Tx& tx, const Principal& caller,
                                                      const std::string* id_index,
                                                      const std::string& phone_index,
                                                      const std::string& self) {
  TX_RETURN_IF_ERROR(id_lookups_.CheckInUseBudget(tx, caller, id_index ? "id_number" : "phone"));
  if (id_index) {
    TX_ASSIGN_OR_RETURN(auto holder, volunteers_.FindByIdNumberIndex(tx, *id_index));
    if (holder) return id_lookups_.InUse(tx, caller, IdLookupResult::kIdNumberInUse, *holder);
  }
  TX_ASSIGN_OR_RETURN(auto holder, volunteers_.FindByPhoneIndex(tx, phone_index));
  if (holder && holder->volunteer_id != self) {
    return id_lookups_.InUse(tx, caller, IdLookupResult::kPhoneInUse, *holder);
  }
  return absl::OkStatus();
}

std::string RegistrationDomain::Today() const { return ChinaDate(clock_.Now()); }

absl::StatusOr<Volunteer> RegistrationDomain::Register(Tx& tx, const Principal& caller,
                                                       const Registration& in) {
  TX_RETURN_IF_ERROR(CheckText("name", in.name, 50));
  TX_ASSIGN_OR_RETURN(ResidentId id, ParseResidentId(in.id_number, Today()));
  TX_ASSIGN_OR_RETURN(std::string phone, NormalizeMobile(in.phone));
  TX_ASSIGN_OR_RETURN(auto skills, NormalizeSkills(in.skills));
  TX_RETURN_IF_ERROR(CheckPartyFields(in.political_status, in.party_branch));
  TX_ASSIGN_OR_RETURN(Gender gender, GenderAgreeingWithId(id, in.gender, in.birth_date));
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
  TX_RETURN_IF_ERROR(lookups_.RequireCommunityAndGrid(tx, in.community_id, in.grid_id));
  if (caller.role == Role::kVolunteer) {
    TX_ASSIGN_OR_RETURN(auto existing, volunteers_.Find(tx, v.volunteer_id));
    if (existing) return absl::AlreadyExistsError("volunteer_id: this account is registered");
  }
  v.name = in.name;
  v.id_number_masked = MaskResidentId(id.normalized);
  v.phone_masked = MaskMobile(phone);
  v.gender = gender;
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
  // Concurrent registrations of one number still meet the unique constraints (unlogged).
  TX_RETURN_IF_ERROR(
      CheckIdentifiersFree(tx, caller, &row.id_number_index, row.phone_index, v.volunteer_id));
  return volunteers_.Insert(tx, row);
}

absl::StatusOr<Volunteer> RegistrationDomain::GetVolunteer(Tx& tx, const Principal& caller,
                                                           const std::string& volunteer_id) {
  return lookups_.VolunteerVisibleTo(tx, caller, volunteer_id);
}

absl::StatusOr<Page<Volunteer>> RegistrationDomain::ListVolunteers(Tx& tx, const Principal& caller,
                                                                   const VolunteerFilter& filter,
                                                                   const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", filter.region_id));
  TX_RETURN_IF_ERROR(CheckText("skill", filter.skill, 30, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, filter.region_id));
  return volunteers_.List(tx, filter, page);
}

absl::StatusOr<Page<std::string>> RegistrationDomain::ListAudience(Tx& tx, const Principal& caller,
                                                                   const AudienceFilter& filter,
                                                                   const PageRequest& page) {
  // Every active volunteer of a street, unmasked ids only: for the fan-out, not for people.
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("only the system may list an audience");
  }
  TX_RETURN_IF_ERROR(CheckAudienceFilter(filter));
  return volunteers_.ListAudience(tx, filter, page);
}

absl::StatusOr<Volunteer> RegistrationDomain::UpdateVolunteer(Tx& tx, const Principal& caller,
                                                              const std::string& volunteer_id,
                                                              const ProfileUpdate& update) {
  TX_RETURN_IF_ERROR(CheckUpdateMask(update.fields));
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfIfVolunteer(caller, volunteer_id));
  // Identity, party membership and home community are the community's to change.
  if (caller.role == Role::kVolunteer) TX_RETURN_IF_ERROR(CheckSelfEditable(update.fields));
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, volunteer_id, /*lock=*/true));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  TX_RETURN_IF_ERROR(RequireNotDeregistered(v.status));
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
    TX_RETURN_IF_ERROR(
        CheckIdentifiersFree(tx, caller, nullptr, phone_change->index, v.volunteer_id));
  }
  if (has("community_id")) {
    TX_RETURN_IF_ERROR(CheckRegionId("community_id", update.community_id, kCommunityIdLength));
    // Moving to another community: the admin must hold the new community too.
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, update.community_id));
    if (update.community_id != v.community_id) v.grid_id.clear();
    v.community_id = update.community_id;
  }
  if (has("grid_id")) v.grid_id = update.grid_id;
  if (has("community_id") || has("grid_id")) {
    TX_RETURN_IF_ERROR(lookups_.RequireCommunityAndGrid(tx, v.community_id, v.grid_id));
  }
  if (has("skills")) {
    TX_ASSIGN_OR_RETURN(v.skills, NormalizeSkills(update.skills));
  }
  if (has("political_status")) v.political_status = update.political_status;
  if (has("party_branch")) v.party_branch = update.party_branch;
  if (has("political_status") || has("party_branch")) {
    TX_RETURN_IF_ERROR(CheckPartyChange(v));
  }
  return volunteers_.UpdateProfile(tx, v, phone_change);
}

absl::StatusOr<Volunteer> RegistrationDomain::ChangeStatus(Tx& tx, const Principal& caller,
                                                           const std::string& volunteer_id,
                                                           StatusChange change,
                                                           const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, /*required=*/false));
  TX_RETURN_IF_ERROR(CheckMayAskForChange(caller, volunteer_id, change));
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  TX_RETURN_IF_ERROR(CheckReasonGiven(caller, change, reason));
  TX_RETURN_IF_ERROR(CheckTransition(v.status, change));
  // The row was read without a lock: the UPDATE moves it only from the table's "from" states,
  // so a change committed meanwhile is refused the same way.
  TX_ASSIGN_OR_RETURN(auto changed, volunteers_.ChangeStatus(tx, volunteer_id, change, reason));
  if (!changed) return TransitionRefused(change);
  if (change == StatusChange::kApprove) events_.Approved(tx, *changed, clock_.Now());
  return *changed;
}

}  // namespace tongxin::volunteer
