#include "tests/support/test_db.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <pqxx/pqxx>

#include "services/common/crypto.h"
#include "services/common/migrations.h"

namespace tongxin::testing {

std::string TestServerUrl() {
  const char* url = std::getenv("TONGXIN_TEST_DATABASE_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "TONGXIN_TEST_DATABASE_URL is not set: run the tests with scripts/test";
    std::abort();
  }
  return url;
}

TestDatabase::TestDatabase(const std::string& prefix, const std::string& service)
    : admin_url_(TestServerUrl()) {
  name_ = "tongxin_test_" + prefix + "_" + HexEncode(RandomBytes(4));
  url_ = WithDatabase(admin_url_, name_);
  {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec0("CREATE DATABASE " + tx.quote_name(name_));
  }
  if (!service.empty()) {
    auto report = Migrate(url_, std::string(TONGXIN_SOURCE_DIR) + "/migrations/" + service);
    if (!report.ok()) {
      ADD_FAILURE() << "migrating " << name_ << ": " << report.status();
      std::abort();
    }
  }
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The throwaway cluster is deleted by scripts/test anyway.
  }
}

std::unique_ptr<Db> TestDatabase::Open(int pool_size) const {
  DbOptions options;
  options.url = url_;
  options.pool_size = pool_size;
  auto db = Db::Open(options);
  if (!db.ok()) {
    ADD_FAILURE() << "opening " << name_ << ": " << db.status();
    std::abort();
  }
  return *std::move(db);
}

std::string TestDatabase::Scalar(const std::string& sql) const {
  pqxx::connection connection(url_);
  pqxx::nontransaction tx(connection);
  auto row = tx.exec1(sql);
  return row[0].is_null() ? "" : row[0].as<std::string>();
}

}  // namespace tongxin::testing
