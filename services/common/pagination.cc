#include "services/common/pagination.h"

#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"

namespace tongxin {
namespace {
constexpr std::string_view kTokenPrefix = "tx1:";
}

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

absl::StatusOr<PageRequest> MakePageRequest(int page_size, std::string_view page_token) {
  auto size = PageSize(page_size);
  if (!size.ok()) return size.status();
  auto after = DecodePageToken(page_token);
  if (!after.ok()) return after.status();
  return PageRequest{*size, *std::move(after)};
}

std::string EncodePageToken(std::string_view key) {
  return Base64UrlEncode(std::string(kTokenPrefix) + std::string(key));
}

absl::StatusOr<std::string> DecodePageToken(std::string_view token) {
  if (token.empty()) return std::string();
  auto decoded = Base64UrlDecode(token);
  if (!decoded.ok() || decoded->rfind(kTokenPrefix, 0) != 0) {
    return absl::InvalidArgumentError("page_token: not a token from a previous page");
  }
  std::string key = decoded->substr(kTokenPrefix.size());
  // Keys are ids and dates: printable ASCII. Anything else was not made here.
  for (char c : key) {
    if (c < 0x20 || c > 0x7e) {
      return absl::InvalidArgumentError("page_token: not a token from a previous page");
    }
  }
  return key;
}

TimePoint FromEpochMicros(long long micros) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros)));
}

long long ToEpochMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace tongxin
