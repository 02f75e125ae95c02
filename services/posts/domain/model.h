// The posts service's domain model: plain values, no SQL, no gRPC. Enums keep the proto's numbers
// (grpc/mapping.cc ties each value to its proto value; SQL literals are written from them).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/clients/volunteer_directory.h"
#include "services/common/pagination.h"

namespace tongxin::posts {

using Time = std::chrono::system_clock::time_point;
using tongxin::Page;
using tongxin::PageRequest;

struct PostType {
  std::string code;
  std::string name;
  std::string category;
  std::vector<std::string> suggested_skills;
  bool builtin = false;
};

enum class PostStatus { kUnspecified = 0, kOpen = 1, kFull = 2, kClosed = 3 };

struct Post {
  std::string post_id;
  std::string community_id;
  std::string grid_id;
  std::string type_code;
  std::string type_name;
  std::string title;
  std::string description;
  std::string place;
  std::string schedule;
  std::vector<int> weekdays;
  std::string start_time;
  std::string end_time;
  int capacity = 0;
  int adopted = 0;
  bool volunteers_allowed = false;
  bool open = true;
  std::string created_by;
  Time create_time;
  PostStatus status() const {
    if (!open) return PostStatus::kClosed;
    return adopted >= capacity ? PostStatus::kFull : PostStatus::kOpen;
  }
};

struct PostFilter {
  std::string region_id;
  std::string type_code;
  PostStatus status = PostStatus::kUnspecified;
  std::vector<std::string> skills;
};

struct Unit {
  std::string unit_id;
  std::string community_id;
  std::string name;
  std::string agreement_date;
  Time create_time;
};

enum class AdopterKind { kUnspecified = 0, kVolunteer = 1, kUnit = 2 };
enum class AdoptionStatus { kUnspecified = 0, kActive = 1, kWithdrawn = 2 };

struct Adoption {
  std::string adoption_id;
  std::string post_id;
  AdopterKind adopter_kind = AdopterKind::kVolunteer;
  std::string adopter_id;
  std::string adopter_name;
  bool party_member = false;
  AdoptionStatus status = AdoptionStatus::kActive;
  Time adopt_time;
  std::optional<Time> withdraw_time;
  std::string community_id;  // the post's
};

enum class LogStatus { kUnspecified = 0, kSubmitted = 1, kApproved = 2, kRejected = 3 };

struct ServiceLog {
  std::string log_id;
  std::string adoption_id;
  std::string post_id;
  std::string community_id;
  std::string adopter_id;
  std::string service_date;
  double hours = 0;
  std::string summary;
  std::vector<std::string> photos_before;
  std::vector<std::string> photos_after;
  LogStatus status = LogStatus::kSubmitted;
  std::string reviewed_by;
  std::string review_reason;
  Time create_time;
  std::optional<Time> review_time;
};

struct TypeOverview {
  std::string type_code;
  std::string type_name;
  int posts = 0;
  int capacity = 0;
  int adopted = 0;
};

struct Overview {
  std::string region_id;
  std::vector<TypeOverview> by_type;
  int posts = 0;
  int capacity = 0;
  int adopted = 0;
  double hours_this_month = 0;
  int logs_waiting = 0;
};

using clients::VolunteerDirectory;
using clients::VolunteerInfo;

}  // namespace tongxin::posts
