// Adoptions (认领) and the service logs written under them. The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

class AdoptionRepository {
 public:
  explicit AdoptionRepository(Db& db);

  // Serialises one adopter's adoptions (a transaction-scoped advisory lock), so the per-person
  // limit is counted against everything that adopter committed.
  absl::Status LockAdopter(Tx& tx, const std::string& adopter_id);
  absl::StatusOr<int> CountActive(Tx& tx, const std::string& adopter_id);
  // Adopted at `adoption.adopt_time`. ALREADY_EXISTS when the adopter already holds this post.
  absl::StatusOr<Adoption> Insert(Tx& tx, const Adoption& adoption);
  absl::StatusOr<std::optional<Adoption>> Find(Tx& tx, const std::string& adoption_id,
                                               bool lock = false);
  // ACTIVE → WITHDRAWN at `at`; nullopt when it was not active.
  absl::StatusOr<std::optional<Adoption>> Withdraw(Tx& tx, const std::string& adoption_id, Time at);
  absl::StatusOr<Page<Adoption>> List(Tx& tx, const std::string& post_id,
                                      const std::string& adopter_id, bool active_only,
                                      const PageRequest& page);

  absl::StatusOr<ServiceLog> InsertLog(Tx& tx, const ServiceLog& log);
  absl::StatusOr<std::optional<ServiceLog>> FindLog(Tx& tx, const std::string& log_id);
  // SUBMITTED → APPROVED or REJECTED; nullopt when it was already reviewed.
  absl::StatusOr<std::optional<ServiceLog>> Review(Tx& tx, const std::string& log_id,
                                                   LogStatus status, const std::string& reviewer,
                                                   const std::string& reason);
  absl::StatusOr<Page<ServiceLog>> ListLogs(Tx& tx, const std::string& region_id,
                                            const std::string& adopter_id, LogStatus status,
                                            const PageRequest& page);
};

}  // namespace tongxin::posts
