// The wishes service's domain model: plain values, no SQL, no gRPC. Enums keep the proto's numbers
// (grpc/mapping.cc ties each value to its proto value; SQL literals are written from them). The
// wish's life is in wish.h.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/common/pagination.h"

namespace tongxin::wishes {

using Time = std::chrono::system_clock::time_point;
using tongxin::Page;
using tongxin::PageRequest;

enum class WishState {
  kUnspecified = 0,
  kSubmitted = 1,
  kApproved = 2,
  kRejected = 3,
  kClaimed = 4,
  kFulfilled = 5,
  kConfirmed = 6,
  kWithdrawn = 7,
  kCancelled = 8
};

enum class Category {
  kUnspecified = 0,
  kStudySupplies = 1,
  kDailyNecessities = 2,
  kHealth = 3,
  kApplianceRepair = 4,
  kCompanionship = 5,
  kOther = 6
};

struct Wish {
  std::string wish_id;
  std::string community_id;
  std::string grid_id;
  Category category = Category::kUnspecified;
  std::string description;
  int estimated_value = 0;
  std::string photo_url;
  std::string wisher_name_sealed;
  std::string wisher_name_masked;
  std::string wisher_contact_sealed;
  WishState state = WishState::kSubmitted;
  std::string claimer_id;
  std::string claimer_name;
  bool claimer_party_member = false;
  std::optional<Time> claimed_at;
  std::optional<Time> claim_deadline;
  std::string fulfil_note;
  std::string fulfil_photo_url;
  double service_hours = 0;
  std::string reason;
  std::string submitted_by;
  Time create_time;
  std::optional<Time> publish_time;
  std::optional<Time> confirm_time;
  // The first claim and the latest (APPROVED → CLAIMED; a send-back is no new claim), kept
  // through releases: the overview's medians read them.
  std::optional<Time> first_claim_time;
  std::optional<Time> last_claim_time;
  // Filled by the domain only for callers allowed to see them.
  std::string wisher_name;
  std::string wisher_contact;
  // A co-building unit's claim: claimer_id is "unit:<name>".
  bool claimed_by_unit() const { return claimer_id.rfind("unit:", 0) == 0; }
  // Where the wish is looked after: its grid if known, else its community (for scope checks).
  std::string region() const { return grid_id.empty() ? community_id : grid_id; }
};

// Why a caller was shown a wisher's name and contact (wisher_access.h decides).
enum class AccessReason {
  kUnspecified = 0,  // not entitled: nothing is shown
  kClaimer = 1,
  kSubmitter = 2,
  kAdmin = 3,
  kSystem = 4
};

// One showing of a wisher's name and contact: who, whose wish, when, why (never the values).
struct AccessEntry {
  std::string access_id;
  std::string wish_id;
  std::string community_id;
  std::string grid_id;
  std::string reader_id;
  AccessReason reason = AccessReason::kUnspecified;
  Time at;
};

struct HistoryEntry {
  WishState from = WishState::kUnspecified;
  WishState to = WishState::kUnspecified;
  std::string actor;
  std::string note;
  Time at;
};

struct Statistics {
  std::string region_id;
  std::vector<std::pair<WishState, int>> by_state;    // state, count
  std::vector<std::pair<Category, int>> by_category;  // category, count
  double claim_rate = 0;
  double fulfilment_rate = 0;
  double median_hours_publish_to_claim = 0;
  double median_hours_claim_to_confirm = 0;
};

}  // namespace tongxin::wishes
