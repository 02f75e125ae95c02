#include "services/notifications/webhook_sender.h"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
// clang-format on
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/notifications/domain/webhooks_domain.h"

namespace tongxin::notifications {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct WebhookSender::Impl {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard{io.get_executor()};
  ssl::context tls{ssl::context::tls_client};
  std::thread thread;
};

namespace {

// One POST, from resolving the host to the response's status line, on the sender's thread.
// Everything is bounded by one timer for the whole delivery (the resolver included) and the
// stream's own expiry per step.
class Delivery : public std::enable_shared_from_this<Delivery> {
 public:
  Delivery(asio::io_context& io, ssl::context& tls, const WebhookSenderOptions& options,
           WebhookUrl url, WebhookPost post, std::function<void(absl::Status)> done)
      : options_(options),
        url_(std::move(url)),
        post_(std::move(post)),
        done_(std::move(done)),
        resolver_(io),
        timer_(io),
        deadline_(std::chrono::steady_clock::now() + options.total_timeout) {
    if (url_.https) {
      tls_.emplace(io, tls);
    } else {
      plain_.emplace(io);
    }
  }

  void Start() {
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->Finish(absl::DeadlineExceededError(
            absl::StrCat("no answer within ", self->options_.total_timeout.count(), " ms")));
      }
    });
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
          self->OnResolve(ec, results);
        });
  }

 private:
  beast::tcp_stream& Lowest() { return plain_ ? *plain_ : beast::get_lowest_layer(*tls_); }

  std::chrono::steady_clock::duration Remaining() const {
    return std::max<std::chrono::steady_clock::duration>(
        deadline_ - std::chrono::steady_clock::now(), std::chrono::milliseconds(1));
  }

  absl::Status Failed(const std::string& step, beast::error_code ec) {
    if (ec == beast::error::timeout) {
      return absl::DeadlineExceededError(absl::StrCat(step, ": timed out"));
    }
    return absl::UnavailableError(absl::StrCat(step, ": ", ec.message()));
  }

  void OnResolve(beast::error_code ec, const tcp::resolver::results_type& results) {
    if (finished_) return;
    if (ec) return Finish(Failed("resolve", ec));
    std::vector<tcp::endpoint> endpoints;
    for (const auto& entry : results) {
      if (options_.allow_internal || !IsInternalAddress(entry.endpoint().address().to_string())) {
        endpoints.push_back(entry.endpoint());
      }
    }
    if (endpoints.empty()) {
      return Finish(absl::InvalidArgumentError(
          "url: the host resolves to a loopback or private address only"));
    }
    Lowest().expires_after(
        std::min<std::chrono::steady_clock::duration>(options_.connect_timeout, Remaining()));
    Lowest().async_connect(
        endpoints, [self = shared_from_this()](beast::error_code ec2, const tcp::endpoint&) {
          self->OnConnect(ec2);
        });
  }

  void OnConnect(beast::error_code ec) {
    if (finished_) return;
    if (ec) return Finish(Failed("connect", ec));
    if (!tls_) return Write(*plain_);
    // SNI, and the certificate must name the host (the chain is checked by the context).
    if (!SSL_set_tlsext_host_name(tls_->native_handle(), url_.host.c_str())) {
      return Finish(absl::UnavailableError("tls: the host name could not be set"));
    }
    tls_->set_verify_mode(ssl::verify_peer);
    tls_->set_verify_callback(ssl::host_name_verification(url_.host));
    Lowest().expires_after(Remaining());
    tls_->async_handshake(ssl::stream_base::client,
                          [self = shared_from_this()](beast::error_code ec2) {
                            if (self->finished_) return;
                            if (ec2) return self->Finish(self->Failed("tls", ec2));
                            self->Write(*self->tls_);
                          });
  }

  template <typename Stream>
  void Write(Stream& stream) {
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.version(11);
    const bool default_port = url_.port == (url_.https ? "443" : "80");
    const std::string host =
        url_.host.find(':') != std::string::npos ? absl::StrCat("[", url_.host, "]") : url_.host;
    request_.set(http::field::host, default_port ? host : absl::StrCat(host, ":", url_.port));
    request_.set(http::field::user_agent, "tongxin-webhooks/1");
    for (const auto& [name, value] : post_.headers) request_.set(name, value);
    request_.keep_alive(false);
    request_.body() = post_.body;
    request_.prepare_payload();
    Lowest().expires_after(Remaining());
    http::async_write(stream, request_,
                      [self = shared_from_this(), &stream](beast::error_code ec, size_t) {
                        if (self->finished_) return;
                        if (ec) return self->Finish(self->Failed("write", ec));
                        self->ReadStatus(stream);
                      });
  }

  template <typename Stream>
  void ReadStatus(Stream& stream) {
    Lowest().expires_after(Remaining());
    // The status line and headers are the answer; the body is not read.
    http::async_read_header(
        stream, buffer_, parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
          if (self->finished_) return;
          if (ec) return self->Finish(self->Failed("read", ec));
          const unsigned status = self->parser_.get().result_int();
          self->Finish(status >= 200 && status < 300
                           ? absl::OkStatus()
                           : absl::UnavailableError(absl::StrCat("HTTP ", status)));
        });
  }

  void Finish(absl::Status status) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    resolver_.cancel();
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().socket().close(ignored);
    auto done = std::move(done_);
    done(std::move(status));
  }

  const WebhookSenderOptions& options_;
  WebhookUrl url_;
  WebhookPost post_;
  std::function<void(absl::Status)> done_;
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_{16 * 1024};
  http::response_parser<http::empty_body> parser_;
  bool finished_ = false;  // only touched on the sender's thread
};

}  // namespace

WebhookSender::WebhookSender(WebhookSenderOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  impl_->tls.set_default_verify_paths(ec);
  if (ec) spdlog::error("webhooks: the system's trusted CAs were not loaded: {}", ec.message());
  if (!options_.extra_ca_pem.empty()) {
    impl_->tls.add_certificate_authority(asio::buffer(options_.extra_ca_pem), ec);
    if (ec) spdlog::error("webhooks: the extra CA was not loaded: {}", ec.message());
  }
  impl_->tls.set_verify_mode(ssl::verify_peer);
  SSL_CTX_set_min_proto_version(impl_->tls.native_handle(), TLS1_2_VERSION);
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

WebhookSender::~WebhookSender() {
  // Deliveries still under way end unanswered: their waiter's own bound covers them.
  impl_->guard.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void WebhookSender::Post(WebhookPost post, std::function<void(absl::Status)> done) {
  absl::StatusOr<WebhookUrl> url = ParseWebhookUrl(post.url, options_.allow_internal);
  if (!url.ok()) {
    asio::post(impl_->io, [done = std::move(done), status = url.status()] { done(status); });
    return;
  }
  auto delivery = std::make_shared<Delivery>(impl_->io, impl_->tls, options_, *std::move(url),
                                             std::move(post), std::move(done));
  asio::post(impl_->io, [delivery] { delivery->Start(); });
}

}  // namespace tongxin::notifications
