#include "services/posts/repository/post_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/posts/repository/post_queries.h"

namespace tongxin::posts {
namespace {

// A smallint[] as text ("{1,6}").
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
  p.post_id = row["post_id"].as<std::string>();
  p.community_id = row["community_id"].as<std::string>();
  p.grid_id = row["grid_id"].as<std::string>();
  p.type_code = row["type_code"].as<std::string>();
  p.type_name = row["type_name"].as<std::string>();
  p.title = row["title"].as<std::string>();
  p.description = row["description"].as<std::string>();
  p.place = row["place"].as<std::string>();
  p.schedule = row["schedule"].as<std::string>();
  p.weekdays = ParseIntArray(row["weekdays"].as<std::string>());
  p.start_time = row["start_time"].as<std::string>();
  p.end_time = row["end_time"].as<std::string>();
  p.capacity = row["capacity"].as<int>();
  p.adopted = row["adopted"].as<int>();
  p.volunteers_allowed = row["volunteers_allowed"].as<bool>();
  p.open = row["open"].as<bool>();
  p.created_by = row["created_by"].as<std::string>();
  p.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return p;
}

// Pages of posts are keyed by id.
std::string PostKey(const pqxx::row& row) { return row["post_id"].as<std::string>(); }

PostType TypeFrom(const pqxx::row& row) {
  return PostType{row["code"].as<std::string>(), row["name"].as<std::string>(),
                  row["category"].as<std::string>(), ParseTextArray(row["suggested_skills"]),
                  row["builtin"].as<bool>()};
}

std::optional<Post> FirstPost(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return PostFrom(rows[0]);
}

}  // namespace

PostRepository::PostRepository(Db& db) {
  db.Register({kPostTypesList, kPostTypeGet, kPostTypeInsert, kPostInsert, kPostGet,
               kPostGetForUpdate, kPostList, kPostSetOpen, kPostTakePlace, kPostFreePlace,
               kOverviewByType, kOverviewLogs});
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
  for (const auto& row : Exec(tx, kPostTypesList)) types.push_back(TypeFrom(row));
  return types;
}

absl::StatusOr<std::optional<PostType>> PostRepository::FindType(Tx& tx, const std::string& code) {
  auto rows = Exec(tx, kPostTypeGet, code);
  if (rows.empty()) return std::nullopt;
  return TypeFrom(rows[0]);
}

absl::StatusOr<PostType> PostRepository::InsertType(Tx& tx, const PostType& type) {
  return TypeFrom(Exec1(tx, kPostTypeInsert, type.code, type.name, type.category,
                        TextArrayLiteral(type.suggested_skills)));
}

absl::StatusOr<Post> PostRepository::Insert(Tx& tx, const Post& p) {
  std::vector<std::string> days;
  for (int d : p.weekdays) days.push_back(std::to_string(d));
  return PostFrom(Exec1(tx, kPostInsert, p.community_id, p.grid_id, p.type_code, p.title,
                        p.description, p.place, p.schedule,
                        absl::StrCat("{", absl::StrJoin(days, ","), "}"), p.start_time, p.end_time,
                        p.capacity, p.volunteers_allowed, p.created_by));
}

absl::StatusOr<std::optional<Post>> PostRepository::Find(Tx& tx, const std::string& post_id,
                                                         bool lock) {
  return FirstPost(Exec(tx, lock ? kPostGetForUpdate : kPostGet, post_id));
}

absl::StatusOr<Page<Post>> PostRepository::List(Tx& tx, const PostFilter& f,
                                                const PageRequest& page) {
  auto rows = Exec(tx, kPostList, f.region_id, f.type_code, static_cast<int>(f.status),
                   TextArrayLiteral(f.skills), page.after, page.page_size + 1);
  return ReadPage<Post>(rows, page.page_size, PostFrom, PostKey);
}

absl::StatusOr<std::optional<Post>> PostRepository::SetOpen(Tx& tx, const std::string& post_id,
                                                            bool open) {
  return FirstPost(Exec(tx, kPostSetOpen, post_id, open));
}

absl::StatusOr<std::optional<Post>> PostRepository::TakePlace(Tx& tx, const std::string& post_id) {
  return FirstPost(Exec(tx, kPostTakePlace, post_id));
}

absl::Status PostRepository::FreePlace(Tx& tx, const std::string& post_id) {
  Exec0(tx, kPostFreePlace, post_id);
  return absl::OkStatus();
}

absl::StatusOr<Overview> PostRepository::LoadOverview(Tx& tx, const std::string& region_id,
                                                      const std::string& month) {
  Overview overview;
  overview.region_id = region_id;
  for (const auto& row : Exec(tx, kOverviewByType, region_id)) {
    TypeOverview t{row["type_code"].as<std::string>(), row["type_name"].as<std::string>(),
                   row["posts"].as<int>(), row["capacity"].as<int>(), row["adopted"].as<int>()};
    overview.posts += t.posts;
    overview.capacity += t.capacity;
    overview.adopted += t.adopted;
    overview.by_type.push_back(std::move(t));
  }
  auto logs = Exec1(tx, kOverviewLogs, region_id, month);
  overview.hours_this_month = logs["hours_this_month"].as<double>();
  overview.logs_waiting = logs["logs_waiting"].as<int>();
  return overview;
}

}  // namespace tongxin::posts
