// Bounded waits at the database edge (issue 11 hole 9): a database host that stops answering
// costs a worker seconds, not the kernel's minutes. A listening socket that never accepts plays
// the lost host: the TCP handshake completes in the kernel, and then nothing ever answers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "services/common/db.h"
#include "tests/support/test_db.h"

namespace tongxin {
namespace {

// A loopback port whose connections complete and then hear nothing: never accepted, never read.
class Blackhole {
 public:
  Blackhole() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Blackhole() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(DbTimeouts, AHostThatNeverAnswersIsUnavailableWithinTheConnectTimeout) {
  Blackhole blackhole;
  DbOptions options;
  options.url = "postgresql://nobody@127.0.0.1:" + std::to_string(blackhole.port()) + "/none";
  options.connect_timeout = std::chrono::milliseconds(2000);
  // Without the timeout libpq waits for the server's first answer for ever: the test waits on
  // its own thread, so a hang is a failure rather than a stuck suite.
  auto result = std::make_shared<std::promise<absl::Status>>();
  auto answered = result->get_future();
  auto started = std::chrono::steady_clock::now();
  std::thread([options, result] { result->set_value(Db::Open(options).status()); }).detach();
  ASSERT_EQ(answered.wait_for(std::chrono::seconds(15)), std::future_status::ready)
      << "Db::Open still waits for a host that never answers";
  EXPECT_EQ(answered.get().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(DbTimeouts, TheConnectionStringCarriesTimeoutsAndKeepalivesUnlessTheUrlSetsThem) {
  DbOptions options;
  options.url = "postgresql://u@h:5/a?connect_timeout=7&application_name=it's";
  options.keepalive_idle = std::chrono::seconds(11);
  options.keepalive_interval = std::chrono::seconds(4);
  options.keepalive_count = 2;
  options.tcp_user_timeout = std::chrono::milliseconds(9000);
  auto conninfo = ConnectionString(options);
  ASSERT_TRUE(conninfo.ok()) << conninfo.status();
  for (const char* word : {"connect_timeout='7'", "keepalives=1", "keepalives_idle=11",
                           "keepalives_interval=4", "keepalives_count=2", "tcp_user_timeout=9000",
                           "application_name='it\\'s'", "host='h'", "dbname='a'"}) {
    EXPECT_NE(conninfo->find(word), std::string::npos) << word << " not in " << *conninfo;
  }
  EXPECT_EQ(ConnectionString(DbOptions{.url = "host=h bogus=1"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

int SocketOption(int fd, int level, int name) {
  int value = -1;
  socklen_t length = sizeof value;
  EXPECT_EQ(getsockopt(fd, level, name, &value, &length), 0);
  return value;
}

TEST(DbTimeouts, TheSocketLibpqOpensHasTheKeepalivesAndUserTimeout) {
  DbOptions options;
  options.url = testing::TestServerUrl();
  options.keepalive_idle = std::chrono::seconds(12);
  options.keepalive_interval = std::chrono::seconds(3);
  options.keepalive_count = 4;
  options.tcp_user_timeout = std::chrono::milliseconds(8000);
  auto conninfo = ConnectionString(options);
  ASSERT_TRUE(conninfo.ok()) << conninfo.status();
  pqxx::connection connection(*conninfo);
  int fd = connection.sock();
  EXPECT_EQ(SocketOption(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  EXPECT_EQ(SocketOption(fd, IPPROTO_TCP, TCP_KEEPIDLE), 12);
  EXPECT_EQ(SocketOption(fd, IPPROTO_TCP, TCP_KEEPINTVL), 3);
  EXPECT_EQ(SocketOption(fd, IPPROTO_TCP, TCP_KEEPCNT), 4);
  EXPECT_EQ(SocketOption(fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 8000);
}

}  // namespace
}  // namespace tongxin
