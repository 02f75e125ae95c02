// libFuzzer target: a commendation round's CSV export (services/points/domain/round.h), whose
// cells are names, ids and reasons people typed. The input is a round: records separated by
// 0x1E, fields by 0x1F; the first record is the round's status (1 proposed, 2 in notice, 3 final),
// every other a candidate: rank, name, volunteer id, community id, points, decision (1 proposed,
// 2 confirmed, 3 struck), reason. The file is read back with RFC 4180's rules and must give the
// BOM, the heading, one row per candidate listed (a final round's confirmed only) and every cell
// as typed, a formula-like one (= + - @ tab CR LF or a full-width ＝ ＋ － ＠ first) behind a
// leading apostrophe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/points/domain/round.h"

namespace {

using tongxin::points::Candidate;
using tongxin::points::CandidateDecision;
using tongxin::points::Round;
using tongxin::points::RoundStatus;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kHeading = "排名,姓名,志愿者编号,社区,积分,结果,说明";

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// absl's own string_view: Debian's absl is built without std::string_view as its type.
int Small(absl::string_view text, int low, int high) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < low || value > high) return low;
  return value;
}

Round RoundFrom(absl::string_view input) {
  Round round;
  round.round_id = "5f0c6a52-3b8e-4d7a-9c1e-2b7f8e6d4a10";
  round.period = "2026";
  std::vector<absl::string_view> records = absl::StrSplit(input, '\x1e');
  round.status = static_cast<RoundStatus>(Small(records[0], 1, 3));
  for (size_t i = 1; i < records.size(); ++i) {
    std::vector<absl::string_view> fields = absl::StrSplit(records[i], '\x1f');
    fields.resize(7);
    Candidate candidate;
    candidate.rank = Small(fields[0], 0, 1000000);
    candidate.name = std::string(fields[1]);
    candidate.volunteer_id = std::string(fields[2]);
    candidate.community_id = std::string(fields[3]);
    long long points = 0;
    candidate.points = absl::SimpleAtoi(fields[4], &points) ? points : 0;
    candidate.decision = static_cast<CandidateDecision>(Small(fields[5], 1, 3));
    candidate.reason = std::string(fields[6]);
    round.candidates.push_back(std::move(candidate));
  }
  return round;
}

// RFC 4180: rows end in CRLF, a quoted cell may hold commas, CR, LF and doubled quotes.
std::vector<std::vector<std::string>> ReadCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      Require(cell.empty());  // a quote opens a cell, never ends up inside an unquoted one
      for (++i;; ++i) {
        Require(i < text.size());  // every quoted cell is closed
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          cell.push_back(text[i]);
        }
      }
      Require(i == text.size() || text[i] == ',' || text[i] == '\r');
      continue;
    }
    if (text[i] == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      ++i;
    } else if (text[i] == '\r') {
      Require(i + 1 < text.size() && text[i + 1] == '\n');
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      i += 2;
    } else {
      Require(text[i] != '\n');  // an unquoted cell holds no line break
      cell.push_back(text[i]);
      ++i;
    }
  }
  Require(row.empty() && cell.empty());  // the last row ends in CRLF
  return rows;
}

// How a typed value must read back: as it is, or behind an apostrophe when it looks like a formula
// (services/common/csv.h): = + - @ tab CR LF first, or the full-width ＝ ＋ － ＠.
std::string AsText(const std::string& value) {
  if (!value.empty() && std::string_view("=+-@\t\r\n").find(value.front()) != std::string::npos) {
    return "'" + value;
  }
  for (std::string_view wide : {"\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"}) {
    if (std::string_view(value).substr(0, wide.size()) == wide) return "'" + value;
  }
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Round round = RoundFrom(absl::string_view(reinterpret_cast<const char*>(data), size));
  const std::string csv = tongxin::points::RoundCsv(round);
  Require(csv.substr(0, kBom.size()) == kBom);
  const auto rows = ReadCsv(std::string_view(csv).substr(kBom.size()));
  Require(!rows.empty() && absl::StrJoin(rows[0], ",") == kHeading);
  size_t row = 1;
  for (const Candidate& c : round.candidates) {
    if (round.status == RoundStatus::kFinal && c.decision != CandidateDecision::kConfirmed) {
      continue;
    }
    Require(row < rows.size());
    const std::vector<std::string>& cells = rows[row++];
    Require(cells.size() == 7);
    Require(cells[0] == absl::StrCat(c.rank) && cells[4] == absl::StrCat(c.points));
    Require(cells[1] == AsText(c.name) && cells[2] == AsText(c.volunteer_id));
    Require(cells[3] == AsText(c.community_id) && cells[6] == AsText(c.reason));
  }
  Require(row == rows.size());
  (void)tongxin::points::RoundCsvFilename(round);
  return 0;
}
