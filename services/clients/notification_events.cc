#include "services/clients/notification_events.h"

#include "absl/time/time.h"

namespace tongxin::clients {

const google::protobuf::MethodDescriptor& PublishEventMethod() {
  return RpcMethod<notifications::v1::NotificationsService>("PublishEvent");
}

notifications::v1::PublishEventRequest NewEvent(std::string_view type, std::string subject,
                                                std::string region_id,
                                                std::chrono::system_clock::time_point occurred_at) {
  notifications::v1::PublishEventRequest event;
  event.set_type(std::string(type));
  event.set_subject(std::move(subject));
  event.set_region_id(std::move(region_id));
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(occurred_at.time_since_epoch()).count();
  event.mutable_occurred_at()->set_seconds(micros / 1000000);
  event.mutable_occurred_at()->set_nanos(static_cast<int>(micros % 1000000) * 1000);
  event.mutable_data();  // present even when empty: the feed's data is an object
  return event;
}

void SetData(notifications::v1::PublishEventRequest& event, const std::string& key,
             std::string_view value) {
  (*event.mutable_data()->mutable_fields())[key].set_string_value(std::string(value));
}

void SetData(notifications::v1::PublishEventRequest& event, const std::string& key,
             const char* value) {
  SetData(event, key, std::string_view(value));
}

void SetData(notifications::v1::PublishEventRequest& event, const std::string& key, double value) {
  (*event.mutable_data()->mutable_fields())[key].set_number_value(value);
}

void SetData(notifications::v1::PublishEventRequest& event, const std::string& key, bool value) {
  (*event.mutable_data()->mutable_fields())[key].set_bool_value(value);
}

void SetTimeData(notifications::v1::PublishEventRequest& event, const std::string& key,
                 std::chrono::system_clock::time_point value) {
  SetData(event, key,
          absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromChrono(value), absl::UTCTimeZone()));
}

std::string Utf8Chars(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (chars == max_chars) return std::string(text.substr(0, i));
    ++chars;
  }
  return std::string(text);
}

void AddNote(notifications::v1::PublishEventRequest& event, const std::string& recipient_id,
             std::string_view title, std::string_view body, std::string link) {
  if (recipient_id.empty()) return;
  notifications::v1::InboxNote* note = event.add_notes();
  note->set_recipient_id(recipient_id);
  note->set_title(Utf8Chars(title, 60));
  note->set_body(Utf8Chars(body, 500));
  note->set_link(std::move(link));
}

std::string EnqueueEvent(Tx& tx, notifications::v1::PublishEventRequest& event) {
  const std::string region_id = event.region_id();
  return EnqueueCall(tx, PublishEventMethod(), region_id, event);
}

}  // namespace tongxin::clients
