// A client of the auditor's workload: its own seeded random stream, the stubs of the four
// services and the gateway's gRPC face, and the one way it sends a request — retried with the
// SAME request id after a timeout, a lost connection or an ABORTED answer, as a real client does,
// sometimes through the gateway instead of the service, sometimes with a deadline too short to
// be met, sometimes given up (an unknown outcome). What the set-up made is the shared World.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/audit/model.h"
#include "tongxin/gateway/v1/gateway.grpc.pb.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::audit {

// The ports of scripts/up's stack from TONGXIN_PORT_BASE: the gateway's HTTP face at the base,
// the services at base+1..+4, the gateway's gRPC face at base+5.
struct Stubs {
  Stubs(const std::string& host, int port_base);
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> volunteer;
  std::unique_ptr<posts::v1::PostsService::Stub> posts;
  std::unique_ptr<wishes::v1::WishesService::Stub> wishes;
  std::unique_ptr<points::v1::PointsService::Stub> points;
  std::unique_ptr<gateway::v1::GatewayService::Stub> gateway;
};

struct RewardInfo {
  std::string id;
  long long price = 0;
  int initial_stock = 0;
};
struct PostInfo {
  std::string id;
  int capacity = 0;
};

// What the set-up made (read-only during the run) and the wall of approved wishes the clients
// know of (shared: claims on one wish race each other).
struct World {
  std::string run;  // the run's tag, in every request id, source_ref and reason
  std::string street, community;
  std::string system_token, admin_token;
  std::vector<std::string> volunteers;
  std::map<std::string, std::string> volunteer_tokens;
  std::vector<RewardInfo> rewards;
  std::vector<PostInfo> posts;
  // Accounts that register themselves during the run: a token for a new subject, and the ID
  // numbers and phones of persons person_base + 100 .. + 999 (IdNumber in setup.h).
  std::function<std::string(const std::string& subject)> mint_volunteer_token;
  int person_base = 0;

  void PushWall(const std::string& wish_id);
  void RemoveWall(const std::string& wish_id);
  std::optional<std::string> PickWall(std::mt19937_64& rng);

 private:
  std::mutex wall_mu_;
  std::vector<std::string> wall_;
};

struct Policy {
  double short_deadline_p = 0.05;  // a first attempt with a 1–20 ms deadline
  double abandon_p = 0.3;          // … given up after it timed out: an unknown outcome
  double gateway_p = 0.35;         // an attempt through the gateway, where it has the route
  std::chrono::milliseconds timeout{3000};
  std::chrono::milliseconds give_up{20000};  // retries of one request stop after this
};

// The seed of stream `stream` of `seed` (SplitMix64): each client's choices are its own.
uint64_t StreamSeed(uint64_t seed, uint64_t stream);

class Client {
 public:
  Client(int index, uint64_t seed, Audit& audit, World& world, Stubs& stubs, Policy policy);

  // Steps until `end`, then finishes the request in hand.
  void Run(std::chrono::steady_clock::time_point end);
  // Sends the record's request (`invoke` makes one attempt, through the gateway or not) until
  // it is answered or given up; fills outcome, code, attempts.
  using Invoke = std::function<grpc::Status(bool gateway, grpc::ClientContext* context)>;
  void Call(Record& record, const std::string& token, bool gateway_route, const Invoke& invoke);
  // Checks a refusal against the allowed ones and adds the record to the history.
  void Keep(Record record);
  // A violation about the answer to `record`, naming its request.
  void Wrong(const Record& record, const std::string& what);

  std::string NextRequestId();
  std::mt19937_64& rng() { return rng_; }
  bool Chance(double p);
  int Uniform(int lo, int hi);  // inclusive
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[static_cast<size_t>(Uniform(0, static_cast<int>(from.size()) - 1))];
  }
  const std::string& TokenOf(const std::string& volunteer_id) {
    return world_.volunteer_tokens.at(volunteer_id);
  }

  // ---- the workload: one request (or two: submit and review) of a kind ----
  void Award(const std::string& volunteer_id, int hours);
  void Redeem();
  void CancelOrder();
  void CollectOrder();
  void Adjust();
  void Reverse();
  void SubmitWish();
  void Claim();
  void Release();
  void Fulfil();
  void Confirm();
  void Adopt();
  void Withdraw();
  void LogService();
  void ReviewLog();
  void Register();
  void Report();

  World& world() { return world_; }
  Stubs& stubs() { return stubs_; }

 private:
  void Step();
  size_t PickClaim();
  void FulfilAt(size_t claim);
  void ConfirmAt(size_t claim);

  struct HeldOrder {
    std::string order_id, pickup_code, volunteer_id;
  };
  struct HeldClaim {
    std::string wish_id, volunteer_id;
    bool fulfilled = false;
  };
  struct HeldRecruit {
    std::string volunteer_id, token;
  };
  struct HeldAdoption {
    std::string adoption_id, volunteer_id;
  };

  int index_;
  std::mt19937_64 rng_;
  Audit& audit_;
  World& world_;
  Stubs& stubs_;
  Policy policy_;
  long long sent_ = 0;
  // What this client's own answers gave it to act on next.
  std::vector<HeldOrder> orders_;
  std::vector<long long> credits_;  // transfers it may reverse
  std::vector<HeldClaim> claims_;
  std::vector<HeldAdoption> adoptions_;
  std::vector<std::string> logs_;
  int registrations_ = 0;
  std::vector<std::string> registered_id_numbers_;  // for the duplicates
  std::vector<HeldRecruit> party_recruits_;         // admitted party members yet to report

  template <typename T>
  T TakeAt(std::vector<T>& from, size_t i) {
    T taken = std::move(from[i]);
    from.erase(from.begin() + static_cast<long>(i));
    return taken;
  }
  template <typename T>
  T Take(std::vector<T>& from) {
    return TakeAt(from, static_cast<size_t>(Uniform(0, static_cast<int>(from.size()) - 1)));
  }
};

}  // namespace tongxin::audit
