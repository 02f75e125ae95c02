// Broadcasts' SQL (see broadcast_repository.h and broadcast_queries.h).
#include "services/notifications/repository/broadcast_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/notifications/domain/broadcast.h"
#include "services/notifications/repository/broadcast_queries.h"

namespace tongxin::notifications {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

Broadcast BroadcastFrom(const pqxx::row& row) {
  Broadcast b;
  b.broadcast_id = row["broadcast_id"].as<std::string>();
  b.region_id = row["region_id"].as<std::string>();
  b.kind = static_cast<BroadcastKind>(row["kind"].as<int>());
  b.title = row["title"].as<std::string>();
  b.body = row["body"].as<std::string>();
  b.audience.party_members_only = row["party_members_only"].as<bool>();
  b.audience.team_id = row["team_id"].as<std::string>();
  b.audience.grid_id = row["grid_id"].as<std::string>();
  if (!row["place"].is_null()) {
    b.call_out = CallOut{
        row["place"].as<std::string>(), FromEpochMicros(row["start_micros"].as<long long>()),
        FromEpochMicros(row["end_micros"].as<long long>()), row["wanted"].as<int>()};
  }
  b.sender_id = row["sender_id"].as<std::string>();
  b.event_id = row["event_id"].as<std::string>();
  b.state = static_cast<BroadcastState>(row["state"].as<int>());
  b.fanout_page_token = row["fanout_page_token"].as<std::string>();
  b.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  b.recipient_count = row["recipients"].as<int>();
  if (b.kind == BroadcastKind::kCallOut) {
    b.counts = CountsOf(b.recipient_count, row["coming"].as<int>(), row["cannot"].as<int>());
  }
  return b;
}

CallOutAnswer AnswerFrom(const pqxx::row& row) {
  return CallOutAnswer{row["broadcast_id"].as<std::string>(), row["volunteer_id"].as<std::string>(),
                       static_cast<CallOutReply>(row["reply"].as<int>()),
                       FromEpochMicros(row["answer_micros"].as<long long>())};
}

// Keys of newest-first lists: "<micros>/<id>".
std::string TimeKey(long long micros, const std::string& id) {
  return absl::StrCat(micros, "/", id);
}
absl::StatusOr<std::pair<long long, std::string>> ParseTimeKey(const std::string& key) {
  if (key.empty()) return std::pair<long long, std::string>{0, ""};
  auto slash = key.find('/');
  long long micros = 0;
  if (slash == std::string::npos || !absl::SimpleAtoi(key.substr(0, slash), &micros) ||
      micros <= 0) {
    return absl::InvalidArgumentError("page_token: not a token from a previous page");
  }
  return std::pair<long long, std::string>{micros, key.substr(slash + 1)};
}

}  // namespace

BroadcastRepository::BroadcastRepository(Db& db) {
  db.Register({kBroadcastInsert, kBroadcastGet, kBroadcastList, kBroadcastClaimFanOut,
               kBroadcastAdvance, kBroadcastCountRecipients, kAnswerUpsert, kBroadcastIsRecipient,
               kAnswerList});
  db.RegisterConstraintMessages({
      {"broadcasts_grid_in_region", "audience.grid_id: not inside region_id"},
      {"broadcasts_call_out", "call_out: a call-out needs its place, start_time and end_time"},
      {"broadcasts_title_check", "title: 1 to 60 characters"},
      {"broadcasts_body_check", "body: 1 to 1000 characters"},
  });
}

absl::Status BroadcastRepository::Insert(Tx& tx, const Broadcast& b) {
  std::optional<std::string> place;
  std::optional<long long> start, end;
  std::optional<int> wanted;
  if (b.call_out) {
    place = b.call_out->place;
    start = ToEpochMicros(b.call_out->start_time);
    end = ToEpochMicros(b.call_out->end_time);
    wanted = b.call_out->wanted;
  }
  Exec0(tx, kBroadcastInsert, b.broadcast_id, b.region_id, static_cast<int>(b.kind), b.title,
        b.body, b.audience.party_members_only, b.audience.team_id, b.audience.grid_id, place, start,
        end, wanted, b.sender_id, b.event_id, ToEpochMicros(b.create_time));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Broadcast>> BroadcastRepository::Find(
    Tx& tx, const std::string& broadcast_id) {
  auto rows = Exec(tx, kBroadcastGet, broadcast_id);
  if (rows.empty()) return std::nullopt;
  return BroadcastFrom(rows[0]);
}

absl::StatusOr<Page<Broadcast>> BroadcastRepository::List(Tx& tx, const std::string& region_id,
                                                          const PageRequest& page) {
  auto after = ParseTimeKey(page.after);
  if (!after.ok()) return after.status();
  auto rows = Exec(tx, kBroadcastList, region_id, after->first,
                   after->second.empty() ? std::optional<std::string>() : after->second,
                   page.page_size + 1);
  return ReadPage<Broadcast>(rows, page.page_size, BroadcastFrom, [](const pqxx::row& row) {
    return TimeKey(row["create_micros"].as<long long>(), row["broadcast_id"].as<std::string>());
  });
}

absl::StatusOr<std::optional<Broadcast>> BroadcastRepository::ClaimFanOut(Tx& tx, TimePoint now,
                                                                          TimePoint lease_until) {
  auto rows = Exec(tx, kBroadcastClaimFanOut, ToEpochMicros(now), ToEpochMicros(lease_until));
  if (rows.empty()) return std::nullopt;
  return BroadcastFrom(rows[0]);
}

absl::StatusOr<bool> BroadcastRepository::AdvanceFanOut(Tx& tx, const std::string& broadcast_id,
                                                        const std::string& from,
                                                        const std::string& to, TimePoint now) {
  return !Exec(tx, kBroadcastAdvance, broadcast_id, from, to, ToEpochMicros(now)).empty();
}

absl::StatusOr<int> BroadcastRepository::CountRecipients(Tx& tx, const std::string& broadcast_id) {
  return Exec1(tx, kBroadcastCountRecipients, broadcast_id)["recipient_count"].as<int>();
}

absl::StatusOr<std::optional<CallOutAnswer>> BroadcastRepository::UpsertAnswer(
    Tx& tx, const CallOutAnswer& answer) {
  auto rows = Exec(tx, kAnswerUpsert, answer.broadcast_id, answer.volunteer_id,
                   static_cast<int>(answer.reply), ToEpochMicros(answer.answer_time));
  if (rows.empty()) return std::nullopt;
  return AnswerFrom(rows[0]);
}

absl::StatusOr<bool> BroadcastRepository::IsRecipient(Tx& tx, const std::string& broadcast_id,
                                                      const std::string& volunteer_id) {
  return Exec1(tx, kBroadcastIsRecipient, broadcast_id, volunteer_id)["recipient"].as<bool>();
}

absl::StatusOr<Page<CallOutAnswer>> BroadcastRepository::ListAnswers(
    Tx& tx, const std::string& broadcast_id, CallOutReply reply, const PageRequest& page) {
  auto after = ParseTimeKey(page.after);
  if (!after.ok()) return after.status();
  auto rows = Exec(tx, kAnswerList, broadcast_id, static_cast<int>(reply), after->first,
                   after->second, page.page_size + 1);
  return ReadPage<CallOutAnswer>(rows, page.page_size, AnswerFrom, [](const pqxx::row& row) {
    return TimeKey(row["answer_micros"].as<long long>(), row["volunteer_id"].as<std::string>());
  });
}

}  // namespace tongxin::notifications
