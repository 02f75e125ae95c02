#include "services/posts/repository/post_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin::posts {
namespace {

constexpr char kPostColumns[] =
    "p.post_id::text, p.community_id, coalesce(p.grid_id, ''), p.type_code, t.name, p.title, "
    "p.description, p.place, p.schedule, p.weekdays::text, p.start_time, p.end_time, "
    "p.capacity, p.adopted, p.volunteers_allowed, p.open, p.created_by, "
    "epoch_micros(p.created_at)";

std::vector<int> ParseIntArray(const std::string& text) {
  std::vector<int> values;
  int current = 0;
  bool any = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      current = current * 10 + (c - '0');
      any = true;
    } else if (any) {
      values.push_back(current);
      current = 0;
      any = false;
    }
  }
  return values;
}

Post PostFrom(const pqxx::row& row) {
  Post p;
  p.post_id = row[0].as<std::string>();
  p.community_id = row[1].as<std::string>();
  p.grid_id = row[2].as<std::string>();
  p.type_code = row[3].as<std::string>();
  p.type_name = row[4].as<std::string>();
  p.title = row[5].as<std::string>();
  p.description = row[6].as<std::string>();
  p.place = row[7].as<std::string>();
  p.schedule = row[8].as<std::string>();
  p.weekdays = ParseIntArray(row[9].as<std::string>());
  p.start_time = row[10].as<std::string>();
  p.end_time = row[11].as<std::string>();
  p.capacity = row[12].as<int>();
  p.adopted = row[13].as<int>();
  p.volunteers_allowed = row[14].as<bool>();
  p.open = row[15].as<bool>();
  p.created_by = row[16].as<std::string>();
  p.create_time = FromEpochMicros(row[17].as<long long>());
  return p;
}

PostType TypeFrom(const pqxx::row& row) {
  return PostType{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                  ParseTextArray(row[3]), row[4].as<bool>()};
}

std::optional<Post> FirstPost(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return PostFrom(rows[0]);
}

}  // namespace

PostRepository::PostRepository(Db& db) {
  const std::string columns = kPostColumns;
  const std::string from = " FROM posts p JOIN post_types t ON t.code = p.type_code ";
  // Changes to the post row return it joined with its type's name.
  auto returning = [&](const std::string& cte) {
    return "WITH p AS (" + cte + " RETURNING *) SELECT " + columns +
           " FROM p JOIN post_types t ON t.code = p.type_code";
  };
  db.Register({
      {"post_types_list",
       "SELECT code, name, category, suggested_skills, builtin FROM post_types ORDER BY "
       "builtin DESC, code"},
      {"post_type_get",
       "SELECT code, name, category, suggested_skills, builtin FROM post_types WHERE code = $1"},
      {"post_type_insert",
       "INSERT INTO post_types (code, name, category, suggested_skills) VALUES ($1, $2, $3, "
       "$4::text[]) RETURNING code, name, category, suggested_skills, builtin"},
      {"post_insert",
       returning("INSERT INTO posts (community_id, grid_id, type_code, title, description, place, "
                 "schedule, weekdays, start_time, end_time, capacity, volunteers_allowed, "
                 "created_by) VALUES ($1, nullif($2, ''), $3, $4, $5, $6, $7, $8::smallint[], $9, "
                 "$10, $11, $12, $13)")},
      {"post_get", "SELECT " + columns + from + "WHERE p.post_id = $1::uuid"},
      {"post_get_for_update",
       "SELECT " + columns + from + "WHERE p.post_id = $1::uuid FOR UPDATE OF p"},
      // '' / 0 for an unused filter; a street or community id is a prefix, a grid id exact.
      {"post_list",
       "SELECT " + columns + from +
           "WHERE p.community_id LIKE left($1, 12) || '%' "
           "AND (length($1) <> 15 OR p.grid_id = $1) AND ($2 = '' OR p.type_code = $2) "
           "AND ($3 = 0 OR ($3 = 3 AND NOT p.open) OR ($3 = 2 AND p.open AND p.adopted >= "
           "p.capacity) OR ($3 = 1 AND p.open AND p.adopted < p.capacity)) "
           "AND (cardinality($4::text[]) = 0 OR t.suggested_skills && $4::text[]) "
           "AND p.post_id::text > $5 ORDER BY p.post_id::text LIMIT $6"},
      {"post_set_open", returning("UPDATE posts SET open = $2 WHERE post_id = $1::uuid")},
      // The condition is re-checked after waiting for a concurrent adopter's row lock, so the
      // capacity holds under any number of simultaneous adoptions.
      {"post_take_place",
       returning("UPDATE posts SET adopted = adopted + 1 WHERE post_id = $1::uuid AND open AND "
                 "adopted < capacity")},
      {"post_free_place", "UPDATE posts SET adopted = adopted - 1 WHERE post_id = $1::uuid"},
      {"overview_by_type",
       "SELECT p.type_code, t.name, count(*)::int, sum(p.capacity)::int, sum(p.adopted)::int "
       "FROM posts p JOIN post_types t ON t.code = p.type_code WHERE p.community_id LIKE $1 || "
       "'%' AND p.open GROUP BY 1, 2 ORDER BY 1"},
      {"overview_logs",
       "SELECT coalesce(sum(hours) FILTER (WHERE status = 2 AND to_char(service_date, "
       "'YYYY-MM') = $2), 0)::float8, count(*) FILTER (WHERE status = 1)::int FROM "
       "service_logs WHERE community_id LIKE $1 || '%'"},
  });
  db.RegisterConstraintMessages({
      {"post_types_pkey", "post_type.code: a post type with this code exists"},
      {"post_types_name_key", "post_type.name: a post type with this name exists"},
      {"posts_type_code_fkey", "post.type_code: no such post type"},
      {"posts_within_capacity", "the post is full"},
      {"posts_grid_in_community", "post.grid_id: the grid is not in the post's community"},
  });
}

