// What every service's main() reads the same way: database settings, the token verifier, the
// personal-data key, migrations on start and the listen address.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/config.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/common/server.h"

namespace tongxin {

// database_url (flag, $TONGXIN_<SVC>_DATABASE_URL, $TONGXIN_DATABASE_URL, else $DATABASE_URL),
// db_pool_size (8), statement_timeout_ms (5000), db_acquire_timeout_ms (2000).
absl::StatusOr<DbOptions> LoadDbOptions(const Config& config);

// jwt_public_key_file (ES256) if set, else jwt_secret_file or jwt_secret (HS256).
absl::StatusOr<std::unique_ptr<TokenVerifier>> LoadTokenVerifier(const Config& config,
                                                                 const Clock& clock);
// The HS256 secret, for services that mint `system` tokens to call each other.
absl::StatusOr<std::string> LoadJwtSecret(const Config& config);

// Short-lived `system` tokens for a service calling the others (outbox relays, lookups).
std::function<std::string()> SystemTokens(std::string secret, std::string subject);

// data_key_file or data_key (64 hex characters).
absl::StatusOr<PersonalDataCipher> LoadCipher(const Config& config);

// Creates the database if missing and applies the migrations in `directory`.
absl::Status MigrateOnStart(const std::string& database_url, const std::string& directory);

// The whole of a service's main(): termination signals blocked before any thread starts,
// logging, `run`, and the exit code (1 with the reason logged when `run` fails).
int ServiceMain(std::string_view name, int argc, char** argv, absl::Status (*run)(int, char**));

// Serves until SIGTERM or SIGINT, then drains: health NOT_SERVING, in-flight calls finish.
void ServeUntilTerminated(ServiceHost& host, std::string_view name);

// listen (default_listen), max_receive_bytes (256 KiB), drain_timeout_ms (10000).
absl::StatusOr<ServerOptions> LoadServerOptions(const Config& config,
                                                const std::string& default_listen);

}  // namespace tongxin
