#include "services/common/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"

namespace tongxin {

absl::Status ValidateRequestId(std::string_view request_id) {
  if (request_id.empty()) return absl::InvalidArgumentError("request_id: required");
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id: at most 128 characters");
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError("request_id: printable ASCII without spaces only");
    }
  }
  return absl::OkStatus();
}

std::string RequestFingerprint(std::string_view method, std::string_view caller,
                               const google::protobuf::Message& request,
                               const PersonalDataCipher* key) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  std::string input(method);
  input.push_back('\0');
  input.append(caller);
  input.push_back('\0');
  input.append(bytes);
  return key ? HexEncode(key->BlindIndex("request", input)) : Sha256Hex(input);
}

namespace {
constexpr char kRefusalWithRecord[] = "type.tongxin/RefusalWithRecord";
}  // namespace

absl::Status RefusalWithRecord(absl::Status refusal) {
  refusal.SetPayload(kRefusalWithRecord, absl::Cord("1"));
  return refusal;
}

absl::Status RequestIdReusedError() {
  return absl::InvalidArgumentError(
      "request_id: already used for a different request; use a new request_id");
}

std::string IdempotencyScope(const Principal& caller) {
  return std::string(RoleName(caller.role)) + ":" + caller.subject;
}

namespace {

// A key stored before keys had callers has caller '' (migration *request_ids_per_caller): it
// still counts when the fingerprint — which covers the caller — says it is this very request.
// The answer is stored with its key, after the work, in the transaction that did it: one round
// trip. A concurrent first attempt of the same key holds the key's unique index entry; this
// waits for it to commit (no row: its answer is the answer) or roll back (this one is stored).
const Query kIdempotencyStore{
    "idempotency_store",
    "INSERT INTO idempotency_keys (caller, request_id, fingerprint, response) "
    "SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE caller = '' "
    "AND request_id = $2 AND fingerprint = $3) "
    "ON CONFLICT (caller, request_id) DO NOTHING RETURNING request_id"};
const Query kIdempotencyGet{
    "idempotency_get",
    "SELECT fingerprint, response FROM idempotency_keys "
    "WHERE request_id = $2 AND (caller = $1 OR (caller = '' AND fingerprint = $3)) "
    "ORDER BY caller DESC LIMIT 1"};
const Query kIdempotencyRelease{
    "idempotency_release", "DELETE FROM idempotency_keys WHERE caller = $1 AND request_id = $2"};
const Query kIdempotencyPurge{
    "idempotency_purge",
    "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
    "WHERE created_at < to_timestamp($1::double precision / 1000000) "
    "ORDER BY created_at LIMIT $2)"};

// Returned by a transaction that found a stored answer: it rolls back (its own work undone) and
// Run answers with what was stored.
constexpr char kReplayed[] = "replayed a stored answer";

struct Key {
  const std::string& caller;
  const std::string& id;
  const std::string& fingerprint;
};

// Stores `response` under the key unless the key already has an answer (waiting for a concurrent
// first attempt to end); true when stored.
bool Store(Tx& tx, const Key& key, const std::string& response) {
  return !Exec(tx, kIdempotencyStore, key.caller, key.id, key.fingerprint, Bytea(response)).empty();
}

// The stored answer of a key that Store found taken: OK with `response` filled, the same id
// used for another request (INVALID_ARGUMENT), or a key without an answer.
absl::Status StoredAnswer(Tx& tx, const Key& key, google::protobuf::Message* response) {
  auto rows = Exec(tx, kIdempotencyGet, key.caller, key.id, key.fingerprint);
  if (rows.empty()) return absl::AbortedError("request_id in flight; retry");
  if (rows[0]["fingerprint"].as<std::string>() != key.fingerprint) {
    return RequestIdReusedError();
  }
  response->Clear();
  if (!response->ParseFromString(FromBytea(rows[0]["response"]))) {
    return absl::InternalError("stored answer is unreadable");
  }
  return absl::OkStatus();
}

// After `work` refused: whether the key was answered before (a retry after success, even when
// redoing the work now fails, e.g. sold out). Takes the key in `tx` to wait for a concurrent
// first attempt; `tx` must roll back, or release the key, afterwards. OK with `*taken`: no
// earlier answer (the refusal stands); OK without: `response` holds the stored answer; an error:
// the stored answer's own (the id used for another request).
absl::Status CheckForStoredAnswer(Tx& tx, const Key& key, google::protobuf::Message* response,
                                  bool* taken) {
  *taken = Store(tx, key, "");
  if (*taken) return absl::OkStatus();
  return StoredAnswer(tx, key, response);
}

}  // namespace

