#include "bench/load/grpc_calls.h"

#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/ascii.h"
#include "services/common/clock.h"

namespace tongxin::bench {

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kNames[i] : "CODE_" + std::to_string(i);
}

absl::StatusOr<Tokens> Tokens::FromSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read the secret file " + path);
  std::stringstream text;
  text << in.rdbuf();
  Tokens tokens;
  // The secret is the file's text without surrounding whitespace, as the services read it.
  tokens.secret_ = std::string(absl::StripAsciiWhitespace(text.str()));
  return tokens;
}

std::string Tokens::Mint(const std::string& subject, Role role,
                         const std::vector<std::string>& scope) const {
  TokenClaims claims;
  claims.subject = subject;
  claims.role = role;
  claims.scope = scope;
  claims.ttl = std::chrono::hours(24);
  auto token = MintHs256(claims, secret_, Clock::System());
  return token.ok() ? *token : std::string();
}

std::string NewRequestId(const std::string& prefix) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t run =
      std::random_device{}() ^
      static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  std::ostringstream id;
  id << prefix << '-' << std::hex << run << '-' << counter.fetch_add(1);
  return id.str();
}

Channels::Channels(const std::string& target, int count) {
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    // Separate subchannel pools: each channel gets its own TCP connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("tongxin.bench.channel", i);
    channels_.push_back(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
  }
}

std::shared_ptr<grpc::Channel> Channels::Next() {
  return channels_[next_.fetch_add(1) % channels_.size()];
}

}  // namespace tongxin::bench
