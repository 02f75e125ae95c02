// tongxin-token: mints a development JWT for calling the Tongxin APIs.
//
//   tongxin-token --sub=ID --role=ROLE [--scope=CODE,CODE] [--ttl_hours=N] [--iss=I] [--aud=A]
//                 (--secret_file=PATH | --secret=S | --es256_private_key_file=PEM)
//
// Without a key flag, TONGXIN_JWT_SECRET_FILE or TONGXIN_JWT_SECRET is used. iss and aud default
// to "tongxin" (the services' jwt_issuer and jwt_audience). Prints the token and a newline on
// stdout; errors go to stderr with exit code 2.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/common/auth.h"
#include "services/common/clock.h"

namespace {

constexpr std::string_view kUsage =
    "usage: tongxin-token --sub=ID --role=ROLE [--scope=CODE,CODE] [--ttl_hours=N (default 24)]\n"
    "                     [--iss=ISSUER (default tongxin)] [--aud=AUDIENCE (default tongxin)]\n"
    "                     (--secret_file=PATH | --secret=S | --es256_private_key_file=PEM)\n"
    "  ROLE is one of volunteer, community_admin, street_admin, system, integration (the grid\n"
    "  system's client: ReportGridTask only, in --scope).\n"
    "  Without a key flag, TONGXIN_JWT_SECRET_FILE or TONGXIN_JWT_SECRET is used.\n"
    "  Services refuse tokens that live longer than their jwt_max_lifetime_s (default 24 h).\n"
    "  With ES256, a system token must name a service's own issuer (--iss=tongxin-<service>)\n"
    "  and be signed with that service's key, unless jwt_people_issuer_may_grant_system.\n";

constexpr int kExitUsage = 2;

int Fail(std::string_view message) {
  std::cerr << "tongxin-token: " << message << "\n";
  return kExitUsage;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void StripTrailingWhitespace(std::string& s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
    s.pop_back();
  }
}

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  static const std::vector<std::string_view> kKnown = {
      "sub",         "role",   "scope",
      "ttl_hours",   "iss",    "aud",
      "secret_file", "secret", "es256_private_key_file"};
  std::map<std::string, std::string, std::less<>> flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg.substr(0, 2) != "--") {
      std::cerr << kUsage;
      return Fail("unexpected argument (flags look like --name=value)");
    }
    arg.remove_prefix(2);
    std::string name;
    std::string value;
    if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = std::string(arg.substr(0, eq));
      value = std::string(arg.substr(eq + 1));
    } else {
      name = std::string(arg);
      if (i + 1 >= argc) return Fail("flag --" + name + " needs a value");
      value = argv[++i];
    }
    bool known = false;
    for (std::string_view k : kKnown) known = known || k == name;
    if (!known) {
      std::cerr << kUsage;
      return Fail("unknown flag --" + name);
    }
    if (flags.count(name) != 0) return Fail("flag --" + name + " given twice");
    flags[name] = value;
  }

  tongxin::TokenClaims claims;
  if (auto it = flags.find("sub"); it == flags.end() || it->second.empty()) {
    std::cerr << kUsage;
    return Fail("--sub is required");
  } else {
    claims.subject = it->second;
  }
  if (auto it = flags.find("role"); it == flags.end()) {
    std::cerr << kUsage;
    return Fail("--role is required");
  } else {
    absl::StatusOr<tongxin::Role> role = tongxin::ParseRole(it->second);
    if (!role.ok()) return Fail("--role: " + std::string(role.status().message()));
    claims.role = *role;
  }
  if (auto it = flags.find("scope"); it != flags.end()) {
    for (absl::string_view code : absl::StrSplit(it->second, ',', absl::SkipWhitespace())) {
      claims.scope.emplace_back(code.data(), code.size());
    }
  }
  int64_t ttl_hours = 24;
  if (auto it = flags.find("ttl_hours"); it != flags.end()) {
    if (!absl::SimpleAtoi(it->second, &ttl_hours) || ttl_hours <= 0 || ttl_hours > 24 * 366 * 10) {
      return Fail("--ttl_hours must be a positive whole number of hours");
    }
  }
  claims.ttl = std::chrono::hours(ttl_hours);
  if (auto it = flags.find("iss"); it != flags.end()) claims.issuer = it->second;
  if (auto it = flags.find("aud"); it != flags.end()) claims.audience = it->second;
  if (claims.issuer.empty() || claims.audience.empty()) {
    return Fail("--iss and --aud must not be empty");
  }

  const int key_flags = static_cast<int>(flags.count("secret_file") + flags.count("secret") +
                                         flags.count("es256_private_key_file"));
  if (key_flags > 1) {
    return Fail("give only one of --secret_file, --secret, --es256_private_key_file");
  }

  const tongxin::Clock& clock = tongxin::Clock::System();
  absl::StatusOr<std::string> token;
  if (auto it = flags.find("es256_private_key_file"); it != flags.end()) {
    std::optional<std::string> pem = ReadFile(it->second);
    if (!pem) return Fail("cannot read private key file " + it->second);
    token = tongxin::MintEs256(claims, *pem, clock);
  } else {
    std::string secret;
    std::string secret_file;
    if (auto f = flags.find("secret_file"); f != flags.end()) {
      secret_file = f->second;
    } else if (auto s = flags.find("secret"); s != flags.end()) {
      secret = s->second;
    } else if (const char* env_file = Env("TONGXIN_JWT_SECRET_FILE")) {
      secret_file = env_file;
    } else if (const char* env_secret = Env("TONGXIN_JWT_SECRET")) {
      secret = env_secret;
    } else {
      std::cerr << kUsage;
      return Fail(
          "no signing key: give --secret_file, --secret or --es256_private_key_file, or set "
          "TONGXIN_JWT_SECRET_FILE / TONGXIN_JWT_SECRET");
    }
    if (!secret_file.empty()) {
      std::optional<std::string> content = ReadFile(secret_file);
      if (!content) return Fail("cannot read secret file " + secret_file);
      secret = *std::move(content);
      StripTrailingWhitespace(secret);
    }
    if (secret.size() < tongxin::kMinHs256SecretBytes) {
      return Fail("the HS256 secret is shorter than 32 bytes; services refuse it");
    }
    token = tongxin::MintHs256(claims, secret, clock);
  }
  if (!token.ok()) return Fail(std::string(token.status().message()));
  std::cout << *token << "\n";
  return 0;
}
