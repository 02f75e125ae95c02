// The HTTP(S) client of the webhooks: POSTs one signed delivery and says how it went, by a
// bounded time. Boost.Beast on one I/O thread of its own: no thread waits per delivery, and
// every delivery ends (answered, refused or timed out) within total_timeout. HTTPS verifies the
// receiver's certificate chain against the system's trust store and its name against the host.
// Outside domain/: this is I/O.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace tongxin::notifications {

struct WebhookSenderOptions {
  std::chrono::milliseconds connect_timeout{5000};
  // From the start of the delivery (resolving the name included) to the response's header.
  std::chrono::milliseconds total_timeout{15000};
  // http URLs and receivers on loopback or private addresses (development runs and tests). Off,
  // a name resolving to such an address is refused too, not only a literal one.
  bool allow_internal = false;
  // PEM certificates trusted beside the system's CAs (a private CA; the tests' own).
  std::string extra_ca_pem;
};

struct WebhookPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class WebhookSender {
 public:
  // Starts its I/O thread. A system without a trust store can deliver to no https URL (each
  // attempt fails its TLS handshake, logged); nothing else can fail here.
  explicit WebhookSender(WebhookSenderOptions options);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // `done` runs once, on the sender's thread, within options.total_timeout: OK for a 2xx answer;
  // else UNAVAILABLE saying what happened ("HTTP 500", "connect: Connection refused"),
  // DEADLINE_EXCEEDED for a timeout, INVALID_ARGUMENT for a URL or address refused.
  void Post(WebhookPost post, std::function<void(absl::Status)> done);

  const WebhookSenderOptions& options() const { return options_; }

 private:
  struct Impl;
  WebhookSenderOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongxin::notifications
