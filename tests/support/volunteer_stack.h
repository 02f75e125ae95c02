// The volunteer service as tests build it: the way its main() builds it, on its own real
// database, served on a loopback port.
#pragma once

#include <memory>
#include <string>

#include "services/volunteer/grpc/volunteer_grpc.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

struct VolunteerStack {
  VolunteerStack(const Clock& clock, const std::string& name)
      : database(name, "volunteer"),
        db(database.Open(8)),
        cipher(*PersonalDataCipher::FromHex(std::string(64, 'c'))),
        grids(*db),
        volunteers(*db),
        teams(*db),
        records(*db),
        domain(grids, volunteers, teams, records, cipher, clock),
        server(clock),
        service(domain, *db, server.runner(), cipher) {
    server.Start(&service);
  }
  testing::TestDatabase database;
  std::unique_ptr<Db> db;
  PersonalDataCipher cipher;
  volunteer::GridRepository grids;
  volunteer::VolunteerRepository volunteers;
  volunteer::TeamRepository teams;
  volunteer::ServiceRecordRepository records;
  volunteer::VolunteerDomain domain;
  testing::TestServer server;
  volunteer::VolunteerGrpc service;
};

}  // namespace tongxin::testing
