// What every service's gRPC layer does around its domain calls: a mutating call runs in one
// transaction, once per request_id (AIP-155); a read runs in one transaction of its own.
// Service classes derive from RpcHandlers next to their generated CallbackService.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/common/server.h"

namespace tongxin {

class RpcHandlers {
 protected:
  using Reactor = grpc::ServerUnaryReactor;
  using Ctx = grpc::CallbackServerContext;
  using Work = std::function<absl::Status(const CallContext&, Tx&)>;

  // `fingerprint_key`: when requests carry personal data, their stored fingerprints are keyed.
  // `service`: the generated service's full name (e.g. VolunteerService::service_full_name()),
  // so that calls are accepted by their full method names (IntegrationMayCall).
  RpcHandlers(Db& db, const RpcRunner& runner, const PersonalDataCipher* fingerprint_key,
              std::string service = "")
      : db_(db),
        idempotency_(db),
        runner_(runner),
        fingerprint_key_(fingerprint_key),
        service_(std::move(service)) {}

  // "<package.Service>/<method>", or `method` when the service is not named.
  std::string FullMethod(const char* method) const {
    return service_.empty() ? std::string(method) : service_ + "/" + method;
  }

  // `before` runs first, outside the transaction and off the database workers (RpcRunner's
  // downstream pool): a call to another service that the change depends on must hold neither a
  // database connection nor a worker while it waits. Its refusal is not the answer to a retry
  // of a request answered already (the volunteer it looked up may have moved on, or its service
  // be down): the refusal goes through the idempotency store like the work's own, and a stored
  // answer wins.
  template <typename Request>
  Reactor* Mutate(Ctx* context, const char* method, const Request* request,
                  google::protobuf::Message* response, Work fn,
                  std::function<absl::Status(const CallContext&)> before = nullptr) {
    auto refused_before = std::make_shared<absl::Status>();
    std::function<absl::Status(const CallContext&)> checked_before;
    if (before) {
      checked_before = [before = std::move(before), refused_before](const CallContext& call) {
        *refused_before = before(call);
        return absl::OkStatus();
      };
    }
    return runner_.Run(
        context, FullMethod(method), request->request_id(),
        [this, method, request, response, fn = std::move(fn),
         refused_before](const CallContext& call) {
          return idempotency_.Run(
              call.tx(), IdempotencyScope(call.principal), request->request_id(),
              RequestFingerprint(method, call.principal.subject, *request, fingerprint_key_),
              response, [&](Tx& tx) {
                if (!refused_before->ok()) return *refused_before;
                return fn(call, tx);
              });
        },
        std::move(checked_before));
  }

  // A mutation done by one statement that stores its own request id with its answer (see
  // RequestKey): no BEGIN or COMMIT round trips. `fn` gets the request's key and fills
  // `response` (FillAnswer); a refusal it returns is the answer, and nothing is stored.
  using OneStatementWork = std::function<absl::Status(const CallContext&, Tx&, const RequestKey&)>;
  template <typename Request>
  Reactor* MutateInOneStatement(Ctx* context, const char* method, const Request* request,
                                google::protobuf::Message* response, OneStatementWork fn) {
    return runner_.Run(
        context, FullMethod(method), request->request_id(),
        [this, method, request, response, fn = std::move(fn)](const CallContext& call) {
          if (absl::Status valid = ValidateRequestId(request->request_id()); !valid.ok()) {
            return valid;
          }
          const RequestKey key{
              IdempotencyScope(call.principal), request->request_id(),
              RequestFingerprint(method, call.principal.subject, *request, fingerprint_key_)};
          return db_.OneStatement(call.tx(), [&](Tx& tx) {
            response->Clear();  // the statement may be a retry
            return fn(call, tx, key);
          });
        });
  }

  // Fills `response` from an Answered: `to_proto(result)`, or the stored answer parsed.
  template <typename T, typename ToProto>
  static absl::Status FillAnswer(const Answered<T>& answered, google::protobuf::Message* response,
                                 ToProto to_proto) {
    if (answered.result) {
      to_proto(*answered.result);
      return absl::OkStatus();
    }
    if (!response->ParseFromString(answered.stored_response)) {
      return absl::InternalError("stored answer is unreadable");
    }
    return absl::OkStatus();
  }

  Reactor* Query(Ctx* context, const char* method, Work fn,
                 Isolation isolation = Isolation::kReadCommitted) {
    return runner_.Run(context, FullMethod(method), "",
                       [this, isolation, fn = std::move(fn)](const CallContext& call) {
                         return db_.Read(TxOptions{call.deadline, isolation},
                                         [&](Tx& tx) { return fn(call, tx); });
                       });
  }

  // A read whose answer takes work that needs no database (rendering a PDF): `fn` reads in its
  // own transaction, then `after` runs on the same worker once the connection is back in the
  // pool, so slow CPU work holds no connection.
  Reactor* QueryThen(Ctx* context, const char* method, Work fn,
                     std::function<absl::Status(const CallContext&)> after) {
    return runner_.Run(
        context, method, "",
        [this, fn = std::move(fn), after = std::move(after)](const CallContext& call) {
          absl::Status read = db_.Read(call.tx(), [&](Tx& tx) { return fn(call, tx); });
          return read.ok() ? after(call) : read;
        });
  }

  // A read anyone may make without a token (RpcRunner::RunPublic): the caller is anonymous
  // unless they sent a token, which must verify.
  Reactor* PublicQuery(Ctx* context, const char* method, Work fn) {
    return runner_.RunPublic(context, method, [this, fn = std::move(fn)](const CallContext& call) {
      return db_.Read(call.tx(), [&](Tx& tx) { return fn(call, tx); });
    });
  }

  Db& db_;

 private:
  IdempotencyStore idempotency_;
  const RpcRunner& runner_;
  const PersonalDataCipher* fingerprint_key_;
  std::string service_;
};

// Fills a list response from a page: `append(out, item)` adds one item.
template <typename T, typename Response, typename Append>
void FillPage(const Page<T>& page, Response* out, Append append) {
  for (const auto& item : page.items) append(out, item);
  out->set_next_page_token(page.next_page_token);
}

// A repeated string field as a vector.
inline std::vector<std::string> Strings(const google::protobuf::RepeatedPtrField<std::string>& in) {
  return {in.begin(), in.end()};
}

// Protobuf timestamps from time points.
void SetTimestamp(google::protobuf::Timestamp* out, std::chrono::system_clock::time_point t);

// A timestamp a client could mean, to whole microseconds (as stored): 2000 to 2100, nanos
// within a second; else INVALID_ARGUMENT naming `field`. (An unchecked one, e.g. year 9999,
// overflows a nanosecond time point and wraps.)
absl::StatusOr<std::chrono::system_clock::time_point> FromProtoTime(
    const google::protobuf::Timestamp& t, std::string_view field);

}  // namespace tongxin
