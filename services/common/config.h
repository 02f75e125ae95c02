// Settings from flags and the environment. For a setting `name` of service `svc`, the first of
//   --name=value on the command line, $TONGXIN_SVC_NAME, $TONGXIN_NAME, the default
// wins. Unknown flags are an error, so a typo never silently falls back to a default.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tongxin {

class Config {
 public:
  // Parses --name=value and --name (true). `--help` is recorded as a flag like any other.
  static absl::StatusOr<Config> FromArgs(std::string service, int argc, const char* const* argv);
  static Config ForTest(std::string service, std::map<std::string, std::string> values);

  std::optional<std::string> Lookup(std::string_view name) const;
  std::string String(std::string_view name, std::string_view default_value) const;
  absl::StatusOr<int> Int(std::string_view name, int default_value) const;
  absl::StatusOr<bool> Bool(std::string_view name, bool default_value) const;
  // Flags given on the command line that nothing asked for.
  absl::Status CheckNoUnknownFlags() const;
  const std::string& service() const { return service_; }

 private:
  std::string service_;
  std::map<std::string, std::string> flags_;
  mutable std::set<std::string> asked_;
};

}  // namespace tongxin
