// The grid hierarchy aggregate: streets, communities, grids. The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class GridRepository {
 public:
  explicit GridRepository(Db& db);

  absl::StatusOr<Street> InsertStreet(Tx& tx, const Street& street);
  absl::StatusOr<std::optional<Street>> FindStreet(Tx& tx, const std::string& street_id);
  absl::StatusOr<Page<Street>> ListStreets(Tx& tx, const PageRequest& page);

  absl::StatusOr<Community> InsertCommunity(Tx& tx, const Community& community);
  absl::StatusOr<std::optional<Community>> FindCommunity(Tx& tx, const std::string& community_id);
  absl::StatusOr<Page<Community>> ListCommunities(Tx& tx, const std::string& street_id,
                                                  const PageRequest& page);

  absl::StatusOr<Grid> InsertGrid(Tx& tx, const Grid& grid);
  absl::StatusOr<std::optional<Grid>> FindGrid(Tx& tx, const std::string& grid_id);
  absl::StatusOr<Page<Grid>> ListGrids(Tx& tx, const std::string& community_id,
                                       const PageRequest& page);
};

}  // namespace tongxin::volunteer
