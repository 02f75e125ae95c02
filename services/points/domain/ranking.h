// Competition ranking, the one way leaderboards and a round's standings rank: equal points share
// a rank and the next rank skips (1, 2, 2, 4); and the regions whose rankings a transfer's earned
// points count in. Pure.
#pragma once

#include <string>
#include <vector>

namespace tongxin::points {

// The rank of an entry with `points` appended to `ranked` (best first, already ranked); Entry has
// `points` and `rank`.
template <typename Entry>
int NextCompetitionRank(const std::vector<Entry>& ranked, long long points) {
  if (ranked.empty() || ranked.back().points != points) return static_cast<int>(ranked.size()) + 1;
  return ranked.back().rank;
}

// Points stay where they were earned: a transfer's earned points count in its region (the
// community), that community's street, and "" (the whole city: all-time totals and tiers) —
// never where the volunteer earns next, nor where they live. Each region once.
inline std::vector<std::string> EarnedRegions(const std::string& region_id) {
  std::vector<std::string> regions;
  for (std::string region : {region_id, region_id.substr(0, 9), std::string()}) {
    bool seen = false;
    for (const auto& r : regions) seen = seen || r == region;
    if (!seen) regions.push_back(std::move(region));
  }
  return regions;
}

}  // namespace tongxin::points
