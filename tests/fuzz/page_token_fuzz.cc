// libFuzzer target: page tokens (services/common/pagination.h), which every list RPC decodes
// from the caller. Any input as a token must decode or be INVALID_ARGUMENT naming page_token; a
// token that decodes re-encodes to one that decodes to the same key; any key encodes to a token
// that decodes back to it exactly when the key is printable ASCII (ids and dates).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "services/common/pagination.h"

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

bool Printable(std::string_view key) {
  for (char c : key) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

void RequireTokenError(const absl::Status& status) {
  Require(status.code() == absl::StatusCode::kInvalidArgument);
  Require(absl::StartsWith(status.message(), "page_token:"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The input as a token a client sent.
  auto key = tongxin::DecodePageToken(input);
  if (key.ok()) {
    Require(Printable(*key));
    Require(!input.empty() || key->empty());
    auto again = tongxin::DecodePageToken(tongxin::EncodePageToken(*key));
    Require(again.ok() && *again == *key);
  } else {
    RequireTokenError(key.status());
  }

  // The input as the key of a page's last item.
  const std::string token = tongxin::EncodePageToken(input);
  auto decoded = tongxin::DecodePageToken(token);
  if (Printable(input)) {
    Require(decoded.ok() && *decoded == input);
  } else {
    RequireTokenError(decoded.status());
  }

  // A list request's page_size (the first four bytes) and page_token (the rest).
  if (size >= 4) {
    int32_t page_size = 0;
    std::memcpy(&page_size, data, sizeof(page_size));
    auto request = tongxin::MakePageRequest(page_size, input.substr(4));
    if (request.ok()) {
      Require(request->page_size >= 1 && request->page_size <= tongxin::kMaxPageSize);
    } else {
      Require(request.status().code() == absl::StatusCode::kInvalidArgument);
      Require(page_size < 0 || absl::StartsWith(request.status().message(), "page_token:"));
    }
  }
  return 0;
}
