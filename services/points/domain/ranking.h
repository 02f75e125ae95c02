// Competition ranking, the one way leaderboards and a round's standings rank: equal points share
// a rank and the next rank skips (1, 2, 2, 4). Pure.
#pragma once

#include <vector>

namespace tongxin::points {

// The rank of an entry with `points` appended to `ranked` (best first, already ranked); Entry has
// `points` and `rank`.
template <typename Entry>
int NextCompetitionRank(const std::vector<Entry>& ranked, long long points) {
  if (ranked.empty() || ranked.back().points != points) return static_cast<int>(ranked.size()) + 1;
  return ranked.back().rank;
}

}  // namespace tongxin::points
