// Proto ↔ domain conversions of the volunteer service (see mapping.h).
#include "services/volunteer/grpc/mapping.h"

#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::volunteer {

// Domain enums, proto enums and the numbers stored in SQL are one set of numbers.
TX_SAME_ENUM_VALUE(CertificateStatus::kUnspecified, pb::CERTIFICATE_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(CertificateStatus::kValid, pb::CERTIFICATE_STATUS_VALID);
TX_SAME_ENUM_VALUE(CertificateStatus::kRevoked, pb::CERTIFICATE_STATUS_REVOKED);
TX_SAME_ENUM_VALUE(CertificateStatus::kSuperseded, pb::CERTIFICATE_STATUS_SUPERSEDED);

TX_SAME_ENUM_VALUE(Gender::kUnspecified, pb::GENDER_UNSPECIFIED);
TX_SAME_ENUM_VALUE(Gender::kMale, pb::GENDER_MALE);
TX_SAME_ENUM_VALUE(Gender::kFemale, pb::GENDER_FEMALE);

TX_SAME_ENUM_VALUE(PoliticalStatus::kUnspecified, pb::POLITICAL_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(PoliticalStatus::kPartyMember, pb::POLITICAL_STATUS_PARTY_MEMBER);
TX_SAME_ENUM_VALUE(PoliticalStatus::kLeagueMember, pb::POLITICAL_STATUS_LEAGUE_MEMBER);
TX_SAME_ENUM_VALUE(PoliticalStatus::kMasses, pb::POLITICAL_STATUS_MASSES);

TX_SAME_ENUM_VALUE(VolunteerStatus::kUnspecified, pb::VOLUNTEER_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(VolunteerStatus::kPending, pb::VOLUNTEER_STATUS_PENDING);
TX_SAME_ENUM_VALUE(VolunteerStatus::kActive, pb::VOLUNTEER_STATUS_ACTIVE);
TX_SAME_ENUM_VALUE(VolunteerStatus::kSuspended, pb::VOLUNTEER_STATUS_SUSPENDED);
TX_SAME_ENUM_VALUE(VolunteerStatus::kDeregistered, pb::VOLUNTEER_STATUS_DEREGISTERED);

TX_SAME_ENUM_VALUE(ServiceSource::kUnspecified, pb::SERVICE_SOURCE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(ServiceSource::kPostLog, pb::SERVICE_SOURCE_POST_LOG);
TX_SAME_ENUM_VALUE(ServiceSource::kWish, pb::SERVICE_SOURCE_WISH);
TX_SAME_ENUM_VALUE(ServiceSource::kActivity, pb::SERVICE_SOURCE_ACTIVITY);
TX_SAME_ENUM_VALUE(ServiceSource::kHonour, pb::SERVICE_SOURCE_HONOUR);
TX_SAME_ENUM_VALUE(ReportState::kUnspecified, pb::REPORT_STATE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(ReportState::kPending, pb::REPORT_STATE_PENDING);
TX_SAME_ENUM_VALUE(ReportState::kConfirmed, pb::REPORT_STATE_CONFIRMED);
TX_SAME_ENUM_VALUE(ReportState::kRejected, pb::REPORT_STATE_REJECTED);

TX_SAME_ENUM_VALUE(IdLookupResult::kUnspecified, pb::ID_LOOKUP_RESULT_UNSPECIFIED);
TX_SAME_ENUM_VALUE(IdLookupResult::kFound, pb::ID_LOOKUP_RESULT_FOUND);
TX_SAME_ENUM_VALUE(IdLookupResult::kNotFound, pb::ID_LOOKUP_RESULT_NOT_FOUND);
TX_SAME_ENUM_VALUE(IdLookupResult::kOutOfScope, pb::ID_LOOKUP_RESULT_OUT_OF_SCOPE);
TX_SAME_ENUM_VALUE(IdLookupResult::kRateLimited, pb::ID_LOOKUP_RESULT_RATE_LIMITED);
TX_SAME_ENUM_VALUE(IdLookupResult::kInvalidArgument, pb::ID_LOOKUP_RESULT_INVALID_ARGUMENT);
TX_SAME_ENUM_VALUE(IdLookupResult::kIdNumberInUse, pb::ID_LOOKUP_RESULT_ID_NUMBER_IN_USE);
TX_SAME_ENUM_VALUE(IdLookupResult::kPhoneInUse, pb::ID_LOOKUP_RESULT_PHONE_IN_USE);
TX_SAME_ENUM_VALUE(IdLookupResult::kExported, pb::ID_LOOKUP_RESULT_EXPORTED);
// A value added to the proto fails the build until it is mapped above.
static_assert(pb::Gender_MAX == pb::GENDER_FEMALE, "a Gender value is not mapped");
static_assert(pb::PoliticalStatus_MAX == pb::POLITICAL_STATUS_MASSES,
              "a PoliticalStatus value is not mapped");
static_assert(pb::VolunteerStatus_MAX == pb::VOLUNTEER_STATUS_DEREGISTERED,
              "a VolunteerStatus value is not mapped");
static_assert(pb::ServiceSource_MAX == pb::SERVICE_SOURCE_HONOUR,
              "a ServiceSource value is not mapped");
static_assert(pb::ReportState_MAX == pb::REPORT_STATE_REJECTED,
              "a ReportState value is not mapped");
static_assert(pb::IdLookupResult_MAX == pb::ID_LOOKUP_RESULT_EXPORTED,
              "an IdLookupResult value is not mapped");

// ---- outgoing ----

void ToProto(const Street& in, pb::Street* out) {
  out->set_street_id(in.street_id);
  out->set_name(in.name);
  out->set_district(in.district);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Community& in, pb::Community* out) {
  out->set_community_id(in.community_id);
  out->set_street_id(in.street_id);
  out->set_name(in.name);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Grid& in, pb::Grid* out) {
  out->set_grid_id(in.grid_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_households(in.households);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Volunteer& in, pb::Volunteer* out) {
  out->set_volunteer_id(in.volunteer_id);
  out->set_name(in.name);
  out->set_id_number_masked(in.id_number_masked);
  out->set_phone_masked(in.phone_masked);
  out->set_gender(ToProtoEnum<pb::Gender>(in.gender));
  out->set_birth_year(in.birth_year);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  for (const auto& skill : in.skills) out->add_skills(skill);
  out->set_political_status(ToProtoEnum<pb::PoliticalStatus>(in.political_status));
  out->set_party_branch(in.party_branch);
  out->set_status(ToProtoEnum<pb::VolunteerStatus>(in.status));
  out->set_status_reason(in.status_reason);
  out->set_reported_community_id(in.reported_community_id);
  if (in.report_time) SetTimestamp(out->mutable_report_time(), *in.report_time);
  out->set_pending_report_id(in.pending_report_id);
  out->set_pending_report_community_id(in.pending_report_community_id);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  SetTimestamp(out->mutable_update_time(), in.update_time);
}

void ToProto(const CommunityReport& in, pb::CommunityReport* out) {
  out->set_report_id(in.report_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_volunteer_name(in.volunteer_name);
  out->set_party_branch(in.party_branch);
  out->set_community_id(in.community_id);
  out->set_state(ToProtoEnum<pb::ReportState>(in.state));
  out->set_requested_by(in.requested_by);
  out->set_decided_by(in.decided_by);
  out->set_reason(in.reason);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.decide_time) SetTimestamp(out->mutable_decide_time(), *in.decide_time);
}

void ToProto(const IdNumberLookup& in, pb::IdNumberLookup* out) {
  out->set_lookup_id(in.lookup_id);
  out->set_caller(in.caller);
  out->set_caller_role(in.caller_role);
  SetTimestamp(out->mutable_lookup_time(), in.lookup_time);
  out->set_result(ToProtoEnum<pb::IdLookupResult>(in.result));
  out->set_volunteer_id(in.volunteer_id);
  out->set_community_id(in.community_id);
}

void ToProto(const Team& in, pb::Team* out) {
  out->set_team_id(in.team_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_description(in.description);
  out->set_member_count(in.member_count);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const TeamMember& in, pb::TeamMember* out) {
  out->set_team_id(in.team_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_name(in.name);
  SetTimestamp(out->mutable_join_time(), in.join_time);
  if (in.leave_time) SetTimestamp(out->mutable_leave_time(), *in.leave_time);
}

void ToProto(const ServiceRecord& in, pb::ServiceRecord* out) {
  out->set_record_id(in.record_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_hours(in.hours);
  out->set_service_date(in.service_date);
  out->set_organiser(in.organiser);
  out->set_organiser_region_id(in.organiser_region_id);
  out->set_source(ToProtoEnum<pb::ServiceSource>(in.source));
  out->set_source_ref(in.source_ref);
  out->set_description(in.description);
  out->set_recorded_by(in.recorded_by);
  out->set_corrects_record_id(in.corrects_record_id);
  out->set_correction_reason(in.correction_reason);
  out->set_superseded_by_record_id(in.superseded_by_record_id);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Certificate& in, pb::Certificate* out) {
  out->set_serial(in.serial);
  out->set_volunteer_id(in.volunteer_id);
  out->set_name_masked(in.name_masked);
  out->set_id_number_masked(in.id_number_masked);
  out->set_community_id(in.community_id);
  out->set_community_name(in.community_name);
  out->set_period_start(in.period_start);
  out->set_period_end(in.period_end);
  for (const CertificateHours& line : in.hours_by_source) {
    auto* hours = out->add_hours_by_source();
    hours->set_source(ToProtoEnum<pb::ServiceSource>(line.source));
    hours->set_hours(line.hours);
  }
  out->set_total_hours(in.total_hours);
  out->set_record_count(in.record_count);
  SetTimestamp(out->mutable_issue_time(), in.issue_time);
  out->set_issued_by(in.issued_by);
  out->set_status(ToProtoEnum<pb::CertificateStatus>(in.status));
  out->set_revoke_reason(in.revoke_reason);
  if (in.status_time) SetTimestamp(out->mutable_status_time(), *in.status_time);
}

void ToProto(const CertificateFile& in, pb::CertificatePdf* out) {
  out->set_content_type(in.content_type);
  out->set_data(in.data);
  out->set_filename(in.filename);
}

void ToVerification(const Certificate& in, pb::CertificateVerification* out) {
  out->set_serial(in.serial);
  out->set_status(ToProtoEnum<pb::CertificateStatus>(in.status));
  out->set_name_masked(in.name_masked);
  out->set_id_number_masked(in.id_number_masked);
  out->set_community_name(in.community_name);
  out->set_period_start(in.period_start);
  out->set_period_end(in.period_end);
  out->set_total_hours(in.total_hours);
  SetTimestamp(out->mutable_issue_time(), in.issue_time);
}

void ToProto(const ServiceSummary& in, pb::ServiceSummary* out) {
  out->set_volunteer_id(in.volunteer.volunteer_id);
  out->set_name(in.volunteer.name);
  out->set_total_hours(in.totals.total_hours);
  out->set_honour_hours(in.totals.honour_hours);
  out->set_star_level(in.star_level);
  out->set_next_star_hours(in.next_star_hours);
  out->set_period_hours(in.totals.period_hours);
  out->set_record_count(in.totals.record_count);
  for (const auto& month : in.totals.by_month) {
    auto* period = out->add_by_month();
    period->set_period(month.key);
    period->set_hours(month.hours);
  }
  for (const auto& organiser : in.totals.by_organiser) {
    auto* hours = out->add_by_organiser();
    hours->set_organiser(organiser.key);
    hours->set_hours(organiser.hours);
  }
}

void ToProto(const RegionStatistics& in, pb::RegionStatistics* out) {
  out->set_region_id(in.region_id);
  out->set_month(in.month);
  out->set_active_volunteers(in.volunteers.active);
  out->set_pending_volunteers(in.volunteers.pending);
  out->set_party_members(in.volunteers.party_members);
  out->set_reported_party_members(in.volunteers.reported_party_members);
  out->set_month_hours(in.service.hours);
  out->set_month_served_volunteers(in.service.volunteers);
}

// Internal ids (the record's own id, the volunteer's, who recorded it) stay out of the export.
void ToProto(const ExportPage& in, pb::ExportServiceRecordsResponse* out) {
  for (const ExportedRecord& r : in.records) {
    pb::ExportedServiceRecord* row = out->add_records();
    row->set_record_reference(r.record_reference);
    row->set_volunteer_name(r.volunteer_name);
    row->set_id_number(r.id_number);
    row->set_organiser(r.organiser);
    row->set_source(ToProtoEnum<pb::ServiceSource>(r.source));
    row->set_service_date(r.service_date);
    row->set_place_region_id(r.place_region_id);
    row->set_place_name(r.place_name);
    row->set_description(r.description);
    row->set_hours(r.hours);
    row->set_corrected(r.corrected);
  }
  out->set_next_page_token(in.next_page_token);
  out->set_export_id(in.export_row.export_id);
  SetTimestamp(out->mutable_as_of(), in.export_row.as_of);
  out->set_total_records(in.export_row.rows_total);
}

void ToProto(const ServiceRecordExport& in, pb::ServiceRecordExport* out) {
  out->set_export_id(in.export_id);
  out->set_caller(in.caller);
  out->set_caller_role(in.caller_role);
  out->set_region_id(in.region_id);
  out->set_period_start(in.period_start);
  out->set_period_end(in.period_end);
  SetTimestamp(out->mutable_as_of(), in.as_of);
  SetTimestamp(out->mutable_start_time(), in.start_time);
  SetTimestamp(out->mutable_last_page_time(), in.last_page_time);
  out->set_rows_served(in.rows_served);
  out->set_pages(in.pages);
  out->set_rows_total(in.rows_total);
  if (in.finish_time) SetTimestamp(out->mutable_finish_time(), *in.finish_time);
}

// ---- incoming ----
// Unspecified enums pass here (Unspecified::kAllowed): the domain says "required" where it is,
// in the order of its other checks.

Street FromProto(const pb::Street& in) {
  return Street{in.street_id(), in.name(), in.district(), {}};
}

Community FromProto(const pb::Community& in) {
  return Community{in.community_id(), in.street_id(), in.name(), {}};
}

Grid FromProto(const pb::Grid& in) {
  return Grid{in.grid_id(), in.community_id(), in.name(), in.households(), {}};
}

absl::StatusOr<Registration> FromProto(const pb::RegisterVolunteerRequest& in) {
  Registration out;
  out.name = in.name();
  out.id_number = in.id_number();
  out.phone = in.phone();
  out.community_id = in.community_id();
  out.grid_id = in.grid_id();
  out.skills = Strings(in.skills());
  TX_ASSIGN_OR_RETURN(out.political_status,
                      FromProtoEnum<PoliticalStatus>(in.political_status(), "political_status",
                                                     Unspecified::kAllowed));
  out.party_branch = in.party_branch();
  TX_ASSIGN_OR_RETURN(out.gender,
                      FromProtoEnum<Gender>(in.gender(), "gender", Unspecified::kAllowed));
  out.birth_date = in.birth_date();
  return out;
}

absl::StatusOr<ProfileUpdate> FromProto(const pb::UpdateVolunteerRequest& in) {
  ProfileUpdate out;
  for (const auto& path : in.update_mask().paths()) out.fields.insert(path);
  out.name = in.name();
  out.phone = in.phone();
  out.community_id = in.community_id();
  out.grid_id = in.grid_id();
  out.skills = Strings(in.skills());
  TX_ASSIGN_OR_RETURN(out.political_status,
                      FromProtoEnum<PoliticalStatus>(in.political_status(), "political_status",
                                                     Unspecified::kAllowed));
  out.party_branch = in.party_branch();
  return out;
}

absl::StatusOr<VolunteerFilter> FromProto(const pb::ListVolunteersRequest& in) {
  VolunteerFilter out;
  out.region_id = in.region_id();
  out.skill = in.skill();
  TX_ASSIGN_OR_RETURN(out.status,
                      FromProtoEnum<VolunteerStatus>(in.status(), "status", Unspecified::kAllowed));
  out.party_members_only = in.party_members_only();
  return out;
}

absl::StatusOr<ReportFilter> FromProto(const pb::ListCommunityReportsRequest& in) {
  ReportFilter out;
  out.region_id = in.region_id();
  out.volunteer_id = in.volunteer_id();
  TX_ASSIGN_OR_RETURN(out.state,
                      FromProtoEnum<ReportState>(in.state(), "state", Unspecified::kAllowed));
  return out;
}

IdLookupFilter FromProto(const pb::ListIdNumberLookupsRequest& in) {
  return IdLookupFilter{in.region_id(), in.caller()};
}

Team FromProto(const pb::CreateTeamRequest& in) {
  Team out;
  out.community_id = in.community_id();
  out.name = in.name();
  out.description = in.description();
  return out;
}

absl::StatusOr<ServiceEntry> FromProto(const pb::RecordServiceRequest& in) {
  ServiceEntry out;
  out.volunteer_id = in.volunteer_id();
  out.hours = in.hours();
  out.service_date = in.service_date();
  out.organiser = in.organiser();
  out.organiser_region_id = in.organiser_region_id();
  TX_ASSIGN_OR_RETURN(out.source,
                      FromProtoEnum<ServiceSource>(in.source(), "source", Unspecified::kAllowed));
  out.source_ref = in.source_ref();
  out.description = in.description();
  return out;
}

}  // namespace tongxin::volunteer
