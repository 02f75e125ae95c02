// Co-building units (共驻共建单位). The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

class UnitRepository {
 public:
  explicit UnitRepository(Db& db);
  absl::StatusOr<Unit> Insert(Tx& tx, const Unit& unit);
  absl::StatusOr<std::optional<Unit>> Find(Tx& tx, const std::string& unit_id);
  absl::StatusOr<Page<Unit>> List(Tx& tx, const std::string& community_id, const PageRequest& page);
};

}  // namespace tongxin::posts
