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

std::string IdempotencyScope(const Principal& caller) {
  return std::string(RoleName(caller.role)) + ":" + caller.subject;
}

namespace {

// A key stored before keys had callers has caller '' (migration *request_ids_per_caller): it
// still counts when the fingerprint — which covers the caller — says it is this very request.
const Query kIdempotencyClaim{
    "idempotency_claim",
    "INSERT INTO idempotency_keys (caller, request_id, fingerprint) SELECT $1, $2, $3 "
    "WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE caller = '' AND request_id = $2 "
    "AND fingerprint = $3) "
    "ON CONFLICT (caller, request_id) DO NOTHING RETURNING request_id"};
const Query kIdempotencyGet{
    "idempotency_get",
    "SELECT fingerprint, response FROM idempotency_keys "
    "WHERE request_id = $2 AND (caller = $1 OR (caller = '' AND fingerprint = $3)) "
    "ORDER BY caller DESC LIMIT 1"};
const Query kIdempotencyAnswer{
    "idempotency_answer",
    "UPDATE idempotency_keys SET response = $3 WHERE caller = $1 AND request_id = $2"};
const Query kIdempotencyRelease{
    "idempotency_release", "DELETE FROM idempotency_keys WHERE caller = $1 AND request_id = $2"};
const Query kIdempotencyPurge{
    "idempotency_purge",
    "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
    "WHERE created_at < to_timestamp($1::double precision / 1000000) "
    "ORDER BY created_at LIMIT $2)"};

}  // namespace

IdempotencyStore::IdempotencyStore(Db& db) : db_(db) {
  db_.Register({kIdempotencyClaim, kIdempotencyGet, kIdempotencyAnswer, kIdempotencyRelease,
                kIdempotencyPurge});
}

absl::Status IdempotencyStore::Run(const TxOptions& options, std::string_view caller_scope,
                                   std::string_view request_id, const std::string& fingerprint,
                                   google::protobuf::Message* response, const TxWork& work) {
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) return valid;
  const std::string caller(caller_scope);
  const std::string id(request_id);
  absl::Status refusal;
  absl::Status committed = db_.Transact(options, [&](pqxx::transaction_base& tx) -> absl::Status {
    response->Clear();  // the transaction may be a retry
    refusal = absl::OkStatus();
    // A concurrent first attempt holds the row lock; this waits for it to commit or roll back.
    if (Exec(tx, kIdempotencyClaim, caller, id, fingerprint).empty()) {
      auto rows = Exec(tx, kIdempotencyGet, caller, id, fingerprint);
      if (rows.empty()) return absl::AbortedError("request_id in flight; retry");
      if (rows[0]["fingerprint"].as<std::string>() != fingerprint) {
        return absl::InvalidArgumentError(
            "request_id: already used for a different request; use a new request_id");
      }
      if (!response->ParseFromString(FromBytea(rows[0]["response"]))) {
        return absl::InternalError("stored answer is unreadable");
      }
      return absl::OkStatus();
    }
    if (absl::Status status = work(tx); !status.ok()) {
      if (!status.GetPayload(kRefusalWithRecord)) return status;
      // The record commits; the refusal is not the request's answer.
      Exec0(tx, kIdempotencyRelease, caller, id);
      response->Clear();
      refusal = std::move(status);
      return absl::OkStatus();
    }
    Exec0(tx, kIdempotencyAnswer, caller, id, Bytea(response->SerializeAsString()));
    return absl::OkStatus();
  });
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
