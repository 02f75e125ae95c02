// AIP-155 request ids: the first answer to a mutating request is stored in the same transaction
// as its change, keyed by (caller, request_id), with a fingerprint of (method, caller, request).
// A retry with the same id and request gets the stored answer and changes nothing; the same id
// with a different request is INVALID_ARGUMENT. Ids are scoped to their caller, so nobody can use
// up or read another's. The work runs first and its answer is stored with the key at the end of
// its transaction (one round trip); a retry's work is rolled back when the key turns out to be
// answered, so work must change nothing outside its transaction. Concurrent duplicates serialise
// on the key's unique index entry: the later waits for the first to commit, then answers with the
// first's answer. Keys are kept for a retention period, then purged (a retry after that is a new
// request).
#pragma once

#include <google/protobuf/message.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/crypto.h"
#include "services/common/db.h"

namespace tongxin {

// Checks a client-supplied request_id: required, at most 128 printable ASCII characters.
absl::Status ValidateRequestId(std::string_view request_id);

// A hash over the method, the caller and the deterministic serialisation of the request. Requests
// carrying personal data (a phone has only 10^4 candidates behind its mask) are hashed with the
// keyed blind index of `key`, so a stored fingerprint cannot be reversed by trying candidates.
std::string RequestFingerprint(std::string_view method, std::string_view caller,
                               const google::protobuf::Message& request,
                               const PersonalDataCipher* key = nullptr);

// A refusal that keeps what the transaction wrote before it: the transaction commits, the caller
// gets `refusal`, and the request id stays unused (a retry runs again). For an answer that must
// leave a record — an access-log row — although it changes nothing else; `work` returns it
// before writing anything else.
absl::Status RefusalWithRecord(absl::Status refusal);

// Whose request ids a key belongs to: the role and subject of the verified caller.
std::string IdempotencyScope(const Principal& caller);

// How long answers are kept for retries unless a service is configured otherwise (AIP-155 asks
// for a stated time; a week covers a client that retries after a weekend offline).
inline constexpr std::chrono::hours kDefaultIdempotencyRetention{24 * 7};

// A request's key as a statement that stores its own request id takes it (a server-side
// function doing a whole mutation, e.g. the points service's Redeem): the caller's scope, the
// request id and the request's fingerprint, as IdempotencyStore::Run keys them.
struct RequestKey {
  std::string caller;
  std::string request_id;
  std::string fingerprint;
};

// What such a request answers: its result — the first attempt's, also when rebuilt on a retry
// from the row the first attempt stored — or, for a key that IdempotencyStore stored, the
// serialised answer stored there.
template <typename T>
struct Answered {
  std::optional<T> result;
  std::string stored_response;
};

// The refusal of a request id already used for a different request.
absl::Status RequestIdReusedError();

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Db& db);

  // Runs `work` exactly once per (caller scope, request_id). `response` is filled either by
  // `work` (first time) or from the stored answer (replay).
  absl::Status Run(const TxOptions& options, std::string_view caller_scope,
                   std::string_view request_id, const std::string& fingerprint,
                   google::protobuf::Message* response, const TxWork& work);

  // Deletes at most `limit` keys created before `now - retention`, oldest first; returns how
  // many. Run by a PeriodicJob in every service (ServiceRuntime).
  absl::StatusOr<int> PurgeExpired(std::chrono::system_clock::time_point now,
                                   std::chrono::seconds retention, int limit);

 private:
  Db& db_;
};

}  // namespace tongxin
