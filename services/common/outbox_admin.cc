#include "services/common/outbox_admin.h"

#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin {
namespace {

namespace pb = ::tongxin::outbox::v1;

constexpr char kDeadLetterColumns[] =
    "event_id, destination, method, attempts, coalesce(last_error, '') AS last_error, "
    "(extract(epoch FROM created_at) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM dead_at) * 1000000)::bigint AS dead_micros, region_id, seq";

// $1: LIKE patterns of the regions ('411502001%'), $2: the last seq of the previous page.
const Query kDeadLetterList{
    "dead_letter_list",
    absl::StrCat("SELECT ", kDeadLetterColumns,
                 " FROM outbox_events WHERE dead_at IS NOT NULL AND region_id LIKE ANY($1::text[]) "
                 "AND seq > $2 ORDER BY seq LIMIT $3")};
const Query kDeadLetterFind{
    "dead_letter_find",
    absl::StrCat(
        "SELECT ", kDeadLetterColumns,
        " FROM outbox_events WHERE event_id = $1::uuid AND dead_at IS NOT NULL FOR UPDATE")};
const Query kDeadLetterRevive{
    "dead_letter_revive",
    absl::StrCat("UPDATE outbox_events SET dead_at = NULL, attempts = 0, next_attempt_at = now() "
                 "WHERE event_id = $1::uuid RETURNING ",
                 kDeadLetterColumns)};

DeadLetter ReadDeadLetter(const pqxx::row& row) {
  DeadLetter letter;
  letter.event_id = row["event_id"].as<std::string>();
  letter.destination = row["destination"].as<std::string>();
  letter.method = row["method"].as<std::string>();
  letter.attempts = row["attempts"].as<int>();
  letter.last_error = row["last_error"].as<std::string>();
  letter.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  if (!row["dead_micros"].is_null()) {
    letter.dead_time = FromEpochMicros(row["dead_micros"].as<long long>());
  }
  letter.region_id = row["region_id"].as<std::string>();
  return letter;
}

void ToProto(const DeadLetter& in, pb::DeadLetter* out) {
  out->set_event_id(in.event_id);
  out->set_destination(in.destination);
  out->set_method(in.method);
  out->set_attempts(in.attempts);
  out->set_last_error(in.last_error);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.dead_time) SetTimestamp(out->mutable_dead_time(), *in.dead_time);
  out->set_region_id(in.region_id);
}

// Only admins and the system manage the outbox.
absl::Status RequireAdminOrSystem(const Principal& caller) {
  if (caller.role == Role::kSystem || caller.IsAdmin()) return absl::OkStatus();
  return absl::PermissionDeniedError("only an admin may manage the outbox");
}

// The LIKE patterns of the regions `caller` may see, narrowed to `region_id` when one is given.
absl::StatusOr<std::vector<std::string>> VisibleRegions(const Principal& caller,
                                                        const std::string& region_id) {
  TX_RETURN_IF_ERROR(RequireAdminOrSystem(caller));
  if (!region_id.empty()) {
    TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
    return std::vector<std::string>{region_id + "%"};
  }
  if (caller.role == Role::kSystem) return std::vector<std::string>{"%"};
  std::vector<std::string> patterns;
  for (const std::string& entry : caller.scope) {
    // Scope entries are region codes (digits); anything else would be a pattern, so it is left out.
    if (!entry.empty() && CheckAnyRegionId("scope", entry).ok()) patterns.push_back(entry + "%");
  }
  return patterns;
}

}  // namespace

DeadLetterRepository::DeadLetterRepository(Db& db) {
  db.Register({kDeadLetterList, kDeadLetterFind, kDeadLetterRevive});
}

Page<DeadLetter> DeadLetterRepository::List(Tx& tx, const std::vector<std::string>& region_prefixes,
                                            const PageRequest& page) const {
  long long after = 0;
  if (!page.after.empty()) (void)absl::SimpleAtoi(page.after, &after);
  auto rows =
      Exec(tx, kDeadLetterList, TextArrayLiteral(region_prefixes), after, page.page_size + 1);
  return ReadPage<DeadLetter>(rows, page.page_size, ReadDeadLetter,
                              [](const pqxx::row& row) { return row["seq"].as<std::string>(); });
}

std::optional<DeadLetter> DeadLetterRepository::FindLocked(Tx& tx,
                                                           const std::string& event_id) const {
  auto rows = Exec(tx, kDeadLetterFind, event_id);
  if (rows.empty()) return std::nullopt;
  return ReadDeadLetter(rows[0]);
}

DeadLetter DeadLetterRepository::Revive(Tx& tx, const std::string& event_id) const {
  return ReadDeadLetter(Exec1(tx, kDeadLetterRevive, event_id));
}

OutboxAdminGrpc::OutboxAdminGrpc(Db& db, const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr), dead_letters_(db) {}

OutboxAdminGrpc::Reactor* OutboxAdminGrpc::ListDeadLetters(
    Ctx* context, const pb::ListDeadLettersRequest* request,
    pb::ListDeadLettersResponse* response) {
  return Query(context, "ListDeadLetters", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto regions, VisibleRegions(call.principal, request->region_id()));
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(request->page_size(), request->page_token()));
    FillPage(dead_letters_.List(tx, regions, page), response,
             [](auto* out, const DeadLetter& letter) { ToProto(letter, out->add_dead_letters()); });
    return absl::OkStatus();
  });
}

OutboxAdminGrpc::Reactor* OutboxAdminGrpc::RetryDeadLetter(
    Ctx* context, const pb::RetryDeadLetterRequest* request, pb::DeadLetter* response) {
  return Mutate(context, "RetryDeadLetter", request, response,
                [=, this](const CallContext& call, Tx& tx) -> absl::Status {
                  TX_RETURN_IF_ERROR(RequireAdminOrSystem(call.principal));
                  TX_RETURN_IF_ERROR(CheckUuid("event_id", request->event_id()));
                  auto found = dead_letters_.FindLocked(tx, request->event_id());
                  // Out of scope reads as absent: an admin learns nothing of other regions.
                  if (!found || !call.principal.InScope(found->region_id)) {
                    return absl::NotFoundError("event_id: no such dead letter");
                  }
                  DeadLetter revived = dead_letters_.Revive(tx, request->event_id());
                  spdlog::info("outbox event={} destination={} retried by {}", revived.event_id,
                               revived.destination, call.principal.subject);
                  ToProto(revived, response);
                  return absl::OkStatus();
                });
}

}  // namespace tongxin
