// The shape of the generated city, shared by the loaders and the probes: how many of each row a
// scale asks for, the region codes, and the SQL expressions that name volunteer i's id and home
// community (the volunteer, wishes, posts and points databases must agree on both, as the
// services' data do).
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>

namespace tongxin::bench {

// At scale 1: the city. Smaller scales shrink the rows, never the regions, so every
// street and community exists and the probes have the same shape at any size.
struct CityScale {
  long long volunteers = 1'000'000;
  long long wishes = 100'000;
  long long posts = 50'000;
  long long transfers = 20'000'000;

  static CityScale Of(double scale) {
    auto at = [&](long long full, long long least) {
      return std::max(least, static_cast<long long>(static_cast<double>(full) * scale));
    };
    CityScale s;
    s.volunteers = at(s.volunteers, 1000);
    s.wishes = at(s.wishes, 100);
    s.posts = at(s.posts, 50);
    s.transfers = at(s.transfers, 2000);
    return s;
  }
};

// 100 streets in 5 districts of a prefecture-level city (Xinyang, 4115xx), 20 street offices
// each (township codes 001-020), 10 residents' committees per street (001-010).
inline constexpr int kStreets = 100;
inline constexpr int kCommunitiesPerStreet = 10;
inline constexpr int kCommunities = kStreets * kCommunitiesPerStreet;

inline std::string StreetId(int street) {  // 0 <= street < kStreets
  char code[16];
  std::snprintf(code, sizeof code, "%d%03d", 411502 + street / 20, 1 + street % 20);
  return code;
}
inline std::string CommunityId(int street, int community) {  // community < per street
  char code[8];
  std::snprintf(code, sizeof code, "%03d", 1 + community);
  return StreetId(street) + code;
}

// Volunteer i (0-based) lives in street i % 100, community (i / 100) % 10: consecutive ids
// spread over the whole city, so any prefix of the ids (the active ones) does too.
inline int StreetOf(long long i) { return static_cast<int>(i % kStreets); }
inline int CommunityOf(long long i) { return static_cast<int>((i / kStreets) % 10); }
inline std::string VolunteerId(long long i) {
  char id[64];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", i);
  return id;
}

// The same three in SQL, of an integer expression `i`.
inline std::string SqlStreetId(const std::string& i) {
  return "((411502 + (" + i + ") % 100 / 20)::text || lpad((1 + (" + i +
         ") % 100 % 20)::text, 3, '0'))";
}
inline std::string SqlCommunityId(const std::string& i) {
  return "(" + SqlStreetId(i) + " || lpad((1 + (" + i + ") / 100 % 10)::text, 3, '0'))";
}
inline std::string SqlVolunteerId(const std::string& i) {
  return "('00000000-0000-4000-8000-' || lpad((" + i + ")::text, 12, '0'))";
}

// Volunteer i's name (common surnames and given-name characters), the same in C++ and SQL (the
// points service keeps it as the account's display name).
inline const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
inline const char* const kGivenNames[] = {"伟", "芳", "娜", "敏", "静", "丽", "强",
                                          "磊", "军", "洋", "勇", "艳", "杰", "娟",
                                          "涛", "明", "超", "秀", "霞", "平"};
inline std::string VolunteerName(long long i) {
  std::string name = std::string(kSurnames[i % 20]) + kGivenNames[(i / 20) % 20];
  if (i % 3 == 0) name += kGivenNames[(i / 400) % 20];
  return name;
}
inline std::string SqlVolunteerName(const std::string& i) {
  std::string surnames = "ARRAY[", given = "ARRAY[";
  for (int k = 0; k < 20; ++k) {
    surnames += std::string(k ? "," : "") + "'" + kSurnames[k] + "'";
    given += std::string(k ? "," : "") + "'" + kGivenNames[k] + "'";
  }
  surnames += "]";
  given += "]";
  return "(" + surnames + ")[(" + i + ") % 20 + 1] || (" + given + ")[(" + i +
         ") / 20 % 20 + 1] || CASE WHEN (" + i + ") % 3 = 0 THEN (" + given + ")[(" + i +
         ") / 400 % 20 + 1] ELSE '' END";
}

// About a quarter of the volunteers are party members (the points service's party_member).
inline bool PartyMember(long long i) { return (i / 7) % 4 == 0; }
inline std::string SqlPartyMember(const std::string& i) { return "((" + i + ") / 7 % 4 = 0)"; }

// Volunteer index (0-based) of the j-th volunteer living in a community: the inverse of
// StreetOf/CommunityOf, for claimers and adopters who live where the wish or post is.
inline std::string SqlNeighbour(const std::string& street, const std::string& community,
                                const std::string& j, long long volunteers) {
  return "((" + street + ") + 100 * (" + community + ") + 1000 * ((" + j + ") % " +
         std::to_string(std::max(1LL, volunteers / 1000)) + "))";
}

}  // namespace tongxin::bench
