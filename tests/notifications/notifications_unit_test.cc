// The notifications service's pure rules (no database): event types, and the CloudEvents source
// of a publisher.
#include <gtest/gtest.h>

#include "services/notifications/domain/feed_domain.h"

namespace tongxin::notifications {
namespace {

TEST(EventType, IsCnTongxinThingHappening) {
  for (const char* type : {"cn.tongxin.wish.confirmed", "cn.tongxin.service_log.approved",
                           "cn.tongxin.round.published", "cn.tongxin.broadcast.call_out.sent"}) {
    EXPECT_TRUE(CheckEventType("type", type).ok()) << type;
  }
  for (const char* type :
       {"", "cn.tongxin.wish", "cn.tongxin.", "cn.tongxin..confirmed", "cn.tongxin.wish.confirmed.",
        "cn.tongxin.Wish.confirmed", "cn.tongxin.wish.con firmed", "org.tongxin.wish.confirmed",
        "wish.confirmed"}) {
    absl::Status status = CheckEventType("type", type);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << type;
    EXPECT_TRUE(std::string(status.message()).starts_with("type:")) << status.message();
  }
  EXPECT_FALSE(CheckEventType("type", "cn.tongxin.wish." + std::string(120, 'a')).ok());
}

TEST(EventSource, IsThePublishingServiceOfItsSystemToken) {
  EXPECT_EQ(SourceOf({"wishes-service", Role::kSystem, {}}), "/tongxin/wishes");
  EXPECT_EQ(SourceOf({"points-service", Role::kSystem, {}}), "/tongxin/points");
  // Anything else a system token may name is no service's.
  EXPECT_EQ(SourceOf({"authz-system", Role::kSystem, {}}), "/tongxin/system");
  EXPECT_EQ(SourceOf({"-service", Role::kSystem, {}}), "/tongxin/system");
  EXPECT_EQ(SourceOf({"Evil/../x-service", Role::kSystem, {}}), "/tongxin/system");
}

}  // namespace
}  // namespace tongxin::notifications
