// Participations (sign-ups, the waiting list, check-in and check-out), the corrections of their
// times and the hours credited per China day. The only code that runs their SQL.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/activities/domain/hours.h"
#include "services/activities/domain/model.h"
#include "services/common/db.h"

namespace tongxin::activities {

// A participation's change of state (ParticipationRepository::Move).
struct ParticipationMove {
  ParticipationState from;
  ParticipationState to;
  long long wait_seq = 0;  // for WAITLISTED
  bool late_cancellation = false;
  std::string review_reason;
  Time at;
};

class ParticipationRepository {
 public:
  explicit ParticipationRepository(Db& db);

  // Serialises one volunteer's roster confirmations (their daily cap counts every activity).
  absl::Status LockVolunteer(Tx& tx, const std::string& volunteer_id);
  // ALREADY_EXISTS when the volunteer is already signed up.
  absl::StatusOr<Participation> Insert(Tx& tx, const Participation& participation,
                                       long long wait_seq);
  absl::StatusOr<std::optional<Participation>> Find(Tx& tx, const std::string& participation_id,
                                                    bool lock = false);
  absl::StatusOr<std::optional<Participation>> FindLive(Tx& tx, const std::string& activity_id,
                                                        const std::string& volunteer_id);
  // nullopt when it was no longer in `move.from`.
  absl::StatusOr<std::optional<Participation>> Move(Tx& tx, const std::string& participation_id,
                                                    const ParticipationMove& move);
  // The first waiting (locked), if anyone waits.
  absl::StatusOr<std::optional<std::string>> FirstWaiting(Tx& tx, const std::string& activity_id);
  // nullopt when not holding a place or already checked in (out).
  absl::StatusOr<std::optional<Participation>> CheckIn(Tx& tx, const std::string& participation_id,
                                                       Time at);
  absl::StatusOr<std::optional<Participation>> CheckOut(Tx& tx, const std::string& participation_id,
                                                        Time at);
  absl::Status Correct(Tx& tx, const std::string& participation_id,
                       const AttendanceCorrection& correction);
  absl::StatusOr<std::vector<AttendanceCorrection>> Corrections(
      Tx& tx, const std::string& participation_id);
  absl::StatusOr<std::vector<Participation>> MineIn(Tx& tx, const std::string& volunteer_id,
                                                    const std::vector<std::string>& activity_ids);
  absl::StatusOr<Page<Participation>> ListOfActivity(Tx& tx, const std::string& activity_id,
                                                     ParticipationState state,
                                                     const PageRequest& page);
  absl::StatusOr<Page<Participation>> ListOfVolunteer(Tx& tx, const std::string& volunteer_id,
                                                      const PageRequest& page);
  absl::StatusOr<std::vector<Participation>> HoldingPlace(Tx& tx, const std::string& activity_id);
  // CONFIRMED → ATTENDED or NO_SHOW with the final hours and the days they were credited on.
  absl::Status Settle(Tx& tx, const Participation& participation, ParticipationState state,
                      const HoursResult& hours);
  // China date → hours credited between `from` and `to` (YYYY-MM-DD, inclusive).
  absl::StatusOr<std::map<std::string, double>> CreditedDays(Tx& tx,
                                                             const std::string& volunteer_id,
                                                             const std::string& from,
                                                             const std::string& to);
  absl::StatusOr<VolunteerCredit> Credit(Tx& tx, const std::string& volunteer_id);
  absl::StatusOr<std::string> HomeCommunity(Tx& tx, const std::string& volunteer_id);
};

}  // namespace tongxin::activities
