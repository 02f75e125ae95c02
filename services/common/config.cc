#include "services/common/config.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin {
namespace {

std::string EnvName(std::string_view prefix, std::string_view name) {
  std::string env = std::string(prefix) + std::string(name);
  for (char& c : env) c = c == '-' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c));
  return env;
}

}  // namespace

absl::StatusOr<Config> Config::FromArgs(std::string service, int argc, const char* const* argv) {
  Config config;
  config.service_ = std::move(service);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      return absl::InvalidArgumentError("unexpected argument: " + std::string(arg));
    }
    arg.remove_prefix(2);
    auto eq = arg.find('=');
    std::string name(arg.substr(0, eq));
    for (char& c : name) c = c == '-' ? '_' : c;
    config.flags_[name] = eq == std::string_view::npos ? "true" : std::string(arg.substr(eq + 1));
  }
  return config;
}

Config Config::ForTest(std::string service, std::map<std::string, std::string> values) {
  Config config;
  config.service_ = std::move(service);
  config.flags_ = std::move(values);
  return config;
}

std::optional<std::string> Config::Lookup(std::string_view name) const {
  asked_.insert(std::string(name));
  if (auto it = flags_.find(std::string(name)); it != flags_.end()) return it->second;
  if (!service_.empty()) {
    if (const char* v =
            std::getenv(EnvName(absl::StrCat("TONGXIN_", service_, "_"), name).c_str())) {
      return std::string(v);
    }
  }
  if (const char* v = std::getenv(EnvName("TONGXIN_", name).c_str())) return std::string(v);
  return std::nullopt;
}

std::string Config::String(std::string_view name, std::string_view default_value) const {
  return Lookup(name).value_or(std::string(default_value));
}

absl::StatusOr<int> Config::Int(std::string_view name, int default_value) const {
  auto value = Lookup(name);
  if (!value) return default_value;
  int parsed = 0;
  if (!absl::SimpleAtoi(*value, &parsed)) {
    return absl::InvalidArgumentError(std::string(name) + ": not an integer");
  }
  return parsed;
}

absl::StatusOr<bool> Config::Bool(std::string_view name, bool default_value) const {
  auto value = Lookup(name);
  if (!value) return default_value;
  bool parsed = false;
  if (!absl::SimpleAtob(*value, &parsed)) {
    return absl::InvalidArgumentError(std::string(name) + ": not a boolean");
  }
  return parsed;
}

absl::Status Config::CheckNoUnknownFlags() const {
  std::vector<std::string> unknown;
  for (const auto& [name, value] : flags_) {
    if (!asked_.count(name)) unknown.push_back("--" + name);
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("unknown flags: ", absl::StrJoin(unknown, " ")));
}

}  // namespace tongxin
