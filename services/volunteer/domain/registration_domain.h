// Volunteers' registration and records of them: registering (in person or self), reading,
// listing, profile updates and status changes (the table in volunteer_status.h). Finding by ID
// number is id_lookup_domain.h, a party member's report report_domain.h. Personal data is
// sealed and blind-indexed here before it reaches the repository. Knows neither SQL nor gRPC.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/volunteer/domain/id_lookup_domain.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/domain/registration_events.h"
#include "services/volunteer/domain/volunteer_status.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

struct Registration {
  std::string name;
  std::string id_number;
  std::string phone;
  std::string community_id;
  std::string grid_id;
  std::vector<std::string> skills;
  PoliticalStatus political_status = PoliticalStatus::kUnspecified;
  std::string party_branch;
  Gender gender = Gender::kUnspecified;
  std::string birth_date;
};

struct ProfileUpdate {
  std::set<std::string> fields;  // names from the update mask
  std::string name;
  std::string phone;
  std::string community_id;
  std::string grid_id;
  std::vector<std::string> skills;
  PoliticalStatus political_status = PoliticalStatus::kUnspecified;
  std::string party_branch;
};

class RegistrationDomain {
 public:
  RegistrationDomain(VolunteerRepository& volunteers, Lookups& lookups, IdLookupDomain& id_lookups,
                     RegistrationEvents& events, const PersonalDataCipher& cipher,
                     const Clock& clock);

  // A volunteer registers themself (PENDING, their account's id); an admin in scope or the
  // system registers someone in person (ACTIVE, a new id). An ID number or phone somebody has
  // is ALREADY_EXISTS, counted and logged as a look-up (id_lookup.h).
  absl::StatusOr<Volunteer> Register(Tx& tx, const Principal& caller, const Registration& in);
  absl::StatusOr<Volunteer> GetVolunteer(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id);
  absl::StatusOr<Page<Volunteer>> ListVolunteers(Tx& tx, const Principal& caller,
                                                 const VolunteerFilter& filter,
                                                 const PageRequest& page);
  // The ids of a broadcast's audience (audience.h): the system only.
  absl::StatusOr<Page<std::string>> ListAudience(Tx& tx, const Principal& caller,
                                                 const AudienceFilter& filter,
                                                 const PageRequest& page);
  // A volunteer changes only their own phone and skills (profile.h); an admin in scope of the
  // volunteer's community (and of the new one, for a move) or the system changes any field.
  // A phone somebody else has is answered as in Register.
  absl::StatusOr<Volunteer> UpdateVolunteer(Tx& tx, const Principal& caller,
                                            const std::string& volunteer_id,
                                            const ProfileUpdate& update);
  absl::StatusOr<Volunteer> ChangeStatus(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id, StatusChange change,
                                         const std::string& reason);

 private:
  // Civil dates (of birth, of service) are China Standard Time's.
  std::string Today() const;
  // ALREADY_EXISTS when the ID number (if given) or the phone belongs to somebody other than
  // `self` (a volunteer id, or empty), after the caller's budget of such answers. Runs before the
  // change writes anything: its refusals commit their access-log row (RefusalWithRecord).
  absl::Status CheckIdentifiersFree(Tx& tx, const Principal& caller, const std::string* id_index,
                                    const std::string& phone_index, const std::string& self);

  VolunteerRepository& volunteers_;
  Lookups& lookups_;
  IdLookupDomain& id_lookups_;
  const PersonalDataCipher& cipher_;
  RegistrationEvents& events_;
  const Clock& clock_;
};

}  // namespace tongxin::volunteer
