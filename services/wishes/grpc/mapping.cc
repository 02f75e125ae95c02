#include "services/wishes/grpc/mapping.h"

#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::wishes {

TX_SAME_ENUM_VALUE(WishState::kUnspecified, pb::WISH_STATE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(WishState::kSubmitted, pb::WISH_STATE_SUBMITTED);
TX_SAME_ENUM_VALUE(WishState::kApproved, pb::WISH_STATE_APPROVED);
TX_SAME_ENUM_VALUE(WishState::kRejected, pb::WISH_STATE_REJECTED);
TX_SAME_ENUM_VALUE(WishState::kClaimed, pb::WISH_STATE_CLAIMED);
TX_SAME_ENUM_VALUE(WishState::kFulfilled, pb::WISH_STATE_FULFILLED);
TX_SAME_ENUM_VALUE(WishState::kConfirmed, pb::WISH_STATE_CONFIRMED);
TX_SAME_ENUM_VALUE(WishState::kWithdrawn, pb::WISH_STATE_WITHDRAWN);
TX_SAME_ENUM_VALUE(WishState::kCancelled, pb::WISH_STATE_CANCELLED);
static_assert(pb::WishState_MAX == pb::WISH_STATE_CANCELLED, "a WishState value is not mapped");

TX_SAME_ENUM_VALUE(Category::kUnspecified, pb::CATEGORY_UNSPECIFIED);
TX_SAME_ENUM_VALUE(Category::kStudySupplies, pb::CATEGORY_STUDY_SUPPLIES);
TX_SAME_ENUM_VALUE(Category::kDailyNecessities, pb::CATEGORY_DAILY_NECESSITIES);
TX_SAME_ENUM_VALUE(Category::kHealth, pb::CATEGORY_HEALTH);
TX_SAME_ENUM_VALUE(Category::kApplianceRepair, pb::CATEGORY_APPLIANCE_REPAIR);
TX_SAME_ENUM_VALUE(Category::kCompanionship, pb::CATEGORY_COMPANIONSHIP);
TX_SAME_ENUM_VALUE(Category::kOther, pb::CATEGORY_OTHER);
static_assert(pb::Category_MAX == pb::CATEGORY_OTHER, "a Category value is not mapped");

TX_SAME_ENUM_VALUE(AccessReason::kUnspecified, pb::ACCESS_REASON_UNSPECIFIED);
TX_SAME_ENUM_VALUE(AccessReason::kClaimer, pb::ACCESS_REASON_CLAIMER);
TX_SAME_ENUM_VALUE(AccessReason::kSubmitter, pb::ACCESS_REASON_SUBMITTER);
TX_SAME_ENUM_VALUE(AccessReason::kAdmin, pb::ACCESS_REASON_ADMIN);
TX_SAME_ENUM_VALUE(AccessReason::kSystem, pb::ACCESS_REASON_SYSTEM);
static_assert(pb::AccessReason_MAX == pb::ACCESS_REASON_SYSTEM,
              "an AccessReason value is not mapped");

namespace {

// What the wall shows, the same in a full wish and in a wall item.
template <typename Out>
void SetPublicFields(const Wish& in, Out* out) {
  out->set_wish_id(in.wish_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_category(ToProtoEnum<pb::Category>(in.category));
  out->set_description(in.description);
  out->set_estimated_value(in.estimated_value);
  out->set_photo_url(in.photo_url);
  out->set_wisher_name_masked(in.wisher_name_masked);
  if (in.publish_time) SetTimestamp(out->mutable_publish_time(), *in.publish_time);
}

}  // namespace

void ToProto(const Wish& in, pb::Wish* out) {
  SetPublicFields(in, out);
  out->set_wisher_name(in.wisher_name);        // empty unless the domain revealed it
  out->set_wisher_contact(in.wisher_contact);  // likewise
  out->set_state(ToProtoEnum<pb::WishState>(in.state));
  out->set_claimer_id(in.claimer_id);
  out->set_claimer_name(in.claimer_name);
  if (in.claim_deadline) SetTimestamp(out->mutable_claim_deadline(), *in.claim_deadline);
  out->set_fulfil_note(in.fulfil_note);
  out->set_fulfil_photo_url(in.fulfil_photo_url);
  out->set_service_hours(in.service_hours);
  out->set_reason(in.reason);
  out->set_submitted_by(in.submitted_by);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToWallItem(const Wish& in, pb::WallItem* out) { SetPublicFields(in, out); }

void ToProto(const std::vector<HistoryEntry>& in, pb::History* out) {
  for (const auto& e : in) {
    auto* entry = out->add_entries();
    entry->set_from_state(ToProtoEnum<pb::WishState>(e.from));
    entry->set_to_state(ToProtoEnum<pb::WishState>(e.to));
    entry->set_actor(e.actor);
    entry->set_note(e.note);
    SetTimestamp(entry->mutable_time(), e.at);
  }
}

void ToProto(const Statistics& in, pb::Statistics* out) {
  out->set_region_id(in.region_id);
  for (auto [state, count] : in.by_state) {
    auto* by_state = out->add_by_state();
    by_state->set_state(ToProtoEnum<pb::WishState>(state));
    by_state->set_count(count);
  }
  for (auto [category, count] : in.by_category) {
    auto* by_category = out->add_by_category();
    by_category->set_category(ToProtoEnum<pb::Category>(category));
    by_category->set_count(count);
  }
  out->set_claim_rate(in.claim_rate);
  out->set_fulfilment_rate(in.fulfilment_rate);
  out->set_median_hours_publish_to_claim(in.median_hours_publish_to_claim);
  out->set_median_hours_claim_to_confirm(in.median_hours_claim_to_confirm);
}

void ToProto(const AccessEntry& in, pb::AccessLogEntry* out) {
  out->set_wish_id(in.wish_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_reader_id(in.reader_id);
  out->set_reason(ToProtoEnum<pb::AccessReason>(in.reason));
  SetTimestamp(out->mutable_time(), in.at);
}

absl::StatusOr<Submission> FromProto(const pb::SubmitWishRequest& in) {
  TX_ASSIGN_OR_RETURN(Category category,
                      FromProtoEnum<Category>(in.category(), "category", Unspecified::kAllowed));
  return Submission{in.community_id(), in.grid_id(),         category,
                    in.description(),  in.estimated_value(), in.photo_url(),
                    in.wisher_name(),  in.wisher_contact(),  in.wisher_title()};
}

absl::StatusOr<Category> CategoryFilter(pb::Category category) {
  return FromProtoEnum<Category>(category, "category", Unspecified::kAllowed);
}

absl::StatusOr<WishState> WishStateFilter(pb::WishState state) {
  return FromProtoEnum<WishState>(state, "state", Unspecified::kAllowed);
}

}  // namespace tongxin::wishes
