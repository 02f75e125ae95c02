// The volunteer, points and notifications services as other services' tests need them beside
// themselves: each built the way its main() builds it, on its own real database, served on a
// loopback port. Every relay a test runs delivers to all three, so the events the services
// publish reach a real notifications service (and a test may stop it and start it again).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "services/common/outbox.h"
#include "services/notifications/notifications_service.h"
#include "services/volunteer/domain/identity.h"
#include "tests/support/notifications_stack.h"
#include "tests/support/points_stack.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"
#include "tests/support/volunteer_stack.h"

namespace tongxin::testing {

// The notifications service on a database the caller owns, so that it can go down and come back
// on the same data (NotificationsStack, which owns its database, is for its own tests).
struct NotificationsOnDb {
  // `token_time`: the time its tokens are checked at (TestServer), the neighbours' start, so
  // that a service started again after a test moved the clock takes the tokens minted before.
  NotificationsOnDb(const Clock& clock, const Clock& token_time, Db& db)
      : server(token_time),
        service(notifications::NotificationsService::Create(db, clock, {server.runner()}, {},
                                                            TestWebhookOptions())) {
    server.Start(service->service());
  }
  ~NotificationsOnDb() { server.Stop(); }
  TestServer server;
  std::unique_ptr<notifications::NotificationsService> service;
};

// The volunteer, points and notifications services beside a service under test — the real ones,
// each on its own database — and what that service's tests do to them.
class Neighbours {
 public:
  Neighbours(const Clock& clock, const std::string& prefix,
             volunteer::VolunteerOptions volunteer_options = TestVolunteerOptions())
      : clock_(clock),
        volunteer_(
            std::make_unique<VolunteerStack>(clock, prefix + "_volunteer", volunteer_options)),
        points_database_(prefix + "_points", "points"),
        points_db_(points_database_.Open(8)),
        points_(std::make_unique<PointsStack>(clock, *points_db_)),
        notifications_database_(prefix + "_notifications", "notifications"),
        notifications_db_(notifications_database_.Open(8)),
        token_time_(clock.Now()),
        notifications_(std::make_unique<NotificationsOnDb>(clock, token_time_, *notifications_db_)),
        volunteer_stub_(volunteer::v1::VolunteerService::NewStub(volunteer_->server.channel())) {}

  VolunteerStack& volunteer() { return *volunteer_; }
  PointsStack& points() { return *points_; }
  // The points service's database (its outbox too).
  Db& points_db() { return *points_db_; }
  // The running notifications service (none while stopped).
  NotificationsOnDb* notifications() { return notifications_.get(); }
  const TestDatabase& notifications_database() const { return notifications_database_; }
  // The notifications service goes down (its relays' calls fail) and comes back: a new process
  // (and port) on the same database.
  void StopNotifications() { notifications_.reset(); }
  void StartNotifications() {
    if (!notifications_) {
      notifications_ = std::make_unique<NotificationsOnDb>(clock_, token_time_, *notifications_db_);
    }
  }
  std::string SystemToken() const { return volunteer_->server.Token(Role::kSystem, "tests"); }

  // The points service comes back: a new process (and port) on the same database.
  void RestartPoints() {
    points_.reset();
    points_ = std::make_unique<PointsStack>(clock_, *points_db_);
  }

  // A street and its communities, each named after its id.
  void SeedHierarchy(const std::string& street_id, const std::string& street_name,
                     const std::vector<std::string>& communities) {
    namespace vpb = ::tongxin::volunteer::v1;
    vpb::CreateStreetRequest street;
    street.set_request_id(NextId());
    street.mutable_street()->set_street_id(street_id);
    street.mutable_street()->set_name(street_name);
    vpb::Street s;
    ASSERT_TRUE(CallWith(volunteer_stub_.get(), &vpb::VolunteerService::Stub::CreateStreet,
                         SystemToken(), street, &s)
                    .ok());
    for (const auto& id : communities) {
      vpb::CreateCommunityRequest community;
      community.set_request_id(NextId());
      community.mutable_community()->set_community_id(id);
      community.mutable_community()->set_name("社区" + id);
      vpb::Community c;
      ASSERT_TRUE(CallWith(volunteer_stub_.get(), &vpb::VolunteerService::Stub::CreateCommunity,
                           SystemToken(), community, &c)
                      .ok());
    }
  }

