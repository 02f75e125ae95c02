// The region hierarchy's rules: who creates streets, communities and grids, and reading them
// (anyone signed in). Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/grid_repository.h"

namespace tongxin::volunteer {

class HierarchyDomain {
 public:
  explicit HierarchyDomain(GridRepository& grids);

  // A street admin whose scope covers the street, or the system.
  absl::StatusOr<Street> CreateStreet(Tx& tx, const Principal& caller, const Street& street);
  absl::StatusOr<Street> GetStreet(Tx& tx, const Principal& caller, const std::string& street_id);
  absl::StatusOr<Page<Street>> ListStreets(Tx& tx, const Principal& caller,
                                           const PageRequest& page);
  // A street admin in scope, or the system.
  absl::StatusOr<Community> CreateCommunity(Tx& tx, const Principal& caller,
                                            const Community& community);
  absl::StatusOr<Community> GetCommunity(Tx& tx, const Principal& caller,
                                         const std::string& community_id);
  absl::StatusOr<Page<Community>> ListCommunities(Tx& tx, const Principal& caller,
                                                  const std::string& street_id,
                                                  const PageRequest& page);
  // An admin in scope, or the system.
  absl::StatusOr<Grid> CreateGrid(Tx& tx, const Principal& caller, const Grid& grid);
  absl::StatusOr<Grid> GetGrid(Tx& tx, const Principal& caller, const std::string& grid_id);
  absl::StatusOr<Page<Grid>> ListGrids(Tx& tx, const Principal& caller,
                                       const std::string& community_id, const PageRequest& page);

 private:
  GridRepository& grids_;
};

}  // namespace tongxin::volunteer
