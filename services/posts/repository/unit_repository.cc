#include "services/posts/repository/unit_repository.h"

namespace tongxin::posts {
namespace {

constexpr char kColumns[] =
    "unit_id::text, community_id, name, agreement_date::text, epoch_micros(created_at)";

Unit UnitFrom(const pqxx::row& row) {
  return Unit{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
              row[3].as<std::string>(), FromEpochMicros(row[4].as<long long>())};
}

}  // namespace

UnitRepository::UnitRepository(Db& db) {
  const std::string columns = kColumns;
  db.Register({
      {"unit_insert",
       "INSERT INTO units (community_id, name, agreement_date) VALUES ($1, $2, $3::date) "
       "RETURNING " +
           columns},
      {"unit_get", "SELECT " + columns + " FROM units WHERE unit_id = $1::uuid"},
      {"unit_list", "SELECT " + columns +
                        " FROM units WHERE community_id = $1 AND unit_id::text > $2 "
                        "ORDER BY unit_id::text LIMIT $3"},
  });
  db.RegisterConstraintMessages(
      {{"units_name_per_community", "unit.name: the community has a unit of this name"}});
}

absl::StatusOr<Unit> UnitRepository::Insert(Tx& tx, const Unit& u) {
  return UnitFrom(tx.exec_prepared1("unit_insert", u.community_id, u.name, u.agreement_date));
}

absl::StatusOr<std::optional<Unit>> UnitRepository::Find(Tx& tx, const std::string& unit_id) {
  auto rows = tx.exec_prepared("unit_get", unit_id);
  if (rows.empty()) return std::nullopt;
  return UnitFrom(rows[0]);
}

absl::StatusOr<Page<Unit>> UnitRepository::List(Tx& tx, const std::string& community_id,
                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("unit_list", community_id, page.after, page.page_size + 1);
  return ReadPage<Unit>(rows, page.page_size, UnitFrom);
}

}  // namespace tongxin::posts
