// A broadcast fanned out to N inboxes (issue 16: "fan-out to 10,000 inboxes in under 10 s"): the
// volunteer and notifications services built through their composition roots and served over
// real gRPC on loopback, on their own databases of a throwaway cluster, with N active volunteers
// seeded by SQL in one community (bench/fanout.sh starts the cluster). Each run sends a broadcast
// with SendBroadcast as a street admin and polls GetBroadcast (every 20 ms) until it is
// DELIVERED, with the fan-out job running as main() runs it. Prints a Markdown table and writes
// the pgbench scripts of the same database work (the audience page, the bulk insert) beside it.
//
//   tongxin-fanout-bench BASE_URL [volunteers=10000] [runs=3] [pgbench_dir]
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "services/clients/grpc_volunteer_audience.h"
#include "services/common/migrations.h"
#include "services/notifications/notifications_service.h"
#include "services/notifications/repository/event_queries.h"
#include "services/volunteer/repository/volunteer_queries.h"
#include "services/volunteer/volunteer_service.h"
#include "tests/support/notifications_stack.h"
#include "tests/support/test_server.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

namespace {

using Stopwatch = std::chrono::steady_clock;
constexpr char kStreet[] = "411502099";
constexpr char kCommunity[] = "411502099001";

double Ms(Stopwatch::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Exec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\nin: %.160s\n", e.what(), sql.c_str());
    std::exit(1);
  }
}

std::unique_ptr<tongxin::Db> OpenDb(const std::string& url, int pool) {
  tongxin::DbOptions options;
  options.url = url;
  options.pool_size = pool;
  options.statement_timeout = std::chrono::seconds(60);
  auto db = tongxin::Db::Open(options);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(db);
}

// The volunteers, as registration would leave them: active, in one community; every fifth a
// party member. Sealed fields are placeholders (ListAudience reads none of them); the blind
// indexes are distinct, as their unique constraints want.
void SeedVolunteers(const std::string& url, long long n) {
  Exec(url, std::string("INSERT INTO streets (street_id, name, district) VALUES ('") + kStreet +
                "', '基准街道', '浉河区') ON CONFLICT DO NOTHING");
  Exec(url, std::string("INSERT INTO communities (community_id, street_id, name) VALUES ('") +
                kCommunity + "', '" + kStreet + "', '基准社区') ON CONFLICT DO NOTHING");
  Exec(url,
       "INSERT INTO volunteers (volunteer_id, name, id_number_sealed, id_number_index, "
       "id_number_masked, phone_sealed, phone_index, phone_masked, gender, birth_year, "
       "community_id, political_status, party_branch, status) "
       "SELECT 'bench-' || lpad(i::text, 7, '0'), '志愿者' || i, '\\x00'::bytea, "
       "decode(md5('id' || i), 'hex'), '41**************34', '\\x00'::bytea, "
       "decode(md5('phone' || i), 'hex'), '138****0000', 1 + i % 2, 1980, '" +
           std::string(kCommunity) +
           "', CASE WHEN i % 5 = 0 THEN 1 ELSE 3 END, CASE WHEN i % 5 = 0 THEN '第一党支部' "
           "ELSE '' END, 2 FROM generate_series(1, " +
           std::to_string(n) + ") AS i ON CONFLICT DO NOTHING");
  Exec(url, "ANALYZE volunteers");
}

