// The wishes database: wishes in every state of their life (a third on the wall, claimed ones
// recent enough that their claims are still open), their wishers' names and contacts sealed as
// the wishes service seals them (services/wishes/domain/wishes_domain.cc), and each wish's
// history of state changes.
#include <cstdio>

#include "bench/city/loaders.h"
#include "services/common/crypto.h"
#include "services/wishes/domain/wish_rules.h"

namespace tongxin::bench {
namespace {

constexpr const char* kWants[] = {"一套学习用品",       "一袋米和一桶油",       "陪同去医院复查",
                                  "修一修家里的电风扇", "有人周末来陪我聊聊天", "一辆旧自行车"};

// Of every 20 wishes: submitted, rejected, withdrawn, cancelled, 6 approved (on the wall),
// 3 claimed, 1 fulfilled, 6 confirmed.
int StateOf(long long k) {
  static constexpr int kStates[] = {1, 3, 7, 8, 2, 2, 2, 2, 2, 2, 4, 4, 4, 5, 6, 6, 6, 6, 6, 6};
  return kStates[k % 20];
}

auto WishRow(long long k, const CityScale& scale, const PersonalDataCipher& cipher) {
  const int street = static_cast<int>(k % kStreets);
  const int community = static_cast<int>((k / kStreets) % kCommunitiesPerStreet);
  const int state = StateOf(k);
  const bool claimed = state == 4 || state == 5 || state == 6;
  const bool published = claimed || state == 2;
  // Open claims are recent (their deadline is still ahead); the rest spread over the year.
  char created[40];
  std::snprintf(created, sizeof created, "2026-%s-%02lld 09:00:00+08", state == 4 ? "11" : "01",
                state == 4 ? 20 + k % 8 : 1LL);
  const std::string wisher = VolunteerName(k * 13 + 5);
  char contact[40];
  std::snprintf(contact, sizeof contact, "1%d8%08lld", 3 + static_cast<int>(k % 7), k);
  const long long claimer =
      street + 100LL * community + 1000LL * (k % std::max(1LL, scale.volunteers / 1000));
  return std::make_tuple(
      CommunityId(street, community), 1 + k % 6, std::string("希望得到") + kWants[k % 6],
      20 + k * 37 % 480, ByteaText(cipher.Encrypt(wisher)),
      wishes::MaskedName(wisher, k % 4 == 0 ? "奶奶" : ""), ByteaText(cipher.Encrypt(contact)),
      state, NullIf(!claimed, VolunteerId(claimer)),
      claimed ? VolunteerName(claimer) : std::string(), claimed && PartyMember(claimer),
      state == 4 ? 0 : k * 7 % 300,
      std::string(state == 5 || state == 6 ? "已送到，心愿人很满意" : ""),
      state == 5 || state == 6 ? 2 : 0,
      std::string(state == 3   ? "信息不全"
                  : state == 8 ? "心愿人已搬离"
                               : ""),
      "admin:" + CommunityId(street, community), std::string(created), published ? 1 : 0);
}

// Whether the wishes keep their first and last claim times (wishes V0007); with an older baseline
// they do not yet, and that migration fills them from wish_events.
bool KeepsClaimTimes(pqxx::connection& connection) {
  return Exec(connection,
              "SELECT 1 FROM information_schema.columns WHERE table_name = 'wishes' AND "
              "column_name = 'first_claimed_at'")
             .size() == 1;
}

}  // namespace

void LoadWishes(const std::string& url, const CityScale& scale, LoadLog& log) {
  auto cipher = PersonalDataCipher::FromHex(kBenchKeyHex);
  if (!cipher.ok()) std::exit(1);
  pqxx::connection connection(url);
  PrepareForBulk(connection);
  // The COPY goes to a staging table with day offsets; one INSERT … SELECT turns them into the
  // wish's times (published a day after creation, claimed two days later, confirmed after five).
  Exec(connection,
       "CREATE TEMP TABLE wish_stage (community_id text, category smallint, description text, "
       "estimated_value integer, wisher_name_sealed bytea, wisher_name_masked text, "
       "wisher_contact_sealed bytea, state smallint, claimer_id text, claimer_name text, "
       "claimer_party_member boolean, day_offset integer, fulfil_note text, "
       "service_hours numeric, reason text, submitted_by text, created_at timestamptz, "
       "published integer)");
  auto started = Stopwatch::now();
  {
    pqxx::work tx(connection);
    pqxx::stream_to copy(tx, "wish_stage");
    for (long long k = 0; k < scale.wishes; ++k) copy << WishRow(k, scale, *cipher);
    copy.complete();
    tx.commit();
  }
  log.Add({"wishes", "wishes: COPY to a stage, sealed fields", scale.wishes,
           Seconds(Stopwatch::now() - started)});
  Timed(log, connection, "wishes", "wishes: from the stage",
        "INSERT INTO wishes (community_id, category, description, estimated_value, "
        "wisher_name_sealed, wisher_name_masked, wisher_contact_sealed, state, claimer_id, "
        "claimer_name, claimer_party_member, claimed_at, claim_deadline, fulfil_note, "
        "service_hours, reason, submitted_by, created_at, published_at, confirmed_at) "
        "SELECT community_id, category, description, estimated_value, wisher_name_sealed, "
        "wisher_name_masked, wisher_contact_sealed, state, claimer_id, claimer_name, "
        "claimer_party_member, CASE WHEN claimer_id IS NOT NULL THEN c + interval '3 days' END, "
        "CASE WHEN state = 4 THEN c + interval "
        "'10 days' END, fulfil_note, service_hours, reason, submitted_by, c, "
        "CASE WHEN published = 1 THEN c + interval '1 day' END, "
        "CASE WHEN state = 6 THEN c + interval '8 days' END "
        "FROM (SELECT *, CASE WHEN state = 4 THEN created_at ELSE created_at + day_offset * "
        "interval '1 day' END AS c FROM wish_stage) s");
  // Each wish's history: reviewed, claimed, fulfilled, confirmed, as the domain records it.
  Timed(log, connection, "wishes", "wish_events",
        "INSERT INTO wish_events (wish_id, from_state, to_state, actor, note, at) "
        "SELECT wish_id, f, t, actor, '', at FROM wishes, LATERAL (VALUES "
        "(1, 2, submitted_by, published_at), (1, state, submitted_by, created_at + interval "
        "'1 day'), (2, 4, claimer_id, claimed_at), (4, 5, claimer_id, claimed_at + interval "
        "'3 days'), (5, 6, submitted_by, confirmed_at)) e(f, t, actor, at) "
        "WHERE (f = 1 AND t = 2 AND published_at IS NOT NULL) "
        "OR (f = 1 AND t = state AND state IN (3, 7, 8)) "
        "OR (f = 2 AND claimed_at IS NOT NULL) OR (f = 4 AND state IN (5, 6)) "
        "OR (f = 5 AND state = 6)");
  // Each wish here was claimed once, at claimed_at: its first and last claim, as Claimed keeps
  // them.
  if (KeepsClaimTimes(connection)) {
    Timed(log, connection, "wishes", "wishes: first and last claim",
          "UPDATE wishes SET first_claimed_at = claimed_at, last_claimed_at = claimed_at "
          "WHERE claimed_at IS NOT NULL");
  }
  // As autovacuum keeps the tables: statistics, and the visibility map index-only scans need.
  Timed(log, connection, "wishes", "VACUUM ANALYZE", "VACUUM ANALYZE", 0);
}

}  // namespace tongxin::bench
