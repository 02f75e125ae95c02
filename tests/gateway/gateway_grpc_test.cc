// The gateway's gRPC face (gateway_test binary): the same API as the HTTP one, served from the same
// route table; request ids in metadata, the caller's token and deadline passed on, the shared rate
// limit, and the service listed by reflection and health.
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/generic/generic_stub.h>

#include <future>

#include "services/gateway/gateway_grpc.h"
#include "tests/gateway/gateway_fixture.h"
#include "tongxin/gateway/v1/gateway.grpc.pb.h"

namespace tongxin::gateway {
namespace {

constexpr char kGatewayService[] = "tongxin.gateway.v1.GatewayService";

// The gRPC face on a server of its own, with its own rate limiters.
struct GrpcFace {
  GrpcFace(const Clock& clock, Gateway& gateway, double per_second = 100, double burst = 100,
           RateLimit public_limit = RateLimit{100, 100})
      : server(clock),
        token_clock(clock.Now()),
        verifier(TokenVerifier::Hs256(testing::TestServer::kSecret, &token_clock)),
        runner(*verifier),
        limiter(per_second, burst),
        public_limiter(public_limit.per_second, public_limit.burst),
        service(gateway, runner, limiter, public_limiter) {
    server.Start(&service);
    stub = pb::GatewayService::NewStub(server.channel());
  }
  testing::TestServer server;
  FakeClock token_clock;  // the tokens' time, as the server's own verifier keeps it
  std::unique_ptr<TokenVerifier> verifier;
  AsyncRpcRunner runner;  // answers from the gateway's callbacks, as main() wires it
  RateLimiter limiter;
  RateLimiter public_limiter;
  GatewayGrpc service;
  std::unique_ptr<pb::GatewayService::Stub> stub;
};

std::unique_ptr<grpc::ClientContext> Context(const std::string& token,
                                             const std::string& request_id = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

std::string ResponseRequestId(const grpc::ClientContext& context) {
  auto id = context.GetServerInitialMetadata().find("x-request-id");
  if (id == context.GetServerInitialMetadata().end()) return "";
  return std::string(id->second.data(), id->second.size());
}

std::string Bytes(grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes;
}

// One unary call by method path with raw bytes, as a client without the gateway's proto would.
grpc::Status RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& token, const std::string& request, std::string* response) {
  grpc::GenericStub stub(channel);
  auto context = Context(token);
  grpc::Slice slice(request);
  grpc::ByteBuffer sent(&slice, 1), received;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), method, grpc::StubOptions(), &sent, &received,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (status.ok()) *response = Bytes(received);
  return status;
}

// One request and its answer on the server reflection stream (grpc.reflection.v1alpha), the
// messages written and read field by field: this binary has no reflection proto to compile.
std::string Reflect(const std::shared_ptr<grpc::Channel>& channel,
                    const google::protobuf::UnknownFieldSet& request) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue queue;
  auto call = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](intptr_t expected) {
    EXPECT_TRUE(queue.Next(&tag, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(tag), expected);
    return ok;
  };
  std::string bytes;
  request.SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer sent(&slice, 1), received;
  grpc::Status status;
  call->StartCall(reinterpret_cast<void*>(1));
  if (step(1)) {
    call->Write(sent, reinterpret_cast<void*>(2));
    step(2);
    call->Read(&received, reinterpret_cast<void*>(3));
    step(3);
    call->WritesDone(reinterpret_cast<void*>(4));
    step(4);
  }
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return Bytes(received);
}

// The length-delimited fields `number` of a message read as an unknown field set.
std::vector<std::string> Fields(const std::string& message, int number) {
  google::protobuf::UnknownFieldSet fields;
  EXPECT_TRUE(fields.ParseFromString(message));
  std::vector<std::string> values;
  for (int i = 0; i < fields.field_count(); ++i) {
    if (fields.field(i).number() == number &&
        fields.field(i).type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      values.push_back(fields.field(i).length_delimited());
    }
  }
  return values;
}

TEST_F(GatewayTest, TheSameApiOverGrpcReturnsItsRequestId) {
  GrpcFace face(*clock_, *gateway_);
  auto context = Context(Self(volunteer_id_));
  points::v1::RedeemRequest request;
  request.set_reward_id(reward_id_);
  request.set_volunteer_id(volunteer_id_);
  request.set_quantity(1);
  points::v1::Order order;
  ASSERT_TRUE(face.stub->Redeem(context.get(), request, &order).ok());
  EXPECT_FALSE(ResponseRequestId(*context).empty());
  auto dashboard_context = Context(Self(volunteer_id_));
  pb::GetDashboardRequest dashboard_request;
  dashboard_request.set_volunteer_id(volunteer_id_);
  pb::Dashboard dashboard;
  ASSERT_TRUE(face.stub->GetDashboard(dashboard_context.get(), dashboard_request, &dashboard).ok());
  EXPECT_EQ(dashboard.profile().name(), "李伟");
  EXPECT_EQ(std::vector<std::string>(dashboard.missing().begin(), dashboard.missing().end()),
            (std::vector<std::string>{"notifications", "posts", "wishes"}));
}

