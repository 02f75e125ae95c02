// The region hierarchy's rules (see hierarchy_domain.h).
#include "services/volunteer/domain/hierarchy_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/regions.h"

namespace tongxin::volunteer {

HierarchyDomain::HierarchyDomain(GridRepository& grids) : grids_(grids) {}

absl::StatusOr<Street> HierarchyDomain::CreateStreet(Tx& tx, const Principal& caller,
                                                     const Street& street) {
  TX_RETURN_IF_ERROR(CheckNewStreet(street));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, street.street_id, /*street_admin_only=*/true));
  return grids_.InsertStreet(tx, street);
}

absl::StatusOr<Street> HierarchyDomain::GetStreet(Tx& tx, const Principal&,
                                                  const std::string& street_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("street_id", street_id, kStreetIdLength));
  TX_ASSIGN_OR_RETURN(auto street, grids_.FindStreet(tx, street_id));
  if (!street) return absl::NotFoundError("street_id: no such street");
  return *street;
}

absl::StatusOr<Page<Street>> HierarchyDomain::ListStreets(Tx& tx, const Principal&,
                                                          const PageRequest& page) {
  return grids_.ListStreets(tx, page);
}

absl::StatusOr<Community> HierarchyDomain::CreateCommunity(Tx& tx, const Principal& caller,
                                                           const Community& in) {
  TX_ASSIGN_OR_RETURN(Community community, CheckNewCommunity(in));
  TX_RETURN_IF_ERROR(
      RequireAdminInScope(caller, community.community_id, /*street_admin_only=*/true));
  return grids_.InsertCommunity(tx, community);
}

absl::StatusOr<Community> HierarchyDomain::GetCommunity(Tx& tx, const Principal&,
                                                        const std::string& community_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, community_id));
  if (!community) return absl::NotFoundError("community_id: no such community");
  return *community;
}

absl::StatusOr<Page<Community>> HierarchyDomain::ListCommunities(Tx& tx, const Principal&,
                                                                 const std::string& street_id,
                                                                 const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("street_id", street_id, kStreetIdLength));
  return grids_.ListCommunities(tx, street_id, page);
}

absl::StatusOr<Grid> HierarchyDomain::CreateGrid(Tx& tx, const Principal& caller, const Grid& in) {
  TX_ASSIGN_OR_RETURN(Grid grid, CheckNewGrid(in));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, grid.grid_id));
  return grids_.InsertGrid(tx, grid);
}

absl::StatusOr<Grid> HierarchyDomain::GetGrid(Tx& tx, const Principal&,
                                              const std::string& grid_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("grid_id", grid_id, kGridIdLength));
  TX_ASSIGN_OR_RETURN(auto grid, grids_.FindGrid(tx, grid_id));
  if (!grid) return absl::NotFoundError("grid_id: no such grid");
  return *grid;
}

absl::StatusOr<Page<Grid>> HierarchyDomain::ListGrids(Tx& tx, const Principal&,
                                                      const std::string& community_id,
                                                      const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  return grids_.ListGrids(tx, community_id, page);
}

}  // namespace tongxin::volunteer
