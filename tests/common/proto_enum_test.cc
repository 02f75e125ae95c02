// FromProtoEnum, the one check of incoming enums: numbers the proto does not define are refused
// naming the field, *_UNSPECIFIED only where the field is optional. Protobuf's own enums stand in
// for the services' (the mechanism is the generated descriptor either way).
#include "services/common/proto_enum.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/type.pb.h>
#include <gtest/gtest.h>

namespace tongxin {
namespace {

enum class Syntax { kProto2 = 0, kProto3 = 1 };
TX_SAME_ENUM_VALUE(Syntax::kProto3, google::protobuf::SYNTAX_PROTO3);

TEST(ProtoEnumTest, KnownValuesMapToTheDomainEnum) {
  auto syntax = FromProtoEnum<Syntax>(google::protobuf::SYNTAX_PROTO3, "syntax");
  ASSERT_TRUE(syntax.ok());
  EXPECT_EQ(*syntax, Syntax::kProto3);
  EXPECT_EQ(ToProtoEnum<google::protobuf::Syntax>(Syntax::kProto3),
            google::protobuf::SYNTAX_PROTO3);
}

TEST(ProtoEnumTest, UnknownNumbersAreTheCallersMistakeNamingTheField) {
  auto bad = FromProtoEnum<Syntax>(static_cast<google::protobuf::Syntax>(7), "round.rule");
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "round.rule: unknown value 7");
  auto negative = FromProtoEnum<Syntax>(static_cast<google::protobuf::Syntax>(-1), "syntax");
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProtoEnumTest, UnspecifiedIsRefusedUnlessTheFieldIsOptional) {
  auto required = FromProtoEnum<Syntax>(google::protobuf::SYNTAX_PROTO2, "kind");
  ASSERT_EQ(required.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(required.status().message(), "kind: required");
  auto optional =
      FromProtoEnum<Syntax>(google::protobuf::SYNTAX_PROTO2, "kind", Unspecified::kAllowed);
  ASSERT_TRUE(optional.ok());
  EXPECT_EQ(*optional, Syntax::kProto2);
}

TEST(ProtoEnumTest, EnumsWithoutAZeroValueRefuseZeroAsUnknown) {
  auto zero = FromProtoEnum<int>(static_cast<google::protobuf::FieldDescriptorProto_Type>(0),
                                 "type", Unspecified::kAllowed);
  EXPECT_EQ(zero.status().message(), "type: unknown value 0");
}

}  // namespace
}  // namespace tongxin
