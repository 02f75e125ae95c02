// The gateway's HTTP/1.1 server: event-driven on Boost.Beast and Asio, so that a connection costs
// a little memory and no thread. A small fixed number of threads run one io_context; every
// connection reads, hands its request to the handler and writes the answer asynchronously, on a
// strand of its own. The handler answers whenever it likes, from any thread (a downstream call's
// callback): nothing waits for it meanwhile.
//
// Bounded waits, so that slow or idle clients cost nobody else anything:
//   - a request's header and body must arrive within `request_timeout` of its first byte
//     (slowloris: a client trickling header lines is closed when it runs out), and a new
//     connection's first byte within `request_timeout` of its accept;
//   - a kept-alive connection may sit idle `idle_timeout` between requests;
//   - at most `max_connections` are open: beyond that a new connection is closed at once;
//   - a body over `max_body_bytes` is refused (the handler's `refuse` answers it, 413), as are a
//     request that is not HTTP (400) and a header over 16 KiB (431); the connection then closes.
// HEAD is served as GET, answered with the GET's header (its Content-Length) and no body.
// Every accepted socket gets TCP_NODELAY: an answer is written whole, and Nagle's algorithm would
// hold its last segment until the client's delayed ACK (~40 ms on every kept-alive request).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace tongxin::gateway {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Beast (1.74) speaks boost::string_view; the rest of the gateway std::string_view.
inline std::string_view StdView(boost::beast::string_view text) {
  return {text.data(), text.size()};
}
inline boost::beast::string_view BeastView(std::string_view text) {
  return {text.data(), text.size()};
}

// Answers one request: call it exactly once, from any thread.
using Respond = std::function<void(HttpResponse)>;

struct HttpServerOptions {
  int threads = 2;
  size_t max_connections = 10000;
  size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
};

struct HttpHandlers {
  // A whole request, with the client's address.
  std::function<void(HttpRequest request, const std::string& remote_address, Respond respond)>
      serve;
  // The answer to a request refused without the handler (its header only, perhaps partial):
  // 413, 400, 431, 503 while stopping, 500 when the handler threw.
  std::function<HttpResponse(const HttpRequest& header, int status, const absl::Status& why)>
      refuse;
  // Optional, for tests: sees each accepted socket once its options are set.
  std::function<void(boost::asio::ip::tcp::socket& socket)> accepted;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandlers handlers);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (port 0: any free port) and starts the threads.
  absl::Status Start(const std::string& host, int port);
  int port() const { return port_; }
  // Stops accepting; a request arriving on a kept-alive connection is answered 503 and its
  // connection closed; the requests being served answer (each is bounded by its deadline, this
  // wait by a minute), then the threads stop.
  void Stop();

  size_t open_connections() const { return open_.load(); }
  bool stopping() const { return stopping_.load(); }

 private:
  class Session;
  void Accept();
  void Run();
  bool Started();   // a request goes to the handler; false once stopping
  void Answered();  // and its answer has been written
  // A handler's Respond (its hold on a connection) made and gone: Stop waits for them all.
  void ResponderMade();
  void ResponderGone();

  HttpServerOptions options_;
  HttpHandlers handlers_;
  // Before the loop: sessions still queued in it count themselves out as it is destroyed.
  std::atomic<size_t> open_{0};
  std::mutex mu_;
  std::condition_variable idle_;
  int serving_ = 0;     // requests with the handler, under mu_
  int responders_ = 0;  // Responds alive, under mu_
  bool stopped_ = false;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;  // on a strand of its own
  boost::asio::steady_timer accept_retry_;   // on the acceptor's strand
  std::vector<std::thread> threads_;
};

}  // namespace tongxin::gateway
