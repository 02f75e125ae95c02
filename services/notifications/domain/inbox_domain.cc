#include "services/notifications/domain/inbox_domain.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::notifications {
namespace {

// Whose inbox: the verified caller's subject, whatever the role.
absl::StatusOr<std::string> Owner(const Principal& caller) {
  if (caller.subject.empty()) {
    return absl::PermissionDeniedError("an inbox belongs to a person: the token names nobody");
  }
  return caller.subject;
}

}  // namespace

InboxDomain::InboxDomain(EventRepository& events, const Clock& clock)
    : events_(events), clock_(clock) {}

absl::StatusOr<Page<Message>> InboxDomain::ListMessages(Tx& tx, const Principal& caller,
                                                        bool unread_only, int page_size,
                                                        const std::string& page_token) {
  if (page_size < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  int size = page_size == 0 ? kDefaultInboxPageSize : std::min(page_size, kMaxInboxPageSize);
  TX_ASSIGN_OR_RETURN(PageRequest page, MakePageRequest(size, page_token));
  TX_ASSIGN_OR_RETURN(std::string owner, Owner(caller));
  return events_.ListInbox(tx, owner, unread_only, page);
}

absl::StatusOr<int> InboxDomain::UnreadCount(Tx& tx, const Principal& caller) {
  TX_ASSIGN_OR_RETURN(std::string owner, Owner(caller));
  return events_.UnreadCount(tx, owner);
}

absl::StatusOr<MarkedRead> InboxDomain::MarkRead(Tx& tx, const Principal& caller,
                                                 const MarkReadRequest& request) {
  if (request.all && !request.message_ids.empty()) {
    return absl::InvalidArgumentError("message_ids: name messages or set all, not both");
  }
  if (!request.all && request.message_ids.empty()) {
    return absl::InvalidArgumentError("message_ids: required unless all is set");
  }
  if (static_cast<int>(request.message_ids.size()) > kMaxMarkIds) {
    return absl::InvalidArgumentError(absl::StrCat("message_ids: at most ", kMaxMarkIds));
  }
  for (size_t i = 0; i < request.message_ids.size(); ++i) {
    TX_RETURN_IF_ERROR(CheckUuid(absl::StrCat("message_ids[", i, "]"), request.message_ids[i]));
  }
  TX_ASSIGN_OR_RETURN(std::string owner, Owner(caller));
  const Time now = clock_.Now();
  MarkedRead result;
  if (request.all) {
    TX_ASSIGN_OR_RETURN(result.marked, events_.MarkAllRead(tx, owner, now));
  } else {
    // Another's message is answered as a missing one: its id tells the caller nothing.
    TX_ASSIGN_OR_RETURN(auto owned, events_.OwnedMessages(tx, owner, request.message_ids));
    std::set<std::string> mine(owned.begin(), owned.end());
    for (size_t i = 0; i < request.message_ids.size(); ++i) {
      std::string id = request.message_ids[i];
      for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!mine.contains(id)) {
        return absl::NotFoundError(absl::StrCat("message_ids[", i, "]: no such message"));
      }
    }
    TX_ASSIGN_OR_RETURN(result.marked, events_.MarkRead(tx, owner, request.message_ids, now));
  }
  TX_ASSIGN_OR_RETURN(result.unread_count, events_.UnreadCount(tx, owner));
  return result;
}

}  // namespace tongxin::notifications
