// The limits of what is said about a wish, next to its model: the value cap of a micro-wish,
// the hours a claimer may give, photo URLs, the wisher's title, and the masked name the wall
// shows (李** / 李女士); and the limits on one volunteer's claims. Pure: no SQL, no gRPC.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"

namespace tongxin::wishes {

// 0 to `cap_yuan` yuan.
absl::Status CheckEstimatedValue(int value_yuan, int cap_yuan);
// The claimer's hours for a fulfilment: 0 (none given) to 24, at most two decimals.
absl::Status CheckServiceHours(double hours);
// Empty, or http(s) and at most 500 characters.
absl::Status CheckUrl(const std::string& field, const std::string& url);
// 女士, 先生 or empty.
absl::Status CheckWisherTitle(const std::string& title);

// A volunteer holds at most `max_open` open claims (CLAIMED or FULFILLED); `open` counts theirs
// now. FAILED_PRECONDITION naming volunteer_id otherwise.
absl::Status CheckOpenClaims(int open, int max_open);
// The window over which a volunteer's own releases are counted.
inline constexpr std::chrono::hours kReleaseWindow{24};
// After `max_released` releases of their own within kReleaseWindow, a volunteer claims nothing
// until the first of them is that old; `released` counts theirs in the window now.
// RESOURCE_EXHAUSTED naming volunteer_id otherwise.
absl::Status CheckRecentReleases(int released, int max_released);

// The name as the wall shows it: the first character, then the title (李女士) or one star per
// remaining character (李**). UTF-8 aware.
std::string MaskedName(const std::string& name, const std::string& title);

}  // namespace tongxin::wishes
