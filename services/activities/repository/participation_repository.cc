#include "services/activities/repository/participation_repository.h"

#include "absl/strings/str_cat.h"
#include "services/activities/repository/participation_queries.h"

namespace tongxin::activities {
namespace {

std::optional<Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

long long MicrosOr0(const std::optional<Time>& t) { return t ? ToEpochMicros(*t) : 0; }

Participation ParticipationFrom(const pqxx::row& row) {
  Participation p;
  p.participation_id = row["participation_id"].as<std::string>();
  p.activity_id = row["activity_id"].as<std::string>();
  p.volunteer_id = row["volunteer_id"].as<std::string>();
  p.volunteer_name = row["volunteer_name"].as<std::string>();
  p.party_member = row["party_member"].as<bool>();
  p.home_community_id = row["home_community_id"].as<std::string>();
  p.state = static_cast<ParticipationState>(row["state"].as<int>());
  p.waitlist_position = row["waitlist_position"].as<int>();
  p.late_cancellation = row["late_cancellation"].as<bool>();
  p.review_reason = row["review_reason"].as<std::string>();
  p.signup_time = FromEpochMicros(row["signup_micros"].as<long long>());
  p.check_in = OptionalTime(row["check_in_micros"]);
  p.check_out = OptionalTime(row["check_out_micros"]);
  p.hours = row["hours"].as<double>();
  p.hours_explanation = row["hours_explanation"].as<std::string>();
  p.activity_title = row["activity_title"].as<std::string>();
  p.activity_start = FromEpochMicros(row["activity_start_micros"].as<long long>());
  p.activity_end = FromEpochMicros(row["activity_end_micros"].as<long long>());
  p.activity_state = static_cast<ActivityState>(row["activity_status"].as<int>());
  p.activity_max_hours = row["activity_max_hours"].as<double>();
  return p;
}

std::optional<Participation> First(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return ParticipationFrom(rows[0]);
}

std::vector<Participation> All(const pqxx::result& rows) {
  std::vector<Participation> out;
  for (const auto& row : rows) out.push_back(ParticipationFrom(row));
  return out;
}

std::string SignupKey(const pqxx::row& row) {
  return absl::StrCat(row["signup_micros"].as<long long>(), "|",
                      row["participation_id"].as<std::string>());
}

}  // namespace

ParticipationRepository::ParticipationRepository(Db& db) {
  db.Register({kParticipationInsert,
               kParticipationGet,
               kParticipationGetForUpdate,
               kParticipationMove,
               kParticipationFirstWaiting,
               kParticipationCheckIn,
               kParticipationCheckOut,
               kCorrectionInsert,
               kParticipationSetTimes,
               kCorrectionsOf,
               kParticipationLive,
               kParticipationsMineIn,
               kParticipationsOfActivity,
               kParticipationsOfVolunteer,
               kParticipationsHoldingPlace,
               kParticipationSettle,
               kCreditedDayInsert,
               kCreditedDays,
               kVolunteerCredit,
               kHomeCommunity});
  db.RegisterConstraintMessages({
      {"participations_once", "activity_id: already signed up for this activity"},
      {"participations_out_after_in", "check_out_time: not before check_in_time"},
      {"attendance_corrections_reason_check", "reason: 1 to 500 characters"},
  });
}

absl::Status ParticipationRepository::LockVolunteer(Tx& tx, const std::string& volunteer_id) {
  LockKey(tx, "activities-volunteer:" + volunteer_id);
  return absl::OkStatus();
}

absl::StatusOr<Participation> ParticipationRepository::Insert(Tx& tx, const Participation& p,
                                                              long long wait_seq) {
  return ParticipationFrom(Exec1(
      tx, kParticipationInsert, p.activity_id, p.volunteer_id, p.volunteer_name, p.party_member,
      p.home_community_id, static_cast<int>(p.state), wait_seq, ToEpochMicros(p.signup_time)));
}

absl::StatusOr<std::optional<Participation>> ParticipationRepository::Find(
    Tx& tx, const std::string& participation_id, bool lock) {
  return First(Exec(tx, lock ? kParticipationGetForUpdate : kParticipationGet, participation_id));
}

absl::StatusOr<std::optional<Participation>> ParticipationRepository::FindLive(
    Tx& tx, const std::string& activity_id, const std::string& volunteer_id) {
  return First(Exec(tx, kParticipationLive, activity_id, volunteer_id));
}

absl::StatusOr<std::optional<Participation>> ParticipationRepository::Move(
    Tx& tx, const std::string& participation_id, const ParticipationMove& move) {
  return First(Exec(tx, kParticipationMove, participation_id, static_cast<int>(move.from),
                    static_cast<int>(move.to), move.wait_seq, move.late_cancellation,
                    move.review_reason, ToEpochMicros(move.at)));
}

absl::StatusOr<std::optional<std::string>> ParticipationRepository::FirstWaiting(
    Tx& tx, const std::string& activity_id) {
  auto rows = Exec(tx, kParticipationFirstWaiting, activity_id);
  if (rows.empty()) return std::nullopt;
  return rows[0]["participation_id"].as<std::string>();
}

absl::StatusOr<std::optional<Participation>> ParticipationRepository::CheckIn(
    Tx& tx, const std::string& participation_id, Time at) {
  return First(Exec(tx, kParticipationCheckIn, participation_id, ToEpochMicros(at)));
}

absl::StatusOr<std::optional<Participation>> ParticipationRepository::CheckOut(
    Tx& tx, const std::string& participation_id, Time at) {
  return First(Exec(tx, kParticipationCheckOut, participation_id, ToEpochMicros(at)));
}

absl::Status ParticipationRepository::Correct(Tx& tx, const std::string& participation_id,
                                              const AttendanceCorrection& c) {
  Exec0(tx, kCorrectionInsert, participation_id, MicrosOr0(c.check_in), MicrosOr0(c.check_out),
        c.corrected_by, c.reason, ToEpochMicros(c.correct_time));
  Exec0(tx, kParticipationSetTimes, participation_id, MicrosOr0(c.check_in),
        MicrosOr0(c.check_out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AttendanceCorrection>> ParticipationRepository::Corrections(
    Tx& tx, const std::string& participation_id) {
  std::vector<AttendanceCorrection> out;
  for (const auto& row : Exec(tx, kCorrectionsOf, participation_id)) {
    AttendanceCorrection c;
    c.corrected_by = row["corrected_by"].as<std::string>();
    c.reason = row["reason"].as<std::string>();
    c.previous_check_in = OptionalTime(row["previous_in"]);
    c.previous_check_out = OptionalTime(row["previous_out"]);
    c.check_in = OptionalTime(row["in_micros"]);
    c.check_out = OptionalTime(row["out_micros"]);
    c.correct_time = FromEpochMicros(row["at_micros"].as<long long>());
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<Participation>> ParticipationRepository::MineIn(
    Tx& tx, const std::string& volunteer_id, const std::vector<std::string>& activity_ids) {
  if (activity_ids.empty()) return std::vector<Participation>{};
  return All(Exec(tx, kParticipationsMineIn, volunteer_id, TextArrayLiteral(activity_ids)));
}

absl::StatusOr<Page<Participation>> ParticipationRepository::ListOfActivity(
    Tx& tx, const std::string& activity_id, ParticipationState state, const PageRequest& page) {
  auto rows = Exec(tx, kParticipationsOfActivity, activity_id, static_cast<int>(state), page.after,
                   page.page_size + 1);
  return ReadPage<Participation>(rows, page.page_size, ParticipationFrom, SignupKey);
}

absl::StatusOr<Page<Participation>> ParticipationRepository::ListOfVolunteer(
    Tx& tx, const std::string& volunteer_id, const PageRequest& page) {
  auto rows = Exec(tx, kParticipationsOfVolunteer, volunteer_id, page.after, page.page_size + 1);
  return ReadPage<Participation>(rows, page.page_size, ParticipationFrom, SignupKey);
}

absl::StatusOr<std::vector<Participation>> ParticipationRepository::HoldingPlace(
    Tx& tx, const std::string& activity_id) {
  return All(Exec(tx, kParticipationsHoldingPlace, activity_id));
}

absl::Status ParticipationRepository::Settle(Tx& tx, const Participation& p,
                                             ParticipationState state, const HoursResult& hours) {
  Exec0(tx, kParticipationSettle, p.participation_id, static_cast<int>(state), hours.hours,
        hours.explanation);
  for (const DayShare& day : hours.days) {
    Exec0(tx, kCreditedDayInsert, p.participation_id, p.volunteer_id, day.date, day.hours);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, double>> ParticipationRepository::CreditedDays(
    Tx& tx, const std::string& volunteer_id, const std::string& from, const std::string& to) {
  std::map<std::string, double> out;
  for (const auto& row : Exec(tx, kCreditedDays, volunteer_id, from, to)) {
    out[row["service_date"].as<std::string>()] = row["hours"].as<double>();
  }
  return out;
}

absl::StatusOr<VolunteerCredit> ParticipationRepository::Credit(Tx& tx,
                                                                const std::string& volunteer_id) {
  auto row = Exec1(tx, kVolunteerCredit, volunteer_id);
  VolunteerCredit credit;
  credit.volunteer_id = volunteer_id;
  credit.attendances = row["attendances"].as<int>();
  credit.late_cancellations = row["late_cancellations"].as<int>();
  credit.no_shows = row["no_shows"].as<int>();
  credit.hours = row["hours"].as<double>();
  return credit;
}

absl::StatusOr<std::string> ParticipationRepository::HomeCommunity(
    Tx& tx, const std::string& volunteer_id) {
  return Exec1(tx, kHomeCommunity, volunteer_id)["home_community_id"].as<std::string>();
}

}  // namespace tongxin::activities
