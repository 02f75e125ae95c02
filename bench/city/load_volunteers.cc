// The volunteer database: streets, communities, a million volunteers with their personal fields
// sealed and blind-indexed as registration stores them (services/volunteer/domain/
// registration_domain.cc), and the community reports of the party members who reported.
#include <cstdio>

#include "bench/city/loaders.h"
#include "services/common/crypto.h"
#include "services/volunteer/domain/identity.h"

namespace tongxin::bench {
namespace {

constexpr const char* kDistricts[] = {"浉河区", "平桥区", "罗山县", "光山县", "新县"};
constexpr const char* kSkills[] = {"teaching",    "medical",     "first_aid", "legal",
                                   "counselling", "calligraphy", "computer",  "electrician",
                                   "plumbing",    "haircut"};

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void CivilFromDays(long long z, int& year, int& month, int& day) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

// One volunteer, in the column order of the COPY below.
auto VolunteerRow(long long i, const PersonalDataCipher& cipher) {
  const int street = StreetOf(i);
  // Born 1955-01-01 (day -5479) to 2004, a distinct (date, sequence) per volunteer; the
  // sequence's parity is the sex, as in a real ID number.
  int year, month, day;
  CivilFromDays(-5479 + (i / 1000) * 18, year, month, day);
  char first17[24];
  std::snprintf(first17, sizeof first17, "%d%04d%02d%02d%03lld", 411502 + street / 20, year, month,
                day, i % 1000);
  const std::string id_number = std::string(first17) + volunteer::ResidentIdCheckCharacter(first17);
  char phone[40];
  std::snprintf(phone, sizeof phone, "1%d9%08lld", 3 + static_cast<int>(i % 7), i);
  const bool party = PartyMember(i);
  const int political = party ? 1 : (i % 10 == 3 ? 2 : 3);
  const int status = i % 50 == 1 ? 1 : i % 50 == 2 ? 3 : i % 50 == 3 ? 4 : 2;
  const std::string community = CommunityId(street, CommunityOf(i));
  std::string skills = "{";
  for (long long k = 0, n = i % 3; k < n; ++k) {
    if (k) skills += ",";
    skills += kSkills[(i / 3 + k * 7) % 10];
  }
  skills += "}";
  int cy, cm, cd;
  CivilFromDays(19723 + i % 700, cy, cm, cd);  // registered since 2024-01-01
  char created[40];
  std::snprintf(created, sizeof created, "%04d-%02d-%02d %02lld:%02lld:00+08", cy, cm, cd,
                8 + i % 12, i % 60);
  // A third of the party members have reported to their community (报到).
  const bool reported = party && i % 3 == 0;
  return std::make_tuple(
      VolunteerId(i), VolunteerName(i), ByteaText(cipher.Encrypt(id_number)),
      ByteaText(cipher.BlindIndex("id_number", id_number)), volunteer::MaskResidentId(id_number),
      ByteaText(cipher.Encrypt(phone)), ByteaText(cipher.BlindIndex("phone", phone)),
      volunteer::MaskMobile(phone), (i % 1000) % 2 == 1 ? 1 : 2, year, community, skills, political,
      party ? community + "党支部" : std::string(), status, NullIf(!reported, community),
      NullIf(!reported, created), std::string(created), std::string(created));
}

}  // namespace

void LoadVolunteers(const std::string& url, const CityScale& scale, LoadLog& log) {
  auto cipher = PersonalDataCipher::FromHex(kBenchKeyHex);
  if (!cipher.ok()) {
    std::fprintf(stderr, "city bench: %s\n", cipher.status().ToString().c_str());
    std::exit(1);
  }
  pqxx::connection connection(url);
  PrepareForBulk(connection);
  std::string streets = "INSERT INTO streets (street_id, name, district) VALUES ";
  std::string communities = "INSERT INTO communities (community_id, street_id, name) VALUES ";
  for (int s = 0; s < kStreets; ++s) {
    streets += (s ? ",('" : "('") + StreetId(s) + "', '第" + std::to_string(s + 1) + "街道', '" +
               kDistricts[s / 20] + "')";
    for (int c = 0; c < kCommunitiesPerStreet; ++c) {
      communities += (s || c ? ",('" : "('") + CommunityId(s, c) + "', '" + StreetId(s) + "', '第" +
                     std::to_string(c + 1) + "社区')";
    }
  }
  Timed(log, connection, "volunteer", "streets", streets);
  Timed(log, connection, "volunteer", "communities", communities);

  DeferredIndexes deferred(connection, "volunteer", "volunteers");
  auto started = Stopwatch::now();
  {
    pqxx::work tx(connection);
    pqxx::stream_to copy(
        tx, "volunteers",
        std::vector<std::string>{
            "volunteer_id", "name", "id_number_sealed", "id_number_index", "id_number_masked",
            "phone_sealed", "phone_index", "phone_masked", "gender", "birth_year", "community_id",
            "skills", "political_status", "party_branch", "status", "reported_community_id",
            "reported_at", "created_at", "updated_at"});
    for (long long i = 0; i < scale.volunteers; ++i) copy << VolunteerRow(i, *cipher);
    copy.complete();
    tx.commit();
  }
  log.Add({"volunteer", "volunteers (COPY, sealed fields)", scale.volunteers,
           Seconds(Stopwatch::now() - started)});
  deferred.Rebuild(log);
  // Reports confirmed when the volunteers reported (as migration V0002 recorded earlier ones).
  Timed(log, connection, "volunteer", "community_reports",
        "INSERT INTO community_reports (volunteer_id, community_id, state, requested_by, "
        "decided_by, created_at, decided_at) SELECT volunteer_id, reported_community_id, 2, "
        "volunteer_id, 'city-admin', reported_at, reported_at FROM volunteers WHERE "
        "reported_community_id IS NOT NULL");
  // As autovacuum keeps the tables: statistics, and the visibility map index-only scans need.
  Timed(log, connection, "volunteer", "VACUUM ANALYZE", "VACUUM ANALYZE", 0);
}

}  // namespace tongxin::bench
