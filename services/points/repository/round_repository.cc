// Runs the rounds' statements (round_queries.h) and reads their rows by column name.
#include "services/points/repository/round_repository.h"

#include "services/points/repository/round_queries.h"

namespace tongxin::points {
namespace {

std::optional<Time> OptionalTime(const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return FromEpochMicros(micros.as<long long>());
}

Round RoundFrom(const pqxx::row& row) {
  Round r;
  r.round_id = row["round_id"].as<std::string>();
  r.title = row["title"].as<std::string>();
  r.region_id = row["region_id"].as<std::string>();
  r.period_kind = static_cast<PeriodKind>(row["period_kind"].as<int>());
  r.period = row["period"].as<std::string>();
  r.party_members_only = row["party_members_only"].as<bool>();
  r.rule = static_cast<RuleKind>(row["rule"].as<int>());
  r.rule_value = row["rule_value"].as<long long>();
  r.rule_tier = row["rule_tier"].as<std::string>();
  r.status = static_cast<RoundStatus>(row["status"].as<int>());
  r.notice_working_days = row["notice_working_days"].as<int>();
  r.notice_until = OptionalTime(row["notice_until_micros"]);
  r.created_by = row["created_by"].as<std::string>();
  r.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  r.final_time = OptionalTime(row["final_micros"]);
  return r;
}

Candidate CandidateFrom(const pqxx::row& row) {
  Candidate c;
  c.rank = row["rank"].as<int>();
  c.volunteer_id = row["volunteer_id"].as<std::string>();
  c.points = row["points"].as<long long>();
  c.decision = static_cast<CandidateDecision>(row["decision"].as<int>());
  c.reason = row["reason"].as<std::string>();
  c.name = row["name"].as<std::string>();
  c.community_id = row["community_id"].as<std::string>();
  return c;
}

Objection ObjectionFrom(const pqxx::row& row) {
  Objection o;
  o.objection_id = row["objection_id"].as<std::string>();
  o.round_id = row["round_id"].as<std::string>();
  o.volunteer_id = row["volunteer_id"].as<std::string>();
  o.lodged_by = row["lodged_by"].as<std::string>();
  o.text = row["text"].as<std::string>();
  o.resolved = row["resolved"].as<bool>();
  o.upheld = row["upheld"].as<bool>();
  o.resolution = row["resolution"].as<std::string>();
  o.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return o;
}

Commendation CommendationFrom(const pqxx::row& row) {
  Commendation c;
  c.round_id = row["round_id"].as<std::string>();
  c.title = row["title"].as<std::string>();
  c.region_id = row["region_id"].as<std::string>();
  c.period = row["period"].as<std::string>();
  c.volunteer_id = row["volunteer_id"].as<std::string>();
  c.points = row["points"].as<long long>();
  c.rank = row["rank"].as<int>();
  c.final_time = FromEpochMicros(row["final_micros"].as<long long>());
  return c;
}

}  // namespace

RoundRepository::RoundRepository(Db& db) {
  db.Register({kRoundInsert,      kCandidateInsert,       kRoundGet,        kRoundGetForUpdate,
               kRoundCandidates,  kRoundObjections,       kRoundList,       kCandidateDecide,
               kRoundStartNotice, kObjectionInsert,       kObjectionGet,    kObjectionGetForUpdate,
               kObjectionResolve, kCandidateStrikeUpheld, kRoundFinalize,   kCommendationsInsert,
               kCommendationsOf,  kStandingsCommunity,    kStandingsStreet, kObjectionsBy});
}

absl::StatusOr<Round> RoundRepository::Insert(Tx& tx, const Round& r, Time now) {
  Round inserted =
      RoundFrom(Exec1(tx, kRoundInsert, r.title, r.region_id, static_cast<int>(r.period_kind),
                      r.period, r.party_members_only, static_cast<int>(r.rule), r.rule_value,
                      r.rule_tier, r.created_by, ToEpochMicros(now)));
  for (const auto& c : r.candidates) {
    Exec0(tx, kCandidateInsert, inserted.round_id, c.volunteer_id, c.rank, c.points, c.name,
          c.community_id);
  }
  inserted.candidates = r.candidates;
  return inserted;
}

absl::StatusOr<std::optional<Round>> RoundRepository::Find(Tx& tx, const std::string& round_id,
                                                           bool lock) {
  auto rows = Exec(tx, lock ? kRoundGetForUpdate : kRoundGet, round_id);
  if (rows.empty()) return std::nullopt;
  Round round = RoundFrom(rows[0]);
  for (const auto& row : Exec(tx, kRoundCandidates, round_id)) {
    round.candidates.push_back(CandidateFrom(row));
  }
  for (const auto& row : Exec(tx, kRoundObjections, round_id)) {
    round.objections.push_back(ObjectionFrom(row));
  }
  return round;
}

absl::StatusOr<Page<Round>> RoundRepository::List(Tx& tx, const std::string& region_id,
                                                  const PageRequest& page) {
  auto rows = Exec(tx, kRoundList, region_id, page.after, page.page_size + 1);
  return ReadPage<Round>(rows, page.page_size, RoundFrom);
}

absl::StatusOr<bool> RoundRepository::Decide(Tx& tx, const std::string& round_id,
                                             const std::string& volunteer_id,
                                             CandidateDecision decision,
                                             const std::string& reason) {
  return !Exec(tx, kCandidateDecide, round_id, volunteer_id, static_cast<int>(decision), reason)
              .empty();
}

absl::Status RoundRepository::StartNotice(Tx& tx, const std::string& round_id, int working_days,
                                          Time until) {
  Exec0(tx, kRoundStartNotice, round_id, working_days, ToEpochMicros(until));
  return absl::OkStatus();
}

absl::StatusOr<Objection> RoundRepository::InsertObjection(Tx& tx, const Objection& o, Time now) {
  return ObjectionFrom(Exec1(tx, kObjectionInsert, o.round_id, o.volunteer_id, o.lodged_by, o.text,
                             ToEpochMicros(now)));
}

absl::StatusOr<std::optional<Objection>> RoundRepository::FindObjection(
    Tx& tx, const std::string& objection_id, bool lock) {
  auto rows = Exec(tx, lock ? kObjectionGetForUpdate : kObjectionGet, objection_id);
  if (rows.empty()) return std::nullopt;
  return ObjectionFrom(rows[0]);
}

absl::Status RoundRepository::ResolveObjection(Tx& tx, const std::string& objection_id, bool upheld,
                                               const std::string& resolution, Time now) {
  auto objection = FindObjection(tx, objection_id);
  if (!objection.ok()) return objection.status();
  Exec0(tx, kObjectionResolve, objection_id, upheld, resolution, ToEpochMicros(now));
  if (upheld) {
    Exec0(tx, kCandidateStrikeUpheld, (*objection)->round_id, (*objection)->volunteer_id,
          resolution);
  }
  return absl::OkStatus();
}

absl::Status RoundRepository::Finalize(Tx& tx, const Round& round, Time now) {
  Exec0(tx, kRoundFinalize, round.round_id, ToEpochMicros(now));
  Exec0(tx, kCommendationsInsert, round.round_id);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Commendation>> RoundRepository::CommendationsOf(
    Tx& tx, const std::string& volunteer_id) {
  std::vector<Commendation> result;
  for (const auto& row : Exec(tx, kCommendationsOf, volunteer_id)) {
    result.push_back(CommendationFrom(row));
  }
  return result;
}

absl::StatusOr<std::vector<Candidate>> RoundRepository::Standings(
    Tx& tx, const std::string& region_id, const std::string& period, bool party_members_only,
    std::optional<long long> min_all_time, int limit) {
  std::vector<Candidate> result;
  const Query& standings = IsStreetId(region_id) ? kStandingsStreet : kStandingsCommunity;
  for (const auto& row : Exec(tx, standings, period, region_id, party_members_only,
                              min_all_time.has_value(), min_all_time.value_or(0), limit)) {
    Candidate c;
    c.volunteer_id = row["volunteer_id"].as<std::string>();
    c.points = row["points"].as<long long>();
    c.rank = row["rank"].as<int>();
    c.community_id = row["community_id"].as<std::string>();
    c.name = row["name"].as<std::string>();
    result.push_back(std::move(c));
  }
  return result;
}

absl::StatusOr<int> RoundRepository::CountObjectionsBy(Tx& tx, const std::string& round_id,
                                                       const std::string& lodged_by) {
  return Exec1(tx, kObjectionsBy, round_id, lodged_by)["lodged"].as<int>();
}

}  // namespace tongxin::points