IdempotencyStore::IdempotencyStore(Db& db) : db_(db) {
  db_.Register({kIdempotencyStore, kIdempotencyGet, kIdempotencyRelease, kIdempotencyPurge});
}

absl::Status IdempotencyStore::Run(const TxOptions& options, std::string_view caller_scope,
                                   std::string_view request_id, const std::string& fingerprint,
                                   google::protobuf::Message* response, const TxWork& work) {
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) return valid;
  const std::string caller(caller_scope);
  const std::string id(request_id);
  const Key key{caller, id, fingerprint};
  // The work runs first and its answer is stored at the end (one round trip for the key); a key
  // answered before makes the transaction roll back and the stored answer is given instead.
  absl::Status refusal;
  bool replayed = false;
  bool work_started = false;  // false: the pool, the connection or BEGIN failed first
  bool work_returned = false;
  absl::Status committed = db_.Transact(options, [&](Tx& tx) -> absl::Status {
    response->Clear();  // the transaction may be a retry
    refusal = absl::OkStatus();
    replayed = false;
    work_started = true;
    work_returned = false;
    absl::Status status = work(tx);
    work_returned = true;
    if (status.ok()) {
      if (Store(tx, key, response->SerializeAsString())) return absl::OkStatus();
      absl::Status stored = StoredAnswer(tx, key, response);
      if (!stored.ok()) return stored;
      replayed = true;
      return absl::AbortedError(kReplayed);
    }
    bool taken = false;
    absl::Status stored = CheckForStoredAnswer(tx, key, response, &taken);
    if (!stored.ok()) return stored;
    if (!taken) {
      replayed = true;
      return absl::AbortedError(kReplayed);
    }
    if (!status.GetPayload(kRefusalWithRecord)) return status;
    // The record commits; the refusal is not the request's answer, and the id stays unused.
    Exec0(tx, kIdempotencyRelease, caller, id);
    response->Clear();
    refusal = std::move(status);
    return absl::OkStatus();
  });
  if (replayed) return absl::OkStatus();
  if (!committed.ok() && work_started && !work_returned) {
    // The work failed in the database (a constraint, say), which ended its transaction: a
    // stored answer of a first attempt is looked up in a transaction of its own.
    bool looked = false;
    absl::Status looked_up = db_.Transact(options, [&](Tx& tx) -> absl::Status {
      replayed = false;
      bool taken = false;
      absl::Status stored = CheckForStoredAnswer(tx, key, response, &taken);
      if (!stored.ok()) return stored;
      replayed = !taken;
      looked = true;
      return absl::AbortedError(kReplayed);  // nothing of this look-up is kept
    });
    if (replayed) return absl::OkStatus();
    if (looked_up.code() == absl::StatusCode::kInvalidArgument) return looked_up;
    if (!looked) {
      // Not known whether a first attempt answered: its effect may be what refused this one
      // (a unique key it took), so the refusal is not an answer. The caller retries.
      return looked_up.code() == absl::StatusCode::kDeadlineExceeded
                 ? looked_up
                 : absl::UnavailableError("could not look up a first attempt's answer; retry");
    }
    return committed;
  }
  if (!committed.ok()) return committed;
  if (!refusal.ok()) refusal.ErasePayload(kRefusalWithRecord);
  return refusal;
}

absl::StatusOr<int> IdempotencyStore::PurgeExpired(std::chrono::system_clock::time_point now,
                                                   std::chrono::seconds retention, int limit) {
  const long long cutoff_micros =
      std::chrono::duration_cast<std::chrono::microseconds>((now - retention).time_since_epoch())
          .count();
  int purged = 0;
  absl::Status status = db_.Transact({}, [&](Tx& tx) -> absl::Status {
    purged = static_cast<int>(Exec(tx, kIdempotencyPurge, cutoff_micros, limit).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return purged;
}

}  // namespace tongxin
