// A relay process for outbox_test: delivers the outbox of a database to a Receiver until
// nothing is due, so that the test can kill it with SIGKILL in the middle of a delivery.
//   outbox_test_relay DATABASE_URL RECEIVER_TARGET JWT_SECRET
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "services/common/auth.h"
#include "services/common/outbox.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: outbox_test_relay DATABASE_URL RECEIVER_TARGET JWT_SECRET\n";
    return 2;
  }
  tongxin::DbOptions options;
  options.url = argv[1];
  options.pool_size = 1;
  auto db = tongxin::Db::Open(options);
  if (!db.ok()) {
    std::cerr << db.status() << "\n";
    return 1;
  }
  std::string secret = argv[3];
  auto channel = grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials());
  tongxin::OutboxRelayOptions relay_options;
  relay_options.batch_size = 2;
  relay_options.call_timeout = std::chrono::seconds(60);
  tongxin::OutboxRelay relay(**db,
                             tongxin::GrpcOutboxDeliverer({{"testing", channel}},
                                                          [secret] {
                                                            tongxin::TokenClaims claims;
                                                            claims.subject = "outbox-relay";
                                                            claims.role = tongxin::Role::kSystem;
                                                            return *tongxin::MintHs256(
                                                                claims, secret,
                                                                tongxin::Clock::System());
                                                          }),
                             relay_options);
  for (;;) {
    auto delivered = relay.RunOnce();
    if (!delivered.ok()) {
      std::cerr << delivered.status() << "\n";
      return 1;
    }
    if (*delivered == 0) return 0;
  }
}
