// Proto ↔ domain conversions of the wishes service. Every enum's values are tied to the proto's
// numbers by static_asserts in mapping.cc; incoming enums are checked with FromProtoEnum.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "services/wishes/domain/model.h"
#include "services/wishes/domain/wishes_domain.h"
#include "tongxin/wishes/v1/wishes.pb.h"

namespace tongxin::wishes {

namespace pb = ::tongxin::wishes::v1;

// The wisher's name and contact are copied as the domain left them (empty unless revealed).
void ToProto(const Wish& in, pb::Wish* out);
// The wall shows the wish, its community and grid, and a masked name: nothing else.
void ToWallItem(const Wish& in, pb::WallItem* out);
void ToProto(const std::vector<HistoryEntry>& in, pb::History* out);
void ToProto(const Statistics& in, pb::Statistics* out);
void ToProto(const AccessEntry& in, pb::AccessLogEntry* out);

// A submission; its category is checked (an unknown number is INVALID_ARGUMENT; UNSPECIFIED is
// left to the domain, which requires one).
absl::StatusOr<Submission> FromProto(const pb::SubmitWishRequest& in);
// The list filters: UNSPECIFIED means any.
absl::StatusOr<Category> CategoryFilter(pb::Category category);
absl::StatusOr<WishState> WishStateFilter(pb::WishState state);

}  // namespace tongxin::wishes
