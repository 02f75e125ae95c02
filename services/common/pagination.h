// Keyset pagination (AIP-158): page tokens are opaque to clients and carry the key of the last
// item returned; pages are read with "key > last ORDER BY key LIMIT size + 1".
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tongxin {

// One page of a keyset-paginated list.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

struct PageRequest {
  int page_size = 50;
  std::string after;  // the decoded key of the last item of the previous page; "" for the first
};

// Decodes page_size and page_token of a list request.
absl::StatusOr<PageRequest> MakePageRequest(int page_size, std::string_view page_token);

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

// 0 → the default; above the maximum → the maximum; negative → INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int requested);
std::string EncodePageToken(std::string_view key);
// "" → ""; anything not made by EncodePageToken → INVALID_ARGUMENT naming page_token.
absl::StatusOr<std::string> DecodePageToken(std::string_view token);

using TimePoint = std::chrono::system_clock::time_point;
TimePoint FromEpochMicros(long long micros);
long long ToEpochMicros(TimePoint t);

}  // namespace tongxin