// pgbench scripts of the fan-out's database work, with the services' own statements:
// the audience's first page (ListAudience, 5,000 ids) on the volunteer database, and one
// broadcast's messages inserted in one statement on the notifications database (the event, then
// the N rows the fan-out's pages insert, as one INSERT … SELECT — the floor of its bulk inserts).
void WritePgbenchScripts(const std::string& dir, long long n) {
  std::string audience = tongxin::volunteer::kVolunteerAudience.sql;
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
    return s;
  };
  // Highest first, so that $1 does not eat $10.
  audience = replace(audience, "$6", "5001");
  audience = replace(audience, "$5", "''");
  audience = replace(audience, "$4", "''");
  audience = replace(audience, "$3", "false");
  audience = replace(audience, "$2", "''");
  audience = replace(audience, "$1", std::string("'") + kCommunity + "'");
  std::ofstream(dir + "/audience_page.pgbench") << audience << ";\n";
  std::ofstream(dir + "/fanout_insert.pgbench")
      << "\\set e random(1, 2000000000)\n"
         "BEGIN;\n"
         "INSERT INTO events (event_id, sequence, type, source, subject, region_id, occurred_at, "
         "data, create_time) VALUES (md5('pgbench' || :e)::uuid, nextval('event_sequence'), "
         "'cn.tongxin.broadcast.sent', '/tongxin/notifications', 'broadcasts/pgbench', '"
      << kCommunity
      << "', now(), '{}', now()) ON CONFLICT DO NOTHING;\n"
         "INSERT INTO messages (recipient_id, event_id, type, title, body, link, create_time) "
         "SELECT 'bench-' || lpad(i::text, 7, '0'), md5('pgbench' || :e)::uuid, "
         "'cn.tongxin.broadcast.sent', '防汛通知', repeat('请注意安全。', 20), '/m/inbox', now() "
         "FROM generate_series(1, "
      << n << ") AS i ON CONFLICT (recipient_id, event_id) DO NOTHING;\nCOMMIT;\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tongxin;
  if (argc < 2) {
    std::fprintf(stderr, "usage: tongxin-fanout-bench BASE_URL [volunteers] [runs] [dir]\n");
    return 2;
  }
  const std::string base = argv[1];
  const long long volunteers = argc > 2 ? std::atoll(argv[2]) : 10000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  const std::string dir = argc > 4 ? argv[4] : ".";
  const std::string volunteer_url = base + "/tongxin_bench_volunteer";
  const std::string notifications_url = base + "/tongxin_bench_notifications";
  for (auto [url, service] :
       {std::pair{volunteer_url, "volunteer"}, std::pair{notifications_url, "notifications"}}) {
    auto migrated = Migrate(url, std::string(TONGXIN_SOURCE_DIR) + "/migrations/" + service);
    if (!migrated.ok()) {
      std::fprintf(stderr, "%s\n", migrated.status().ToString().c_str());
      return 1;
    }
  }
  auto seeded = Stopwatch::now();
  SeedVolunteers(volunteer_url, volunteers);
  std::fprintf(stderr, "seeded %lld volunteers in %.0f ms\n", volunteers,
               Ms(Stopwatch::now() - seeded));
  WritePgbenchScripts(dir, volunteers);

  const Clock& clock = Clock::System();
  auto volunteer_db = OpenDb(volunteer_url, 8);
  auto notifications_db = OpenDb(notifications_url, 8);
  auto cipher = *PersonalDataCipher::FromHex(std::string(64, 'c'));
  testing::TestServer volunteer_server(clock);
  volunteer::VolunteerOptions volunteer_options;
  volunteer_options.certificate_pdf.verify_url_base = "https://verify.tongxin.test";
  auto volunteer_service = volunteer::VolunteerService::Create(
      *volunteer_db, clock, volunteer::VolunteerDeps{volunteer_server.runner(), cipher},
      volunteer_options);
  volunteer_server.Start(volunteer_service->service());
  const std::string system_token = volunteer_server.Token(Role::kSystem, "notifications");
  clients::GrpcVolunteerAudience audience(volunteer_server.channel(),
                                          [system_token] { return system_token; });
  testing::TestServer notifications_server(clock);
  notifications::NotificationsOptions options;  // main()'s defaults: pages of 5,000
  auto notifications_service = notifications::NotificationsService::Create(
      *notifications_db, clock, {notifications_server.runner(), &audience}, options,
      testing::TestWebhookOptions());
  notifications_server.Start(notifications_service->service());
  notifications_service->fanout_job().Start();

  namespace npb = notifications::v1;
  auto stub = npb::NotificationsService::NewStub(notifications_server.channel());
  const std::string admin = notifications_server.Token(Role::kStreetAdmin, "bench", {kStreet});
  std::printf("| run | recipients | SendBroadcast ms | send → DELIVERED ms | inbox rows/s |\n");
  std::printf("|---|---|---|---|---|\n");
  std::vector<double> totals;
  for (int run = 1; run <= runs; ++run) {
    npb::SendBroadcastRequest request;
    request.set_request_id("bench-" + std::to_string(run) + "-" +
                           std::to_string(Stopwatch::now().time_since_epoch().count()));
    request.set_region_id(kCommunity);
    request.set_kind(npb::BROADCAST_KIND_ANNOUNCEMENT);
    request.set_title("防汛通知");
    request.set_body(std::string("今晚有暴雨，请各位志愿者注意安全。") + "如有险情请及时报告。");
    npb::Broadcast sent;
    auto started = Stopwatch::now();
    grpc::Status status = testing::CallWith(
        stub.get(), &npb::NotificationsService::Stub::SendBroadcast, admin, request, &sent);
    const double send_ms = Ms(Stopwatch::now() - started);
    if (!status.ok()) {
      std::fprintf(stderr, "SendBroadcast: %s\n", status.error_message().c_str());
      return 1;
    }
    npb::Broadcast seen;
    for (;;) {
      npb::GetBroadcastRequest get;
      get.set_broadcast_id(sent.broadcast_id());
      status = testing::CallWith(stub.get(), &npb::NotificationsService::Stub::GetBroadcast, admin,
                                 get, &seen);
      if (!status.ok()) {
        std::fprintf(stderr, "GetBroadcast: %s\n", status.error_message().c_str());
        return 1;
      }
      if (seen.state() == npb::BROADCAST_STATE_DELIVERED) break;
      if (Stopwatch::now() - started > std::chrono::minutes(5)) {
        std::fprintf(stderr, "not delivered after 5 minutes\n");
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double total_ms = Ms(Stopwatch::now() - started);
    totals.push_back(total_ms);
    std::printf("| %d | %d | %.1f | %.0f | %.0f |\n", run, seen.recipient_count(), send_ms,
                total_ms, seen.recipient_count() / (total_ms / 1000));
    if (seen.recipient_count() != volunteers) {
      std::fprintf(stderr, "delivered to %d, not %lld\n", seen.recipient_count(), volunteers);
      return 3;
    }
  }
  std::sort(totals.begin(), totals.end());
  std::printf("\nmedian send → DELIVERED: %.0f ms (target: under 10,000 ms)\n",
              totals[totals.size() / 2]);
  notifications_service->fanout_job().Stop();
  notifications_server.Stop();
  volunteer_server.Stop();
  return totals[totals.size() / 2] < 10000 ? 0 : 4;
}
