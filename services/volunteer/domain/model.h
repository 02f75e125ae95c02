// The volunteer service's domain model: plain values, no SQL, no gRPC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "services/common/pagination.h"

namespace tongxin::volunteer {

using tongxin::Page;
using tongxin::PageRequest;

using Time = std::chrono::system_clock::time_point;

// The enums keep the proto's numbers, which are also the numbers stored in SQL: grpc/mapping.cc
// ties every value to the proto with a static_assert, the queries write literals with SqlInt.
// A volunteer's status changes are in volunteer_status.h, a service record's in service_record.h.

enum class PoliticalStatus { kUnspecified = 0, kPartyMember = 1, kLeagueMember = 2, kMasses = 3 };
enum class VolunteerStatus {
  kUnspecified = 0,
  kPending = 1,
  kActive = 2,
  kSuspended = 3,
  kDeregistered = 4
};
enum class ServiceSource { kUnspecified = 0, kPostLog = 1, kWish = 2, kActivity = 3, kHonour = 4 };
enum class Gender { kUnspecified = 0, kMale = 1, kFemale = 2 };
// A party member's report to a community (community_report.h has its transitions).
enum class ReportState { kUnspecified = 0, kPending = 1, kConfirmed = 2, kRejected = 3 };
// What an ID-number look-up answered (id_lookup.h).
enum class IdLookupResult {
  kUnspecified = 0,
  kFound = 1,
  kNotFound = 2,
  kOutOfScope = 3,  // somebody the caller may not see; answered as kNotFound
  kRateLimited = 4,
  kInvalidArgument = 5,
  kIdNumberInUse = 6,  // a registration hit somebody's ID number (answered ALREADY_EXISTS)
  kPhoneInUse = 7,     // a registration or phone change hit somebody's phone
  kExported = 8,       // the ID number was revealed on a page of a service-record export
};

struct Street {
  std::string street_id;
  std::string name;
  std::string district;
  Time create_time;
};

struct Community {
  std::string community_id;
  std::string street_id;
  std::string name;
  Time create_time;
};

struct Grid {
  std::string grid_id;
  std::string community_id;
  std::string name;
  int households = 0;
  Time create_time;
};

struct Volunteer {
  std::string volunteer_id;
  std::string name;
  std::string id_number_masked;
  std::string phone_masked;
  Gender gender = Gender::kUnspecified;
  int birth_year = 0;
  std::string community_id;
  std::string grid_id;
  std::vector<std::string> skills;
  PoliticalStatus political_status = PoliticalStatus::kUnspecified;
  std::string party_branch;
  VolunteerStatus status = VolunteerStatus::kUnspecified;
  std::string status_reason;
  std::string reported_community_id;  // set only by a confirmed report
  std::optional<Time> report_time;
  std::string pending_report_id;  // a report waiting for its community's confirmation
  std::string pending_report_community_id;
  Time create_time;
  Time update_time;
};

// A party member's report to a community (到社区报到), with who they are for the admins who
// decide it.
struct CommunityReport {
  std::string report_id;
  std::string volunteer_id;
  std::string volunteer_name;
  std::string party_branch;
  std::string community_id;
  ReportState state = ReportState::kUnspecified;
  std::string requested_by;
  std::string decided_by;
  std::string reason;
  Time create_time;
  std::optional<Time> decide_time;
};

struct ReportFilter {
  std::string region_id;                          // street or community id ('' for any)
  std::string volunteer_id;                       // one volunteer's ('' for anybody's)
  ReportState state = ReportState::kUnspecified;  // unspecified: every state
};

// One ID-number look-up of the access log. The number itself is never kept: only whom its
// blind index found.
struct IdNumberLookup {
  std::string lookup_id;
  std::string caller;
  std::string caller_role;
  std::vector<std::string> caller_scope;
  Time lookup_time;
  IdLookupResult result = IdLookupResult::kUnspecified;
  std::string volunteer_id;  // the hit; empty for nobody
  std::string community_id;  // the hit's home community
};

struct IdLookupFilter {
  std::string region_id;  // street or community id
  std::string caller;     // optional
};

// What a new volunteer row holds, personal data already sealed.
struct NewVolunteer {
  Volunteer volunteer;
  std::string id_number_sealed;
  std::string id_number_index;
  std::string phone_sealed;
  std::string phone_index;
};

struct Team {
  std::string team_id;
  std::string community_id;
  std::string name;
  std::string description;
  int member_count = 0;
  Time create_time;
};

struct TeamMember {
  std::string team_id;
  std::string volunteer_id;
  std::string name;
  Time join_time;
  std::optional<Time> leave_time;
};

struct ServiceRecord {
  std::string record_id;
  std::string volunteer_id;
  double hours = 0;
  std::string service_date;
  std::string organiser;
  std::string organiser_region_id;
  ServiceSource source = ServiceSource::kUnspecified;
  std::string source_ref;
  std::string description;
  std::string recorded_by;
  std::string corrects_record_id;
  std::string correction_reason;
  std::string superseded_by_record_id;
  Time create_time;
};

struct PeriodHours {
  std::string key;  // YYYY-MM or an organiser
  double hours = 0;
};

struct ServiceTotals {
  double total_hours = 0;
  double honour_hours = 0;
  double period_hours = 0;
  int record_count = 0;
  std::vector<PeriodHours> by_month;
  std::vector<PeriodHours> by_organiser;
};

// Counts for a street or community (the grid system's overview).
struct RegionVolunteerCounts {
  int active = 0;                  // status active, community in the region
  int pending = 0;                 // awaiting approval
  int party_members = 0;           // active party members
  int reported_party_members = 0;  // active party members reported to a community in the region
};
struct RegionServiceHours {
  double hours = 0;    // current records dated in the period, of the region's volunteers
  int volunteers = 0;  // distinct volunteers with such records
};

// The national export (docs/national-export.md): one export's log row, and one effective
// record as a page carries it (the ID number still sealed until the domain opens it).
struct ServiceRecordExport {
  std::string export_id;
  std::string caller;
  std::string caller_role;
  std::string region_id;
  std::string period_start;  // YYYY-MM-DD, inclusive
  std::string period_end;    // YYYY-MM-DD, inclusive
  Time as_of;
  Time start_time;
  Time last_page_time;
  int rows_served = 0;  // retried pages included
  int pages = 0;
  int rows_total = 0;               // counted at the first page
  std::optional<Time> finish_time;  // its last page first served
  bool snapshot_purged = false;     // its tokens are refused
};

struct ExportedRecord {
  std::string record_id;  // the page key only; never exported
  std::string record_reference;
  std::string volunteer_id;  // for the reveal log only; never exported
  std::string community_id;  // the volunteer's community when the export started
  std::string volunteer_name;
  std::string id_number_sealed;
  std::string id_number;  // opened by the domain
  std::string organiser;
  ServiceSource source = ServiceSource::kUnspecified;
  std::string service_date;
  std::string place_region_id;
  std::string place_name;
  std::string description;
  double hours = 0;
  bool corrected = false;
};

struct VolunteerFilter {
  std::string region_id;  // street, community or grid id
  std::string skill;
  VolunteerStatus status = VolunteerStatus::kUnspecified;
  bool party_members_only = false;
};

// Who a broadcast reaches (ListAudience): the active volunteers of region_id (street, community
// or grid), narrowed by the rest; each optional filter is '' / false when unused.
struct AudienceFilter {
  std::string region_id;
  bool party_members_only = false;
  std::string team_id;
  std::string grid_id;  // inside region_id
};

}  // namespace tongxin::volunteer
