// CSV cells (see csv.h).
#include "services/common/csv.h"

namespace tongxin {

std::string CsvCell(std::string_view value) {
  std::string quoted = "\"";
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    quoted.push_back('\'');
  }
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace tongxin
