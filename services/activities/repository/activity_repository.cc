#include "services/activities/repository/activity_repository.h"

#include "absl/strings/str_cat.h"
#include "services/activities/repository/activity_queries.h"

namespace tongxin::activities {
namespace {

long long Micros(Time t) { return ToEpochMicros(t); }

Time TimeOr0(const pqxx::field& field) {
  return field.is_null() ? Time{} : FromEpochMicros(field.as<long long>());
}

std::optional<Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

Activity ActivityFrom(const pqxx::row& row) {
  Activity a;
  a.activity_id = row["activity_id"].as<std::string>();
  a.organiser_region_id = row["organiser_region_id"].as<std::string>();
  a.team_id = row["team_id"].as<std::string>();
  a.title = row["title"].as<std::string>();
  a.category = row["category"].as<std::string>();
  a.description = row["description"].as<std::string>();
  a.place.address = row["address"].as<std::string>();
  a.place.has_coordinates = row["has_coordinates"].as<bool>();
  a.place.latitude = row["latitude"].as<double>();
  a.place.longitude = row["longitude"].as<double>();
  a.place.radius_meters = row["radius_meters"].as<int>();
  a.start = TimeOr0(row["start_micros"]);
  a.end = TimeOr0(row["end_micros"]);
  a.quota = row["quota"].as<int>();
  long long signup = row["signup_deadline_micros"].as<long long>();
  a.signup_deadline = signup == 0 ? Time{} : FromEpochMicros(signup);
  long long cancellation = row["cancellation_deadline_micros"].as<long long>();
  a.cancellation_deadline = cancellation == 0 ? Time{} : FromEpochMicros(cancellation);
  a.requirements.party_members_only = row["party_members_only"].as<bool>();
  a.requirements.min_age = row["min_age"].as<int>();
  a.requirements.skills = ParseTextArray(row["skills"]);
  a.requires_approval = row["requires_approval"].as<bool>();
  a.max_hours = row["max_hours"].as<double>();
  a.stored_state = static_cast<ActivityState>(row["status"].as<int>());
  a.confirmed_count = row["confirmed"].as<int>();
  a.waitlisted_count = row["waitlisted"].as<int>();
  a.pending_count = row["pending"].as<int>();
  a.cancel_reason = row["cancel_reason"].as<std::string>();
  a.created_by = row["created_by"].as<std::string>();
  a.create_time = TimeOr0(row["create_micros"]);
  a.publish_time = OptionalTime(row["publish_micros"]);
  a.records_confirm_time = OptionalTime(row["records_confirm_micros"]);
  return a;
}

std::optional<Activity> First(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return ActivityFrom(rows[0]);
}

long long MicrosOr0(Time t) { return t.time_since_epoch().count() == 0 ? 0 : Micros(t); }

}  // namespace

ActivityRepository::ActivityRepository(Db& db) {
  db.Register({kActivityInsert, kActivityUpdateDraft, kActivityGet, kActivityGetForUpdate,
               kActivityMove, kActivityTakePlace, kActivityCount, kActivityNextWaitSeq,
               kActivitiesList});
  db.RegisterConstraintMessages({
      {"activities_within_quota", "activity_id: no place is left"},
      {"activities_times", "activity.end_time: after start_time, at most 24 hours later"},
  });
}

absl::StatusOr<Activity> ActivityRepository::Insert(Tx& tx, const Activity& a, Time at) {
  return ActivityFrom(Exec1(tx, kActivityInsert, a.organiser_region_id, a.team_id, a.title,
                            a.category, a.description, a.place.address, a.place.has_coordinates,
                            a.place.latitude, a.place.longitude, a.place.radius_meters,
                            Micros(a.start), Micros(a.end), a.quota, MicrosOr0(a.signup_deadline),
                            MicrosOr0(a.cancellation_deadline), a.requirements.party_members_only,
                            a.requirements.min_age, TextArrayLiteral(a.requirements.skills),
                            a.requires_approval, a.max_hours, a.created_by, Micros(at)));
}

absl::StatusOr<std::optional<Activity>> ActivityRepository::UpdateDraft(Tx& tx, const Activity& a) {
  return First(Exec(
      tx, kActivityUpdateDraft, a.organiser_region_id, a.team_id, a.title, a.category,
      a.description, a.place.address, a.place.has_coordinates, a.place.latitude, a.place.longitude,
      a.place.radius_meters, Micros(a.start), Micros(a.end), a.quota, MicrosOr0(a.signup_deadline),
      MicrosOr0(a.cancellation_deadline), a.requirements.party_members_only, a.requirements.min_age,
      TextArrayLiteral(a.requirements.skills), a.requires_approval, a.max_hours, a.activity_id));
}

absl::StatusOr<std::optional<Activity>> ActivityRepository::Find(Tx& tx,
                                                                 const std::string& activity_id,
                                                                 bool lock) {
  return First(Exec(tx, lock ? kActivityGetForUpdate : kActivityGet, activity_id));
}

absl::StatusOr<std::optional<Activity>> ActivityRepository::Move(
    Tx& tx, const std::string& activity_id, ActivityState from, ActivityState to,
    const std::string& reason, Time at) {
  return First(Exec(tx, kActivityMove, activity_id, static_cast<int>(from), static_cast<int>(to),
                    reason, Micros(at)));
}

absl::StatusOr<bool> ActivityRepository::TakePlace(Tx& tx, const std::string& activity_id) {
  return !Exec(tx, kActivityTakePlace, activity_id).empty();
}

absl::StatusOr<long long> ActivityRepository::NextWaitSeq(Tx& tx, const std::string& activity_id) {
  return Exec1(tx, kActivityNextWaitSeq, activity_id)["wait_seq"].as<long long>();
}

absl::Status ActivityRepository::Count(Tx& tx, const std::string& activity_id, int confirmed,
                                       int waitlisted, int pending) {
  Exec0(tx, kActivityCount, activity_id, confirmed, waitlisted, pending);
  return absl::OkStatus();
}

absl::StatusOr<Page<Activity>> ActivityRepository::List(Tx& tx, const ActivityFilter& filter,
                                                        const PageRequest& page) {
  auto rows = Exec(tx, kActivitiesList, filter.region_id, static_cast<int>(filter.state),
                   filter.include_all, Micros(filter.now), page.after, page.page_size + 1);
  return ReadPage<Activity>(rows, page.page_size, ActivityFrom, [](const pqxx::row& row) {
    return absl::StrCat(row["start_micros"].as<long long>(), "|",
                        row["activity_id"].as<std::string>());
  });
}

}  // namespace tongxin::activities
