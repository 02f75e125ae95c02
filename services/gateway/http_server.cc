// The event-driven HTTP/1.1 server: an acceptor and one Session per connection, each on its own
// strand, every wait bounded by a timer of the connection's stream.
#include "services/gateway/http_server.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

#include "absl/strings/str_cat.h"

namespace tongxin::gateway {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// Far above any header a browser or the grid system sends; a longer one is refused.
constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kReadChunk = 4096;
// How long a closing connection reads what its client still sends.
constexpr std::chrono::milliseconds kLinger{1000};

}  // namespace

class HttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    beast::error_code error;
    auto remote = stream_.socket().remote_endpoint(error);
    if (!error) remote_ = remote.address().to_string();
  }
  ~Session() { --server_.open_; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->AwaitRequest(); });
  }

 private:
  // Waits for a request's first byte: a new connection as long as a request may take, a
  // kept-alive one its idle time.
  void AwaitRequest() {
    if (buffer_.size() > 0) return ReadHeader();  // the next request is already here
    stream_.expires_after(first_ ? server_.options_.request_timeout
                                 : server_.options_.idle_timeout);
    first_ = false;
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code error, size_t bytes) {
                              if (error) return self->Close();
                              self->buffer_.commit(bytes);
                              self->ReadHeader();
                            });
  }

  // From the first byte on, the header and the body have request_timeout to arrive.
  void ReadHeader() {
    head_ = false;
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(server_.options_.max_body_bytes);
    stream_.expires_after(server_.options_.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, size_t) { self->OnHeader(error); });
  }

  void OnHeader(beast::error_code error) {
    // A Content-Length over the limit is found once the whole header is in.
    if (error == http::error::body_limit) return Refuse(413, BodyTooLarge());
    if (error == http::error::header_limit) {
      return Refuse(431, absl::InvalidArgumentError("header: larger than 16 KiB"));
    }
    if (IsParseError(error)) return Refuse(400, NotHttp(error));
    if (error) return Close();  // timed out or gone
    if (parser_->is_done()) return Dispatch();
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      // A client that asks first (curl, for a larger body) sends the body once told to.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue),
                              [self = shared_from_this()](beast::error_code error, size_t) {
                                if (error) return self->Close();
                                self->ReadBody();
                              });
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code error, size_t) {
                       if (error == http::error::body_limit) {
                         return self->Refuse(413, self->BodyTooLarge());
                       }
                       if (IsParseError(error)) return self->Refuse(400, NotHttp(error));
                       if (error) return self->Close();
                       self->Dispatch();
                     });
  }

  // Malformed input, as against a timeout or a client that went away.
  static bool IsParseError(beast::error_code error) {
    return error && error.category() == http::make_error_code(http::error::bad_target).category() &&
           error != http::error::end_of_stream && error != http::error::partial_message;
  }
  static absl::Status NotHttp(beast::error_code error) {
    return absl::InvalidArgumentError(
        absl::StrCat("request: not HTTP/1.1 (", error.message(), ")"));
  }
  absl::Status BodyTooLarge() const {
    return absl::OutOfRangeError(
        absl::StrCat("body: larger than ", server_.options_.max_body_bytes, " bytes"));
  }

  // The request goes to the handler; the connection waits, holding no thread and no timer (the
  // call is bounded by its own deadline), until the answer is posted back to its strand. While
  // the server stops, a request is answered 503 without the handler.
  void Dispatch() {
    stream_.expires_never();
    keep_alive_ = parser_->keep_alive();
    version_ = parser_->get().version();
    head_ = parser_->get().method() == http::verb::head;
    if (!server_.Started()) {
      return Refuse(503, absl::UnavailableError("the gateway is shutting down"));
    }
    answering_ = true;
    HttpRequest request = parser_->release();
    if (head_) request.method(http::verb::get);  // answered as GET, its body left out
    HttpRequest header_only;
    header_only.base() = request.base();
    auto pending = std::make_shared<PendingAnswer>(shared_from_this(), std::move(header_only));
    Respond respond = [pending](HttpResponse response) { pending->Answer(std::move(response)); };
    try {
      server_.handlers_.serve(std::move(request), remote_, std::move(respond));
    } catch (const std::exception& error) {
      spdlog::error("http: the handler threw: {}", error.what());
      pending->AnswerError();
    } catch (...) {
      spdlog::error("http: the handler threw");
      pending->AnswerError();
    }
  }

  // The one answer a request gets: a second (after the handler threw, say) is dropped, and a
  // handler that lets go of its Respond unanswered gets a 500 sent for it, so that neither the
  // connection nor Stop's count of requests in flight waits forever. The last copy may go on a
  // gRPC thread; the write is posted to the connection's strand.
  class PendingAnswer {
   public:
    PendingAnswer(std::shared_ptr<Session> session, HttpRequest header)
        : session_(std::move(session)), header_(std::move(header)) {
      session_->server_.ResponderMade();
    }
    // Often on a gRPC thread. The session may go with our reference (its socket leaves the
    // loop's reactor), so Stop waits for this before the loop goes: see ResponderGone.
    ~PendingAnswer() {
      if (!answered_.exchange(true)) {
        spdlog::error("http: a handler dropped its answer to {}", std::string(header_.target()));
        Post(Error());
      }
      HttpServer& server = session_->server_;
      session_.reset();
      server.ResponderGone();
    }
    void Answer(HttpResponse response) {
      if (!answered_.exchange(true)) Post(std::move(response));
    }
    void AnswerError() {
      if (!answered_.exchange(true)) Post(Error());
    }

   private:
    HttpResponse Error() const {
      return session_->server_.handlers_.refuse(header_, 500,
                                                absl::InternalError("internal error"));
    }
    void Post(HttpResponse response) {
      auto executor = session_->stream_.get_executor();
      net::post(executor, [session = session_, response = std::move(response)]() mutable {
        session->Write(std::move(response));
      });
    }

    std::shared_ptr<Session> session_;
    HttpRequest header_;
    std::atomic<bool> answered_{false};
  };

  // A request refused without the handler: answered, then the connection closes (its body may
  // not have been read).
  void Refuse(int status, const absl::Status& why) {
    keep_alive_ = false;
    version_ = parser_->get().version();
    Write(server_.handlers_.refuse(parser_->get(), status, why));
  }

  void Write(HttpResponse response) {
    response.version(version_ == 10 ? 10 : 11);
    response.keep_alive(keep_alive_ && !server_.stopping_.load());
    response.prepare_payload();
    response_.emplace(std::move(response));
    serializer_.emplace(*response_);
    stream_.expires_after(server_.options_.idle_timeout);
    auto written = [self = shared_from_this()](beast::error_code error, size_t) {
      bool again = !error && self->response_->keep_alive();
      self->serializer_.reset();
      self->response_.reset();
      if (self->answering_) {
        self->answering_ = false;
        self->server_.Answered();
      }
      if (!again) return self->Close();
      self->AwaitRequest();
    };
    // HEAD: the GET's header, Content-Length included, and no body.
    if (head_) return http::async_write_header(stream_, *serializer_, std::move(written));
    http::async_write(stream_, *serializer_, std::move(written));
  }

  // Closes our side, then reads what the client still sends until it closes too (bounded): closing
  // with unread bytes would reset the connection, and the client could lose the answer (a 413
  // written while its body was still on the way).
  void Close() {
    beast::error_code ignored;
    if (!stream_.socket().is_open()) return;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(
        std::min<std::chrono::milliseconds>(kLinger, server_.options_.request_timeout));
    Drain();
  }
  void Drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code error, size_t) {
                              if (!error) return self->Drain();
                              self->stream_.close();
                            });
  }

  HttpServer& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<HttpResponse> response_;  // lives while it is written
  std::optional<http::response_serializer<http::string_body>> serializer_;
  std::string remote_;
  bool first_ = true;
  bool keep_alive_ = true;
  bool head_ = false;
  bool answering_ = false;  // the handler's answer is being written: Answered() once it is
  unsigned version_ = 11;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandlers handlers)
    : options_(options),
      handlers_(std::move(handlers)),
      io_(options.threads),
      acceptor_(net::make_strand(io_)),
      accept_retry_(acceptor_.get_executor()) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start(const std::string& host, int port) {
  beast::error_code error;
  tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, error);
  if (error || endpoints.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("listen: no address for ", host));
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), error);
  // A fixed port is rebound at once after a restart (its old connections in TIME_WAIT); port 0
  // must not be reusable, or Linux may hand out a port another such socket already holds.
  if (!error && port != 0) acceptor_.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port, ": ", error.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  Accept();
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] { Run(); });
  }
  return absl::OkStatus();
}

