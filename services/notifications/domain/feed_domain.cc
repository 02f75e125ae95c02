#include "services/notifications/domain/feed_domain.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::notifications {
namespace {

constexpr std::string_view kTypePrefix = "cn.tongxin.";
constexpr size_t kMaxTypeChars = 128;
constexpr size_t kMaxSubjectChars = 256;
constexpr size_t kMaxRecipientChars = 128;

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

absl::Status CheckNote(size_t index, const Note& note) {
  const std::string at = absl::StrCat("notes[", index, "].");
  TX_RETURN_IF_ERROR(CheckText(at + "recipient_id", note.recipient_id, kMaxRecipientChars));
  TX_RETURN_IF_ERROR(CheckText(at + "title", note.title, kMaxTitleChars));
  TX_RETURN_IF_ERROR(CheckMultilineText(at + "body", note.body, kMaxBodyChars, /*required=*/false));
  TX_RETURN_IF_ERROR(CheckText(at + "link", note.link, kMaxLinkChars, /*required=*/false));
  if (!note.link.empty() && note.link.front() != '/') {
    return absl::InvalidArgumentError(at + "link: a path in the apps, starting with /");
  }
  return absl::OkStatus();
}

absl::Status CheckPublish(const Event& event, const std::vector<Note>& notes) {
  TX_RETURN_IF_ERROR(CheckUuid("request_id", event.event_id));
  TX_RETURN_IF_ERROR(CheckEventType("type", event.type));
  TX_RETURN_IF_ERROR(CheckText("subject", event.subject, kMaxSubjectChars, /*required=*/false));
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", event.region_id));
  if (event.data_json.empty()) return absl::InvalidArgumentError("data: required");
  if (event.data_json.size() > kMaxDataBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("data: at most ", kMaxDataBytes, " bytes as JSON"));
  }
  if (static_cast<int>(notes.size()) > kMaxNotes) {
    return absl::InvalidArgumentError(absl::StrCat("notes: at most ", kMaxNotes));
  }
  for (size_t i = 0; i < notes.size(); ++i) TX_RETURN_IF_ERROR(CheckNote(i, notes[i]));
  return absl::OkStatus();
}

// The system, or an admin or integration client whose scope holds the region.
absl::Status RequireFeedReader(const Principal& caller, const std::string& region_id) {
  if (caller.role == Role::kSystem) return absl::OkStatus();
  if (!caller.IsAdmin() && caller.role != Role::kIntegration) {
    return absl::PermissionDeniedError("only admins and the grid system read the event feed");
  }
  if (!caller.InScope(region_id)) return absl::PermissionDeniedError("outside the caller's scope");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckEventType(const std::string& field, const std::string& type) {
  if (type.empty()) return absl::InvalidArgumentError(field + ": required");
  if (!type.starts_with(kTypePrefix)) {
    return absl::InvalidArgumentError(field + ": must start with cn.tongxin.");
  }
  if (type.size() > kMaxTypeChars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", kMaxTypeChars, " characters"));
  }
  std::vector<std::string> segments = absl::StrSplit(type.substr(kTypePrefix.size()), '.');
  bool well_formed = segments.size() >= 2;
  for (const std::string& segment : segments) {
    well_formed =
        well_formed && !segment.empty() && std::all_of(segment.begin(), segment.end(), IsNameChar);
  }
  if (!well_formed) {
    return absl::InvalidArgumentError(
        field + ": cn.tongxin.<thing>.<happening>, lowercase letters, digits and _");
  }
  return absl::OkStatus();
}

std::string SourceOf(const Principal& caller) {
  constexpr std::string_view kSuffix = "-service";
  std::string_view subject = caller.subject;
  if (subject.size() > kSuffix.size() && subject.ends_with(kSuffix)) {
    std::string_view service = subject.substr(0, subject.size() - kSuffix.size());
    if (std::all_of(service.begin(), service.end(), IsNameChar)) {
      return "/tongxin/" + std::string(service);
    }
  }
  return "/tongxin/system";
}

FeedDomain::FeedDomain(EventRepository& events, const Clock& clock, NotificationsOptions options)
    : events_(events), clock_(clock), options_(options) {}

absl::StatusOr<Published> FeedDomain::Publish(Tx& tx, const Principal& caller, Event event,
                                              const std::vector<Note>& notes) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("only the services publish events");
  }
  TX_RETURN_IF_ERROR(CheckPublish(event, notes));
  // Stored before (a delivery repeated after its request id's key was purged): the first
  // answer, and nothing new.
  TX_ASSIGN_OR_RETURN(auto first, events_.FindEvent(tx, event.event_id));
  if (first) return FirstAnswer(tx, *first, event);
  const Time now = clock_.Now();
  if (event.occurred_at == Time{}) event.occurred_at = now;
  event.source = SourceOf(caller);
  // The messages first, the event last: the event takes the feed lock, held until commit, so
  // the lock is held for as short a time as can be (the foreign key is checked at commit).
  TX_ASSIGN_OR_RETURN(int made, events_.InsertMessages(tx, event.event_id, event.type, notes, now));
  TX_ASSIGN_OR_RETURN(auto stored, events_.StoreEvent(tx, event, now));
  if (stored) return Published{stored->event_id, stored->sequence, made};
  // Stored by a transaction that committed since the look above.
  TX_ASSIGN_OR_RETURN(first, events_.FindEvent(tx, event.event_id));
  if (!first) return absl::AbortedError("the event went while it was published again");
  return FirstAnswer(tx, *first, event);
}

