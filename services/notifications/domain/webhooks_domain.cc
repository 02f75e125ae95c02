#include "services/notifications/domain/webhooks_domain.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/notifications/domain/feed_domain.h"
#include "services/notifications/domain/webhook_signature.h"

namespace tongxin::notifications {
namespace {

constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxTypes = 50;
constexpr size_t kMaxReplayIds = 100;

absl::Status BadUrl(const std::string& why) { return absl::InvalidArgumentError("url: " + why); }

bool IsHostNameChar(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '.'; }

bool InternalIpv4(const unsigned char* a) {
  return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
         (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
         (a[0] == 100 && (a[1] & 0xc0) == 64) ||
         (a[0] == 192 && a[1] == 0 && a[2] == 0) ||  // IETF protocol assignments 192.0.0.0/24
         (a[0] == 198 && (a[1] & 0xfe) == 18) ||     // benchmarking 198.18.0.0/15
         a[0] >= 224;
}

}  // namespace

bool IsInternalAddress(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) return InternalIpv4(bytes.data());
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return false;
  static constexpr std::array<unsigned char, 16> kUnspecified{};
  std::array<unsigned char, 16> loopback{};
  loopback[15] = 1;
  if (bytes == kUnspecified || bytes == loopback) return true;
  if (bytes[0] == 0xff) return true;                               // multicast
  if ((bytes[0] & 0xfe) == 0xfc) return true;                      // unique local fc00::/7
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return true;  // link-local fe80::/10
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0) return true;  // site-local fec0::/10
  // IPv4-compatible ::a.b.c.d (::/96, deprecated; :: and ::1 among them): never a public host.
  if (std::all_of(bytes.begin(), bytes.begin() + 12, [](unsigned char b) { return b == 0; })) {
    return true;
  }
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215) translates into a network of the operator's own.
  static constexpr unsigned char kLocalNat64[6] = {0, 0x64, 0xff, 0x9b, 0, 1};
  if (std::memcmp(bytes.data(), kLocalNat64, 6) == 0) return true;
  // An IPv4 address mapped (::ffff:a.b.c.d) or embedded (64:ff9b::/96 NAT64) is judged as one.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(bytes.data(), kMapped, 12) == 0 || std::memcmp(bytes.data(), kNat64, 12) == 0) {
    return InternalIpv4(bytes.data() + 12);
  }
  // 6to4 2002:AABB:CCDD::/48 carries the IPv4 address AA.BB.CC.DD.
  if (bytes[0] == 0x20 && bytes[1] == 0x02) return InternalIpv4(bytes.data() + 2);
  return false;
}

absl::StatusOr<WebhookUrl> ParseWebhookUrl(const std::string& url, bool allow_http) {
  if (url.empty()) return BadUrl("required");
  if (url.size() > kMaxUrlLength) return BadUrl("at most 2048 characters");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return BadUrl("only printable ASCII, no spaces (percent-encode the rest)");
    }
  }
  WebhookUrl out;
  std::string_view rest = url;
  const std::string lower = absl::AsciiStrToLower(url.substr(0, std::min<size_t>(8, url.size())));
  if (absl::StartsWith(lower, "https://")) {
    rest.remove_prefix(8);
  } else if (absl::StartsWith(lower, "http://")) {
    if (!allow_http) return BadUrl("must be https");
    out.https = false;
    rest.remove_prefix(7);
  } else {
    return BadUrl(allow_http ? "must be https or http" : "must be https");
  }
  if (rest.find('#') != std::string_view::npos) return BadUrl("no fragment (#)");
  const size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  out.target =
      authority_end == std::string_view::npos ? "/" : std::string(rest.substr(authority_end));
  if (out.target.front() == '?') out.target = "/" + out.target;
  if (authority.find('@') != std::string_view::npos) return BadUrl("no user info (user@)");
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl("an IPv6 host needs its closing ]");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return BadUrl("a malformed host");
      port = after.substr(1);
    }
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET6, out.host.c_str(), bytes.data()) != 1) {
      return BadUrl("not an IPv6 address in [ ]");
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (out.host.empty() || out.host.size() > 253 ||
        !std::all_of(out.host.begin(), out.host.end(), IsHostNameChar) || out.host.front() == '.' ||
        out.host.front() == '-' || out.host.find("..") != std::string::npos) {
      return BadUrl("no valid host name");
    }
    out.host = absl::AsciiStrToLower(out.host);
  }
  if (out.host.empty()) return BadUrl("no host");
  int port_number = out.https ? 443 : 80;
  if (!port.empty() && (!absl::SimpleAtoi(std::string(port), &port_number) || port_number < 1 ||
                        port_number > 65535 || port.size() > 5)) {
    return BadUrl("the port must be 1 to 65535");
  }
  out.port = std::to_string(port_number);
  if (!allow_http) {
    std::string host = out.host;
    if (!host.empty() && host.back() == '.') host.pop_back();
    // The resolver also takes the old IPv4 forms (2130706433, 0x7f.1, 127.1): judged as the
    // address they are. (The sender checks the addresses a name resolves to as well.)
    in_addr legacy{};
    if (inet_aton(host.c_str(), &legacy) == 1) {
      char dotted[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &legacy, dotted, sizeof dotted);
      host = dotted;
    }
    if (host == "localhost" || absl::EndsWith(host, ".localhost") || IsInternalAddress(host)) {
      return BadUrl("must not be a loopback or private address");
    }
  }
  return out;
}

