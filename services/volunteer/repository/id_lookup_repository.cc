// The ID-number access log's SQL (see id_lookup_repository.h and id_lookup_queries.h).
#include "services/volunteer/repository/id_lookup_repository.h"

#include <limits>

#include "services/volunteer/repository/id_lookup_queries.h"

namespace tongxin::volunteer {
namespace {

IdNumberLookup LookupFrom(const pqxx::row& row) {
  IdNumberLookup l;
  l.lookup_id = row["lookup_id"].as<std::string>();
  l.caller = row["caller"].as<std::string>();
  l.caller_role = row["caller_role"].as<std::string>();
  l.caller_scope = ParseTextArray(row["caller_scope"]);
  l.lookup_time = FromEpochMicros(row["lookup_micros"].as<long long>());
  l.result = static_cast<IdLookupResult>(row["result"].as<int>());
  l.volunteer_id = row["volunteer_id"].as<std::string>();
  l.community_id = row["community_id"].as<std::string>();
  return l;
}

const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

IdLookupRepository::IdLookupRepository(Db& db) {
  db.Register({kIdLookupInsert, kIdLookupCountSince, kIdLookupList});
}

void IdLookupRepository::Insert(Tx& tx, const IdNumberLookup& l) {
  Exec0(tx, kIdLookupInsert, l.caller, l.caller_role, TextArrayLiteral(l.caller_scope),
        ToEpochMicros(l.lookup_time), static_cast<int>(l.result), NullIfEmpty(l.volunteer_id),
        NullIfEmpty(l.community_id));
}

void IdLookupRepository::LockCaller(Tx& tx, const std::string& caller) {
  LockKey(tx, "id_number_lookups:" + caller);
}

int IdLookupRepository::CountSince(Tx& tx, const std::string& caller, Time since) {
  return Exec1(tx, kIdLookupCountSince, caller, ToEpochMicros(since))[0].as<int>();
}

absl::StatusOr<Page<IdNumberLookup>> IdLookupRepository::List(Tx& tx, const IdLookupFilter& filter,
                                                              const PageRequest& page) {
  const std::string before =
      page.after.empty() ? std::to_string(std::numeric_limits<long long>::max()) : page.after;
  auto rows = Exec(tx, kIdLookupList, filter.region_id, filter.caller, before, page.page_size + 1);
  return ReadPage<IdNumberLookup>(rows, page.page_size, LookupFrom);  // keyed by lookup_id
}

}  // namespace tongxin::volunteer
