// The grid hierarchy's SQL (see grid_repository.h and grid_queries.h).
#include "services/volunteer/repository/grid_repository.h"

#include "services/common/pagination.h"
#include "services/volunteer/repository/grid_queries.h"

namespace tongxin::volunteer {
namespace {

Street StreetFrom(const pqxx::row& row) {
  return Street{row["street_id"].as<std::string>(), row["name"].as<std::string>(),
                row["district"].as<std::string>(),
                FromEpochMicros(row["create_micros"].as<long long>())};
}
Community CommunityFrom(const pqxx::row& row) {
  return Community{row["community_id"].as<std::string>(), row["street_id"].as<std::string>(),
                   row["name"].as<std::string>(),
                   FromEpochMicros(row["create_micros"].as<long long>())};
}
Grid GridFrom(const pqxx::row& row) {
  return Grid{row["grid_id"].as<std::string>(), row["community_id"].as<std::string>(),
              row["name"].as<std::string>(), row["households"].as<int>(),
              FromEpochMicros(row["create_micros"].as<long long>())};
}

}  // namespace

GridRepository::GridRepository(Db& db) {
  db.Register({kStreetInsert, kStreetGet, kStreetList, kCommunityInsert, kCommunityGet,
               kCommunityList, kGridInsert, kGridGet, kGridList});
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
  return StreetFrom(Exec1(tx, kStreetInsert, street.street_id, street.name, street.district));
}

absl::StatusOr<std::optional<Street>> GridRepository::FindStreet(Tx& tx,
                                                                 const std::string& street_id) {
  auto rows = Exec(tx, kStreetGet, street_id);
  if (rows.empty()) return std::nullopt;
  return StreetFrom(rows[0]);
}

absl::StatusOr<Page<Street>> GridRepository::ListStreets(Tx& tx, const PageRequest& page) {
  auto rows = Exec(tx, kStreetList, page.after, page.page_size + 1);
  return ReadPage<Street>(rows, page.page_size, StreetFrom);
}

absl::StatusOr<Community> GridRepository::InsertCommunity(Tx& tx, const Community& community) {
  return CommunityFrom(
      Exec1(tx, kCommunityInsert, community.community_id, community.street_id, community.name));
}

absl::StatusOr<std::optional<Community>> GridRepository::FindCommunity(
    Tx& tx, const std::string& community_id) {
  auto rows = Exec(tx, kCommunityGet, community_id);
  if (rows.empty()) return std::nullopt;
  return CommunityFrom(rows[0]);
}

absl::StatusOr<Page<Community>> GridRepository::ListCommunities(Tx& tx,
                                                                const std::string& street_id,
                                                                const PageRequest& page) {
  auto rows = Exec(tx, kCommunityList, street_id, page.after, page.page_size + 1);
  return ReadPage<Community>(rows, page.page_size, CommunityFrom);
}

absl::StatusOr<Grid> GridRepository::InsertGrid(Tx& tx, const Grid& grid) {
  return GridFrom(
      Exec1(tx, kGridInsert, grid.grid_id, grid.community_id, grid.name, grid.households));
}

absl::StatusOr<std::optional<Grid>> GridRepository::FindGrid(Tx& tx, const std::string& grid_id) {
  auto rows = Exec(tx, kGridGet, grid_id);
  if (rows.empty()) return std::nullopt;
  return GridFrom(rows[0]);
}

absl::StatusOr<Page<Grid>> GridRepository::ListGrids(Tx& tx, const std::string& community_id,
                                                     const PageRequest& page) {
  auto rows = Exec(tx, kGridList, community_id, page.after, page.page_size + 1);
  return ReadPage<Grid>(rows, page.page_size, GridFrom);
}

}  // namespace tongxin::volunteer
