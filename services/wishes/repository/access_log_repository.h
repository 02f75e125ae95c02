// The wisher access log: every showing of a wisher's name and contact. The only code that runs
// its SQL.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

class AccessLogRepository {
 public:
  explicit AccessLogRepository(Db& db);

  // `reader` was shown the name and contact of `wish`'s wisher at `at`, for `reason`.
  absl::Status Insert(Tx& tx, const Wish& wish, const std::string& reader, AccessReason reason,
                      Time at);
  // Newest first; `wish_id` and `reader_id` filter when not empty.
  absl::StatusOr<Page<AccessEntry>> List(Tx& tx, const std::string& region_id,
                                         const std::string& wish_id, const std::string& reader_id,
                                         const PageRequest& page);
};

}  // namespace tongxin::wishes
