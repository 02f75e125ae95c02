// The volunteer service as tests build it: through its composition root, as its main() does, on
// its own real database, served on a loopback port.
#pragma once

#include <memory>
#include <string>

#include "services/volunteer/volunteer_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

// The public site's root the tests' certificates name in their QR codes.
inline constexpr char kTestVerifyUrl[] = "https://verify.tongxin.test";

// The national export's snapshot takes records up to its first page: a test records and exports
// at once. Its row cap is small, so that a test reaches it with a few records.
inline constexpr int kTestExportMaxRows = 40;

// What every test's volunteer service is given unless the test says otherwise: the tests' verify
// URL and the export settings above.
inline volunteer::VolunteerOptions TestVolunteerOptions() {
  volunteer::VolunteerOptions options;
  options.certificate_pdf.verify_url_base = kTestVerifyUrl;
  options.exports.settle = std::chrono::milliseconds(0);
  options.exports.max_rows = kTestExportMaxRows;
  return options;
}

// Options a test gave for other reasons still name the tests' verify URL.
inline volunteer::VolunteerOptions WithVerifyUrl(volunteer::VolunteerOptions options) {
  if (options.certificate_pdf.verify_url_base.empty()) {
    options.certificate_pdf.verify_url_base = kTestVerifyUrl;
  }
  return options;
}

struct VolunteerStack {
  VolunteerStack(const Clock& clock, const std::string& name,
                 volunteer::VolunteerOptions options = TestVolunteerOptions())
      : database(name, "volunteer"),
        db(database.Open(8)),
        cipher(*PersonalDataCipher::FromHex(std::string(64, 'c'))),
        server(clock),
        service(volunteer::VolunteerService::Create(
            *db, clock, volunteer::VolunteerDeps{server.runner(), cipher},
            WithVerifyUrl(options))) {
    server.Start(service->service(), service->outbox_admin());
  }
  static constexpr int kExportMaxRows = kTestExportMaxRows;
  // In-flight calls finish before the service they run in goes away.
  ~VolunteerStack() { server.Stop(); }

  testing::TestDatabase database;
  std::unique_ptr<Db> db;
  PersonalDataCipher cipher;
  testing::TestServer server;
  std::unique_ptr<volunteer::VolunteerService> service;
};

}  // namespace tongxin::testing
