// Proto enums ↔ domain enums, once for every gRPC layer. An incoming value is checked with the
// generated descriptor (the same table as the generated `_IsValid`): an unknown number is the
// caller's mistake, INVALID_ARGUMENT naming the field; `*_UNSPECIFIED` (0) is refused unless the
// field is optional. Domain enums share the proto's numbers; each service's mapping file ties
// the two with static_asserts (TX_SAME_ENUM_VALUE).
#pragma once

#include <google/protobuf/generated_enum_reflection.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace tongxin {

enum class Unspecified { kRefused, kAllowed };

template <typename DomainEnum, typename ProtoEnum>
absl::StatusOr<DomainEnum> FromProtoEnum(ProtoEnum value, absl::string_view field,
                                         Unspecified unspecified = Unspecified::kRefused) {
  const int number = static_cast<int>(value);
  if (google::protobuf::GetEnumDescriptor<ProtoEnum>()->FindValueByNumber(number) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", number));
  }
  if (number == 0 && unspecified == Unspecified::kRefused) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  return static_cast<DomainEnum>(number);
}

// Outgoing: the domain's value as the proto's (the numbers are the same by static_assert).
template <typename ProtoEnum, typename DomainEnum>
ProtoEnum ToProtoEnum(DomainEnum value) {
  return static_cast<ProtoEnum>(static_cast<int>(value));
}

}  // namespace tongxin

// Ties a domain enum value to its proto value and so to the number stored in SQL.
#define TX_SAME_ENUM_VALUE(domain_value, proto_value)                            \
  static_assert(static_cast<int>(domain_value) == static_cast<int>(proto_value), \
                #domain_value " and " #proto_value " must have the same number")
