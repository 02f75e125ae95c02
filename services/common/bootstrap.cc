#include "services/common/bootstrap.h"

#include <spdlog/spdlog.h>

#include <openssl/crypto.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"  // StripAsciiWhitespace
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
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
  TX_ASSIGN_OR_RETURN(int connect_ms, config.Int("db_connect_timeout_ms", 3000));
  TX_ASSIGN_OR_RETURN(int idle_s, config.Int("db_keepalive_idle_s", 10));
  TX_ASSIGN_OR_RETURN(int interval_s, config.Int("db_keepalive_interval_s", 5));
  TX_ASSIGN_OR_RETURN(options.keepalive_count, config.Int("db_keepalive_count", 3));
  TX_ASSIGN_OR_RETURN(int user_timeout_ms, config.Int("db_tcp_user_timeout_ms", 10000));
  if (connect_ms <= 0 || idle_s <= 0 || interval_s <= 0 || options.keepalive_count <= 0 ||
      user_timeout_ms <= 0) {
    return absl::InvalidArgumentError(
        "db_connect_timeout_ms, db_keepalive_idle_s, db_keepalive_interval_s, db_keepalive_count "
        "and db_tcp_user_timeout_ms: must be positive (without them a lost database host holds a "
        "worker for minutes)");
  }
  options.connect_timeout = std::chrono::milliseconds(connect_ms);
  options.keepalive_idle = std::chrono::seconds(idle_s);
  options.keepalive_interval = std::chrono::seconds(interval_s);
  options.tcp_user_timeout = std::chrono::milliseconds(user_timeout_ms);
  options.application_name = absl::StrCat("tongxin-", config.service());
  return options;
}

absl::StatusOr<bool> IsDevelopmentRun(const Config& config) {
  return config.Bool("development", false);
}

namespace {

// Secrets published in the repository: docker-compose.yml's former defaults and the tests'.
constexpr std::string_view kPublishedJwtSecrets[] = {
    "dev-only-jwt-secret-change-me-0123456789abcdef",
    "tongxin-test-secret-0123456789abcdef",
};
// docker-compose.yml's former TONGXIN_DATA_KEY default, as hex.
constexpr std::string_view kPublishedDataKeys[] = {
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
};

bool OneRepeatedByte(std::string_view bytes) {
  return !bytes.empty() && bytes.find_first_not_of(bytes.front()) == std::string_view::npos;
}

absl::Status RefusePublished(const Config& config, const std::string& setting, bool published) {
  if (!published) return absl::OkStatus();
  TX_ASSIGN_OR_RETURN(bool development, IsDevelopmentRun(config));
  if (development) {
    spdlog::warn("{}: a secret published in the repository (allowed: development run)", setting);
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      setting,
      ": this value is published in the repository (a development default), so anyone can use "
      "it; set a secret of your own (e.g. `openssl rand -hex 32` into a file), or pass "
      "--development (TONGXIN_DEVELOPMENT=1) for a development run"));
}

// The HS256 secret (jwt_secret_file or jwt_secret): at least 32 bytes, not a published one.
absl::StatusOr<std::string> LoadHs256Secret(const Config& config) {
  std::string setting;
  std::string secret;
  if (auto file = config.Lookup("jwt_secret_file")) {
    setting = "jwt_secret_file " + *file;
    TX_ASSIGN_OR_RETURN(secret, ReadTrimmedFile(*file));
  } else if (auto value = config.Lookup("jwt_secret")) {
    setting = "jwt_secret";
    secret = *value;
  } else {
    return absl::InvalidArgumentError(
        "jwt_secret_file: set it (an HS256 secret of at least 32 bytes), or jwt_secret, or "
        "jwt_public_key_file (ES256)");
  }
  if (secret.size() < kMinHs256SecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat(setting, ": at least ", kMinHs256SecretBytes,
                                                   " bytes (e.g. `openssl rand -hex 32`)"));
  }
  bool published = OneRepeatedByte(secret);
  for (std::string_view known : kPublishedJwtSecrets) published = published || secret == known;
  TX_RETURN_IF_ERROR(RefusePublished(config, setting, published));
  return secret;
}

