// CSV for Excel, as every export of the services writes it (the commendation list, the national
// service-record export): UTF-8 with a byte-order mark, CRLF lines, every text cell quoted.
#pragma once

#include <string>
#include <string_view>

namespace tongxin {

// Put first in a file: Excel then reads it as UTF-8.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One text cell, quoted (RFC 4180: in double quotes, a quote doubled). A value starting with
// = + - @, a tab, a carriage return or a line feed, or with the full-width ＝ ＋ － ＠ (which a
// Chinese input method types, and which some spreadsheets read as their ASCII forms), gets a
// leading ' inside the quotes so that Excel shows it as text instead of evaluating it (OWASP's
// CSV injection advice): a name such as =HYPERLINK(...) typed into the service stays a name.
std::string CsvCell(std::string_view value);

}  // namespace tongxin
