#include "bench/load/http_client.h"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <chrono>
#include <deque>

namespace tongxin::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Pending {
  HttpRequest request;
  std::function<void(const std::string&, const std::string&)> done;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, tcp::endpoint endpoint, std::string host)
      : stream_(io), endpoint_(endpoint), host_(std::move(host)) {}

  // On the event thread.
  void Submit(Pending pending) {
    queue_.push_back(std::move(pending));
    if (!busy_) StartNext();
  }

 private:
  void StartNext() {
    if (queue_.empty()) {
      busy_ = false;
      return;
    }
    busy_ = true;
    const HttpRequest& in = queue_.front().request;
    request_ = {};
    request_.method(in.method == "POST" ? http::verb::post : http::verb::get);
    request_.target(in.target);
    request_.version(11);
    request_.set(http::field::host, host_);
    request_.keep_alive(true);
    if (!in.token.empty()) request_.set(http::field::authorization, "Bearer " + in.token);
    if (!in.request_id.empty()) request_.set("X-Request-Id", in.request_id);
    if (in.method == "POST") {
      request_.set(http::field::content_type, "application/json");
      request_.body() = in.body;
    }
    request_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(15));
    if (!connected_) {
      stream_.async_connect(endpoint_, [self = shared_from_this()](beast::error_code ec) {
        if (ec) return self->Finish("IO connect: " + ec.message(), true);
        self->stream_.socket().set_option(tcp::no_delay(true));
        self->connected_ = true;
        self->Write();
      });
    } else {
      Write();
    }
  }

  void Write() {
    http::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Finish("IO write: " + ec.message(), true);
      self->response_ = {};
      self->buffer_.clear();
      http::async_read(self->stream_, self->buffer_, self->response_,
                       [self](beast::error_code ec2, size_t) {
                         if (ec2) return self->Finish("IO read: " + ec2.message(), true);
                         self->Finish("HTTP " + std::to_string(self->response_.result_int()),
                                      !self->response_.keep_alive());
                       });
    });
  }

  void Finish(const std::string& code, bool close) {
    if (close) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.close();
      connected_ = false;
    }
    Pending pending = std::move(queue_.front());
    queue_.pop_front();
    pending.done(code, response_.body());
    StartNext();
  }

  beast::tcp_stream stream_;
  tcp::endpoint endpoint_;
  std::string host_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  bool connected_ = false;
};

}  // namespace

struct HttpPool::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::shared_ptr<Connection>> connections;
  std::thread thread;
};

HttpPool::HttpPool(const std::string& host, int port, int connections)
    : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<unsigned short>(port));
  std::string host_header = host + ":" + std::to_string(port);
  for (int i = 0; i < std::max(connections, 1); ++i) {
    impl_->connections.push_back(std::make_shared<Connection>(impl_->io, endpoint, host_header));
  }
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

HttpPool::~HttpPool() {
  impl_->work.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void HttpPool::Send(int slot, HttpRequest request,
                    std::function<void(const std::string&, const std::string&)> done) {
  auto connection = impl_->connections[static_cast<size_t>(slot) % impl_->connections.size()];
  asio::post(impl_->io,
             [connection, pending = Pending{std::move(request), std::move(done)}]() mutable {
               connection->Submit(std::move(pending));
             });
}

}  // namespace tongxin::bench
