// A fresh, migrated database for one test binary, on the server named by
// $TONGXIN_TEST_DATABASE_URL (scripts/test starts one). Without it the test fails: tests never
// skip for want of a database.
#pragma once

#include <memory>
#include <string>

#include "services/common/db.h"

namespace tongxin::testing {

class TestDatabase {
 public:
  // Creates tongxin_test_<prefix>_<random>, applies migrations/<service> if service is not
  // empty, and drops the database in the destructor.
  TestDatabase(const std::string& prefix, const std::string& service);
  ~TestDatabase();

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // A pool on the test database.
  std::unique_ptr<Db> Open(int pool_size = 8) const;
  // Runs one SQL statement (for set-up and assertions) and returns the first field as text.
  std::string Scalar(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// The server URL (a database to connect to for administration).
std::string TestServerUrl();

}  // namespace tongxin::testing
