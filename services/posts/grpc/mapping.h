// Proto ↔ domain conversions of the posts service. Every enum's values are tied to the proto's
// numbers by static_asserts in mapping.cc; incoming enums are checked with FromProtoEnum.
#pragma once

#include "absl/status/statusor.h"
#include "services/posts/domain/model.h"
#include "services/posts/domain/posts_domain.h"
#include "tongxin/posts/v1/posts.pb.h"

namespace tongxin::posts {

namespace pb = ::tongxin::posts::v1;

void ToProto(const PostType& in, pb::PostType* out);
void ToProto(const Post& in, pb::Post* out);
void ToProto(const Unit& in, pb::Unit* out);
void ToProto(const Adoption& in, pb::Adoption* out);
void ToProto(const ServiceLog& in, pb::ServiceLog* out);
void ToProto(const Overview& in, pb::Overview* out);

PostType FromProto(const pb::PostType& in);
// A new post as the caller describes it (the fields a caller sets).
Post FromProto(const pb::Post& in);
Unit FromProto(const pb::Unit& in);
LogInput FromProto(const pb::LogServiceRequest& in);

// Incoming enums: an unknown number is INVALID_ARGUMENT naming the field. UNSPECIFIED means
// "any" in the list filters and VOLUNTEER for the adopter kind (the proto's default).
absl::StatusOr<PostStatus> PostStatusFilter(pb::PostStatus status);
absl::StatusOr<LogStatus> LogStatusFilter(pb::LogStatus status);
absl::StatusOr<AdopterKind> AdopterKindFrom(pb::AdopterKind kind);

}  // namespace tongxin::posts
