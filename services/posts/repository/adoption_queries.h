// The statements of AdoptionRepository (adoptions and the service logs under them), each
// declared once as a typed constant; columns are read by name in adoption_repository.cc and
// status numbers come from the domain's enums.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// An adoption (alias `a`) with its post's community (alias `p`).
inline const std::string kAdoptionColumns =
    "a.adoption_id::text AS adoption_id, a.post_id::text AS post_id, a.adopter_kind, "
    "a.adopter_id, a.adopter_name, a.party_member, a.status, "
    "epoch_micros(a.adopted_at) AS adopt_micros, epoch_micros(a.withdrawn_at) AS withdraw_micros, "
    "p.community_id";
inline const std::string kAdoptionFrom = " FROM adoptions a JOIN posts p USING (post_id) ";
// A change to the adoption row (`cte`, without RETURNING), answered with the adoption as above.
inline std::string ReturningAdoption(const std::string& cte) {
  return "WITH a AS (" + cte + " RETURNING *) SELECT " + kAdoptionColumns +
         " FROM a JOIN posts p USING (post_id)";
}
// Newest first, after the page token "adopt_micros|adoption_id" in $3.
inline const std::string kAdoptionPageAfter =
    "($3 = '' OR (epoch_micros(a.adopted_at), a.adoption_id::text) < "
    "(split_part($3, '|', 1)::bigint, split_part($3, '|', 2))) "
    "ORDER BY a.adopted_at DESC, a.adoption_id::text DESC LIMIT $4";
// ACTIVE as an SQL literal.
inline const std::string kAdoptionActiveSql = SqlInt(AdoptionStatus::kActive);

inline const Query kAdoptionsActiveCount{
    "adoptions_active_count",
    "SELECT count(*)::int AS active FROM adoptions WHERE adopter_id = $1 AND status = " +
        kAdoptionActiveSql};
// The adoption's time comes from the domain's clock ($6, epoch microseconds): the first day
// service may be logged under it.
inline const Query kAdoptionInsert{
    "adoption_insert",
    ReturningAdoption("INSERT INTO adoptions (post_id, adopter_kind, adopter_id, adopter_name, "
                      "party_member, adopted_at) VALUES ($1::uuid, $2, $3, $4, $5, "
                      "to_timestamp($6::bigint::float8 / 1000000))")};
inline const Query kAdoptionGet{"adoption_get", "SELECT " + kAdoptionColumns + kAdoptionFrom +
                                                    "WHERE a.adoption_id = $1::uuid"};
inline const Query kAdoptionGetForUpdate{"adoption_get_for_update",
                                         "SELECT " + kAdoptionColumns + kAdoptionFrom +
                                             "WHERE a.adoption_id = $1::uuid FOR UPDATE OF a"};
// ACTIVE → WITHDRAWN (domain/adoption.h), in the database too.
inline const Query kAdoptionWithdraw{
    "adoption_withdraw",
    ReturningAdoption(
        "UPDATE adoptions SET status = " + SqlInt(AdoptionStatus::kWithdrawn) +
        ", withdrawn_at = to_timestamp($2::bigint::float8 / 1000000) WHERE adoption_id = "
        "$1::uuid AND status = " +
        kAdoptionActiveSql)};
inline const Query kAdoptionsByPost{"adoptions_by_post",
                                    "SELECT " + kAdoptionColumns + kAdoptionFrom +
                                        "WHERE a.post_id = $1::uuid AND (NOT $2 OR a.status = " +
                                        kAdoptionActiveSql + ") AND " + kAdoptionPageAfter};
inline const Query kAdoptionsByAdopter{"adoptions_by_adopter",
                                       "SELECT " + kAdoptionColumns + kAdoptionFrom +
                                           "WHERE a.adopter_id = $1 AND (NOT $2 OR a.status = " +
                                           kAdoptionActiveSql + ") AND " + kAdoptionPageAfter};

inline const std::string kLogColumns =
    "log_id::text AS log_id, adoption_id::text AS adoption_id, post_id::text AS post_id, "
    "community_id, adopter_id, service_date::text AS service_date, hours::float8 AS hours, "
    "summary, photos_before, photos_after, status, reviewed_by, review_reason, "
    "epoch_micros(created_at) AS create_micros, epoch_micros(reviewed_at) AS review_micros";
// $2 UNSPECIFIED for any status; newest first, after the page token "create_micros|log_id" in $3.
inline const std::string kLogStatusAndPage =
    "($2 = " + SqlInt(LogStatus::kUnspecified) +
    " OR status = $2) AND ($3 = '' OR (epoch_micros(created_at), log_id::text) < "
    "(split_part($3, '|', 1)::bigint, split_part($3, '|', 2))) ORDER BY created_at DESC, "
    "log_id::text DESC LIMIT $4";

inline const Query kLogInsert{
    "log_insert",
    "INSERT INTO service_logs (adoption_id, post_id, community_id, adopter_id, service_date, "
    "hours, summary, photos_before, photos_after) VALUES ($1::uuid, $2::uuid, $3, $4, "
    "$5::date, $6, $7, $8::text[], $9::text[]) RETURNING " +
        kLogColumns};
inline const Query kLogGet{"log_get",
                           "SELECT " + kLogColumns + " FROM service_logs WHERE log_id = $1::uuid"};
// SUBMITTED → APPROVED | REJECTED (domain/service_log.h), once, in the database too.
inline const Query kLogReview{
    "log_review",
    "UPDATE service_logs SET status = $2, reviewed_by = $3, review_reason = $4, reviewed_at "
    "= now() WHERE log_id = $1::uuid AND status = " +
        SqlInt(LogStatus::kSubmitted) + " RETURNING " + kLogColumns};
inline const Query kLogsByRegion{"logs_by_region", "SELECT " + kLogColumns +
                                                       " FROM service_logs WHERE community_id "
                                                       "LIKE $1 || '%' AND " +
                                                       kLogStatusAndPage};
inline const Query kLogsByAdopter{
    "logs_by_adopter",
    "SELECT " + kLogColumns + " FROM service_logs WHERE adopter_id = $1 AND " + kLogStatusAndPage};

}  // namespace tongxin::posts
