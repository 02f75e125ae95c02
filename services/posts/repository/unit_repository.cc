#include "services/posts/repository/unit_repository.h"

#include "services/posts/repository/unit_queries.h"

namespace tongxin::posts {
namespace {

Unit UnitFrom(const pqxx::row& row) {
  return Unit{row["unit_id"].as<std::string>(), row["community_id"].as<std::string>(),
              row["name"].as<std::string>(), row["agreement_date"].as<std::string>(),
              FromEpochMicros(row["create_micros"].as<long long>())};
}

// Pages of units are keyed by id.
std::string UnitKey(const pqxx::row& row) { return row["unit_id"].as<std::string>(); }

}  // namespace

UnitRepository::UnitRepository(Db& db) {
  db.Register({kUnitInsert, kUnitGet, kUnitList});
  db.RegisterConstraintMessages(
      {{"units_name_per_community", "unit.name: the community has a unit of this name"}});
}

absl::StatusOr<Unit> UnitRepository::Insert(Tx& tx, const Unit& u) {
  return UnitFrom(Exec1(tx, kUnitInsert, u.community_id, u.name, u.agreement_date));
}

absl::StatusOr<std::optional<Unit>> UnitRepository::Find(Tx& tx, const std::string& unit_id) {
  auto rows = Exec(tx, kUnitGet, unit_id);
  if (rows.empty()) return std::nullopt;
  return UnitFrom(rows[0]);
}

absl::StatusOr<Page<Unit>> UnitRepository::List(Tx& tx, const std::string& community_id,
                                                const PageRequest& page) {
  auto rows = Exec(tx, kUnitList, community_id, page.after, page.page_size + 1);
  return ReadPage<Unit>(rows, page.page_size, UnitFrom, UnitKey);
}

}  // namespace tongxin::posts
