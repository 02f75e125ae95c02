// What the auditor checks, reading the services' databases directly (read-only, one snapshot per
// database): the ledger sums to zero, every balance is the sum of its transfers, no volunteer
// balance is below zero, stock is conserved, a post never holds more than its places and a wish
// at most one claimer, every ok request's effect is there exactly once and every unknown one at
// most once (failed ones never), and every approved service log and confirmed wish paid its points
// and recorded its hours exactly once — after the outboxes drained. A broken rule is a violation
// in the Audit, with the request or row it concerns.
#pragma once

#include <pqxx/pqxx>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tests/audit/client.h"
#include "tests/audit/model.h"

namespace tongxin::audit {

// Ok, unknown and failed requests of one key (a source, an order's volunteer and reward …).
struct Tally {
  int ok = 0, unknown = 0, failed = 0;
  void Add(Outcome outcome);
};

struct TransferRow {
  long long id = 0;
  int kind = 0;
  std::string source_ref, reason, from, to;
  long long amount = 0, reverses = 0;
};

class Checker {
 public:
  // url_base: postgresql://user@host:port, without a database (scripts/up's DATABASE_URL_BASE).
  Checker(std::string url_base, Audit& audit, const World& world);

  // During the run: what holds in any snapshot (the ledger, posts' places). Returns the number
  // of facts checked, or -1 when the databases could not be reached (a fault under way).
  long long Live();
  // After the run: true once no outbox of the posts and wishes services has an event left to
  // deliver (dead letters are counted as violations by Final), waiting at most `bound`.
  bool WaitForOutboxes(std::chrono::seconds bound);
  // Everything, against the whole history. Returns the number of facts checked.
  long long Final(const std::vector<Record>& history);

 private:
  std::string Url(const std::string& database) const;
  void Fail(const std::string& what);
  // `actual` effects of requests tallied as `tally`: ok ≤ actual ≤ ok + unknown.
  void Bounded(const std::string& what, const Tally& tally, long long actual);

  long long Ledger(pqxx::connection& points);
  long long PostPlaces(pqxx::connection& posts);
  long long PointsModel(pqxx::connection& points, const std::vector<Record>& history);
  long long PostsModel(pqxx::connection& posts, const std::vector<Record>& history);
  long long WishesModel(pqxx::connection& wishes, const std::vector<Record>& history);
  long long VolunteerModel(pqxx::connection& volunteer, const std::vector<Record>& history);
  long long Outboxes();
  // Loaded by PointsModel for the other two: awards by source_ref, and the volunteer service's
  // original records by (source, source_ref).
  void LoadPayments(pqxx::connection& points);

  std::string url_base_;
  Audit& audit_;
  const World& world_;
  std::map<std::string, int> awards_by_ref_;
  std::map<std::pair<int, std::string>, int> records_by_ref_;
  long long facts_ = 0;
};

}  // namespace tongxin::audit