void HttpServer::Accept() {
  acceptor_.async_accept(
      net::make_strand(io_), [this](beast::error_code error, tcp::socket socket) {
        if (error == net::error::operation_aborted || !acceptor_.is_open()) return;  // stopped
        if (error) {
          // Out of descriptors (EMFILE) and the like: accepting again at once would spin.
          spdlog::warn("http: accept failed: {}", error.message());
          accept_retry_.expires_after(std::chrono::milliseconds(50));
          accept_retry_.async_wait([this](beast::error_code error) {
            if (!error && acceptor_.is_open()) Accept();
          });
          return;
        }
        beast::error_code ignored;
        if (open_.load() >= options_.max_connections) {
          socket.close(ignored);  // over the cap: refused at once rather than left waiting
        } else {
          socket.set_option(tcp::no_delay(true), ignored);
          if (handlers_.accepted) handlers_.accepted(socket);
          ++open_;
          std::make_shared<Session>(*this, std::move(socket))->Start();
        }
        Accept();
      });
}

// A handler that throws on a loop thread is logged and the loop goes on.
void HttpServer::Run() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& error) {
      spdlog::error("http: an io thread caught: {}", error.what());
    } catch (...) {
      spdlog::error("http: an io thread caught an exception");
    }
  }
}

bool HttpServer::Started() {
  std::lock_guard lock(mu_);
  if (stopping_.load()) return false;
  ++serving_;
  return true;
}

void HttpServer::Answered() {
  std::lock_guard lock(mu_);
  if (--serving_ == 0 && responders_ == 0) idle_.notify_all();
}

void HttpServer::ResponderMade() {
  std::lock_guard lock(mu_);
  ++responders_;
}

void HttpServer::ResponderGone() {
  std::lock_guard lock(mu_);
  if (--responders_ == 0 && serving_ == 0) idle_.notify_all();
}

void HttpServer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;  // from now on requests are answered 503 and connections close
  }
  if (threads_.empty()) return;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
  {
    // Every request with the handler answers by its deadline; its answer is written on the
    // loop, and the handler's last reference to its connection (a Respond kept by a gRPC
    // callback) may outlive the answer, so the loop must outlive both.
    std::unique_lock lock(mu_);
    idle_.wait_for(lock, std::chrono::minutes(1),
                   [this] { return serving_ == 0 && responders_ == 0; });
  }
  io_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace tongxin::gateway
