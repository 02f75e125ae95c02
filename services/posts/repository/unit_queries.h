// The statements of UnitRepository, each declared once as a typed constant; columns are read by
// name in unit_repository.cc.
#pragma once

#include <string>

#include "services/common/db.h"

namespace tongxin::posts {

inline const std::string kUnitColumns =
    "unit_id::text AS unit_id, community_id, name, agreement_date::text AS agreement_date, "
    "epoch_micros(created_at) AS create_micros";

inline const Query kUnitInsert{
    "unit_insert",
    "INSERT INTO units (community_id, name, agreement_date) VALUES ($1, $2, $3::date) "
    "RETURNING " +
        kUnitColumns};
inline const Query kUnitGet{"unit_get",
                            "SELECT " + kUnitColumns + " FROM units WHERE unit_id = $1::uuid"};
inline const Query kUnitList{"unit_list", "SELECT " + kUnitColumns +
                                              " FROM units WHERE community_id = $1 AND "
                                              "unit_id::text > $2 ORDER BY unit_id::text LIMIT $3"};

}  // namespace tongxin::posts
