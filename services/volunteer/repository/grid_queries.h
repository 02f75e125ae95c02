// The statements of GridRepository (streets, communities, grids), each declared once. Rows are
// read by the column names given here.
#pragma once

#include <string>

#include "services/common/db.h"

namespace tongxin::volunteer {

inline const std::string kStreetColumns =
    "street_id, name, district, epoch_micros(created_at) AS create_micros";
inline const std::string kCommunityColumns =
    "community_id, street_id, name, epoch_micros(created_at) AS create_micros";
inline const std::string kGridColumns =
    "grid_id, community_id, name, households, epoch_micros(created_at) AS create_micros";

inline const Query kStreetInsert{
    "street_insert",
    "INSERT INTO streets (street_id, name, district) VALUES ($1, $2, $3) RETURNING " +
        kStreetColumns};
inline const Query kStreetGet{"street_get",
                              "SELECT " + kStreetColumns + " FROM streets WHERE street_id = $1"};
// Keyset pages: street_id > after.
inline const Query kStreetList{"street_list", "SELECT " + kStreetColumns +
                                                  " FROM streets WHERE street_id > $1 "
                                                  "ORDER BY street_id LIMIT $2"};

inline const Query kCommunityInsert{
    "community_insert",
    "INSERT INTO communities (community_id, street_id, name) VALUES ($1, $2, $3) RETURNING " +
        kCommunityColumns};
inline const Query kCommunityGet{
    "community_get", "SELECT " + kCommunityColumns + " FROM communities WHERE community_id = $1"};
inline const Query kCommunityList{"community_list",
                                  "SELECT " + kCommunityColumns +
                                      " FROM communities WHERE street_id = $1 "
                                      "AND community_id > $2 ORDER BY community_id LIMIT $3"};

inline const Query kGridInsert{"grid_insert",
                               "INSERT INTO grids (grid_id, community_id, name, households) "
                               "VALUES ($1, $2, $3, $4) RETURNING " +
                                   kGridColumns};
inline const Query kGridGet{"grid_get",
                            "SELECT " + kGridColumns + " FROM grids WHERE grid_id = $1"};
inline const Query kGridList{"grid_list",
                             "SELECT " + kGridColumns +
                                 " FROM grids WHERE community_id = $1 AND grid_id > $2 "
                                 "ORDER BY grid_id LIMIT $3"};

}  // namespace tongxin::volunteer
