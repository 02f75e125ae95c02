#include "services/volunteer/repository/volunteer_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin::volunteer {
namespace {

constexpr char kColumns[] =
    "volunteer_id, name, id_number_masked, phone_masked, gender, birth_year, community_id, "
    "coalesce(grid_id, ''), skills, political_status, party_branch, status, status_reason, "
    "coalesce(reported_community_id, ''), epoch_micros(reported_at), epoch_micros(created_at), "
    "epoch_micros(updated_at)";

Volunteer VolunteerFrom(const pqxx::row& row) {
  Volunteer v;
  v.volunteer_id = row[0].as<std::string>();
  v.name = row[1].as<std::string>();
  v.id_number_masked = row[2].as<std::string>();
  v.phone_masked = row[3].as<std::string>();
  v.gender = static_cast<Gender>(row[4].as<int>());
  v.birth_year = row[5].as<int>();
  v.community_id = row[6].as<std::string>();
  v.grid_id = row[7].as<std::string>();
  v.skills = ParseTextArray(row[8]);
  v.political_status = static_cast<PoliticalStatus>(row[9].as<int>());
  v.party_branch = row[10].as<std::string>();
  v.status = static_cast<VolunteerStatus>(row[11].as<int>());
  v.status_reason = row[12].as<std::string>();
  v.reported_community_id = row[13].as<std::string>();
  if (!row[14].is_null()) v.report_time = FromEpochMicros(row[14].as<long long>());
  v.create_time = FromEpochMicros(row[15].as<long long>());
  v.update_time = FromEpochMicros(row[16].as<long long>());
  return v;
}

std::optional<Volunteer> FirstOrNone(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return VolunteerFrom(rows[0]);
}

const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

VolunteerRepository::VolunteerRepository(Db& db) {
  const std::string columns = kColumns;
  db.Register({
      {"volunteer_insert",
       "INSERT INTO volunteers (volunteer_id, name, id_number_sealed, id_number_index, "
       "id_number_masked, phone_sealed, phone_index, phone_masked, gender, birth_year, "
       "community_id, grid_id, skills, political_status, party_branch, status) "
       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14, $15, "
       "$16) RETURNING " +
           columns},
      {"volunteer_get", "SELECT " + columns + " FROM volunteers WHERE volunteer_id = $1"},
      {"volunteer_get_for_update",
       "SELECT " + columns + " FROM volunteers WHERE volunteer_id = $1 FOR UPDATE"},
      {"volunteer_by_id_number",
       "SELECT " + columns + " FROM volunteers WHERE id_number_index = $1"},
      // Optional filters are '' / 0 / false when unused, so one prepared plan serves them all.
      {"volunteer_list", "SELECT " + columns +
                             " FROM volunteers "
                             "WHERE community_id LIKE left($1, 12) || '%' "
                             "AND ($2 = '' OR grid_id = $2) "
                             "AND ($3 = '' OR skills @> ARRAY[$3]) "
                             "AND ($4 = 0 OR status = $4) "
                             "AND (NOT $5 OR political_status = 1) "
                             "AND volunteer_id > $6 ORDER BY volunteer_id LIMIT $7"},
      {"volunteer_update_profile",
       "UPDATE volunteers SET name = $2, community_id = $3, grid_id = $4, skills = $5::text[], "
       "political_status = $6, party_branch = $7, "
       "phone_sealed = coalesce($8, phone_sealed), phone_index = coalesce($9, phone_index), "
       "phone_masked = coalesce($10, phone_masked), updated_at = now() "
       "WHERE volunteer_id = $1 RETURNING " +
           columns},
      {"volunteer_change_status",
       "UPDATE volunteers SET status = $3, status_reason = $4, updated_at = now() "
       "WHERE volunteer_id = $1 AND status = ANY($2::smallint[]) RETURNING " +
           columns},
      // status: 1 pending, 2 active; political_status 1: party member.
      {"volunteer_count_in_region",
       "SELECT count(*) FILTER (WHERE status = 2)::int, count(*) FILTER (WHERE status = 1)::int, "
       "count(*) FILTER (WHERE status = 2 AND political_status = 1)::int, "
       "(SELECT count(*) FROM volunteers WHERE reported_community_id LIKE $1 || '%' "
       "AND status = 2)::int FROM volunteers WHERE community_id LIKE $1 || '%'"},
      {"volunteer_report",
       "UPDATE volunteers SET reported_community_id = $2, reported_at = now(), updated_at = now() "
       "WHERE volunteer_id = $1 AND reported_community_id IS NULL RETURNING " +
           columns},
  });
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
  return VolunteerFrom(tx.exec_prepared1(
      "volunteer_insert", v.volunteer_id, v.name, Bytea(n.id_number_sealed),
      Bytea(n.id_number_index), v.id_number_masked, Bytea(n.phone_sealed), Bytea(n.phone_index),
      v.phone_masked, static_cast<int>(v.gender), v.birth_year, v.community_id,
      NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills), static_cast<int>(v.political_status),
      v.party_branch, static_cast<int>(v.status)));
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::Find(Tx& tx,
                                                                   const std::string& volunteer_id,
                                                                   bool lock) {
  return FirstOrNone(
      tx.exec_prepared(lock ? "volunteer_get_for_update" : "volunteer_get", volunteer_id));
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::FindByIdNumberIndex(
    Tx& tx, const std::string& index) {
  return FirstOrNone(tx.exec_prepared("volunteer_by_id_number", Bytea(index)));
}

absl::StatusOr<Page<Volunteer>> VolunteerRepository::List(Tx& tx, const VolunteerFilter& filter,
                                                          const PageRequest& page) {
  // A grid id narrows by grid; a street or community id is a prefix of community_id.
  std::string grid = filter.region_id.size() == 15 ? filter.region_id : "";
  auto rows = tx.exec_prepared("volunteer_list", filter.region_id, grid, filter.skill,
                               static_cast<int>(filter.status), filter.party_members_only,
                               page.after, page.page_size + 1);
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
      phone ? tx.exec_prepared("volunteer_update_profile", v.volunteer_id, v.name, v.community_id,
                               NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills),
                               static_cast<int>(v.political_status), v.party_branch, *sealed,
                               *index, phone->masked)
            : tx.exec_prepared("volunteer_update_profile", v.volunteer_id, v.name, v.community_id,
                               NullIfEmpty(v.grid_id), TextArrayLiteral(v.skills),
                               static_cast<int>(v.political_status), v.party_branch, nullptr,
                               nullptr, nullptr);
  if (rows.empty()) return absl::NotFoundError("volunteer_id: no such volunteer");
  return VolunteerFrom(rows[0]);
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::ChangeStatus(
    Tx& tx, const std::string& volunteer_id, std::vector<VolunteerStatus> from, VolunteerStatus to,
    const std::string& reason) {
  std::vector<std::string> codes;
  for (VolunteerStatus s : from) codes.push_back(std::to_string(static_cast<int>(s)));
  return FirstOrNone(tx.exec_prepared("volunteer_change_status", volunteer_id,
                                      absl::StrCat("{", absl::StrJoin(codes, ","), "}"),
                                      static_cast<int>(to), reason));
}

absl::StatusOr<RegionVolunteerCounts> VolunteerRepository::CountInRegion(
    Tx& tx, const std::string& region_id) {
  auto row = tx.exec_prepared1("volunteer_count_in_region", region_id);
  return RegionVolunteerCounts{row[0].as<int>(), row[1].as<int>(), row[2].as<int>(),
                               row[3].as<int>()};
}

absl::StatusOr<std::optional<Volunteer>> VolunteerRepository::Report(
    Tx& tx, const std::string& volunteer_id, const std::string& community_id) {
  return FirstOrNone(tx.exec_prepared("volunteer_report", volunteer_id, community_id));
}

}  // namespace tongxin::volunteer
