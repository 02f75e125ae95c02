// The statements of PostRepository, each declared once as a typed constant (run only through
// Exec/Exec1 with the constant, so a misspelt name does not compile). Computed columns carry
// names, read by name in post_repository.cc; status numbers come from the domain's enums.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// A post joined with its type's name (alias `t`), as every post statement returns it.
inline const std::string kPostColumns =
    "p.post_id::text AS post_id, p.community_id, coalesce(p.grid_id, '') AS grid_id, "
    "p.type_code, t.name AS type_name, p.title, p.description, p.place, p.schedule, "
    "p.weekdays::text AS weekdays, p.start_time, p.end_time, p.capacity, p.adopted, "
    "p.volunteers_allowed, p.open, p.created_by, epoch_micros(p.created_at) AS create_micros";
inline const std::string kPostFrom = " FROM posts p JOIN post_types t ON t.code = p.type_code ";
// A change to the post row (`cte`, without RETURNING), answered with the post as above.
inline std::string ReturningPost(const std::string& cte) {
  return "WITH p AS (" + cte + " RETURNING *) SELECT " + kPostColumns +
         " FROM p JOIN post_types t ON t.code = p.type_code";
}
inline const std::string kPostTypeColumns = "code, name, category, suggested_skills, builtin";

inline const Query kPostTypesList{
    "post_types_list",
    "SELECT " + kPostTypeColumns + " FROM post_types ORDER BY builtin DESC, code"};
inline const Query kPostTypeGet{"post_type_get",
                                "SELECT " + kPostTypeColumns + " FROM post_types WHERE code = $1"};
inline const Query kPostTypeInsert{
    "post_type_insert",
    "INSERT INTO post_types (code, name, category, suggested_skills) VALUES ($1, $2, $3, "
    "$4::text[]) RETURNING " +
        kPostTypeColumns};

inline const Query kPostInsert{
    "post_insert",
    ReturningPost("INSERT INTO posts (community_id, grid_id, type_code, title, description, "
                  "place, schedule, weekdays, start_time, end_time, capacity, "
                  "volunteers_allowed, created_by) VALUES ($1, nullif($2, ''), $3, $4, $5, $6, "
                  "$7, $8::smallint[], $9, $10, $11, $12, $13)")};
inline const Query kPostGet{"post_get",
                            "SELECT " + kPostColumns + kPostFrom + "WHERE p.post_id = $1::uuid"};
inline const Query kPostGetForUpdate{
    "post_get_for_update",
    "SELECT " + kPostColumns + kPostFrom + "WHERE p.post_id = $1::uuid FOR UPDATE OF p"};
// '' / UNSPECIFIED for an unused filter; a street or community id is a prefix, a grid id exact.
// The status filter spells out Post::status() in SQL.
inline const Query kPostList{
    "post_list",
    "SELECT " + kPostColumns + kPostFrom +
        "WHERE p.community_id LIKE left($1, 12) || '%' "
        "AND (length($1) <> 15 OR p.grid_id = $1) AND ($2 = '' OR p.type_code = $2) "
        "AND ($3 = " +
        SqlInt(PostStatus::kUnspecified) + " OR ($3 = " + SqlInt(PostStatus::kClosed) +
        " AND NOT p.open) OR ($3 = " + SqlInt(PostStatus::kFull) +
        " AND p.open AND p.adopted >= p.capacity) OR ($3 = " + SqlInt(PostStatus::kOpen) +
        " AND p.open AND p.adopted < p.capacity)) "
        "AND (cardinality($4::text[]) = 0 OR t.suggested_skills && $4::text[]) "
        "AND p.post_id::text > $5 ORDER BY p.post_id::text LIMIT $6"};
inline const Query kPostSetOpen{
    "post_set_open", ReturningPost("UPDATE posts SET open = $2 WHERE post_id = $1::uuid")};
// The condition is re-checked after waiting for a concurrent adopter's row lock, so the
// capacity holds under any number of simultaneous adoptions.
inline const Query kPostTakePlace{
    "post_take_place",
    ReturningPost("UPDATE posts SET adopted = adopted + 1 WHERE post_id = $1::uuid AND open AND "
                  "adopted < capacity")};
inline const Query kPostFreePlace{
    "post_free_place", "UPDATE posts SET adopted = adopted - 1 WHERE post_id = $1::uuid"};

// The rows of a street or community ($1, digits) by `column`: the LIKE says it, and the range
// says it again so that a generic plan uses posts_by_region or service_logs_by_region too (a
// LIKE whose pattern is a parameter is an index range only in a custom plan; as kInRegion in
// services/wishes/repository/wish_queries.h). ':' is the character after '9'.
inline std::string InRegion(const std::string& column) {
  return column + " LIKE $1 || '%' AND " + column + " ~>=~ $1 AND " + column + " ~<~ ($1 || ':')";
}
inline const Query kOverviewByType{
    "overview_by_type",
    "SELECT p.type_code, t.name AS type_name, count(*)::int AS posts, "
    "sum(p.capacity)::int AS capacity, sum(p.adopted)::int AS adopted "
    "FROM posts p JOIN post_types t ON t.code = p.type_code WHERE " +
        InRegion("p.community_id") + " AND p.open GROUP BY 1, 2 ORDER BY 1"};
inline const Query kOverviewLogs{
    "overview_logs",
    "SELECT coalesce(sum(hours) FILTER (WHERE status = " + SqlInt(LogStatus::kApproved) +
        " AND to_char(service_date, 'YYYY-MM') = $2), 0)::float8 AS hours_this_month, "
        "count(*) FILTER (WHERE status = " +
        SqlInt(LogStatus::kSubmitted) + ")::int AS logs_waiting FROM service_logs WHERE " +
        InRegion("community_id")};

}  // namespace tongxin::posts
