// The webhooks' HTTPS client against a real TLS receiver on a loopback port, with a certificate
// made on the spot: delivered when the certificate is trusted and names the host; refused when it
// is not trusted (the system's CAs do not know it) or names another host.
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "services/notifications/webhook_sender.h"

namespace tongxin::notifications {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct Certificate {
  std::string cert_pem;
  std::string key_pem;
};

std::string BioString(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

void AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A self-signed certificate for `dns_name`, its own CA.
Certificate SelfSigned(const char* dns_name) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(dns_name), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  AddExtension(cert, NID_subject_alt_name, (std::string("DNS:") + dns_name).c_str());
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  X509_sign(cert, key, EVP_sha256());
  Certificate out;
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, cert);
  out.cert_pem = BioString(cert_bio);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.key_pem = BioString(key_bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

// Answers 204 to every request that completes a TLS handshake; counts them.
class TlsReceiver {
 public:
  explicit TlsReceiver(const Certificate& certificate)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    tls_.use_certificate_chain(asio::buffer(certificate.cert_pem));
    tls_.use_private_key(asio::buffer(certificate.key_pem), ssl::context::pem);
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~TlsReceiver() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) continue;
      ssl::stream<tcp::socket> stream(std::move(socket), tls_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) continue;  // the client refused the certificate
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(stream, buffer, request, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mu_);
        bodies_.push_back(request.body());
      }
      http::response<http::empty_body> response{http::status::no_content, 11};
      response.keep_alive(false);
      http::write(stream, response, ec);
      stream.shutdown(ec);
    }
  }

  asio::io_context io_;
  ssl::context tls_{ssl::context::tls_server};
  tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

absl::Status PostAndWait(WebhookSender& sender, const std::string& url) {
  std::promise<absl::Status> answered;
  WebhookPost post;
  post.url = url;
  post.headers = {{"Content-Type", "application/cloudevents+json"}};
  post.body = R"({"specversion":"1.0"})";
  sender.Post(std::move(post), [&](absl::Status status) { answered.set_value(status); });
  std::future<absl::Status> future = answered.get_future();
  // The sender answers within its total timeout; the margin only keeps a broken one from
  // hanging the test.
  if (future.wait_for(sender.options().total_timeout + std::chrono::seconds(5)) !=
      std::future_status::ready) {
    return absl::InternalError("the sender never answered");
  }
  return future.get();
}

WebhookSenderOptions Options(std::string extra_ca_pem) {
  WebhookSenderOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.total_timeout = std::chrono::seconds(3);
  options.allow_internal = true;  // the receiver is on loopback
  options.extra_ca_pem = std::move(extra_ca_pem);
  return options;
}

TEST(WebhookSenderTest, ATrustedCertificateNamingTheHostIsDelivered) {
  const Certificate certificate = SelfSigned("localhost");
  TlsReceiver receiver(certificate);
  WebhookSender sender(Options(certificate.cert_pem));
  absl::Status sent =
      PostAndWait(sender, "https://localhost:" + std::to_string(receiver.port()) + "/hook");
  EXPECT_TRUE(sent.ok()) << sent;
  ASSERT_EQ(receiver.bodies().size(), 1u);
  EXPECT_EQ(receiver.bodies()[0], R"({"specversion":"1.0"})");
}

TEST(WebhookSenderTest, AnUntrustedCertificateIsRefused) {
  const Certificate certificate = SelfSigned("localhost");
  TlsReceiver receiver(certificate);
  WebhookSender sender(Options(""));  // the system's CAs only
  absl::Status sent =
      PostAndWait(sender, "https://localhost:" + std::to_string(receiver.port()) + "/hook");
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_EQ(sent.message().substr(0, 4), "tls:") << sent;
  EXPECT_TRUE(receiver.bodies().empty());
}

TEST(WebhookSenderTest, ACertificateForAnotherHostIsRefused) {
  const Certificate certificate = SelfSigned("grid.example.cn");
  TlsReceiver receiver(certificate);
  WebhookSender sender(Options(certificate.cert_pem));
  absl::Status sent =
      PostAndWait(sender, "https://localhost:" + std::to_string(receiver.port()) + "/hook");
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_EQ(sent.message().substr(0, 4), "tls:") << sent;
  EXPECT_TRUE(receiver.bodies().empty());
}

TEST(WebhookSenderTest, InternalHostsAreRefusedUnlessAllowed) {
  const Certificate certificate = SelfSigned("localhost");
  TlsReceiver receiver(certificate);
  WebhookSenderOptions options = Options(certificate.cert_pem);
  options.allow_internal = false;
  WebhookSender sender(options);
  absl::Status sent =
      PostAndWait(sender, "https://localhost:" + std::to_string(receiver.port()) + "/hook");
  EXPECT_TRUE(absl::IsInvalidArgument(sent)) << sent;
  EXPECT_TRUE(receiver.bodies().empty());
}

TEST(WebhookSenderTest, NobodyListeningIsAFailedAttempt) {
  asio::io_context io;
  tcp::acceptor closed(io, {asio::ip::make_address("127.0.0.1"), 0});
  const int port = closed.local_endpoint().port();
  closed.close();
  WebhookSender sender(Options(""));
  absl::Status sent = PostAndWait(sender, "http://127.0.0.1:" + std::to_string(port) + "/hook");
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_EQ(sent.message().substr(0, 8), "connect:") << sent;
}

}  // namespace
}  // namespace tongxin::notifications
