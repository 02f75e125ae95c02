// The posts' and wishes' rules and requests against their databases, and what their outboxes
// owed the points and volunteer services.
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "tests/audit/checks.h"

namespace tongxin::audit {
namespace {

using ReadOnly =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

// Wish states (the proto's numbers) and the moves domain/wish.h allows, with the submission
// (from 0) in front.
constexpr int kSubmitted = 1, kApproved = 2, kClaimed = 4, kFulfilled = 5, kConfirmed = 6;
constexpr std::pair<int, int> kMoves[] = {{0, 1}, {1, 2}, {1, 3}, {2, 4}, {4, 5}, {5, 6}, {5, 4},
                                          {4, 2}, {1, 7}, {2, 7}, {1, 8}, {2, 8}, {4, 8}, {5, 8}};

bool Allowed(int from, int to) {
  for (const auto& [f, t] : kMoves) {
    if (f == from && t == to) return true;
  }
  return false;
}

}  // namespace

long long Checker::PostPlaces(pqxx::connection& posts) {
  ReadOnly tx(posts);
  long long checked = 0;
  std::set<std::string> mine;
  for (const auto& p : world_.posts) mine.insert(p.id);
  for (const auto& row : tx.exec_params(
           "SELECT p.post_id::text, p.capacity, p.adopted, (SELECT count(*) FROM adoptions a "
           "WHERE a.post_id = p.post_id AND a.status = 1) FROM posts p WHERE p.community_id = $1",
           world_.community)) {
    if (!mine.count(row[0].as<std::string>())) continue;
    ++checked;
    long long capacity = row[1].as<long long>(), adopted = row[2].as<long long>(),
              active = row[3].as<long long>();
    if (adopted != active || adopted < 0 || adopted > capacity) {
      Fail(absl::StrCat("post ", row[0].as<std::string>(), ": adopted ", adopted, ", ", active,
                        " active adoptions, capacity ", capacity));
    }
  }
  tx.commit();
  return checked;
}

long long Checker::PostsModel(pqxx::connection& posts, const std::vector<Record>& history) {
  long long before = facts_;
  std::set<std::string> mine;
  for (const auto& p : world_.posts) mine.insert(p.id);
  std::map<std::string, int> adoption_status;
  std::map<std::pair<std::string, std::string>, long long> adoptions_of, active_of;
  std::map<std::string, int> log_status;
  std::map<std::string, long long> logs_of;
  ReadOnly tx(posts);
  for (const auto& row : tx.exec_params(
           "SELECT a.adoption_id::text, a.post_id::text, a.adopter_id, a.status FROM adoptions a "
           "JOIN posts p ON p.post_id = a.post_id WHERE p.community_id = $1",
           world_.community)) {
    std::string post = row[1].as<std::string>(), adopter = row[2].as<std::string>();
    if (!mine.count(post)) continue;
    adoption_status[row[0].as<std::string>()] = row[3].as<int>();
    ++adoptions_of[{post, adopter}];
    if (row[3].as<int>() == 1) ++active_of[{post, adopter}];
  }
  for (const auto& row :
       tx.exec_params("SELECT log_id::text, adoption_id::text, status FROM service_logs WHERE "
                      "community_id = $1",
                      world_.community)) {
    std::string adoption = row[1].as<std::string>();
    if (!adoption_status.count(adoption)) continue;
    log_status[row[0].as<std::string>()] = row[2].as<int>();
    ++logs_of[adoption];
  }
  tx.commit();

  for (const auto& [key, n] : active_of) {
    ++facts_;
    if (n > 1) Fail(absl::StrCat(key.second, " adopts post ", key.first, " ", n, " times at once"));
  }
  std::map<std::pair<std::string, std::string>, Tally> adopts;
  std::map<std::string, Tally> logs;
  for (const auto& r : history) {
    if (r.op == Op::kAdopt) {
      adopts[{r.post_id, r.volunteer_id}].Add(r.outcome);
      if (r.outcome == Outcome::kOk && !adoption_status.count(r.adoption_id)) {
        Fail(absl::StrCat("adopt ", r.request_id, ": adoption ", r.adoption_id, " is missing"));
      }
    } else if (r.op == Op::kLogService) {
      logs[r.adoption_id].Add(r.outcome);
    } else if (r.outcome == Outcome::kOk &&
               (r.op == Op::kWithdraw || r.op == Op::kApproveLog || r.op == Op::kRejectLog)) {
      ++facts_;
      int want = r.op == Op::kWithdraw ? 2 : r.op == Op::kApproveLog ? 2 : 3;
      auto& states = r.op == Op::kWithdraw ? adoption_status : log_status;
      const std::string& id = r.op == Op::kWithdraw ? r.adoption_id : r.log_id;
      auto it = states.find(id);
      if (it == states.end() || it->second != want) {
        Fail(absl::StrCat(OpName(r.op), " ", r.request_id, ": ", id, " is not in status ", want));
      }
    }
  }
  for (const auto& [key, tally] : adopts) {
    auto it = adoptions_of.find(key);
    Bounded("adoptions of post " + key.first + " by " + key.second, tally,
            it == adoptions_of.end() ? 0 : it->second);
  }
  for (const auto& [adoption, tally] : logs) {
    auto it = logs_of.find(adoption);
    Bounded("service logs of adoption " + adoption, tally, it == logs_of.end() ? 0 : it->second);
  }
  // An approved log paid its points and recorded its hours exactly once; any other, never.
  for (const auto& [id, status] : log_status) {
    facts_ += 2;
    std::string ref = "post-log:" + id;
    int paid = awards_by_ref_.count(ref) ? awards_by_ref_[ref] : 0;
    int recorded = records_by_ref_.count({1, ref}) ? records_by_ref_[{1, ref}] : 0;
    int want = status == 2 ? 1 : 0;
    if (paid != want || recorded != want) {
      Fail(absl::StrCat("service log ", id, " (status ", status, "): paid ", paid,
                        " times, recorded ", recorded, " times; want ", want));
    }
  }
  return facts_ - before;
}

long long Checker::WishesModel(pqxx::connection& wishes, const std::vector<Record>& history) {
  long long before = facts_;
  struct WishRow {
    int state = 0;
    std::string claimer;
    double hours = 0;
    std::vector<std::tuple<int, int, std::string>> events;
  };
  std::set<std::string> mine;
  for (const auto& r : history) {
    if (r.op == Op::kSubmitWish && !r.wish_id.empty()) mine.insert(r.wish_id);
  }
  std::map<std::string, WishRow> rows;
  ReadOnly tx(wishes);
  for (const auto& row : tx.exec_params(
           "SELECT wish_id::text, state, coalesce(claimer_id, ''), service_hours::float8 FROM "
           "wishes WHERE community_id = $1",
           world_.community)) {
    if (!mine.count(row[0].as<std::string>())) continue;
    rows[row[0].as<std::string>()] =
        WishRow{row[1].as<int>(), row[2].as<std::string>(), row[3].as<double>(), {}};
  }
  for (const auto& row : tx.exec_params(
           "SELECT e.wish_id::text, e.from_state, e.to_state, e.actor FROM wish_events e JOIN "
           "wishes w ON w.wish_id = e.wish_id WHERE w.community_id = $1 ORDER BY e.event_id",
           world_.community)) {
    auto it = rows.find(row[0].as<std::string>());
    if (it == rows.end()) continue;
    it->second.events.emplace_back(row[1].as<int>(), row[2].as<int>(), row[3].as<std::string>());
  }
  tx.commit();

  // Each wish's history is one path through the state machine ending where the wish is, and
  // its claimer is whoever made its last claim: never two at once.
  std::map<std::pair<std::string, std::pair<int, int>>, long long> moves;
  for (const auto& [id, w] : rows) {
    facts_ += 3;
    int at = 0;
    std::string last_claimer;
    for (const auto& [from, to, actor] : w.events) {
      if (from != at || !Allowed(from, to)) {
        Fail(absl::StrCat("wish ", id, ": a move ", from, "→", to, " from state ", at));
      }
      if (from == kApproved && to == kClaimed) last_claimer = actor;
      ++moves[{id, {from, to}}];
      at = to;
    }
    if (at != w.state)
      Fail(absl::StrCat("wish ", id, " is in state ", w.state, ", its history in ", at));
    bool held = w.state == kClaimed || w.state == kFulfilled || w.state == kConfirmed;
    if (held ? w.claimer != last_claimer : !w.claimer.empty()) {
      Fail(absl::StrCat("wish ", id, " (state ", w.state, ") names claimer '", w.claimer,
                        "', its last claim was by '", last_claimer, "'"));
    }
    std::string ref = "wish:" + id;
    int paid = awards_by_ref_.count(ref) ? awards_by_ref_[ref] : 0;
    int recorded = records_by_ref_.count({2, ref}) ? records_by_ref_[{2, ref}] : 0;
    bool confirmed = w.state == kConfirmed;
    if (paid != (confirmed ? 1 : 0) || recorded != (confirmed && w.hours > 0 ? 1 : 0)) {
      Fail(absl::StrCat("wish ", id, " (state ", w.state, ", hours ", w.hours, "): paid ", paid,
                        " times, recorded ", recorded, " times"));
    }
  }
  // Each kind of request on a wish against the moves it makes.
  std::map<std::pair<std::string, std::pair<int, int>>, Tally> asked;
  for (const auto& r : history) {
    std::pair<int, int> move;
    switch (r.op) {
      case Op::kReviewWish:
        move = {kSubmitted, kApproved};
        break;
      case Op::kClaim:
        move = {kApproved, kClaimed};
        break;
      case Op::kRelease:
        move = {kClaimed, kApproved};
        break;
      case Op::kFulfil:
        move = {kClaimed, kFulfilled};
        break;
      case Op::kConfirm:
        move = {kFulfilled, kConfirmed};
        break;
      case Op::kSendBack:
        move = {kFulfilled, kClaimed};
        break;
      default:
        continue;
    }
    if (rows.count(r.wish_id)) asked[{r.wish_id, move}].Add(r.outcome);
  }
  for (const auto& [key, tally] : asked) {
    auto it = moves.find(key);
    Bounded(
        absl::StrCat("moves ", key.second.first, "→", key.second.second, " of wish ", key.first),
        tally, it == moves.end() ? 0 : it->second);
  }
  for (const auto& [key, n] : moves) {
    ++facts_;
    if (key.second.first != 0 && !asked.count(key)) {
      Fail(absl::StrCat("wish ", key.first, " moved ", key.second.first, "→", key.second.second,
                        " ", n, " times, but no request asked for it"));
    }
  }
  return facts_ - before;
}

}  // namespace tongxin::audit
