// The volunteer aggregate (with its party-member report). The only code that runs its SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/domain/volunteer_status.h"

namespace tongxin::volunteer {

class VolunteerRepository {
 public:
  explicit VolunteerRepository(Db& db);

  absl::StatusOr<Volunteer> Insert(Tx& tx, const NewVolunteer& volunteer);
  // lock: SELECT ... FOR UPDATE, for a read-modify-write in the same transaction.
  absl::StatusOr<std::optional<Volunteer>> Find(Tx& tx, const std::string& volunteer_id,
                                                bool lock = false);
  absl::StatusOr<std::optional<Volunteer>> FindByIdNumberIndex(Tx& tx, const std::string& index);
  absl::StatusOr<std::optional<Volunteer>> FindByPhoneIndex(Tx& tx, const std::string& index);
  absl::StatusOr<Page<Volunteer>> List(Tx& tx, const VolunteerFilter& filter,
                                       const PageRequest& page);

  // Writes the changeable profile fields of `volunteer` (name, community, grid, skills,
  // political status, party branch) and, when given, a new sealed phone.
  struct PhoneChange {
    std::string sealed, index, masked;
  };
  absl::StatusOr<Volunteer> UpdateProfile(Tx& tx, const Volunteer& volunteer,
                                          const std::optional<PhoneChange>& phone);
  // Applies `change` only from the states the status table allows for it (one conditional
  // UPDATE); nullopt when the volunteer is not in such a state.
  absl::StatusOr<std::optional<Volunteer>> ChangeStatus(Tx& tx, const std::string& volunteer_id,
                                                        StatusChange change,
                                                        const std::string& reason);
  // Counts of a street's or community's volunteers (region_id is a prefix of community_id).
  absl::StatusOr<RegionVolunteerCounts> CountInRegion(Tx& tx, const std::string& region_id);
  // Ids of a broadcast's audience, volunteer_id order (the filter checked by the domain).
  absl::StatusOr<Page<std::string>> ListAudience(Tx& tx, const AudienceFilter& filter,
                                                 const PageRequest& page);
  // Records the report once; nullopt when the volunteer has already reported.
  absl::StatusOr<std::optional<Volunteer>> Report(Tx& tx, const std::string& volunteer_id,
                                                  const std::string& community_id);
};

}  // namespace tongxin::volunteer