std::chrono::milliseconds WebhookBackoff(int attempt, std::chrono::milliseconds min,
                                         std::chrono::milliseconds max) {
  long long full = std::max<long long>(min.count(), 1);
  for (int n = 1; n < attempt && full < max.count(); ++n) full *= 2;
  full = std::min<long long>(full, std::max(max.count(), min.count()));
  thread_local std::mt19937_64 random{std::random_device{}()};
  const long long cut = std::uniform_int_distribution<long long>(0, full / 2)(random);
  return std::chrono::milliseconds(full - cut);
}

WebhooksDomain::WebhooksDomain(WebhookRepository& webhooks, const Clock& clock,
                               WebhookOptions options)
    : webhooks_(webhooks), clock_(clock), options_(std::move(options)) {}

absl::StatusOr<CreatedWebhook> WebhooksDomain::CreateWebhook(
    Tx& tx, const Principal& caller, const RequestKey& key, const std::string& region_id,
    const std::string& url, const std::vector<std::string>& types) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  TX_RETURN_IF_ERROR(ParseWebhookUrl(url, options_.allow_http_webhooks).status());
  if (types.size() > kMaxTypes) {
    return absl::InvalidArgumentError("types: at most 50");
  }
  // The feed's own check: a type it would refuse to publish or filter by is no type to wait for.
  for (size_t i = 0; i < types.size(); ++i) {
    TX_RETURN_IF_ERROR(CheckEventType(absl::StrCat("types[", i, "]"), types[i]));
  }
  std::vector<std::string> sorted_types = types;
  std::sort(sorted_types.begin(), sorted_types.end());
  sorted_types.erase(std::unique(sorted_types.begin(), sorted_types.end()), sorted_types.end());
  Webhook webhook;
  webhook.webhook_id = NewUuid();
  webhook.region_id = region_id;
  webhook.url = url;
  webhook.types = std::move(sorted_types);
  webhook.created_by = caller.subject;
  webhook.create_time = clock_.Now();
  TX_ASSIGN_OR_RETURN(WebhookRecord stored, webhooks_.InsertOnce(tx, key, webhook));
  if (stored.request_fingerprint != key.fingerprint) return RequestIdReusedError();
  std::string secret = WebhookSecret(options_.webhook_key, stored.webhook.webhook_id);
  return CreatedWebhook{std::move(stored.webhook), std::move(secret)};
}

absl::StatusOr<Page<Webhook>> WebhooksDomain::ListWebhooks(Tx& tx, const Principal& caller,
                                                           const std::string& region_id,
                                                           const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  return webhooks_.ListOfRegion(tx, region_id, page);
}

absl::StatusOr<Webhook> WebhooksDomain::Manageable(Tx& tx, const Principal& caller,
                                                   const std::string& webhook_id) {
  TX_RETURN_IF_ERROR(CheckUuid("webhook_id", webhook_id));
  if (caller.role != Role::kSystem && !caller.IsAdmin()) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(std::optional<Webhook> webhook, webhooks_.Find(tx, webhook_id));
  if (!webhook || !RequireAdminInScope(caller, webhook->region_id).ok()) {
    return absl::NotFoundError("webhook_id: no such webhook");
  }
  return *std::move(webhook);
}

absl::StatusOr<Webhook> WebhooksDomain::DeleteWebhook(Tx& tx, const Principal& caller,
                                                      const std::string& webhook_id) {
  TX_ASSIGN_OR_RETURN(Webhook webhook, Manageable(tx, caller, webhook_id));
  TX_ASSIGN_OR_RETURN(bool deleted, webhooks_.MarkDeleted(tx, webhook_id, clock_.Now()));
  if (!deleted) return absl::FailedPreconditionError("webhook_id: the webhook is deleted already");
  TX_ASSIGN_OR_RETURN(std::optional<Webhook> now_deleted, webhooks_.Find(tx, webhook_id));
  return now_deleted ? *std::move(now_deleted) : webhook;
}

absl::StatusOr<Page<WebhookDelivery>> WebhooksDomain::ListDeadLetters(Tx& tx,
                                                                      const Principal& caller,
                                                                      const std::string& region_id,
                                                                      const std::string& webhook_id,
                                                                      const PageRequest& page) {
  if (!webhook_id.empty()) {
    TX_ASSIGN_OR_RETURN(Webhook webhook, Manageable(tx, caller, webhook_id));
    return webhooks_.DeadLettersOfWebhook(tx, webhook.webhook_id, page);
  }
  if (region_id.empty()) {
    return absl::InvalidArgumentError("region_id: required unless webhook_id is given");
  }
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  return webhooks_.DeadLettersOfRegion(tx, region_id, page);
}

absl::StatusOr<int> WebhooksDomain::ReplayDeliveries(Tx& tx, const Principal& caller,
                                                     const std::string& webhook_id,
                                                     const std::vector<std::string>& delivery_ids) {
  if (delivery_ids.size() > kMaxReplayIds) {
    return absl::InvalidArgumentError("delivery_ids: at most 100");
  }
  for (const std::string& id : delivery_ids) TX_RETURN_IF_ERROR(CheckUuid("delivery_ids", id));
  TX_ASSIGN_OR_RETURN(Webhook webhook, Manageable(tx, caller, webhook_id));
  if (webhook.delete_time) {
    return absl::FailedPreconditionError("webhook_id: the webhook is deleted; nothing is sent");
  }
  return webhooks_.Replay(tx, webhook_id, delivery_ids, clock_.Now());
}

}  // namespace tongxin::notifications
