// HTTP/1.1 keep-alive connections to the gateway (Boost.Beast on Asio, one event thread): each
// connection carries one request at a time and is reused, as a browser or the grid system's
// client does; requests for a busy connection wait in its queue (an open loop's latency then
// includes the wait). TCP_NODELAY is set so that the client adds no Nagle delay of its own.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace tongxin::bench {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string target;          // path and query
  std::string token;           // bearer token
  std::string request_id;      // X-Request-Id for writes
  std::string body;            // JSON
};

class HttpPool {
 public:
  // `connections` keep-alive connections to host:port, opened on first use.
  HttpPool(const std::string& host, int port, int connections);
  ~HttpPool();
  HttpPool(const HttpPool&) = delete;
  HttpPool& operator=(const HttpPool&) = delete;

  // Sends on connection `slot % connections`; `done` gets "HTTP <status>" or "IO <error>" and
  // the response body, on the event thread.
  void Send(int slot, HttpRequest request,
            std::function<void(const std::string& code, const std::string& body)> done);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongxin::bench