absl::StatusOr<Published> FeedDomain::FirstAnswer(Tx& tx, const Event& first, const Event& again) {
  if (first.type != again.type || first.region_id != again.region_id) {
    return absl::InvalidArgumentError("request_id: used for another event");
  }
  TX_ASSIGN_OR_RETURN(int messages, events_.CountMessages(tx, first.event_id));
  return Published{first.event_id, first.sequence, messages};
}

absl::StatusOr<FeedPage> FeedDomain::ListEvents(Tx& tx, const Principal& caller,
                                                const FeedRequest& request) {
  if (request.page_size < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  const int size =
      request.page_size == 0 ? kDefaultFeedPageSize : std::min(request.page_size, kMaxFeedPageSize);
  int64_t after = 0;
  if (!request.after.empty() && (!absl::SimpleAtoi(request.after, &after) || after < 0)) {
    return absl::InvalidArgumentError("after: a sequence from an earlier answer");
  }
  if (static_cast<int>(request.types.size()) > kMaxFeedTypes) {
    return absl::InvalidArgumentError(absl::StrCat("types: at most ", kMaxFeedTypes));
  }
  for (size_t i = 0; i < request.types.size(); ++i) {
    TX_RETURN_IF_ERROR(CheckEventType(absl::StrCat("types[", i, "]"), request.types[i]));
  }
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", request.region_id));
  TX_RETURN_IF_ERROR(RequireFeedReader(caller, request.region_id));
  TX_ASSIGN_OR_RETURN(FeedRows rows,
                      events_.ListFeed(tx, request.region_id, after, size, request.types));
  FeedPage page;
  page.events = std::move(rows.events);
  if (static_cast<int>(page.events.size()) == size) {
    page.next_after = absl::StrCat(page.events.back().sequence);
    return page;
  }
  // Not full: the feed holds nothing more up to the newest event of all, since sequences are
  // taken under the feed lock held until commit (none below a seen one can still appear). The
  // cursor moves past the city's other events, so a quiet region's next poll scans none again.
  int64_t next = page.events.empty() ? after : page.events.back().sequence;
  if (rows.newest_sequence) next = std::max(next, *rows.newest_sequence);
  page.next_after = page.events.empty() && next == after ? request.after : absl::StrCat(next);
  return page;
}

absl::StatusOr<int> FeedDomain::PurgeExpired(Tx& tx, int limit) {
  const Time cutoff = clock_.Now() - options_.retention;
  TX_ASSIGN_OR_RETURN(int messages, events_.PurgeMessages(tx, cutoff, limit));
  TX_ASSIGN_OR_RETURN(int events, events_.PurgeEvents(tx, cutoff, limit));
  return messages + events;
}

}  // namespace tongxin::notifications
