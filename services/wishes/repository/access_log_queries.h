// The statements of AccessLogRepository, each declared once as a typed constant; columns are
// read by name in access_log_repository.cc.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/wishes/repository/wish_queries.h"

namespace tongxin::wishes {

inline const Query kAccessInsert{
    "access_insert",
    "INSERT INTO wisher_access_log (wish_id, community_id, grid_id, reader_id, reason, at) "
    "VALUES ($1::uuid, $2, nullif($3, ''), $4, $5, " +
        TimestampParam(6) + ")"};
// A street, community or grid ($1), optionally one wish ($2) or one reader ($3), newest first
// after the token "access_id" ($4).
inline const Query kAccessList{
    "access_list",
    "SELECT access_id::text AS access_id, wish_id::text AS wish_id, community_id, "
    "coalesce(grid_id, '') AS grid_id, reader_id, reason, epoch_micros(at) AS at_micros "
    "FROM wisher_access_log WHERE community_id LIKE left($1, 12) || '%' AND "
    "(length($1) <> 15 OR grid_id = $1) AND ($2 = '' OR wish_id = nullif($2, '')::uuid) AND "
    "($3 = '' OR reader_id = $3) AND ($4 = '' OR access_id < nullif($4, '')::bigint) "
    "ORDER BY access_id DESC LIMIT $5"};

}  // namespace tongxin::wishes
