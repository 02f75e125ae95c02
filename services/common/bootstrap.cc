#include "services/common/bootstrap.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/common/migrations.h"
#include "services/common/status.h"

namespace tongxin {
namespace {

absl::StatusOr<std::string> ReadTrimmedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

absl::StatusOr<DbOptions> LoadDbOptions(const Config& config) {
  DbOptions options;
  auto url = config.Lookup("database_url");
  if (!url) {
    if (const char* env = std::getenv("DATABASE_URL")) url = env;
  }
  if (!url) {
    return absl::InvalidArgumentError(
        absl::StrCat("database_url: set --database_url or TONGXIN_",
                     config.service().empty() ? "" : config.service() + "_", "DATABASE_URL"));
  }
  options.url = *url;
  TX_ASSIGN_OR_RETURN(options.pool_size, config.Int("db_pool_size", 8));
  TX_ASSIGN_OR_RETURN(int timeout_ms, config.Int("statement_timeout_ms", 5000));
  TX_ASSIGN_OR_RETURN(int acquire_ms, config.Int("db_acquire_timeout_ms", 2000));
  if (timeout_ms <= 0 || acquire_ms <= 0) {
    return absl::InvalidArgumentError(
        "statement_timeout_ms and db_acquire_timeout_ms: must be positive (a query without a "
        "limit could hold a connection forever)");
  }
  options.statement_timeout = std::chrono::milliseconds(timeout_ms);
  options.acquire_timeout = std::chrono::milliseconds(acquire_ms);
  options.application_name = absl::StrCat("tongxin-", config.service());
  return options;
}

absl::StatusOr<std::string> LoadJwtSecret(const Config& config) {
  if (auto file = config.Lookup("jwt_secret_file")) return ReadTrimmedFile(*file);
  if (auto secret = config.Lookup("jwt_secret")) return *secret;
  return absl::InvalidArgumentError(
      "jwt_secret_file: set it, or jwt_secret, or jwt_public_key_file");
}

absl::StatusOr<std::unique_ptr<TokenVerifier>> LoadTokenVerifier(const Config& config,
                                                                 const Clock& clock) {
  if (auto file = config.Lookup("jwt_public_key_file")) {
    TX_ASSIGN_OR_RETURN(std::string pem, ReadTrimmedFile(*file));
    return TokenVerifier::Es256(pem, &clock);
  }
  TX_ASSIGN_OR_RETURN(std::string secret, LoadJwtSecret(config));
  if (secret.size() < 16) return absl::InvalidArgumentError("jwt secret: at least 16 characters");
  return TokenVerifier::Hs256(secret, &clock);
}

std::function<std::string()> SystemTokens(std::string secret, std::string subject) {
  return [secret = std::move(secret), subject = std::move(subject)] {
    TokenClaims claims;
    claims.subject = subject;
    claims.role = Role::kSystem;
    claims.ttl = std::chrono::minutes(5);
    return MintHs256(claims, secret, Clock::System()).value_or("");
  };
}

absl::StatusOr<PersonalDataCipher> LoadCipher(const Config& config) {
  if (auto file = config.Lookup("data_key_file")) return PersonalDataCipher::FromKeyFile(*file);
  if (auto key = config.Lookup("data_key")) return PersonalDataCipher::FromHex(*key);
  return absl::InvalidArgumentError("data_key_file: set it (64 hex characters) or data_key");
}

absl::Status MigrateOnStart(const std::string& database_url, const std::string& directory) {
  TX_RETURN_IF_ERROR(CreateDatabaseIfMissing(database_url));
  TX_ASSIGN_OR_RETURN(auto report, Migrate(database_url, directory));
  spdlog::info("database at migration V{:04d} ({} applied now)", report.current_version,
               report.applied.size());
  return absl::OkStatus();
}

int ServiceMain(std::string_view name, int argc, char** argv, absl::Status (*run)(int, char**)) {
  BlockTerminationSignals();
  InitLogging(name);
  absl::Status status = run(argc, argv);
  if (!status.ok()) {
    spdlog::critical("{}", status.ToString());
    return 1;
  }
  return 0;
}

void ServeUntilTerminated(ServiceHost& host, std::string_view name) {
  spdlog::info("{} listening on port {}", name, host.port());
  int signal_number = WaitForTerminationSignal();
  spdlog::info("signal {}: draining in-flight calls", signal_number);
  host.Shutdown();
}

absl::StatusOr<ServerOptions> LoadServerOptions(const Config& config,
                                                const std::string& default_listen) {
  ServerOptions options;
  options.listen = config.String("listen", default_listen);
  TX_ASSIGN_OR_RETURN(options.max_receive_bytes, config.Int("max_receive_bytes", 256 * 1024));
  TX_ASSIGN_OR_RETURN(int drain_ms, config.Int("drain_timeout_ms", 10000));
  options.drain_timeout = std::chrono::milliseconds(drain_ms);
  return options;
}

}  // namespace tongxin
