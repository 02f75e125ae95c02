#include "services/points/repository/round_repository.h"

namespace tongxin::points {
namespace {

constexpr char kRoundColumns[] =
    "round_id::text, title, region_id, period_kind, period, party_members_only, rule, "
    "rule_value, rule_tier, status, notice_working_days, epoch_micros(notice_until), created_by, "
    "epoch_micros(created_at), epoch_micros(final_at)";

Round RoundFrom(const pqxx::row& row) {
  Round r;
  r.round_id = row[0].as<std::string>();
  r.title = row[1].as<std::string>();
  r.region_id = row[2].as<std::string>();
  r.period_kind = static_cast<PeriodKind>(row[3].as<int>());
  r.period = row[4].as<std::string>();
  r.party_members_only = row[5].as<bool>();
  r.rule = static_cast<RuleKind>(row[6].as<int>());
  r.rule_value = row[7].as<long long>();
  r.rule_tier = row[8].as<std::string>();
  r.status = static_cast<RoundStatus>(row[9].as<int>());
  r.notice_working_days = row[10].as<int>();
  if (!row[11].is_null()) r.notice_until = FromEpochMicros(row[11].as<long long>());
  r.created_by = row[12].as<std::string>();
  r.create_time = FromEpochMicros(row[13].as<long long>());
  if (!row[14].is_null()) r.final_time = FromEpochMicros(row[14].as<long long>());
  return r;
}

Objection ObjectionFrom(const pqxx::row& row) {
  Objection o;
  o.objection_id = row[0].as<std::string>();
  o.round_id = row[1].as<std::string>();
  o.volunteer_id = row[2].as<std::string>();
  o.lodged_by = row[3].as<std::string>();
  o.text = row[4].as<std::string>();
  o.resolved = row[5].as<bool>();
  o.upheld = row[6].as<bool>();
  o.resolution = row[7].as<std::string>();
  o.create_time = FromEpochMicros(row[8].as<long long>());
  return o;
}

constexpr char kObjectionColumns[] =
    "objection_id::text, round_id::text, volunteer_id, lodged_by, text, resolved, upheld, "
    "resolution, epoch_micros(created_at)";

}  // namespace

RoundRepository::RoundRepository(Db& db) {
  const std::string round = kRoundColumns;
  const std::string objection = kObjectionColumns;
  db.Register({
      {"round_insert",
       "INSERT INTO rounds (title, region_id, period_kind, period, party_members_only, rule, "
       "rule_value, rule_tier, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
       "$7, $8, 1, $9, to_timestamp($10::float8 / 1000000)) RETURNING " +
           round},
      {"candidate_insert",
       "INSERT INTO round_candidates (round_id, volunteer_id, rank, points, name, community_id, "
       "decision) VALUES ($1::uuid, $2, $3, $4, $5, $6, 1)"},
      {"round_get", "SELECT " + round + " FROM rounds WHERE round_id = $1::uuid"},
      {"round_get_for_update",
       "SELECT " + round + " FROM rounds WHERE round_id = $1::uuid FOR UPDATE"},
      {"round_candidates",
       "SELECT rank, volunteer_id, points, decision, reason, name, community_id FROM "
       "round_candidates WHERE round_id = $1::uuid ORDER BY rank, volunteer_id"},
      {"round_objections", "SELECT " + objection +
                               " FROM objections WHERE round_id = $1::uuid ORDER BY created_at, "
                               "objection_id"},
      {"round_list", "SELECT " + round +
                         " FROM rounds WHERE region_id LIKE $1 || '%' AND round_id::text > $2 "
                         "ORDER BY round_id::text LIMIT $3"},
      {"candidate_decide",
       "UPDATE round_candidates c SET decision = $3, reason = $4 FROM rounds r WHERE "
       "c.round_id = $1::uuid AND c.volunteer_id = $2 AND r.round_id = c.round_id AND r.status = "
       "1 RETURNING 1"},
      {"round_start_notice",
       "UPDATE rounds SET status = 2, notice_working_days = $2, notice_until = "
       "to_timestamp($3::float8 / 1000000) WHERE round_id = $1::uuid AND status = 1"},
      {"objection_insert",
       "INSERT INTO objections (round_id, volunteer_id, lodged_by, text, created_at) VALUES "
       "($1::uuid, $2, $3, $4, to_timestamp($5::float8 / 1000000)) RETURNING " +
           objection},
      {"objection_get", "SELECT " + objection + " FROM objections WHERE objection_id = $1::uuid"},
      {"objection_get_for_update",
       "SELECT " + objection + " FROM objections WHERE objection_id = $1::uuid FOR UPDATE"},
      {"objection_resolve",
       "UPDATE objections SET resolved = true, upheld = $2, resolution = $3, resolved_at = "
       "to_timestamp($4::float8 / 1000000) WHERE objection_id = $1::uuid AND NOT resolved"},
      {"candidate_strike_upheld",
       "UPDATE round_candidates SET decision = 3, reason = $3 WHERE round_id = $1::uuid AND "
       "volunteer_id = $2"},
      {"round_finalize",
       "UPDATE rounds SET status = 3, final_at = to_timestamp($2::float8 / 1000000) WHERE "
       "round_id = $1::uuid AND status = 2"},
      {"commendations_insert",
       "INSERT INTO commendations (round_id, volunteer_id, title, region_id, period, points, "
       "rank, final_at) SELECT c.round_id, c.volunteer_id, r.title, r.region_id, r.period, "
       "c.points, c.rank, r.final_at FROM round_candidates c JOIN rounds r USING (round_id) "
       "WHERE c.round_id = $1::uuid AND c.decision = 2"},
      {"commendations_of",
       "SELECT round_id::text, title, region_id, period, volunteer_id, points, rank, "
       "epoch_micros(final_at) FROM commendations WHERE volunteer_id = $1 ORDER BY final_at DESC"},
      {"standings_community",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.community_id = $2 AND (NOT $3 OR e.party_member) AND e.points "
       "> 0 ORDER BY e.points DESC, e.volunteer_id"},
      {"standings_street",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.street_id = $2 AND (NOT $3 OR e.party_member) AND e.points > "
       "0 ORDER BY e.points DESC, e.volunteer_id"},
  });
}

absl::StatusOr<Round> RoundRepository::Insert(Tx& tx, const Round& r, Time now) {
  Round inserted = RoundFrom(
      tx.exec_prepared1("round_insert", r.title, r.region_id, static_cast<int>(r.period_kind),
                        r.period, r.party_members_only, static_cast<int>(r.rule), r.rule_value,
                        r.rule_tier, r.created_by, ToEpochMicros(now)));
  for (const auto& c : r.candidates) {
    tx.exec_prepared0("candidate_insert", inserted.round_id, c.volunteer_id, c.rank, c.points,
                      c.name, c.community_id);
  }
  inserted.candidates = r.candidates;
  return inserted;
}

absl::StatusOr<std::optional<Round>> RoundRepository::Find(Tx& tx, const std::string& round_id,
                                                           bool lock) {
  auto rows = tx.exec_prepared(lock ? "round_get_for_update" : "round_get", round_id);
  if (rows.empty()) return std::nullopt;
  Round round = RoundFrom(rows[0]);
  for (const auto& row : tx.exec_prepared("round_candidates", round_id)) {
    round.candidates.push_back({row[0].as<int>(), row[1].as<std::string>(), row[2].as<long long>(),
                                static_cast<Decision>(row[3].as<int>()), row[4].as<std::string>(),
                                row[5].as<std::string>(), row[6].as<std::string>()});
  }
  for (const auto& row : tx.exec_prepared("round_objections", round_id)) {
    round.objections.push_back(ObjectionFrom(row));
  }
  return round;
}

absl::StatusOr<Page<Round>> RoundRepository::List(Tx& tx, const std::string& region_id,
                                                  const PageRequest& page) {
  auto rows = tx.exec_prepared("round_list", region_id, page.after, page.page_size + 1);
  return ReadPage<Round>(rows, page.page_size, RoundFrom);
}

absl::StatusOr<bool> RoundRepository::Decide(Tx& tx, const std::string& round_id,
                                             const std::string& volunteer_id, Decision decision,
                                             const std::string& reason) {
  return !tx.exec_prepared("candidate_decide", round_id, volunteer_id, static_cast<int>(decision),
                           reason)
              .empty();
}

absl::Status RoundRepository::StartNotice(Tx& tx, const std::string& round_id, int working_days,
                                          Time until) {
  tx.exec_prepared0("round_start_notice", round_id, working_days, ToEpochMicros(until));
  return absl::OkStatus();
}

absl::StatusOr<Objection> RoundRepository::InsertObjection(Tx& tx, const Objection& o, Time now) {
  return ObjectionFrom(tx.exec_prepared1("objection_insert", o.round_id, o.volunteer_id,
                                         o.lodged_by, o.text, ToEpochMicros(now)));
}

absl::StatusOr<std::optional<Objection>> RoundRepository::FindObjection(
    Tx& tx, const std::string& objection_id, bool lock) {
  auto rows = tx.exec_prepared(lock ? "objection_get_for_update" : "objection_get", objection_id);
  if (rows.empty()) return std::nullopt;
  return ObjectionFrom(rows[0]);
}

absl::Status RoundRepository::ResolveObjection(Tx& tx, const std::string& objection_id, bool upheld,
                                               const std::string& resolution, Time now) {
  auto objection = FindObjection(tx, objection_id);
  if (!objection.ok()) return objection.status();
  tx.exec_prepared0("objection_resolve", objection_id, upheld, resolution, ToEpochMicros(now));
  if (upheld) {
    tx.exec_prepared0("candidate_strike_upheld", (*objection)->round_id, (*objection)->volunteer_id,
                      resolution);
  }
  return absl::OkStatus();
}

absl::Status RoundRepository::Finalize(Tx& tx, const Round& round, Time now) {
  tx.exec_prepared0("round_finalize", round.round_id, ToEpochMicros(now));
  tx.exec_prepared0("commendations_insert", round.round_id);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Commendation>> RoundRepository::CommendationsOf(
    Tx& tx, const std::string& volunteer_id) {
  std::vector<Commendation> result;
  for (const auto& row : tx.exec_prepared("commendations_of", volunteer_id)) {
    result.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<long long>(),
                      row[6].as<int>(), FromEpochMicros(row[7].as<long long>())});
  }
  return result;
}

absl::StatusOr<std::vector<Candidate>> RoundRepository::Standings(Tx& tx,
                                                                  const std::string& region_id,
                                                                  const std::string& period,
                                                                  bool party_members_only) {
  std::vector<Candidate> result;
  const char* statement = region_id.size() == 9 ? "standings_street" : "standings_community";
  for (const auto& row : tx.exec_prepared(statement, period, region_id, party_members_only)) {
    Candidate c;
    c.volunteer_id = row[0].as<std::string>();
    c.points = row[1].as<long long>();
    c.community_id = row[2].as<std::string>();
    c.name = row[3].as<std::string>();
    c.rank = result.empty() || result.back().points != c.points
                 ? static_cast<int>(result.size()) + 1
                 : result.back().rank;
    result.push_back(std::move(c));
  }
  return result;
}

}  // namespace tongxin::points