absl::StatusOr<VerifierOptions> LoadVerifierOptions(const Config& config) {
  VerifierOptions options;
  options.issuer = config.String("jwt_issuer", options.issuer);
  options.audience = config.String("jwt_audience", options.audience);
  TX_ASSIGN_OR_RETURN(int max_lifetime, config.Int("jwt_max_lifetime_s", 24 * 3600));
  TX_ASSIGN_OR_RETURN(int skew, config.Int("jwt_clock_skew_s", 60));
  TX_ASSIGN_OR_RETURN(options.people_issuer_may_grant_system,
                      config.Bool("jwt_people_issuer_may_grant_system", false));
  if (options.issuer.empty() || options.audience.empty()) {
    return absl::InvalidArgumentError("jwt_issuer and jwt_audience: must not be empty");
  }
  if (max_lifetime <= 0) return absl::InvalidArgumentError("jwt_max_lifetime_s: must be positive");
  if (skew < 0 || skew > 600) {
    return absl::InvalidArgumentError("jwt_clock_skew_s: between 0 and 600");
  }
  options.max_lifetime = std::chrono::seconds(max_lifetime);
  options.clock_skew = std::chrono::seconds(skew);
  return options;
}

// jwt_public_key_file's entries: [ISSUER=]PATH, comma-separated.
absl::StatusOr<std::vector<Es256PublicKey>> LoadPublicKeys(const std::string& list,
                                                           const std::string& default_issuer) {
  std::vector<Es256PublicKey> keys;
  for (absl::string_view entry : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    Es256PublicKey key;
    std::string path(entry);
    key.issuer = default_issuer;
    if (const size_t eq = entry.find('='); eq != absl::string_view::npos) {
      key.issuer = std::string(absl::StripAsciiWhitespace(entry.substr(0, eq)));
      path = std::string(absl::StripAsciiWhitespace(entry.substr(eq + 1)));
    }
    if (key.issuer.empty() || path.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("jwt_public_key_file: '", entry, "' is not [ISSUER=]PATH"));
    }
    auto pem = ReadTrimmedFile(path);
    if (!pem.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("jwt_public_key_file: ", pem.status().message()));
    }
    key.pem = *std::move(pem);
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return absl::InvalidArgumentError("jwt_public_key_file: no key file named");
  return keys;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TokenVerifier>> LoadTokenVerifier(const Config& config,
                                                                 const Clock& clock) {
  TX_ASSIGN_OR_RETURN(VerifierOptions options, LoadVerifierOptions(config));
  if (auto list = config.Lookup("jwt_public_key_file")) {
    // A shared secret beside the keys would be a second, weaker way in that nothing verifies.
    for (const char* secret : {"jwt_secret", "jwt_secret_file"}) {
      if (config.Lookup(secret)) {
        return absl::InvalidArgumentError(absl::StrCat(
            secret,
            ": not used with jwt_public_key_file (ES256); remove it (a service signs its own "
            "calls with jwt_signing_key_file)"));
      }
    }
    TX_ASSIGN_OR_RETURN(auto keys, LoadPublicKeys(*list, options.issuer));
    auto verifier = TokenVerifier::Es256(keys, &clock, options);
    if (!verifier.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("jwt_public_key_file: ", verifier.status().message()));
    }
    return verifier;
  }
  TX_ASSIGN_OR_RETURN(std::string secret, LoadHs256Secret(config));
  return TokenVerifier::Hs256(std::move(secret), &clock, std::move(options));
}

absl::StatusOr<std::optional<SystemTokenSigner>> LoadSystemTokenSigner(const Config& config) {
  TX_ASSIGN_OR_RETURN(VerifierOptions options, LoadVerifierOptions(config));
  const auto key_file = config.Lookup("jwt_signing_key_file");
  if (!config.Lookup("jwt_public_key_file")) {
    if (key_file) {
      return absl::InvalidArgumentError(
          "jwt_signing_key_file: only with ES256 verification (jwt_public_key_file); with "
          "jwt_secret every service signs with the shared secret");
    }
    TX_ASSIGN_OR_RETURN(std::string secret, LoadHs256Secret(config));
    TX_ASSIGN_OR_RETURN(TokenSigner signer, TokenSigner::Hs256(std::move(secret)));
    return SystemTokenSigner{std::move(signer), options.issuer, options.audience};
  }
  std::string issuer = config.String("jwt_signing_issuer", "tongxin-" + config.service());
  if (issuer == options.issuer && !options.people_issuer_may_grant_system) {
    return absl::InvalidArgumentError(absl::StrCat(
        "jwt_signing_issuer: ", issuer,
        " is the people's issuer (jwt_issuer), whose `system` tokens every service refuses "
        "(jwt_people_issuer_may_grant_system is false); sign as the service's own issuer, e.g. "
        "tongxin-",
        config.service()));
  }
  if (!key_file) return std::optional<SystemTokenSigner>();
  TX_ASSIGN_OR_RETURN(std::string pem, ReadTrimmedFile(*key_file));
  auto signer = TokenSigner::Es256(pem);
  OPENSSL_cleanse(pem.data(), pem.size());
  if (!signer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("jwt_signing_key_file ", *key_file, ": ", signer.status().message()));
  }
  return SystemTokenSigner{*std::move(signer), std::move(issuer), options.audience};
}

