#include "services/wishes/repository/access_log_repository.h"

#include "services/wishes/repository/access_log_queries.h"

namespace tongxin::wishes {
namespace {

AccessEntry AccessFrom(const pqxx::row& row) {
  AccessEntry e;
  e.access_id = row["access_id"].as<std::string>();
  e.wish_id = row["wish_id"].as<std::string>();
  e.community_id = row["community_id"].as<std::string>();
  e.grid_id = row["grid_id"].as<std::string>();
  e.reader_id = row["reader_id"].as<std::string>();
  e.reason = static_cast<AccessReason>(row["reason"].as<int>());
  e.at = FromEpochMicros(row["at_micros"].as<long long>());
  return e;
}

}  // namespace

AccessLogRepository::AccessLogRepository(Db& db) { db.Register({kAccessInsert, kAccessList}); }

absl::Status AccessLogRepository::Insert(Tx& tx, const Wish& wish, const std::string& reader,
                                         AccessReason reason, Time at) {
  Exec0(tx, kAccessInsert, wish.wish_id, wish.community_id, wish.grid_id, reader,
        static_cast<int>(reason), ToEpochMicros(at));
  return absl::OkStatus();
}

absl::StatusOr<Page<AccessEntry>> AccessLogRepository::List(Tx& tx, const std::string& region_id,
                                                            const std::string& wish_id,
                                                            const std::string& reader_id,
                                                            const PageRequest& page) {
  auto rows = Exec(tx, kAccessList, region_id, wish_id, reader_id, page.after, page.page_size + 1);
  return ReadPage<AccessEntry>(rows, page.page_size, AccessFrom);
}

}  // namespace tongxin::wishes
