// The volunteer aggregate's SQL (see volunteer_repository.h and volunteer_queries.h).
#include "services/volunteer/repository/volunteer_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/validation.h"
#include "services/volunteer/repository/volunteer_queries.h"

namespace tongxin::volunteer {
namespace {

Volunteer VolunteerFrom(const pqxx::row& row) {
  Volunteer v;
  v.volunteer_id = row["volunteer_id"].as<std::string>();
  v.name = row["name"].as<std::string>();
  v.id_number_masked = row["id_number_masked"].as<std::string>();
  v.phone_masked = row["phone_masked"].as<std::string>();
  v.gender = static_cast<Gender>(row["gender"].as<int>());
  v.birth_year = row["birth_year"].as<int>();
  v.community_id = row["community_id"].as<std::string>();
  v.grid_id = row["grid_id"].as<std::string>();
  v.skills = ParseTextArray(row["skills"]);
  v.political_status = static_cast<PoliticalStatus>(row["political_status"].as<int>());
  v.party_branch = row["party_branch"].as<std::string>();
  v.status = static_cast<VolunteerStatus>(row["status"].as<int>());
  v.status_reason = row["status_reason"].as<std::string>();
  v.reported_community_id = row["reported_community_id"].as<std::string>();
  if (!row["report_micros"].is_null()) {
    v.report_time = FromEpochMicros(row["report_micros"].as<long long>());
  }
  v.pending_report_id = row["pending_report_id"].as<std::string>();
  v.pending_report_community_id = row["pending_report_community_id"].as<std::string>();
  v.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  v.update_time = FromEpochMicros(row["update_micros"].as<long long>());
  return v;
}

std::optional<Volunteer> FirstOrNone(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return VolunteerFrom(rows[0]);
}

const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

VolunteerRepository::VolunteerRepository(Db& db) {
  db.Register({kVolunteerInsert, kVolunteerGet, kVolunteerGetForUpdate, kVolunteerByIdNumber,
               kVolunteerByPhone, kVolunteerList, kVolunteerUpdateProfile, kVolunteerChangeStatus,
               kVolunteerCountInRegion, kVolunteerReport, kVolunteerAudience});
  db.RegisterConstraintMessages({
      {"volunteers_pkey", "volunteer_id: a volunteer with this id is registered"},
      {"volunteers_id_number_unique", "id_number: a volunteer with this ID number is registered"},
      {"volunteers_phone_unique", "phone: a volunteer with this phone number is registered"},
      {"volunteers_community_id_fkey", "community_id: no such community"},
      {"volunteers_grid_id_fkey", "grid_id: no such grid"},
      {"volunteers_grid_in_community", "grid_id: the grid is not in the volunteer's community"},
      {"volunteers_party_branch", "party_branch: required for a party member"},
      {"volunteers_report_party_member", "political_status: only party members report"},
      {"volunteers_reported_community_id_fkey", "community_id: no such community"},
  });
}

absl::StatusOr<Volunteer> VolunteerRepository::Insert(Tx& tx, const NewVolunteer& n) {
  const Volunteer& v = n.volunteer;
  return VolunteerFrom(
      Exec1(tx, kVolunteerInsert, v.volunteer_id, v.name, Bytea(n.id_number_sealed),
            Bytea(n.id_number_index), v.id_number_masked, Bytea(n.phone_sealed),
            Bytea(n.phone_index), v.phone_masked, static_cast<int>(v.gender), v.birth_year,
            v.community_id, NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills),
            static_cast<int>(v.political_status), v.party_branch, static_cast<int>(v.status)));
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::Find(Tx& tx,
                                                                   const std::string& volunteer_id,
                                                                   bool lock) {
  return FirstOrNone(Exec(tx, lock ? kVolunteerGetForUpdate : kVolunteerGet, volunteer_id));
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::FindByIdNumberIndex(
    Tx& tx, const std::string& index) {
  return FirstOrNone(Exec(tx, kVolunteerByIdNumber, Bytea(index)));
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::FindByPhoneIndex(
    Tx& tx, const std::string& index) {
  return FirstOrNone(Exec(tx, kVolunteerByPhone, Bytea(index)));
}

absl::StatusOr<Page<std::string>> VolunteerRepository::ListAudience(Tx& tx,
                                                                    const AudienceFilter& filter,
                                                                    const PageRequest& page) {
  // A grid region is its own grid filter (the domain keeps an audience grid inside the region).
  std::string grid = filter.region_id.size() == kGridIdLength ? filter.region_id : filter.grid_id;
  auto rows = Exec(tx, kVolunteerAudience, filter.region_id, grid, filter.party_members_only,
                   filter.team_id, page.after, page.page_size + 1);
  return ReadPage<std::string>(rows, page.page_size,
                               [](const pqxx::row& row) { return row[0].as<std::string>(); });
}

absl::StatusOr<Page<Volunteer>> VolunteerRepository::List(Tx& tx, const VolunteerFilter& filter,
                                                          const PageRequest& page) {
  // A grid id narrows by grid; a street or community id is a prefix of community_id.
  std::string grid = filter.region_id.size() == kGridIdLength ? filter.region_id : "";
  auto rows = Exec(tx, kVolunteerList, filter.region_id, grid, filter.skill,
                   static_cast<int>(filter.status), filter.party_members_only, page.after,
                   page.page_size + 1);
  return ReadPage<Volunteer>(rows, page.page_size, VolunteerFrom);
}

absl::StatusOr<Volunteer> VolunteerRepository::UpdateProfile(
    Tx& tx, const Volunteer& v, const std::optional<PhoneChange>& phone) {
  std::optional<pqxx::binarystring> sealed, index;
  if (phone) {
    sealed.emplace(Bytea(phone->sealed));
    index.emplace(Bytea(phone->index));
  }
  auto rows =
      phone ? Exec(tx, kVolunteerUpdateProfile, v.volunteer_id, v.name, v.community_id,
                   NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills),
                   static_cast<int>(v.political_status), v.party_branch, *sealed, *index,
                   phone->masked)
            : Exec(tx, kVolunteerUpdateProfile, v.volunteer_id, v.name, v.community_id,
                   NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills),
                   static_cast<int>(v.political_status), v.party_branch, nullptr, nullptr, nullptr);
  if (rows.empty()) return absl::NotFoundError("volunteer_id: no such volunteer");
  return VolunteerFrom(rows[0]);
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::ChangeStatus(
    Tx& tx, const std::string& volunteer_id, StatusChange change, const std::string& reason) {
  const StatusTransition& transition = TransitionFor(change);
  std::vector<std::string> from;
  for (VolunteerStatus status : transition.from.Members()) from.push_back(SqlInt(status));
  return FirstOrNone(Exec(tx, kVolunteerChangeStatus, volunteer_id,
                          absl::StrCat("{", absl::StrJoin(from, ","), "}"),
                          static_cast<int>(transition.to), reason));
}

absl::StatusOr<RegionVolunteerCounts> VolunteerRepository::CountInRegion(
    Tx& tx, const std::string& region_id) {
  auto row = Exec1(tx, kVolunteerCountInRegion, region_id);
  return RegionVolunteerCounts{row["active"].as<int>(), row["pending"].as<int>(),
                               row["party_members"].as<int>(),
                               row["reported_party_members"].as<int>()};
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::Report(
    Tx& tx, const std::string& volunteer_id, const std::string& community_id) {
  return FirstOrNone(Exec(tx, kVolunteerReport, volunteer_id, community_id));
}

}  // namespace tongxin::volunteer
