// The statements of IdLookupRepository (the access log of ID-number look-ups), each declared
// once. Rows are read by the column names given here; result literals come from the domain's
// enum.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

inline const std::string kIdLookupColumns =
    "lookup_id::text AS lookup_id, caller, caller_role, caller_scope, "
    "epoch_micros(looked_up_at) AS lookup_micros, result, coalesce(volunteer_id, '') AS "
    "volunteer_id, coalesce(hit_community_id, '') AS community_id";

// Times are the service clock's, in microseconds since the epoch, converted exactly.
inline std::string FromMicrosSql(const std::string& parameter) {
  return "(timestamptz 'epoch' + " + parameter + "::bigint * interval '1 microsecond')";
}

inline const Query kIdLookupInsert{
    "id_lookup_insert",
    "INSERT INTO id_number_lookups (caller, caller_role, caller_scope, looked_up_at, result, "
    "volunteer_id, hit_community_id) VALUES ($1, $2, $3::text[], " +
        FromMicrosSql("$4") + ", $5, $6, $7)"};
// One caller's look-ups queue here (across replicas) so that the count below sees them all.
// The look-ups a caller made since $2 (microseconds) that were answered (not refused). The
// reveals of a service-record export are logged here too but are not look-ups: the export's
// row cap bounds them.
inline const Query kIdLookupCountSince{
    "id_lookup_count_since",
    "SELECT count(*)::int FROM id_number_lookups WHERE caller = $1 "
    "AND looked_up_at > " +
        FromMicrosSql("$2") + " AND result NOT IN (" + SqlInt(IdLookupResult::kRateLimited) + ", " +
        SqlInt(IdLookupResult::kExported) + ")"};
// A region's log, newest first: look-ups that found somebody of the region, and look-ups by
// callers whose scope lies in the region. $3: only this caller ('' for all); $4: the last
// lookup_id of the previous page.
inline const Query kIdLookupList{
    "id_lookup_list",
    "SELECT " + kIdLookupColumns +
        " FROM id_number_lookups WHERE (hit_community_id LIKE $1 || '%' "
        "OR EXISTS (SELECT 1 FROM unnest(caller_scope) s WHERE s LIKE $1 || '%')) "
        "AND ($2 = '' OR caller = $2) AND lookup_id < $3::bigint "
        "ORDER BY lookup_id DESC LIMIT $4"};

}  // namespace tongxin::volunteer
