// A webhook receiver as a grid system would run one: a real HTTP server (Boost.Beast) on a
// loopback port that checks each request's Tongxin-Signature the way docs/events.md tells
// receivers to — HMAC-SHA256 by OpenSSL over "<t>.<raw body>" with the secret CreateWebhook
// answered, a timestamp at most 5 minutes from its own clock — and answers 401 when the check
// fails (a forged call), else what the test asks of the path (2xx, or 500 a number of times).
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "services/common/clock.h"

namespace tongxin::testing {

struct ReceivedRequest {
  std::string path;
  std::string content_type;
  std::string event_id;
  std::string signature;
  std::string body;
  bool verified = false;
  unsigned answered = 0;
};

// docs/events.md's recipe, written from OpenSSL's HMAC rather than the service's own code.
inline bool ReceiverAccepts(const std::string& secret, const std::string& header,
                            const std::string& body, std::chrono::system_clock::time_point now) {
  std::string t;
  std::vector<std::string> v1;
  for (const std::string& part : std::vector<std::string>(absl::StrSplit(header, ','))) {
    const size_t eq = part.find('=');
    if (eq == std::string::npos) continue;
    if (part.substr(0, eq) == "t") t = part.substr(eq + 1);
    if (part.substr(0, eq) == "v1") v1.push_back(part.substr(eq + 1));
  }
  if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos) return false;
  const long long age =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() -
      std::stoll(t);
  if (std::llabs(age) > 300) return false;
  const std::string message = t + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string expected;
  for (unsigned int i = 0; i < mac_len; ++i) {
    expected += kHex[mac[i] >> 4];
    expected += kHex[mac[i] & 0xf];
  }
  for (const std::string& candidate : v1) {
    if (candidate.size() == expected.size() &&
        CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0) {
      return true;
    }
  }
  return false;
}

class WebhookReceiver {
 public:
  // `clock`: the receiver's own clock for the timestamp check (the service's FakeClock).
  explicit WebhookReceiver(const Clock& clock)
      : clock_(clock), acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~WebhookReceiver() {
    stopping_ = true;
    boost::system::error_code ignored;
    // Wakes the blocking accept.
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

  // The secret the requests to `path` must be signed with.
  void Expect(const std::string& path, const std::string& secret) {
    std::lock_guard lock(mu_);
    secrets_[path] = secret;
  }
  // The next `n` requests to `path` are answered 500 (-1: every one, until set again).
  void FailNext(const std::string& path, int n) {
    std::lock_guard lock(mu_);
    failures_[path] = n;
  }

  std::vector<ReceivedRequest> Received(const std::string& path) const {
    std::lock_guard lock(mu_);
    std::vector<ReceivedRequest> out;
    for (const auto& r : received_) {
      if (r.path == path) out.push_back(r);
    }
    return out;
  }

 private:
  void Serve() {
    namespace http = boost::beast::http;
    while (!stopping_) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      ReceivedRequest r;
      r.path = std::string(request.target());
      r.content_type = std::string(request[http::field::content_type]);
      r.event_id = std::string(request["Tongxin-Event-Id"]);
      r.signature = std::string(request["Tongxin-Signature"]);
      r.body = request.body();
      {
        std::lock_guard lock(mu_);
        auto secret = secrets_.find(r.path);
        r.verified = secret != secrets_.end() &&
                     ReceiverAccepts(secret->second, r.signature, r.body, clock_.Now());
        int& failures = failures_[r.path];
        if (!r.verified) {
          r.answered = 401;
        } else if (failures != 0) {
          r.answered = 500;
          if (failures > 0) --failures;
        } else {
          r.answered = 204;
        }
        received_.push_back(r);
      }
      http::response<http::string_body> response{static_cast<http::status>(r.answered), 11};
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  const Clock& clock_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> secrets_;
  std::map<std::string, int> failures_;
  std::vector<ReceivedRequest> received_;
};

// Sends one POST as anyone could (a forger): the receiver's answer status.
inline unsigned PostTo(int port, const std::string& path, const std::string& signature,
                       const std::string& body) {
  namespace http = boost::beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  http::request<http::string_body> request{http::verb::post, path, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/cloudevents+json");
  request.set("Tongxin-Signature", signature);
  request.body() = body;
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return response.result_int();
}

}  // namespace tongxin::testing
