#include "services/common/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

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

IdempotencyStore::IdempotencyStore(Db& db) : db_(db) {
  db_.Register({
      {"idempotency_claim",
       "INSERT INTO idempotency_keys (request_id, fingerprint) VALUES ($1, $2) "
       "ON CONFLICT (request_id) DO NOTHING RETURNING request_id"},
      {"idempotency_get",
       "SELECT fingerprint, response FROM idempotency_keys WHERE request_id = $1"},
      {"idempotency_answer", "UPDATE idempotency_keys SET response = $2 WHERE request_id = $1"},
  });
}

absl::Status IdempotencyStore::Run(const TxOptions& options, std::string_view request_id,
                                   const std::string& fingerprint,
                                   google::protobuf::Message* response, const TxWork& work) {
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) return valid;
  const std::string id(request_id);
  return db_.Transact(options, [&](pqxx::transaction_base& tx) -> absl::Status {
    response->Clear();  // the transaction may be a retry
    // A concurrent first attempt holds the row lock; this waits for it to commit or roll back.
    if (tx.exec_prepared("idempotency_claim", id, fingerprint).empty()) {
      auto rows = tx.exec_prepared("idempotency_get", id);
      if (rows.empty()) return absl::AbortedError("request_id in flight; retry");
      if (rows[0][0].as<std::string>() != fingerprint) {
        return absl::InvalidArgumentError(
            "request_id: already used for a different request; use a new request_id");
      }
      if (!response->ParseFromString(FromBytea(rows[0][1]))) {
        return absl::InternalError("stored answer is unreadable");
      }
      return absl::OkStatus();
    }
    if (absl::Status status = work(tx); !status.ok()) return status;
    tx.exec_prepared0("idempotency_answer", id, Bytea(response->SerializeAsString()));
    return absl::OkStatus();
  });
}

}  // namespace tongxin