absl::StatusOr<std::vector<PostType>> PostRepository::ListTypes(Tx& tx) {
  std::vector<PostType> types;
  for (const auto& row : tx.exec_prepared("post_types_list")) types.push_back(TypeFrom(row));
  return types;
}

absl::StatusOr<std::optional<PostType>> PostRepository::FindType(Tx& tx, const std::string& code) {
  auto rows = tx.exec_prepared("post_type_get", code);
  if (rows.empty()) return std::nullopt;
  return TypeFrom(rows[0]);
}

absl::StatusOr<PostType> PostRepository::InsertType(Tx& tx, const PostType& type) {
  return TypeFrom(tx.exec_prepared1("post_type_insert", type.code, type.name, type.category,
                                    TextArrayLiteral(type.suggested_skills)));
}

absl::StatusOr<Post> PostRepository::Insert(Tx& tx, const Post& p) {
  std::vector<std::string> days;
  for (int d : p.weekdays) days.push_back(std::to_string(d));
  return PostFrom(tx.exec_prepared1("post_insert", p.community_id, p.grid_id, p.type_code, p.title,
                                    p.description, p.place, p.schedule,
                                    absl::StrCat("{", absl::StrJoin(days, ","), "}"), p.start_time,
                                    p.end_time, p.capacity, p.volunteers_allowed, p.created_by));
}

absl::StatusOr<std::optional<Post>> PostRepository::Find(Tx& tx, const std::string& post_id,
                                                         bool lock) {
  return FirstPost(tx.exec_prepared(lock ? "post_get_for_update" : "post_get", post_id));
}

absl::StatusOr<Page<Post>> PostRepository::List(Tx& tx, const PostFilter& f,
                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("post_list", f.region_id, f.type_code, static_cast<int>(f.status),
                               TextArrayLiteral(f.skills), page.after, page.page_size + 1);
  return ReadPage<Post>(rows, page.page_size, PostFrom);
}

absl::StatusOr<std::optional<Post>> PostRepository::SetOpen(Tx& tx, const std::string& post_id,
                                                            bool open) {
  return FirstPost(tx.exec_prepared("post_set_open", post_id, open));
}

absl::StatusOr<std::optional<Post>> PostRepository::TakePlace(Tx& tx, const std::string& post_id) {
  return FirstPost(tx.exec_prepared("post_take_place", post_id));
}

absl::Status PostRepository::FreePlace(Tx& tx, const std::string& post_id) {
  tx.exec_prepared0("post_free_place", post_id);
  return absl::OkStatus();
}

absl::StatusOr<Overview> PostRepository::LoadOverview(Tx& tx, const std::string& region_id,
                                                      const std::string& month) {
  Overview overview;
  overview.region_id = region_id;
  for (const auto& row : tx.exec_prepared("overview_by_type", region_id)) {
    TypeOverview t{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int>(),
                   row[3].as<int>(), row[4].as<int>()};
    overview.posts += t.posts;
    overview.capacity += t.capacity;
    overview.adopted += t.adopted;
    overview.by_type.push_back(std::move(t));
  }
  auto logs = tx.exec_prepared1("overview_logs", region_id, month);
  overview.hours_this_month = logs[0].as<double>();
  overview.logs_waiting = logs[1].as<int>();
  return overview;
}

}  // namespace tongxin::posts
