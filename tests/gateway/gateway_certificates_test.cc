// gateway_test: service certificates through the HTTP face: issued with the volunteer's token,
// the PDF as an application/pdf attachment, and the public verify route that needs no token,
// shows only the masks and has a per-address budget of its own.
#include <nlohmann/json.hpp>

#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;

class GatewayCertificateTest : public GatewayTest {
 protected:
  // A certificate of the seeded volunteer's June, with 3 hours of activity in it.
  static std::string IssuedSerial() {
    static std::string serial = [] {
      auto stub = vpb::VolunteerService::NewStub(volunteer_->server.channel());
      vpb::RecordServiceRequest record;
      record.set_request_id("g-cert-record");
      record.set_volunteer_id(volunteer_id_);
      record.set_hours(3);
      record.set_service_date("2026-06-01");
      record.set_organiser("河南路社区");
      record.set_organiser_region_id(kCommunityA);
      record.set_source(vpb::SERVICE_SOURCE_ACTIVITY);
      vpb::ServiceRecord recorded;
      EXPECT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::RecordService,
                                    System(), record, &recorded)
                      .ok());
      auto client = Client();
      auto response = client.Post("/v1/volunteers/me/certificates", Auth(Self(volunteer_id_)),
                                  R"({"period_start": "2026-06-01", "period_end": "2026-06-15"})",
                                  "application/json");
      EXPECT_TRUE(response);
      EXPECT_EQ(response->status, 200) << response->body;
      return json::parse(response->body).value("serial", "");
    }();
    return serial;
  }
};

TEST_F(GatewayCertificateTest, ThePdfIsAnAttachmentForTheVolunteerOnly) {
  const std::string serial = IssuedSerial();
  ASSERT_FALSE(serial.empty());
  auto client = Client();
  auto pdf = client.Get("/v1/certificates/" + serial + "/pdf", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf->get_header_value("Content-Disposition"),
            "attachment; filename=\"volunteer-certificate-" + serial + ".pdf\"");
  EXPECT_EQ(pdf->get_header_value("Cache-Control"), "private, no-store");
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  // The same bytes the service renders over gRPC.
  auto stub = vpb::VolunteerService::NewStub(volunteer_->server.channel());
  vpb::GetCertificatePdfRequest request;
  request.set_serial(serial);
  vpb::CertificatePdf direct;
  ASSERT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::GetCertificatePdf,
                                System(), request, &direct)
                  .ok());
  EXPECT_TRUE(direct.data() == pdf->body);
  // Without a token, or as somebody else: refused, as JSON.
  auto anonymous = client.Get("/v1/certificates/" + serial + "/pdf");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto other = client.Get("/v1/certificates/" + serial + "/pdf", Auth(Self("somebody-else")));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(other->get_header_value("Content-Type"), "application/json");
  // Listed for the volunteer.
  auto list = client.Get("/v1/volunteers/me/certificates", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(json::parse(list->body)["certificates"][0]["serial"], serial);
}

TEST_F(GatewayCertificateTest, VerifyIsPublicAndShowsOnlyTheMasks) {
  const std::string serial = IssuedSerial();
  ASSERT_FALSE(serial.empty());
  auto client = Client();
  auto verified = client.Get("/v1/verify/" + serial);  // no Authorization header at all
  ASSERT_TRUE(verified);
  ASSERT_EQ(verified->status, 200) << verified->body;
  json body = json::parse(verified->body);
  EXPECT_EQ(body["serial"], serial);
  EXPECT_EQ(body["status"], "CERTIFICATE_STATUS_VALID");
  EXPECT_EQ(body["name_masked"], "李*");
  EXPECT_EQ(body["community_name"], "河南路社区");
  EXPECT_EQ(verified->body.find("李伟"), std::string::npos);
  EXPECT_EQ(verified->body.find(volunteer_id_), std::string::npos);
  EXPECT_EQ(verified->body.find("13800138000"), std::string::npos);
  EXPECT_EQ(verified->body.find("411502198001011"), std::string::npos);

  // A serial nobody was given, and one that is not a serial.
  auto unknown = client.Get("/v1/verify/0000-0000-0000-0000-0");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto bad = client.Get("/v1/verify/not-a-serial");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  // A token that is sent must verify, even here.
  auto forged = client.Get("/v1/verify/" + serial, Auth("forged"));
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  // Only that route is public: its neighbours still want a token.
  auto neighbour = client.Get("/v1/certificates/" + serial);
  ASSERT_TRUE(neighbour);
  EXPECT_EQ(neighbour->status, 401);

  // Revoked by someone entitled (not the volunteer): the public page says so.
  auto refused = client.Post("/v1/certificates/" + serial + ":revoke", Auth(Self(volunteer_id_)),
                             R"({"reason": "不要了"})", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto revoked = client.Post("/v1/certificates/" + serial + ":revoke", Auth(System()),
                             R"({"reason": "时长登记有误"})", "application/json");
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  auto after = client.Get("/v1/verify/" + serial);
  ASSERT_TRUE(after);
  EXPECT_EQ(json::parse(after->body)["status"], "CERTIFICATE_STATUS_REVOKED");
  EXPECT_EQ(after->body.find("时长登记有误"), std::string::npos);
}

TEST_F(GatewayCertificateTest, AnonymousVerifiesHaveABudgetPerAddress) {
  HttpOptions options;
  options.public_rate_limit = RateLimit{0.001, 2};
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", front.port());
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) {
    auto response = client.Get("/v1/verify/0000-0000-0000-0000-0");
    ASSERT_TRUE(response);
    statuses.push_back(response->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{404, 404, 429}));
  // A signed-in caller spends their own budget, not the anonymous one.
  auto signed_in = client.Get("/v1/verify/0000-0000-0000-0000-0", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 404);
}

}  // namespace
}  // namespace tongxin::gateway
