// The access log of ID-number look-ups, which also counts them for the rate limit. The only
// code that runs its SQL.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class IdLookupRepository {
 public:
  explicit IdLookupRepository(Db& db);

  void Insert(Tx& tx, const IdNumberLookup& lookup);
  // Until `tx` ends, other transactions counting `caller`'s look-ups wait here.
  void LockCaller(Tx& tx, const std::string& caller);
  // `caller`'s answered look-ups after `since`.
  int CountSince(Tx& tx, const std::string& caller, Time since);
  absl::StatusOr<Page<IdNumberLookup>> List(Tx& tx, const IdLookupFilter& filter,
                                            const PageRequest& page);
};

}  // namespace tongxin::volunteer
