// A service log's life and rules, next to its model: SUBMITTED → APPROVED | REJECTED, once (the
// repository's conditional UPDATE enforces the same in the database); the hours, date and photo
// limits of what is logged. Pure: no SQL, no gRPC.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/transitions.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// Read with CanMove / CheckTransition / RefusalOf (transitions.h).
inline constexpr Transition<LogStatus> kLogTransitions[] = {
    {LogStatus::kSubmitted, LogStatus::kApproved, "log_id: the log was already reviewed"},
    {LogStatus::kSubmitted, LogStatus::kRejected, "log_id: the log was already reviewed"},
};

// Hours served: more than 0, at most 24, at most two decimals. Returns them rounded to the cent
// (what is stored).
absl::StatusOr<double> CheckLogHours(double hours);

// The service date: a real YYYY-MM-DD, not after `today` (China's date).
absl::Status CheckServiceDate(const std::string& date, const std::string& today);

// Service under an adoption is logged from the adoption's first day on: `adopted_on` is that
// day (China's date, YYYY-MM-DD).
absl::Status CheckServedSinceAdoption(const std::string& date, const std::string& adopted_on);

// At most 9 photo URLs, each http(s) and at most 500 characters.
absl::Status CheckPhotos(const std::string& field, const std::vector<std::string>& urls);

}  // namespace tongxin::posts
