// tongxin-migrate --database_url=URL --dir=migrations/<service> [--create_database]
// Applies pending migrations under the advisory lock; exits non-zero if an applied file changed.
#include <iostream>

#include "services/common/config.h"
#include "services/common/migrations.h"

int main(int argc, char** argv) {
  auto config = tongxin::Config::FromArgs("", argc, argv);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  auto url = config->Lookup("database_url");
  auto dir = config->Lookup("dir");
  auto create = config->Bool("create_database", false);
  if (!url || !dir || !create.ok() || !config->CheckNoUnknownFlags().ok()) {
    std::cerr << "usage: tongxin-migrate --database_url=URL --dir=DIR [--create_database]\n";
    return 2;
  }
  if (*create) {
    if (auto status = tongxin::CreateDatabaseIfMissing(*url); !status.ok()) {
      std::cerr << status.message() << "\n";
      return 1;
    }
  }
  auto report = tongxin::Migrate(*url, *dir);
  if (!report.ok()) {
    std::cerr << report.status().message() << "\n";
    return 1;
  }
  std::cout << "at version " << report->current_version << ", applied " << report->applied.size()
            << " now\n";
  return 0;
}
