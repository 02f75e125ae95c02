// Proto ↔ domain conversions of the volunteer service, in one place: ToProto for what the
// service answers, FromProto for requests (incoming enums checked with FromProtoEnum). The
// domain enums share the proto's numbers; mapping.cc ties every value with a static_assert.
#pragma once

#include "absl/status/statusor.h"
#include "services/volunteer/domain/certificate_domain.h"
#include "services/volunteer/domain/hierarchy_domain.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/domain/record_export_domain.h"
#include "services/volunteer/domain/registration_domain.h"
#include "services/volunteer/domain/service_record_domain.h"
#include "services/volunteer/domain/team_domain.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::volunteer {

namespace pb = ::tongxin::volunteer::v1;

void ToProto(const Street& in, pb::Street* out);
void ToProto(const Community& in, pb::Community* out);
void ToProto(const Grid& in, pb::Grid* out);
void ToProto(const Volunteer& in, pb::Volunteer* out);
void ToProto(const CommunityReport& in, pb::CommunityReport* out);
void ToProto(const IdNumberLookup& in, pb::IdNumberLookup* out);
void ToProto(const Team& in, pb::Team* out);
void ToProto(const TeamMember& in, pb::TeamMember* out);
void ToProto(const ServiceRecord& in, pb::ServiceRecord* out);
void ToProto(const ServiceSummary& in, pb::ServiceSummary* out);
void ToProto(const RegionStatistics& in, pb::RegionStatistics* out);
void ToProto(const Certificate& in, pb::Certificate* out);
void ToProto(const CertificateFile& in, pb::CertificatePdf* out);
// Only what the paper shows, masked as printed: for anyone holding it.
void ToVerification(const Certificate& in, pb::CertificateVerification* out);
void ToProto(const ExportPage& in, pb::ExportServiceRecordsResponse* out);
void ToProto(const ServiceRecordExport& in, pb::ServiceRecordExport* out);

Street FromProto(const pb::Street& in);
Community FromProto(const pb::Community& in);
Grid FromProto(const pb::Grid& in);
absl::StatusOr<Registration> FromProto(const pb::RegisterVolunteerRequest& in);
absl::StatusOr<ProfileUpdate> FromProto(const pb::UpdateVolunteerRequest& in);
// The filter of a volunteer list (the page is read apart).
absl::StatusOr<VolunteerFilter> FromProto(const pb::ListVolunteersRequest& in);
absl::StatusOr<ReportFilter> FromProto(const pb::ListCommunityReportsRequest& in);
IdLookupFilter FromProto(const pb::ListIdNumberLookupsRequest& in);
Team FromProto(const pb::CreateTeamRequest& in);
absl::StatusOr<ServiceEntry> FromProto(const pb::RecordServiceRequest& in);

}  // namespace tongxin::volunteer