  // Registers the n-th test person: name `name_prefix`+n, an ID number born on `birth_date`
  // (YYYYMMDD) with sequence n, phone `phone_prefix`+(1000+n); reports them to `report_to`.
  std::string RegisterVolunteer(int n, const std::string& name_prefix,
                                const std::string& birth_date, const std::string& phone_prefix,
                                const std::string& community_id, bool party_member,
                                const std::string& report_to = "") {
    namespace vpb = ::tongxin::volunteer::v1;
    vpb::RegisterVolunteerRequest request;
    request.set_request_id(NextId());
    request.set_name(name_prefix + std::to_string(n));
    std::string first17 = "411502" + birth_date + std::to_string(1000 + n % 1000).substr(1);
    request.set_id_number(first17 + volunteer::ResidentIdCheckCharacter(first17));
    request.set_phone(phone_prefix + std::to_string(1000 + n));
    request.set_community_id(community_id);
    request.set_political_status(party_member ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                              : vpb::POLITICAL_STATUS_MASSES);
    if (party_member) request.set_party_branch("第一党支部");
    vpb::Volunteer v;
    grpc::Status status =
        CallWith(volunteer_stub_.get(), &vpb::VolunteerService::Stub::RegisterVolunteer,
                 SystemToken(), request, &v);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!report_to.empty()) {
      vpb::ReportToCommunityRequest report;
      report.set_request_id(NextId());
      report.set_volunteer_id(v.volunteer_id());
      report.set_community_id(report_to);
      vpb::Volunteer reported;
      EXPECT_TRUE(CallWith(volunteer_stub_.get(), &vpb::VolunteerService::Stub::ReportToCommunity,
                           SystemToken(), report, &reported)
                      .ok());
    }
    return v.volunteer_id();
  }

  // Delivers the outbox in `db` to the volunteer service, to the points service at
  // `points_target` and to the notifications service (while it runs), a few passes, calling as
  // the system subject `caller` (a service's, e.g. "wishes-service", names the events' source);
  // returns how many events were delivered.
  int Relay(Db& db, const std::string& points_target, const std::string& caller = "tests") {
    OutboxRelayOptions options;
    options.min_backoff = std::chrono::milliseconds(0);
    options.call_timeout = std::chrono::seconds(2);
    // A stopped service: nothing listens on port 1.
    const std::string notifications_target =
        notifications_ ? notifications_->server.target() : "127.0.0.1:1";
    OutboxRelay relay(
        db,
        GrpcOutboxDeliverer(
            {{"volunteer",
              grpc::CreateChannel(volunteer_->server.target(), grpc::InsecureChannelCredentials())},
             {"points", grpc::CreateChannel(points_target, grpc::InsecureChannelCredentials())},
             {"notifications",
              grpc::CreateChannel(notifications_target, grpc::InsecureChannelCredentials())}},
            [this, caller] { return volunteer_->server.Token(Role::kSystem, caller); }),
        options);
    int delivered = 0;
    for (int pass = 0; pass < 5; ++pass) {
      auto n = relay.RunOnce();
      EXPECT_TRUE(n.ok()) << n.status();
      if (!n.ok() || *n == 0) break;
      delivered += *n;
    }
    return delivered;
  }

  double Hours(const std::string& volunteer_id) {
    namespace vpb = ::tongxin::volunteer::v1;
    vpb::GetServiceSummaryRequest request;
    request.set_volunteer_id(volunteer_id);
    vpb::ServiceSummary summary;
    EXPECT_TRUE(CallWith(volunteer_stub_.get(), &vpb::VolunteerService::Stub::GetServiceSummary,
                         SystemToken(), request, &summary)
                    .ok());
    return summary.total_hours();
  }

  long long Points(const std::string& volunteer_id) {
    namespace ppb = ::tongxin::points::v1;
    auto stub = ppb::PointsService::NewStub(points_->server.channel());
    ppb::GetBalanceRequest request;
    request.set_volunteer_id(volunteer_id);
    ppb::Balance balance;
    grpc::Status status = CallWith(stub.get(), &ppb::PointsService::Stub::GetBalance, SystemToken(),
                                   request, &balance);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return balance.balance();
  }

 private:
  std::string NextId() { return "neighbours-" + std::to_string(++counter_); }

  const Clock& clock_;
  std::unique_ptr<VolunteerStack> volunteer_;
  TestDatabase points_database_;
  std::unique_ptr<Db> points_db_;
  std::unique_ptr<PointsStack> points_;
  TestDatabase notifications_database_;
  std::unique_ptr<Db> notifications_db_;
  FakeClock token_time_;  // the time every neighbour's tokens are minted and checked at
  std::unique_ptr<NotificationsOnDb> notifications_;
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> volunteer_stub_;
  std::atomic<int> counter_{0};
};

}  // namespace tongxin::testing
