#include "services/volunteer/repository/grid_repository.h"

#include "services/common/pagination.h"

namespace tongxin::volunteer {
namespace {

Street StreetFrom(const pqxx::row& row) {
  return Street{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                FromEpochMicros(row[3].as<long long>())};
}
Community CommunityFrom(const pqxx::row& row) {
  return Community{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   FromEpochMicros(row[3].as<long long>())};
}
Grid GridFrom(const pqxx::row& row) {
  return Grid{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
              row[3].as<int>(), FromEpochMicros(row[4].as<long long>())};
}

}  // namespace

GridRepository::GridRepository(Db& db) {
  db.Register({
      {"street_insert",
       "INSERT INTO streets (street_id, name, district) VALUES ($1, $2, $3) "
       "RETURNING street_id, name, district, epoch_micros(created_at)"},
      {"street_get",
       "SELECT street_id, name, district, epoch_micros(created_at) FROM streets "
       "WHERE street_id = $1"},
      {"street_list",
       "SELECT street_id, name, district, epoch_micros(created_at) FROM streets "
       "WHERE street_id > $1 ORDER BY street_id LIMIT $2"},
      {"community_insert",
       "INSERT INTO communities (community_id, street_id, name) VALUES ($1, $2, $3) "
       "RETURNING community_id, street_id, name, epoch_micros(created_at)"},
      {"community_get",
       "SELECT community_id, street_id, name, epoch_micros(created_at) FROM communities "
       "WHERE community_id = $1"},
      {"community_list",
       "SELECT community_id, street_id, name, epoch_micros(created_at) FROM communities "
       "WHERE street_id = $1 AND community_id > $2 ORDER BY community_id LIMIT $3"},
      {"grid_insert",
       "INSERT INTO grids (grid_id, community_id, name, households) VALUES ($1, $2, $3, $4) "
       "RETURNING grid_id, community_id, name, households, epoch_micros(created_at)"},
      {"grid_get",
       "SELECT grid_id, community_id, name, households, epoch_micros(created_at) FROM grids "
       "WHERE grid_id = $1"},
      {"grid_list",
       "SELECT grid_id, community_id, name, households, epoch_micros(created_at) FROM grids "
       "WHERE community_id = $1 AND grid_id > $2 ORDER BY grid_id LIMIT $3"},
  });
  db.RegisterConstraintMessages({
      {"streets_pkey", "street.street_id: a street with this id exists"},
      {"communities_pkey", "community.community_id: a community with this id exists"},
      {"communities_name_per_street", "community.name: the street has a community of this name"},
      {"communities_street_id_fkey", "community.community_id: its street does not exist"},
      {"grids_pkey", "grid.grid_id: a grid with this id exists"},
      {"grids_name_per_community", "grid.name: the community has a grid of this name"},
      {"grids_community_id_fkey", "grid.grid_id: its community does not exist"},
  });
}

absl::StatusOr<Street> GridRepository::InsertStreet(Tx& tx, const Street& street) {
  return StreetFrom(
      tx.exec_prepared1("street_insert", street.street_id, street.name, street.district));
}

absl::StatusOr<std::optional<Street>> GridRepository::FindStreet(Tx& tx,
                                                                 const std::string& street_id) {
  auto rows = tx.exec_prepared("street_get", street_id);
  if (rows.empty()) return std::nullopt;
  return StreetFrom(rows[0]);
}

absl::StatusOr<Page<Street>> GridRepository::ListStreets(Tx& tx, const PageRequest& page) {
  auto rows = tx.exec_prepared("street_list", page.after, page.page_size + 1);
  return ReadPage<Street>(rows, page.page_size, StreetFrom);
}

absl::StatusOr<Community> GridRepository::InsertCommunity(Tx& tx, const Community& community) {
  return CommunityFrom(tx.exec_prepared1("community_insert", community.community_id,
                                         community.street_id, community.name));
}

absl::StatusOr<std::optional<Community>> GridRepository::FindCommunity(
    Tx& tx, const std::string& community_id) {
  auto rows = tx.exec_prepared("community_get", community_id);
  if (rows.empty()) return std::nullopt;
  return CommunityFrom(rows[0]);
}

absl::StatusOr<Page<Community>> GridRepository::ListCommunities(Tx& tx,
                                                                const std::string& street_id,
                                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("community_list", street_id, page.after, page.page_size + 1);
  return ReadPage<Community>(rows, page.page_size, CommunityFrom);
}

absl::StatusOr<Grid> GridRepository::InsertGrid(Tx& tx, const Grid& grid) {
  return GridFrom(tx.exec_prepared1("grid_insert", grid.grid_id, grid.community_id, grid.name,
                                    grid.households));
}

absl::StatusOr<std::optional<Grid>> GridRepository::FindGrid(Tx& tx, const std::string& grid_id) {
  auto rows = tx.exec_prepared("grid_get", grid_id);
  if (rows.empty()) return std::nullopt;
  return GridFrom(rows[0]);
}

absl::StatusOr<Page<Grid>> GridRepository::ListGrids(Tx& tx, const std::string& community_id,
                                                     const PageRequest& page) {
  auto rows = tx.exec_prepared("grid_list", community_id, page.after, page.page_size + 1);
  return ReadPage<Grid>(rows, page.page_size, GridFrom);
}

}  // namespace tongxin::volunteer
