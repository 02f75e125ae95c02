// The fixture of notifications_grpc_test (one binary, several files, one suite): the
// notifications service built by NotificationsStack on its own database, called through its
// gRPC API as the other services' outbox relays (system tokens named "<service>-service"), the
// people with inboxes, admins and the grid system's integration client call it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/common/outbox.h"
#include "services/common/rpc_handlers.h"
#include "tests/support/notifications_stack.h"

namespace tongxin::notifications {

// Streets and communities of the tests: each test takes a community of its own, so that the
// feed it reads holds its own events only.
inline constexpr char kStreet[] = "110105001";
inline constexpr char kOtherStreet[] = "110105002";

class NotificationsTest : public ::testing::Test {
 protected:
  using Stub = pb::NotificationsService::Stub;

  static void SetUpTestSuite() {
    clock_ = new FakeClock(std::chrono::system_clock::now());
    stack_ = new testing::NotificationsStack(*clock_, "notifications");
    stub_ = pb::NotificationsService::NewStub(stack_->server.channel()).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete stack_;
    delete clock_;
  }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return testing::CallWith(stub_, method, token, request, response);
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return stack_->server.Token(role, subject, std::move(scope));
  }
  // The wishes service's outbox relay.
  static std::string WishesRelay() { return Token(Role::kSystem, "wishes-service"); }
  static std::string Person(const std::string& subject) { return Token(Role::kVolunteer, subject); }
  static std::string Admin(const std::string& region) {
    return Token(region.size() == 9 ? Role::kStreetAdmin : Role::kCommunityAdmin, "admin-" + region,
                 {region});
  }
  static std::string Grid(const std::string& region) {
    return Token(Role::kIntegration, "grid-system", {region});
  }

  // A community of kStreet no other test uses.
  static std::string NewCommunity() {
    std::string number = std::to_string(100 + ++communities_);  // 101 to 999
    return kStreet + number;
  }
  static std::string NewPerson() { return "v-" + NewUuid(); }

  // An event of `region` with one note per recipient.
  static pb::PublishEventRequest Event(const std::string& region,
                                       const std::vector<std::string>& recipients = {},
                                       const std::string& type = "cn.tongxin.wish.confirmed") {
    pb::PublishEventRequest request;
    request.set_request_id(NewUuid());
    request.set_type(type);
    request.set_subject("wishes/" + NewUuid());
    request.set_region_id(region);
    SetTimestamp(request.mutable_occurred_at(), clock_->Now());
    (*request.mutable_data()->mutable_fields())["wish_title"].set_string_value("陪老人聊天");
    (*request.mutable_data()->mutable_fields())["claimer"].set_string_value("张*");
    for (const std::string& recipient : recipients) {
      pb::InboxNote* note = request.add_notes();
      note->set_recipient_id(recipient);
      note->set_title("心愿已确认");
      note->set_body("你认领的心愿“陪老人聊天”已确认完成，感谢！");
      note->set_link("/m/wishes/1");
    }
    return request;
  }

  static pb::PublishEventResponse Publish(const pb::PublishEventRequest& request) {
    pb::PublishEventResponse response;
    grpc::Status status = Call(&Stub::PublishEvent, WishesRelay(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static pb::ListMessagesResponse Inbox(const std::string& person, bool unread_only = false,
                                        int page_size = 0, const std::string& token = "") {
    pb::ListMessagesRequest request;
    request.set_unread_only(unread_only);
    request.set_page_size(page_size);
    request.set_page_token(token);
    pb::ListMessagesResponse response;
    grpc::Status status = Call(&Stub::ListMessages, Person(person), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static int Unread(const std::string& person) {
    pb::InboxSummary summary;
    grpc::Status status =
        Call(&Stub::GetInboxSummary, Person(person), pb::GetInboxSummaryRequest{}, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary.unread_count();
  }

  static grpc::Status Feed(const std::string& token, const std::string& region,
                           const std::string& after, pb::ListEventsResponse* response,
                           int page_size = 0, std::vector<std::string> types = {}) {
    pb::ListEventsRequest request;
    request.set_region_id(region);
    request.set_after(after);
    request.set_page_size(page_size);
    for (auto& type : types) request.add_types(type);
    return Call(&Stub::ListEvents, token, request, response);
  }

  static std::string Scalar(const std::string& sql) { return stack_->database.Scalar(sql); }

  static FakeClock* clock_;
  static testing::NotificationsStack* stack_;
  static Stub* stub_;
  static int communities_;
};

}  // namespace tongxin::notifications