TEST_F(GatewayTest, GrpcRequestIdsComeFromMetadataOrTheRequestAndMustAgree) {
  GrpcFace face(*clock_, *gateway_);
  points::v1::RedeemRequest request;
  request.set_reward_id(reward_id_);
  request.set_volunteer_id("me");
  request.set_quantity(1);
  points::v1::Order first, again;
  auto first_context = Context(Self(volunteer_id_), "grpc-redeem-1");
  ASSERT_TRUE(face.stub->Redeem(first_context.get(), request, &first).ok());
  EXPECT_EQ(ResponseRequestId(*first_context), "grpc-redeem-1");
  EXPECT_EQ(first.volunteer_id(), volunteer_id_);  // "me" is the calling volunteer
  auto again_context = Context(Self(volunteer_id_), "grpc-redeem-1");
  ASSERT_TRUE(face.stub->Redeem(again_context.get(), request, &again).ok());
  EXPECT_EQ(again.order_id(), first.order_id());

  auto clash_context = Context(Self(volunteer_id_), "grpc-redeem-2");
  request.set_request_id("another");
  EXPECT_EQ(face.stub->Redeem(clash_context.get(), request, &again).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto body_context = Context(Self(volunteer_id_));
  request.set_quantity(0);  // refused by the points service, after the id is settled
  EXPECT_EQ(face.stub->Redeem(body_context.get(), request, &again).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ResponseRequestId(*body_context), "another");
  auto bad_context = Context(Self(volunteer_id_), std::string(129, 'a'));
  EXPECT_EQ(face.stub->Redeem(bad_context.get(), request, &again).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(ResponseRequestId(*bad_context).empty());
  EXPECT_NE(ResponseRequestId(*bad_context), std::string(129, 'a'));
}

TEST_F(GatewayTest, GrpcErrorsAreTheServicesCodes) {
  GrpcFace face(*clock_, *gateway_);
  pb::GetDashboardRequest request;
  request.set_volunteer_id(volunteer_id_);
  pb::Dashboard dashboard;
  EXPECT_EQ(face.stub->GetDashboard(Context("").get(), request, &dashboard).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(face.stub->GetDashboard(Context(Self("someone-else")).get(), request, &dashboard)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_volunteer_id("me");
  EXPECT_EQ(face.stub->GetDashboard(Context(System()).get(), request, &dashboard).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // "me" is for volunteers
  ASSERT_TRUE(
      face.stub->GetDashboard(Context(Self(volunteer_id_)).get(), request, &dashboard).ok());
  EXPECT_EQ(dashboard.profile().volunteer_id(), volunteer_id_);
  wishes::v1::ClaimWishRequest claim;
  claim.set_wish_id("00000000-0000-4000-8000-000000000000");
  claim.set_volunteer_id(volunteer_id_);
  wishes::v1::Wish wish;
  EXPECT_EQ(face.stub->ClaimWish(Context(Self(volunteer_id_)).get(), claim, &wish).error_code(),
            grpc::StatusCode::UNAVAILABLE);  // the wishes service is down
}

TEST_F(GatewayTest, GrpcCallersOverTheirRateAreResourceExhausted) {
  GrpcFace face(*clock_, *gateway_, /*per_second=*/0.001, /*burst=*/2);
  pb::GetDashboardRequest request;
  request.set_volunteer_id(volunteer_id_);
  std::vector<grpc::StatusCode> codes;
  for (int i = 0; i < 3; ++i) {
    pb::Dashboard dashboard;
    codes.push_back(face.stub->GetDashboard(Context(Self(volunteer_id_)).get(), request, &dashboard)
                        .error_code());
  }
  EXPECT_EQ(codes, (std::vector<grpc::StatusCode>{grpc::StatusCode::OK, grpc::StatusCode::OK,
                                                  grpc::StatusCode::RESOURCE_EXHAUSTED}));
}

TEST_F(GatewayTest, AnonymousGrpcCallersShareOneBudgetPerAddressAcrossConnections) {
  GrpcFace face(*clock_, *gateway_, 100, 100, /*public_limit=*/RateLimit{0.001, 2});
  // Two connections from the same address (two client ports): channels with subchannel pools of
  // their own share no connection.
  auto connect = [&face](int n) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("tongxin.test_connection", n);
    return pb::GatewayService::NewStub(
        grpc::CreateCustomChannel(face.server.target(), grpc::InsecureChannelCredentials(), args));
  };
  auto first = connect(1);
  auto second = connect(2);
  vpb::VerifyCertificateRequest request;
  request.set_serial("0000-0000-0000-0000-0");  // well formed, issued to nobody
  std::vector<grpc::StatusCode> codes;
  for (auto* stub : {first.get(), second.get(), first.get(), second.get()}) {
    vpb::CertificateVerification answer;
    codes.push_back(stub->VerifyCertificate(Context("").get(), request, &answer).error_code());
  }
  EXPECT_EQ(codes,
            (std::vector<grpc::StatusCode>{grpc::StatusCode::NOT_FOUND, grpc::StatusCode::NOT_FOUND,
                                           grpc::StatusCode::RESOURCE_EXHAUSTED,
                                           grpc::StatusCode::RESOURCE_EXHAUSTED}));
  // A signed-in caller spends their own budget, not the address's.
  vpb::CertificateVerification answer;
  EXPECT_EQ(
      first->VerifyCertificate(Context(Self(volunteer_id_)).get(), request, &answer).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(GatewayTest, GrpcUnknownMethodsAndUnreadableRequestsAreRefused) {
  GrpcFace face(*clock_, *gateway_);
  std::string answer;
  EXPECT_EQ(RawCall(face.server.channel(), std::string("/") + kGatewayService + "/Nowhere",
                    Self(volunteer_id_), "", &answer)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // Field 1 (volunteer_id) says it is 100 bytes long and ends after one: gRPC's own answer to
  // a request that does not parse into the method's message is UNIMPLEMENTED.
  EXPECT_EQ(RawCall(face.server.channel(), std::string("/") + kGatewayService + "/GetDashboard",
                    Self(volunteer_id_), std::string("\x0a\x64x", 3), &answer)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // Bytes of the request message are served as the typed stub's are.
  pb::GetDashboardRequest request;
  request.set_volunteer_id(volunteer_id_);
  ASSERT_TRUE(RawCall(face.server.channel(), std::string("/") + kGatewayService + "/GetDashboard",
                      Self(volunteer_id_), request.SerializeAsString(), &answer)
                  .ok());
  pb::Dashboard dashboard;
  ASSERT_TRUE(dashboard.ParseFromString(answer));
  EXPECT_EQ(dashboard.profile().name(), "李伟");
}

TEST_F(GatewayTest, ReflectionAndHealthKnowTheGatewayService) {
  GrpcFace face(*clock_, *gateway_);
  google::protobuf::UnknownFieldSet list;
  list.AddLengthDelimited(7, "*");  // list_services
  std::vector<std::string> names;
  for (const auto& listed : Fields(Reflect(face.server.channel(), list), 6)) {
    for (const auto& service : Fields(listed, 1)) {
      for (const auto& name : Fields(service, 1)) names.push_back(name);
    }
  }
  EXPECT_NE(std::find(names.begin(), names.end(), kGatewayService), names.end())
      << ::testing::PrintToString(names);

  google::protobuf::UnknownFieldSet symbol;
  symbol.AddLengthDelimited(4, kGatewayService);  // file_containing_symbol
  auto files = Fields(Reflect(face.server.channel(), symbol), 4);
  ASSERT_EQ(files.size(), 1u);
  bool described = false;
  for (const auto& bytes : Fields(files[0], 1)) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    for (const auto& service : file.service()) {
      if (file.package() + "." + service.name() != kGatewayService) continue;
      described = true;
      EXPECT_EQ(service.method_size(), google::protobuf::DescriptorPool::generated_pool()
                                           ->FindServiceByName(kGatewayService)
                                           ->method_count());
    }
  }
  EXPECT_TRUE(described);

  // grpc.health.v1: the server as a whole is SERVING. ServiceHost sets no per-service status (for
  // no service), so asking by the service's name is NOT_FOUND, as for every Tongxin service.
  std::string answer;
  ASSERT_TRUE(RawCall(face.server.channel(), "/grpc.health.v1.Health/Check", "", "", &answer).ok());
  EXPECT_EQ(answer, std::string("\x08\x01", 2));  // SERVING
  google::protobuf::UnknownFieldSet named;
  named.AddLengthDelimited(1, kGatewayService);
  std::string by_name;
  named.SerializeToString(&by_name);
  EXPECT_EQ(RawCall(face.server.channel(), "/grpc.health.v1.Health/Check", "", by_name, &answer)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace tongxin::gateway
