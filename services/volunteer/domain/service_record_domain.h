// Service records (志愿服务记录) and what is reckoned from them: recording (once per source and
// source_ref), correcting (a new record superseding the old, see service_record.h), listing, a
// volunteer's summary with stars, and the grid system's overview of a street or community.
// Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/service_record_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

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

struct ServiceSummary {
  Volunteer volunteer;
  ServiceTotals totals;
  int star_level = 0;
  double next_star_hours = 0;
};

struct RegionStatistics {
  std::string region_id;
  std::string month;  // YYYY-MM
  RegionVolunteerCounts volunteers;
  RegionServiceHours service;  // in the month
};

class ServiceRecordDomain {
 public:
  ServiceRecordDomain(ServiceRecordRepository& records, VolunteerRepository& volunteers,
                      Lookups& lookups, const Clock& clock);

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
  ServiceRecordRepository& records_;
  VolunteerRepository& volunteers_;
  Lookups& lookups_;
  const Clock& clock_;
};

}  // namespace tongxin::volunteer
