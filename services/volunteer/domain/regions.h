// The region hierarchy as its ids carry it, without a database: a community's street is the
// first 9 digits of its 12-digit id, a grid's community the first 12 of its 15 digits. What a new
// street, community or grid must look like before it is stored.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

absl::Status CheckNewStreet(const Street& street);
// The community with its street_id taken from its id (a given street_id must agree).
absl::StatusOr<Community> CheckNewCommunity(const Community& community);
// The grid with its community_id taken from its id (a given community_id must agree).
absl::StatusOr<Grid> CheckNewGrid(const Grid& grid);
// A volunteer's grid: a grid id that lies in `community_id`.
absl::Status CheckGridInCommunity(const std::string& grid_id, const std::string& community_id);

}  // namespace tongxin::volunteer