std::function<std::string()> SystemTokens(SystemTokenSigner signer, std::string subject) {
  struct Cache {
    std::mutex mu;
    std::string token;
    std::chrono::system_clock::time_point renew_at;
  };
  auto cache = std::make_shared<Cache>();
  return [signer = std::move(signer), subject = std::move(subject), cache] {
    constexpr auto kTtl = std::chrono::minutes(5);
    const Clock& clock = Clock::System();
    const auto now = clock.Now();
    std::lock_guard lock(cache->mu);
    if (cache->token.empty() || now >= cache->renew_at) {
      TokenClaims claims;
      claims.subject = subject;
      claims.role = Role::kSystem;
      claims.ttl = kTtl;
      claims.issuer = signer.issuer;
      claims.audience = signer.audience;
      cache->token = signer.signer.Mint(claims, clock).value_or("");
      cache->renew_at = now + kTtl - std::chrono::minutes(1);
    }
    return cache->token;
  };
}

absl::StatusOr<PersonalDataCipher> LoadCipher(const Config& config) {
  std::string setting;
  std::string hex;
  if (auto file = config.Lookup("data_key_file")) {
    setting = "data_key_file " + *file;
    TX_ASSIGN_OR_RETURN(hex, ReadTrimmedFile(*file));
  } else if (auto key = config.Lookup("data_key")) {
    setting = "data_key";
    hex = *key;
  } else {
    return absl::InvalidArgumentError("data_key_file: set it (64 hex characters) or data_key");
  }
  auto cipher = PersonalDataCipher::FromHex(hex);
  if (!cipher.ok()) {
    OPENSSL_cleanse(hex.data(), hex.size());
    return absl::InvalidArgumentError(absl::StrCat(setting, ": ", cipher.status().message()));
  }
  std::string raw = HexDecode(hex).value_or("");
  bool published = OneRepeatedByte(raw);
  for (std::string_view known : kPublishedDataKeys) {
    published = published || raw == HexDecode(known).value_or("");
  }
  OPENSSL_cleanse(raw.data(), raw.size());
  OPENSSL_cleanse(hex.data(), hex.size());
  TX_RETURN_IF_ERROR(RefusePublished(config, setting, published));
  return cipher;
}

absl::StatusOr<std::string> LoadHmacKey(const Config& config, const std::string& name,
                                        const std::vector<std::string_view>& published_keys) {
  std::string setting;
  std::string key;
  if (auto file = config.Lookup(name + "_file")) {
    setting = name + "_file " + *file;
    TX_ASSIGN_OR_RETURN(key, ReadTrimmedFile(*file));
  } else if (auto value = config.Lookup(name)) {
    setting = name;
    key = *value;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        name, "_file: set it (at least 32 bytes, e.g. `openssl rand -hex 32`) or ", name));
  }
  if (key.size() < 32) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting, ": at least 32 bytes (e.g. `openssl rand -hex 32`)"));
  }
  bool published = OneRepeatedByte(key);
  for (std::string_view known : published_keys) published = published || key == known;
  TX_RETURN_IF_ERROR(RefusePublished(config, setting, published));
  return key;
}

absl::Status MigrateOnStart(const std::string& database_url, const std::string& directory) {
  TX_RETURN_IF_ERROR(CreateDatabaseIfMissing(database_url));
  TX_ASSIGN_OR_RETURN(auto report, Migrate(database_url, directory));
  spdlog::info("database at migration V{:04d} ({} applied now)", report.current_version,
               report.applied.size());
  return absl::OkStatus();
}

int ServiceMain(std::string_view name, int argc, char** argv, absl::Status (*run)(int, char**)) {
  // Debian builds Abseil without NDEBUG, so every absl::Mutex (gRPC's too) kept a lock graph for
  // deadlock detection: ~1.5% of the CPU of a dashboard view (perf). The tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
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
