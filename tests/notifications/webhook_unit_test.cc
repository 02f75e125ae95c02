// The webhooks' rules that need no database: the signature a receiver checks (and what a forged
// call fails on), the secret's derivation, the URLs refused, the back-off schedule and the body.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "services/common/crypto.h"
#include "services/notifications/domain/webhook_signature.h"
#include "services/notifications/domain/webhooks_domain.h"
#include "services/notifications/grpc/webhook_mapping.h"

namespace tongxin::notifications {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kNow = system_clock::from_time_t(1796083200);  // 2026-12-01
constexpr char kKey[] = "tongxin-test-webhook-key-0123456789abcdef";
constexpr char kBody[] = R"({"specversion":"1.0","id":"e1"})";

TEST(WebhookSignatureTest, TheSignedHeaderVerifies) {
  const std::string secret = WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000001");
  const std::string header = SignatureHeaderValue(secret, kBody, kNow);
  EXPECT_EQ(header.substr(0, 13), "t=1796083200,");
  EXPECT_TRUE(VerifySignature(secret, header, kBody, kNow).ok());
  // A receiver's clock a little behind or ahead still accepts it.
  EXPECT_TRUE(VerifySignature(secret, header, kBody, kNow + seconds(299)).ok());
  EXPECT_TRUE(VerifySignature(secret, header, kBody, kNow - seconds(30)).ok());
}

TEST(WebhookSignatureTest, TheHeaderIsTheDocumentedHmac) {
  // What docs/events.md tells receivers to compute, written out from the primitives.
  const std::string secret = "c2VjcmV0";
  const std::string expected =
      "t=1796083200,v1=" + HexEncode(HmacSha256(secret, std::string("1796083200.") + kBody));
  EXPECT_EQ(SignatureHeaderValue(secret, kBody, kNow), expected);
}

TEST(WebhookSignatureTest, ForgedCallsFail) {
  const std::string secret = WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000001");
  const std::string header = SignatureHeaderValue(secret, kBody, kNow);
  // The wrong secret (another webhook's, or a guess).
  const std::string other = WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000002");
  EXPECT_TRUE(absl::IsUnauthenticated(VerifySignature(other, header, kBody, kNow)));
  // The body altered.
  EXPECT_TRUE(absl::IsUnauthenticated(
      VerifySignature(secret, header, R"({"specversion":"1.0","id":"e2"})", kNow)));
  // A captured delivery sent again later: its timestamp is too old.
  EXPECT_TRUE(absl::IsUnauthenticated(VerifySignature(secret, header, kBody, kNow + seconds(301))));
  // A fresh timestamp pasted onto the old signature no longer matches.
  std::string retimed = header;
  retimed.replace(2, 10, "1796083500");
  EXPECT_TRUE(
      absl::IsUnauthenticated(VerifySignature(secret, retimed, kBody, kNow + seconds(300))));
  // Malformed headers.
  for (const char* bad : {"", "v1=abc", "t=1796083200", "t=x,v1=abc", "t=1796083200,v1="}) {
    EXPECT_TRUE(absl::IsUnauthenticated(VerifySignature(secret, bad, kBody, kNow))) << bad;
  }
}

TEST(WebhookSignatureTest, TheSecretIsDerivedNotRandom) {
  const std::string a = WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000001");
  EXPECT_EQ(a, WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000001"));
  EXPECT_NE(a, WebhookSecret(kKey, "3f0c2d6e-0000-4000-8000-000000000002"));
  EXPECT_NE(a, WebhookSecret("another-webhook-key-0123456789abcdef!!",
                             "3f0c2d6e-0000-4000-8000-000000000001"));
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

void ExpectRefused(const std::string& url, bool allow_http) {
  absl::StatusOr<WebhookUrl> parsed = ParseWebhookUrl(url, allow_http);
  ASSERT_FALSE(parsed.ok()) << url;
  EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << url;
  EXPECT_EQ(parsed.status().message().substr(0, 5), "url: ") << url;
}

TEST(WebhookUrlTest, HttpsIsTakenApart) {
  absl::StatusOr<WebhookUrl> url = ParseWebhookUrl("https://Grid.Example.cn/hooks?x=1", false);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(url->https);
  EXPECT_EQ(url->host, "grid.example.cn");
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/hooks?x=1");
  url = ParseWebhookUrl("https://[2001:db8::1]:8443", false);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "2001:db8::1");
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->target, "/");
}

TEST(WebhookUrlTest, OtherSchemesUserInfoAndInternalHostsAreRefused) {
  for (const char* url : {"",
                          "ftp://example.cn/",
                          "file:///etc/passwd",
                          "example.cn/hook",
                          "http://example.cn/",
                          "https://user:pw@example.cn/",
                          "https://example.cn@evil.cn/",
                          "https://example.cn/#x",
                          "https://localhost/",
                          "https://api.localhost/",
                          "https://127.0.0.1/",
                          "https://10.1.2.3/",
                          "https://172.16.0.1/",
                          "https://192.168.1.1/",
                          "https://169.254.169.254/latest",
                          "https://100.64.0.1/",
                          "https://0.0.0.0/",
                          "https://[::1]/",
                          "https://[fd00::1]/",
                          "https://[fe80::1]/",
                          "https://[::ffff:127.0.0.1]/",
                          "https://example.cn:0/",
                          "https://example.cn:70000/",
                          "https://exa mple.cn/",
                          "https:///path",
                          "https://[::1/",
                          "https://2130706433/",
                          "https://0x7f.1/",
                          "https://127.1/",
                          "https://10.1/"}) {
    ExpectRefused(url, false);
  }
  EXPECT_TRUE(ParseWebhookUrl("https://8.8.8.8/hook", false).ok());
  // A development run: http, loopback and private hosts too; still no user info or odd scheme.
  EXPECT_TRUE(ParseWebhookUrl("http://127.0.0.1:8080/hook", true).ok());
  EXPECT_TRUE(ParseWebhookUrl("https://localhost/", true).ok());
  ExpectRefused("http://u@127.0.0.1/", true);
  ExpectRefused("gopher://127.0.0.1/", true);
}

TEST(WebhookUrlTest, InternalAddresses) {
  for (const char* internal : {"127.0.0.1", "10.0.0.1", "192.168.0.1", "172.31.255.255",
                               "169.254.1.1", "::1", "fc00::1", "::ffff:10.0.0.1", "224.0.0.1"}) {
    EXPECT_TRUE(IsInternalAddress(internal)) << internal;
  }
  for (const char* external : {"8.8.8.8", "172.32.0.1", "2001:db8::1", "example.cn"}) {
    EXPECT_FALSE(IsInternalAddress(external)) << external;
  }
}

TEST(WebhookUrlTest, SpecialPurposeRangesAndEmbeddedPrivateIpv4AreInternal) {
  for (const char* internal :
       {"192.0.0.1", "192.0.0.255", "198.18.0.1", "198.19.255.255", "::10.0.0.1", "::8.8.8.8",
        "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1", "fec0::1", "feff::1", "2002:a00:1::1",
        "2002:c0a8:101::1", "2002:7f00:1::", "64:ff9b::10.0.0.1"}) {
    EXPECT_TRUE(IsInternalAddress(internal)) << internal;
  }
  // Their neighbours are public, as is 6to4 of a public address.
  for (const char* external : {"192.0.1.1", "198.17.255.255", "198.20.0.1", "64:ff9b::8.8.8.8",
                               "64:ff9b:2::1", "2002:808:808::1", "2003::1"}) {
    EXPECT_FALSE(IsInternalAddress(external)) << external;
  }
  for (const char* url : {"https://198.18.0.5/hook", "https://[fec0::1]/hook",
                          "https://[2002:a00:1::1]/hook", "https://192.0.0.8/hook"}) {
    EXPECT_FALSE(ParseWebhookUrl(url, false).ok()) << url;
  }
}

TEST(WebhookKeyTest, AKeyUnder32BytesIsRefused) {
  // An empty key would make every secret HMAC("", webhook_id), which anyone could compute.
  for (const std::string& key : {std::string(), std::string(31, 'k')}) {
    absl::Status status = CheckWebhookKey(key);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << key.size();
    EXPECT_TRUE(std::string(status.message()).starts_with("webhook_key:")) << status.message();
  }
  EXPECT_TRUE(CheckWebhookKey(std::string(32, 'k')).ok());
}

TEST(WebhookBackoffTest, DoublesToTheCapWithJitterOfUpToHalf) {
  const std::chrono::milliseconds min(10000), max(3600000);
  for (int round = 0; round < 50; ++round) {
    long long full = 10000;
    for (int attempt = 1; attempt <= 12; ++attempt) {
      const long long backoff = WebhookBackoff(attempt, min, max).count();
      EXPECT_LE(backoff, full) << attempt;
      EXPECT_GE(backoff, full - full / 2) << attempt;
      full = std::min<long long>(full * 2, max.count());
    }
  }
}

TEST(WebhookBodyTest, TheBodyIsTheCloudEventJson) {
  Event event;
  event.event_id = "3f0c2d6e-0000-4000-8000-00000000000a";
  event.sequence = 42;
  event.type = "cn.tongxin.wish.confirmed";
  event.source = "/tongxin/wishes";
  event.subject = "wishes/3f0c";
  event.region_id = "110105001001";
  event.occurred_at = kNow;
  event.data_json = R"({"wish_id":"3f0c","claimer":"张*"})";
  absl::StatusOr<std::string> json = CloudEventJson(event);
  ASSERT_TRUE(json.ok()) << json.status();
  // Parsed: the order of the data's keys is the JSON printer's.
  EXPECT_EQ(nlohmann::json::parse(*json),
            nlohmann::json::parse(
                R"({"specversion":"1.0","id":"3f0c2d6e-0000-4000-8000-00000000000a",)"
                R"("source":"/tongxin/wishes","type":"cn.tongxin.wish.confirmed",)"
                R"("subject":"wishes/3f0c","time":"2026-12-01T00:00:00Z",)"
                R"("datacontenttype":"application/json","data":{"claimer":"张*","wish_id":"3f0c"},)"
                R"("tongxinregion":"110105001001","sequence":"42"})"));
}

}  // namespace
}  // namespace tongxin::notifications
