// The posts database: posts of every built-in type in every community, their adoptions (the
// posts' `adopted` counts agree with the active ones) and two service logs per active adoption.
// No personal field is sealed here, so the rows are made by the server from generate_series.
#include "bench/city/loaders.h"

namespace tongxin::bench {

void LoadPosts(const std::string& url, const CityScale& scale, LoadLog& log) {
  pqxx::connection connection(url);
  PrepareForBulk(connection);
  const std::string k = "k";
  Timed(log, connection, "posts", "posts",
        "INSERT INTO posts (community_id, type_code, title, description, place, schedule, "
        "capacity, adopted, volunteers_allowed, open, created_by, created_at) "
        "SELECT " +
            SqlCommunityId(k) +
            ", types[k % cardinality(types) + 1], '第' || (k / 1000 + 1) || '号岗', "
            "'每周服务两小时', '社区服务站', '每周六上午', 1 + k % 6, (k / 7) % (1 + k % 6), "
            "k % 2 = 0, k % 10 <> 0, 'admin:' || " +
            SqlCommunityId(k) +
            ", timestamptz '2025-06-01 09:00+08' + (k % 500) * interval '1 day' "
            "FROM (SELECT array_agg(code ORDER BY code) AS types FROM post_types) t, "
            "generate_series(0, " +
            std::to_string(scale.posts - 1) + ") AS k");
  // Adopter j of a post lives in its street, community (c + j) % 10: distinct for j < 10.
  const std::string adopter = "(street + 100 * ((community + j) % 10) + 1000 * ((n + j) % " +
                              std::to_string(std::max(1LL, scale.volunteers / 1000)) + "))";
  Timed(log, connection, "posts", "adoptions",
        "INSERT INTO adoptions (post_id, adopter_kind, adopter_id, adopter_name, party_member, "
        "status, adopted_at, withdrawn_at) SELECT post_id, 1, " +
            SqlVolunteerId("a") + ", " + SqlVolunteerName("a") + ", " + SqlPartyMember("a") +
            ", CASE WHEN j < adopted THEN 1 ELSE 2 END, created_at + (j + 1) * interval '1 day', "
            "CASE WHEN j < adopted THEN NULL ELSE created_at + interval '30 days' END "
            "FROM (SELECT p.*, j, " +
            adopter +
            " AS a FROM (SELECT *, (right(community_id, 3)::int - 1) AS community, "
            "((substr(community_id, 6, 1)::int - 2) * 20 + substr(community_id, 7, 3)::int - 1) "
            "AS street, row_number() OVER () AS n FROM posts) p, "
            "generate_series(0, p.adopted) AS j WHERE j < p.adopted OR p.n % 3 = 0) s");
  // A sixteenth of the second logs still wait for review.
  const std::string waiting = "(i = 2 AND a.post_id::text < '1')";
  Timed(log, connection, "posts", "service_logs",
        "INSERT INTO service_logs (adoption_id, post_id, community_id, adopter_id, service_date, "
        "hours, summary, status, reviewed_by, created_at, reviewed_at) "
        "SELECT a.adoption_id, a.post_id, p.community_id, a.adopter_id, d::date, 2, "
        "'按时到岗，完成服务', CASE WHEN " +
            waiting + " THEN 1 ELSE 2 END, CASE WHEN " + waiting +
            " THEN '' ELSE p.created_by END, d, CASE WHEN " + waiting +
            " THEN NULL ELSE d + interval '1 day' END "
            "FROM adoptions a JOIN posts p USING (post_id), generate_series(1, 2) AS i, "
            "LATERAL (SELECT timestamptz '2026-01-01 09:00+08' + ((abs(hashtext("
            "a.adoption_id::text)) % 160) * 2 + i - 1) * interval '1 day' AS d) dd "
            "WHERE a.status = 1");
  // As autovacuum keeps the tables: statistics, and the visibility map index-only scans need.
  Timed(log, connection, "posts", "VACUUM ANALYZE", "VACUUM ANALYZE", 0);
}

}  // namespace tongxin::bench
