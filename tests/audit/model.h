// The auditor's model (TigerBeetle's auditor, Jepsen's history): every request the workload made,
// with its request id, what it asked for and how it ended — ok (an answer), failed (a definite
// refusal: no effect) or unknown (the client gave up after a timeout or a lost connection: at
// most one effect) — and, per kind of request, the refusals it may get. The checks (checks.h)
// compare this history with the services' databases.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace tongxin::audit {

enum class Op {
  kAward,
  kRedeem,
  kCancel,
  kCollect,
  kAdjust,
  kReverse,
  kSubmitWish,
  kReviewWish,
  kClaim,
  kRelease,
  kFulfil,
  kConfirm,
  kSendBack,
  kAdopt,
  kWithdraw,
  kLogService,
  kApproveLog,
  kRejectLog,
  kRegister,
  kApproveVolunteer,
  kReport,
  kConfirmReport,
  kCount,
};
inline constexpr int kOpCount = static_cast<int>(Op::kCount);
const char* OpName(Op op);

enum class Outcome { kOk, kFailed, kUnknown };

// Whether a definite refusal with `code` is an answer `op` may get in this workload (a drained
// balance, sold-out stock, a wish someone else claimed …). Anything else — INTERNAL, UNKNOWN,
// INVALID_ARGUMENT or PERMISSION_DENIED for a well-formed request — is a violation.
bool RefusalAllowed(Op op, grpc::StatusCode code);

// Codes after which a client retries with the same request id. The first three leave the
// outcome open (the request may have taken effect); ABORTED was rolled back.
bool Indefinite(grpc::StatusCode code);
bool Retryable(grpc::StatusCode code);

struct Record {
  Op op = Op::kAward;
  std::string request_id;
  Outcome outcome = Outcome::kUnknown;
  grpc::StatusCode code = grpc::StatusCode::OK;  // the last attempt's
  std::string message;
  int attempts = 0;
  bool via_gateway = false;  // some attempt went through the gateway
  // What it was about: the ids the checks join on.
  std::string volunteer_id, reward_id, order_id, wish_id, post_id, adoption_id, log_id;
  std::string report_id;
  bool duplicate = false;  // a registration with an ID number registered already: refused
  std::string source_ref, reason;
  long long transfer_id = 0;  // the transfer made (awards, adjustments) or reversed
  long long amount = 0;       // points (awards, adjustments), quantity (redeems)
};

// Shared by every client: the history, the violations found (printed as they are found), and
// the latest deadline of an attempt whose answer never came (its effect may land until then).
class Audit {
 public:
  void Add(Record record);
  std::vector<Record> History() const;
  void Violation(const std::string& what);
  std::vector<std::string> Violations() const;
  void NoteOpenDeadline(std::chrono::system_clock::time_point deadline);
  std::chrono::system_clock::time_point LatestOpenDeadline() const;

  std::atomic<long long> retries{0};
  std::atomic<long long> gateway_attempts{0};
  // Attempts whose answer the gRPC library cut off because the stream was reset mid-answer (a
  // replica behind nginx killed while answering): taken as UNAVAILABLE, the outcome unknown.
  std::atomic<long long> resets{0};

 private:
  mutable std::mutex mu_;
  std::vector<Record> history_;
  std::vector<std::string> violations_;
  std::chrono::system_clock::time_point latest_open_deadline_{};
};

}  // namespace tongxin::audit
