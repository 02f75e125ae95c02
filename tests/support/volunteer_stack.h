// The volunteer service as tests build it: through its composition root, as its main() does, on
// its own real database, served on a loopback port.
#pragma once

#include <memory>
#include <string>

#include "services/volunteer/volunteer_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

struct VolunteerStack {
  VolunteerStack(const Clock& clock, const std::string& name)
      : database(name, "volunteer"),
        db(database.Open(8)),
        cipher(*PersonalDataCipher::FromHex(std::string(64, 'c'))),
        server(clock),
        service(volunteer::VolunteerService::Create(
            *db, clock, volunteer::VolunteerDeps{server.runner(), cipher}, Options())) {
    server.Start(service->service(), service->outbox_admin());
  }
  // The national export's snapshot takes records up to its first page: a test records and
  // exports at once. Its row cap is small, so that a test reaches it with a few records.
  static constexpr int kExportMaxRows = 40;
  static volunteer::VolunteerOptions Options() {
    volunteer::VolunteerOptions options;
    options.exports.settle = std::chrono::milliseconds(0);
    options.exports.max_rows = kExportMaxRows;
    return options;
  }
  // In-flight calls finish before the service they run in goes away.
  ~VolunteerStack() { server.Stop(); }

  testing::TestDatabase database;
  std::unique_ptr<Db> db;
  PersonalDataCipher cipher;
  testing::TestServer server;
  std::unique_ptr<volunteer::VolunteerService> service;
};

}  // namespace tongxin::testing
