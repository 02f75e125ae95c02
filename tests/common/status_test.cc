// FromGrpcStatus: a downstream's answers pass through as they are, except a call the gRPC library
// ended because the stream was reset mid-answer (a replica behind nginx killed while answering),
// which is UNAVAILABLE: the outcome is unknown, and the caller must be told to retry, not INTERNAL.
#include "services/common/status.h"

#include <gtest/gtest.h>

namespace tongxin {
namespace {

TEST(FromGrpcStatusTest, AStreamResetMidAnswerIsUnavailable) {
  // What a gRPC client gets when nginx resets the stream after its replica died mid-answer.
  grpc::Status reset(grpc::StatusCode::INTERNAL, "Received RST_STREAM with error code 2");
  EXPECT_TRUE(ConnectionReset(reset));
  absl::Status status = FromGrpcStatus(reset);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("retry with the same request_id"), std::string_view::npos);
  EXPECT_NE(status.message().find("RST_STREAM"), std::string_view::npos);
}

TEST(FromGrpcStatusTest, AServicesOwnAnswerPassesThrough) {
  grpc::Status internal(grpc::StatusCode::INTERNAL, "stored answer is unreadable");
  EXPECT_FALSE(ConnectionReset(internal));
  EXPECT_EQ(FromGrpcStatus(internal), absl::InternalError("stored answer is unreadable"));
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "no stock")),
            absl::FailedPreconditionError("no stock"));
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

}  // namespace
}  // namespace tongxin
