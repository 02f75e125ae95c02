// The volunteer service's domain logic: who may do what, which values are valid, which state
// changes are allowed. It calls the repositories inside the transaction it is given and knows
// neither SQL nor gRPC.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/grid_repository.h"
#include "services/volunteer/repository/service_record_repository.h"
#include "services/volunteer/repository/team_repository.h"
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

struct ServiceEntry {
  std::string volunteer_id;
  double hours = 0;
  std::string service_date;
  std::string organiser;
  std::string organiser_region_id;
  ServiceSource source = ServiceSource::kUnspecified;
  std::string source_ref;
  std::string description;
};

struct RegionStatistics {
  std::string region_id;
  std::string month;  // YYYY-MM
  RegionVolunteerCounts volunteers;
  RegionServiceHours service;  // in the month
};

enum class StatusChange { kApprove, kSuspend, kReactivate, kDeregister };

struct ServiceSummary {
  Volunteer volunteer;
  ServiceTotals totals;
  int star_level = 0;
  double next_star_hours = 0;
};

class VolunteerDomain {
 public:
  VolunteerDomain(GridRepository& grids, VolunteerRepository& volunteers, TeamRepository& teams,
                  ServiceRecordRepository& records, const PersonalDataCipher& cipher,
                  const Clock& clock);

  // Grid hierarchy.
  absl::StatusOr<Street> CreateStreet(Tx& tx, const Principal& caller, const Street& street);
  absl::StatusOr<Street> GetStreet(Tx& tx, const Principal& caller, const std::string& street_id);
  absl::StatusOr<Page<Street>> ListStreets(Tx& tx, const Principal& caller,
                                           const PageRequest& page);
  absl::StatusOr<Community> CreateCommunity(Tx& tx, const Principal& caller,
                                            const Community& community);
  absl::StatusOr<Community> GetCommunity(Tx& tx, const Principal& caller,
                                         const std::string& community_id);
  absl::StatusOr<Page<Community>> ListCommunities(Tx& tx, const Principal& caller,
                                                  const std::string& street_id,
                                                  const PageRequest& page);
  absl::StatusOr<Grid> CreateGrid(Tx& tx, const Principal& caller, const Grid& grid);
  absl::StatusOr<Grid> GetGrid(Tx& tx, const Principal& caller, const std::string& grid_id);
  absl::StatusOr<Page<Grid>> ListGrids(Tx& tx, const Principal& caller,
                                       const std::string& community_id, const PageRequest& page);

  // Volunteers.
  absl::StatusOr<Volunteer> Register(Tx& tx, const Principal& caller, const Registration& in);
  absl::StatusOr<Volunteer> GetVolunteer(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id);
  absl::StatusOr<Volunteer> FindByIdNumber(Tx& tx, const Principal& caller,
                                           const std::string& id_number);
  absl::StatusOr<Page<Volunteer>> ListVolunteers(Tx& tx, const Principal& caller,
                                                 const VolunteerFilter& filter,
                                                 const PageRequest& page);
  absl::StatusOr<Volunteer> UpdateVolunteer(Tx& tx, const Principal& caller,
                                            const std::string& volunteer_id,
                                            const ProfileUpdate& update);
  absl::StatusOr<Volunteer> ChangeStatus(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id, StatusChange change,
                                         const std::string& reason);
  absl::StatusOr<Volunteer> ReportToCommunity(Tx& tx, const Principal& caller,
                                              const std::string& volunteer_id,
                                              const std::string& community_id);

  // Teams.
  absl::StatusOr<Team> CreateTeam(Tx& tx, const Principal& caller, const Team& team);
  absl::StatusOr<Page<Team>> ListTeams(Tx& tx, const Principal& caller,
                                       const std::string& community_id, const PageRequest& page);
  absl::StatusOr<TeamMember> JoinTeam(Tx& tx, const Principal& caller, const std::string& team_id,
                                      const std::string& volunteer_id);
  absl::StatusOr<TeamMember> LeaveTeam(Tx& tx, const Principal& caller, const std::string& team_id,
                                       const std::string& volunteer_id);
  absl::StatusOr<Page<TeamMember>> ListTeamMembers(Tx& tx, const Principal& caller,
                                                   const std::string& team_id,
                                                   const PageRequest& page);

  // Service record.
  absl::StatusOr<ServiceRecord> RecordService(Tx& tx, const Principal& caller,
                                              const ServiceEntry& entry);
  absl::StatusOr<ServiceRecord> CorrectServiceRecord(Tx& tx, const Principal& caller,
                                                     const std::string& record_id, double hours,
                                                     const std::string& reason);
  absl::StatusOr<Page<ServiceRecord>> ListServiceRecords(Tx& tx, const Principal& caller,
                                                         const std::string& volunteer_id,
                                                         bool include_superseded,
                                                         const PageRequest& page);
  absl::StatusOr<ServiceSummary> GetServiceSummary(Tx& tx, const Principal& caller,
                                                   const std::string& volunteer_id,
                                                   const std::string& from_date,
                                                   const std::string& to_date);

  // The grid system's overview of a street or community: `month` YYYY-MM, empty = this month
  // (China Standard Time).
  absl::StatusOr<RegionStatistics> GetRegionStatistics(Tx& tx, const Principal& caller,
                                                       const std::string& region_id,
                                                       const std::string& month);

 private:
  std::string Today() const;
  absl::StatusOr<Volunteer> LoadVolunteer(Tx& tx, const std::string& volunteer_id,
                                          bool lock = false);
  absl::Status CheckCommunityAndGrid(Tx& tx, const std::string& community_id,
                                     const std::string& grid_id);

  GridRepository& grids_;
  VolunteerRepository& volunteers_;
  TeamRepository& teams_;
  ServiceRecordRepository& records_;
  const PersonalDataCipher& cipher_;
  const Clock& clock_;
};

}  // namespace tongxin::volunteer
