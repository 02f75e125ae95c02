// CSV cells (see csv.h).
#include "services/common/csv.h"

#include <array>

namespace tongxin {
namespace {

// Whether a spreadsheet could take a cell starting so for a formula.
bool StartsLikeFormula(std::string_view value) {
  if (value.empty()) return false;
  if (std::string_view("=+-@\t\r\n").find(value.front()) != std::string_view::npos) return true;
  // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠ in UTF-8.
  static constexpr std::array<std::string_view, 4> kFullWidth = {"\xEF\xBC\x9D", "\xEF\xBC\x8B",
                                                                 "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
  for (std::string_view sign : kFullWidth) {
    if (value.substr(0, sign.size()) == sign) return true;
  }
  return false;
}

}  // namespace

std::string CsvCell(std::string_view value) {
  std::string quoted = "\"";
  if (StartsLikeFormula(value)) quoted.push_back('\'');
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace tongxin
