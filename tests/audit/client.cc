#include "tests/audit/client.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bench/load/grpc_calls.h"
#include "services/common/status.h"

namespace tongxin::audit {

Stubs::Stubs(const std::string& host, int port_base) {
  auto channel = [&](int offset) {
    grpc::ChannelArguments args;
    // A connection of its own per target and Stubs, as separate clients would have.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(absl::StrCat(host, ":", port_base + offset),
                                     grpc::InsecureChannelCredentials(), args);
  };
  volunteer = volunteer::v1::VolunteerService::NewStub(channel(1));
  posts = posts::v1::PostsService::NewStub(channel(2));
  wishes = wishes::v1::WishesService::NewStub(channel(3));
  points = points::v1::PointsService::NewStub(channel(4));
  gateway = gateway::v1::GatewayService::NewStub(channel(5));
}

void World::PushWall(const std::string& wish_id) {
  std::lock_guard lock(wall_mu_);
  if (std::find(wall_.begin(), wall_.end(), wish_id) == wall_.end()) wall_.push_back(wish_id);
}

void World::RemoveWall(const std::string& wish_id) {
  std::lock_guard lock(wall_mu_);
  wall_.erase(std::remove(wall_.begin(), wall_.end(), wish_id), wall_.end());
}

std::optional<std::string> World::PickWall(std::mt19937_64& rng) {
  std::lock_guard lock(wall_mu_);
  if (wall_.empty()) return std::nullopt;
  return wall_[rng() % wall_.size()];
}

uint64_t StreamSeed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Client::Client(int index, uint64_t seed, Audit& audit, World& world, Stubs& stubs, Policy policy)
    : index_(index),
      rng_(StreamSeed(seed, static_cast<uint64_t>(index))),
      audit_(audit),
      world_(world),
      stubs_(stubs),
      policy_(policy) {}

bool Client::Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

int Client::Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

std::string Client::NextRequestId() {
  return absl::StrCat("audit-", world_.run, "-c", index_, "-", sent_++);
}

void Client::Call(Record& record, const std::string& token, bool gateway_route,
                  const Invoke& invoke) {
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    const bool hurried = attempt == 0 && Chance(policy_.short_deadline_p);
    const auto timeout = hurried ? std::chrono::milliseconds(Uniform(1, 20)) : policy_.timeout;
    const auto deadline = std::chrono::system_clock::now() + timeout;
    context.set_deadline(deadline);
    const bool gateway = gateway_route && Chance(policy_.gateway_p);
    if (gateway) {
      record.via_gateway = true;
      ++audit_.gateway_attempts;
    }
    grpc::Status status = invoke(gateway, &context);
    if (ConnectionReset(status)) {
      // No answer of the service's (services/common/status.h): what a real client must retry.
      ++audit_.resets;
      status = grpc::Status(grpc::StatusCode::UNAVAILABLE, status.error_message());
    }
    record.attempts = attempt + 1;
    record.code = status.error_code();
    record.message = status.error_message();
    if (status.ok()) {
      record.outcome = Outcome::kOk;
      return;
    }
    if (!Retryable(status.error_code())) {
      record.outcome = Outcome::kFailed;
      return;
    }
    if (Indefinite(status.error_code())) audit_.NoteOpenDeadline(deadline);
    const bool out_of_time = std::chrono::steady_clock::now() - start > policy_.give_up;
    if ((hurried && Chance(policy_.abandon_p)) || out_of_time) {
      // An ABORTED answer was rolled back: nothing happened. The others may have happened.
      record.outcome = Indefinite(status.error_code()) ? Outcome::kUnknown : Outcome::kFailed;
      return;
    }
    ++audit_.retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 5)));
  }
}

void Client::Keep(Record record) {
  if (record.outcome == Outcome::kFailed && !RefusalAllowed(record.op, record.code)) {
    Wrong(record,
          absl::StrCat("refused with ", bench::CodeName(record.code), ": ", record.message));
  }
  audit_.Add(std::move(record));
}

void Client::Wrong(const Record& record, const std::string& what) {
  audit_.Violation(absl::StrCat(OpName(record.op), " ", record.request_id, ": ", what));
}

void Client::Run(std::chrono::steady_clock::time_point end) {
  while (std::chrono::steady_clock::now() < end) Step();
}

void Client::Step() {
  // Weights: money first, then the community's work; an action needing something this client
  // does not hold (an order to cancel, a claim to fulfil) becomes an award.
  static constexpr int kWeights[] = {14, 16, 6, 5, 5, 4, 8, 12, 3, 6, 6, 7, 2, 8, 7, 3, 2};
  int total = 0;
  for (int w : kWeights) total += w;
  int roll = Uniform(0, total - 1), choice = 0;
  while (roll >= kWeights[choice]) roll -= kWeights[choice++];
  auto award = [&] { Award(Pick(world_.volunteers), Uniform(1, 8)); };
  switch (choice) {
    case 0:
      return award();
    case 1:
      return Redeem();
    case 2:
      return orders_.empty() ? award() : CancelOrder();
    case 3:
      return orders_.empty() ? award() : CollectOrder();
    case 4:
      return Adjust();
    case 5:
      return credits_.empty() ? award() : Reverse();
    case 6:
      return SubmitWish();
    case 7:
      return Claim();
    case 8:
      return claims_.empty() ? award() : Release();
    case 9:
      return claims_.empty() ? award() : Fulfil();
    case 10:
      return claims_.empty() ? award() : Confirm();
    case 11:
      return Adopt();
    case 12:
      return adoptions_.empty() ? award() : Withdraw();
    case 13:
      return adoptions_.empty() ? award() : LogService();
    case 14:
      return logs_.empty() ? award() : ReviewLog();
    case 15:
      return Register();
    default:
      return party_recruits_.empty() ? Register() : Report();
  }
}

}  // namespace tongxin::audit
