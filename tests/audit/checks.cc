// The ledger's invariants and the points requests against the points database.
#include "tests/audit/checks.h"

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin::audit {

using ReadOnly =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

void Tally::Add(Outcome outcome) {
  if (outcome == Outcome::kOk) ++ok;
  if (outcome == Outcome::kUnknown) ++unknown;
  if (outcome == Outcome::kFailed) ++failed;
}

Checker::Checker(std::string url_base, Audit& audit, const World& world)
    : url_base_(std::move(url_base)), audit_(audit), world_(world) {}

std::string Checker::Url(const std::string& database) const {
  return absl::StrCat(url_base_, "/", database);
}

void Checker::Fail(const std::string& what) { audit_.Violation(what); }

void Checker::Bounded(const std::string& what, const Tally& tally, long long actual) {
  ++facts_;
  if (actual < tally.ok || actual > tally.ok + tally.unknown) {
    Fail(absl::StrCat(what, ": ", actual, " in the database, the history allows ", tally.ok, "..",
                      tally.ok + tally.unknown, " (ok ", tally.ok, ", unknown ", tally.unknown,
                      ", failed ", tally.failed, ")"));
  }
}

long long Checker::Ledger(pqxx::connection& points) {
  ReadOnly tx(points);
  long long sum =
      tx.exec1("SELECT coalesce(sum(balance), 0)::bigint FROM accounts")[0].as<long long>();
  if (sum != 0) Fail(absl::StrCat("the ledger sums to ", sum, ", not 0"));
  for (const auto& row :
       tx.exec("SELECT a.account_id, a.balance, coalesce(i.s, 0) - coalesce(o.s, 0) AS transfers "
               "FROM accounts a "
               "LEFT JOIN (SELECT to_account, sum(amount) AS s FROM transfers GROUP BY 1) i "
               "  ON i.to_account = a.account_id "
               "LEFT JOIN (SELECT from_account, sum(amount) AS s FROM transfers GROUP BY 1) o "
               "  ON o.from_account = a.account_id "
               "WHERE a.balance <> coalesce(i.s, 0) - coalesce(o.s, 0)")) {
    Fail(absl::StrCat("account ", row[0].as<std::string>(), " has balance ", row[1].as<long long>(),
                      " but its transfers sum to ", row[2].as<long long>()));
  }
  for (const auto& row :
       tx.exec("SELECT account_id, balance FROM accounts WHERE kind = 1 AND balance < 0")) {
    Fail(absl::StrCat("volunteer account ", row[0].as<std::string>(),
                      " is below zero: ", row[1].as<long long>()));
  }
  long long accounts = tx.exec1("SELECT count(*) FROM accounts")[0].as<long long>();
  tx.commit();
  return accounts * 2 + 1;
}

long long Checker::Live() {
  long long before = facts_;
  try {
    pqxx::connection points(Url("tongxin_points"));
    facts_ += Ledger(points);
    pqxx::connection posts(Url("tongxin_posts"));
    facts_ += PostPlaces(posts);
  } catch (const pqxx::broken_connection&) {
    // A database fault (restart, terminated sessions) is under way: this round sees nothing, the
    // next one and the final checks read again.
    return -1;
  } catch (const std::exception& e) {
    // Any other failure to read is a finding.
    Fail(absl::StrCat("a live check could not read the databases: ", e.what()));
  }
  return facts_ - before;
}

bool Checker::WaitForOutboxes(std::chrono::seconds bound) {
  const auto until = std::chrono::steady_clock::now() + bound;
  for (;;) {
    long long pending = 0;
    for (const char* db : {"tongxin_posts", "tongxin_wishes"}) {
      pqxx::connection c(Url(db));
      pqxx::read_transaction tx(c);
      pending += tx.exec1(
                       "SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND "
                       "dead_at IS NULL")[0]
                     .as<long long>();
    }
    if (pending == 0) return true;
    if (std::chrono::steady_clock::now() > until) {
      Fail(absl::StrCat(pending, " outbox events still undelivered after ", bound.count(), " s"));
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

long long Checker::Outboxes() {
  long long checked = 0;
  for (const char* db : {"tongxin_posts", "tongxin_wishes"}) {
    pqxx::connection c(Url(db));
    pqxx::read_transaction tx(c);
    long long dead =
        tx.exec1("SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL")[0].as<long long>();
    if (dead > 0) Fail(absl::StrCat(db, ": ", dead, " outbox events are dead letters"));
    ++checked;
  }
  return checked;
}

void Checker::LoadPayments(pqxx::connection& points) {
  {
    ReadOnly tx(points);
    for (const auto& row : tx.exec_params(
             "SELECT source_ref, count(*) FROM transfers WHERE kind = 1 AND region_id = $1 "
             "GROUP BY 1",
             world_.community)) {
      awards_by_ref_[row[0].as<std::string>()] = row[1].as<int>();
    }
    tx.commit();
  }
  pqxx::connection volunteer(Url("tongxin_volunteer"));
  ReadOnly tx(volunteer);
  for (const auto& row : tx.exec_params(
           "SELECT source, source_ref, count(*) FROM service_records WHERE corrects_record_id IS "
           "NULL AND source_ref IS NOT NULL AND organiser_region_id = $1 GROUP BY 1, 2",
           world_.community)) {
    records_by_ref_[{row[0].as<int>(), row[1].as<std::string>()}] = row[2].as<int>();
  }
  tx.commit();
}

long long Checker::PointsModel(pqxx::connection& points, const std::vector<Record>& history) {
  long long before = facts_;
  std::set<std::string> mine;
  for (const auto& v : world_.volunteers) mine.insert("volunteer:" + v);
  std::map<long long, TransferRow> transfers;
  std::map<std::string, std::vector<TransferRow>> by_reason;
  ReadOnly tx(points);
  for (const auto& row : tx.exec_params(
           "SELECT transfer_id, kind, source_ref, reason, amount, from_account, to_account, "
           "coalesce(reverses_transfer_id, 0) FROM transfers WHERE region_id = $1",
           world_.community)) {
    TransferRow t{row[0].as<long long>(),   row[1].as<int>(),         row[2].as<std::string>(),
                  row[3].as<std::string>(), row[5].as<std::string>(), row[6].as<std::string>(),
                  row[4].as<long long>(),   row[7].as<long long>()};
    if (!mine.count(t.from) && !mine.count(t.to)) continue;
    transfers[t.id] = t;
    if (t.kind == 2 || t.kind == 6) by_reason[t.reason].push_back(t);
  }
  // Orders of this run's rewards, and what is left of each reward.
  std::map<std::string, const RewardInfo*> rewards;
  for (const auto& r : world_.rewards) rewards[r.id] = &r;
  struct OrderRow {
    std::string volunteer, reward;
    int quantity = 0, status = 0;
    long long points = 0, hold = 0, release = 0;
  };
  std::map<std::string, OrderRow> orders;
  std::map<std::pair<std::string, std::string>, long long> orders_of;
  std::map<std::string, long long> taken;
  for (const auto& row : tx.exec_params(
           "SELECT order_id::text, reward_id::text, volunteer_id, quantity, points, status, "
           "hold_transfer_id, coalesce(release_transfer_id, 0) FROM orders WHERE region_id = $1",
           world_.community)) {
    OrderRow o{row[2].as<std::string>(), row[1].as<std::string>(), row[3].as<int>(),
               row[5].as<int>(),         row[4].as<long long>(),   row[6].as<long long>(),
               row[7].as<long long>()};
    if (!rewards.count(o.reward)) continue;
    orders[row[0].as<std::string>()] = o;
    ++orders_of[{o.volunteer, o.reward}];
    if (o.status == 1 || o.status == 2) taken[o.reward] += o.quantity;
  }
  for (const auto& row : tx.exec_params(
           "SELECT reward_id::text, stock FROM rewards WHERE region_id = $1", world_.community)) {
    auto it = rewards.find(row[0].as<std::string>());
    if (it == rewards.end()) continue;
    ++facts_;
    long long gone = it->second->initial_stock - row[1].as<long long>();
    if (gone != taken[it->first]) {
      Fail(absl::StrCat("reward ", it->first, ": ", gone,
                        " units left the stock but live and "
                        "collected orders hold ",
                        taken[it->first]));
    }
  }
  tx.commit();

  for (const auto& [id, o] : orders) {
    ++facts_;
    const auto* reward = rewards[o.reward];
    auto hold = transfers.find(o.hold);
    if (o.points != o.quantity * reward->price || hold == transfers.end() ||
        hold->second.kind != 3 || hold->second.amount != o.points ||
        hold->second.from != "volunteer:" + o.volunteer) {
      Fail(absl::StrCat("order ", id, ": its hold is not its points taken from its volunteer"));
    }
    auto release = transfers.find(o.release);
    bool released = release != transfers.end() && release->second.kind == 4 &&
                    release->second.amount == o.points &&
                    release->second.to == "volunteer:" + o.volunteer;
    if ((o.status == 3) != released) {
      Fail(absl::StrCat("order ", id, " (status ", o.status, "): released ", released ? 1 : 0,
                        " times; a cancelled order is released exactly once, others never"));
    }
  }

  // Requests against their effects.
  std::map<std::string, Tally> awards, by_request_reason;
  std::map<std::pair<std::string, std::string>, Tally> redeems;
  for (const auto& r : history) {
    switch (r.op) {
      case Op::kAward: {
        awards[r.source_ref].Add(r.outcome);
        break;
      }
      case Op::kAdjust:
      case Op::kReverse: {
        by_request_reason[r.reason].Add(r.outcome);
        auto found = by_reason.find(r.reason);
        if (r.outcome == Outcome::kOk && found != by_reason.end() && found->second.size() == 1) {
          const auto& t = found->second.front();
          ++facts_;
          if ((r.op == Op::kReverse && t.reverses != r.transfer_id) ||
              (r.op == Op::kAdjust && t.amount != std::abs(r.amount))) {
            Fail(absl::StrCat(OpName(r.op), " ", r.request_id, ": transfer ", t.id,
                              " is not what was asked for"));
          }
        }
        break;
      }
      case Op::kRedeem: {
        redeems[{r.volunteer_id, r.reward_id}].Add(r.outcome);
        if (r.outcome == Outcome::kOk && !orders.count(r.order_id)) {
          Fail(absl::StrCat("redeem ", r.request_id, ": its order ", r.order_id, " is missing"));
        }
        break;
      }
      case Op::kCancel:
      case Op::kCollect: {
        if (r.outcome != Outcome::kOk) break;
        ++facts_;
        int want = r.op == Op::kCancel ? 3 : 2;
        auto it = orders.find(r.order_id);
        if (it == orders.end() || it->second.status != want) {
          Fail(absl::StrCat(OpName(r.op), " ", r.request_id, ": order ", r.order_id,
                            " is not in status ", want));
        }
        break;
      }
      default:
        break;
    }
  }
  for (const auto& [ref, tally] : awards) {
    auto it = awards_by_ref_.find(ref);
    Bounded("award " + ref, tally, it == awards_by_ref_.end() ? 0 : it->second);
  }
  for (const auto& [reason, tally] : by_request_reason) {
    auto it = by_reason.find(reason);
    Bounded("transfers with reason '" + reason + "'", tally,
            it == by_reason.end() ? 0 : static_cast<long long>(it->second.size()));
  }
  for (const auto& [key, tally] : redeems) {
    auto it = orders_of.find(key);
    Bounded("orders of volunteer " + key.first + " for reward " + key.second, tally,
            it == orders_of.end() ? 0 : it->second);
  }
  // Nothing the workload did not ask for: every adjustment and reversal of this run's
  // volunteers is a request's (awards of wishes and logs are checked from their side).
  for (const auto& [reason, rows] : by_reason) {
    ++facts_;
    if (!by_request_reason.count(reason)) {
      Fail(absl::StrCat(rows.size(), " transfers of kind ", rows.front().kind,
                        " that no request made: reason '", reason, "'"));
    }
  }
  for (const auto& [id, t] : transfers) {
    if (t.kind != 1) continue;
    ++facts_;
    bool known = awards.count(t.source_ref) || t.source_ref.rfind("wish:", 0) == 0 ||
                 t.source_ref.rfind("post-log:", 0) == 0;
    if (!known)
      Fail(absl::StrCat("award ", id, " with source '", t.source_ref, "' was never asked for"));
  }
  return facts_ - before;
}

long long Checker::Final(const std::vector<Record>& history) {
  long long before = facts_;
  try {
    pqxx::connection points(Url("tongxin_points"));
    facts_ += Ledger(points);
    LoadPayments(points);
    PointsModel(points, history);
    pqxx::connection posts(Url("tongxin_posts"));
    facts_ += PostPlaces(posts);
    PostsModel(posts, history);
    pqxx::connection wishes(Url("tongxin_wishes"));
    WishesModel(wishes, history);
    pqxx::connection volunteer(Url("tongxin_volunteer"));
    VolunteerModel(volunteer, history);
    facts_ += Outboxes();
  } catch (const std::exception& e) {
    Fail(absl::StrCat("the final checks could not read the databases: ", e.what()));
  }
  return facts_ - before;
}

}  // namespace tongxin::audit
