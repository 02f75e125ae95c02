// The limits of what is said about a wish, next to its model: the value cap of a micro-wish,
// the hours a claimer may give, photo URLs, the wisher's title, and the masked name the wall
// shows (李** / 李女士). Pure: no SQL, no gRPC.
#pragma once

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

// The name as the wall shows it: the first character, then the title (李女士) or one star per
// remaining character (李**). UTF-8 aware.
std::string MaskedName(const std::string& name, const std::string& title);

}  // namespace tongxin::wishes
