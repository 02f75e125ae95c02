// What every service's main() reads the same way: database settings, the token verifier, the
// personal-data key, migrations on start and the listen address.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// development (false): --development or TONGXIN_DEVELOPMENT=1. Only a development run may use a
// secret published in the repository (docker-compose.yml's former defaults, the tests' secrets, a
// key of one repeated byte); any other run refuses to start with one. scripts/up sets it;
// docker-compose.yml never does.
absl::StatusOr<bool> IsDevelopmentRun(const Config& config);

// The token verifier. jwt_public_key_file: ES256, a comma-separated list of [ISSUER=]PATH (a file
// may hold several PEM public keys; a key without ISSUER is the people's issuer's, jwt_issuer; a
// service's key, e.g. tongxin-posts=/keys/posts.pub.pem, verifies that service's `system` calls
// only). Otherwise jwt_secret_file or jwt_secret: HS256, at least 32 bytes, not a published one.
// Both at once are refused. Also jwt_issuer ("tongxin"), jwt_audience ("tongxin"),
// jwt_max_lifetime_s (86400: a longer-lived token is refused), jwt_clock_skew_s (60: how far
// iat and nbf may lie ahead) and, for ES256, jwt_people_issuer_may_grant_system (false: the
// people's issuer cannot mint the `system` role; services sign their own calls).
absl::StatusOr<std::unique_ptr<TokenVerifier>> LoadTokenVerifier(const Config& config,
                                                                 const Clock& clock);

// How a service signs the `system` tokens of its calls to the others. HS256: the shared secret,
// as jwt_issuer. ES256 (jwt_public_key_file set): its own P-256 private key, jwt_signing_key_file,
// as jwt_signing_issuer (default "tongxin-<service>"), whose public half the services it calls
// list under that issuer (not jwt_issuer, unless jwt_people_issuer_may_grant_system); nothing
// when it has no key (a service that calls nobody needs none).
struct SystemTokenSigner {
  TokenSigner signer;
  std::string issuer;
  std::string audience;
};
absl::StatusOr<std::optional<SystemTokenSigner>> LoadSystemTokenSigner(const Config& config);

// Short-lived `system` tokens naming `subject`, for a service calling the others (outbox relays,
// lookups); one token serves until a minute before it expires.
std::function<std::string()> SystemTokens(SystemTokenSigner signer, std::string subject);

// data_key_file or data_key (64 hex characters), not a published one.
absl::StatusOr<PersonalDataCipher> LoadCipher(const Config& config);

// An HMAC key of the service's own (e.g. the activities service's check-in codes): `name`_file or
// `name`, at least 32 bytes, not a published one (`published` lists the repository's, e.g. the
// tests'; a key of one repeated byte is refused too) outside a development run.
absl::StatusOr<std::string> LoadHmacKey(const Config& config, const std::string& name,
                                        const std::vector<std::string_view>& published);

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
