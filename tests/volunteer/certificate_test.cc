// volunteer_unit_test: certificates' serials (form, check character, typing leniency), periods,
// and the PDF's determinism (the same record renders the same bytes; libharu and libqrencode,
// no database).
#include "services/volunteer/domain/certificate.h"

#include <gtest/gtest.h>

#include <set>

#include "services/common/crypto.h"
#include "services/volunteer/domain/certificate_pdf.h"
#include "tests/support/pdf_text.h"

namespace tongxin::volunteer {
namespace {

TEST(CertificateSerialTest, NewSerialsAreCrockfordBase32WithACheckCharacter) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string serial = MakeSerial(RandomBytes(10));
    ASSERT_EQ(serial.size(), kSerialLength);
    EXPECT_EQ(serial.find_first_not_of(kSerialAlphabet), std::string::npos) << serial;
    auto normalized = NormalizeSerial(serial);
    ASSERT_TRUE(normalized.ok()) << normalized.status();
    EXPECT_EQ(*normalized, serial);
    seen.insert(serial);
  }
  EXPECT_EQ(seen.size(), 1000u);
  // Bytes of zeros make the zero serial, whose check character is 0.
  EXPECT_EQ(MakeSerial(std::string(10, '\0')), std::string(17, '0'));
}

TEST(CertificateSerialTest, ASingleWrongCharacterOrSwappedNeighboursAreRefused) {
  const std::string serial = MakeSerial("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x11\x22");
  for (size_t at = 0; at < kSerialRandomChars; ++at) {
    for (char c : kSerialAlphabet) {
      if (c == serial[at]) continue;
      // 0 and Z weigh the same modulo 31: the one blind spot, by design of a one-character check.
      if ((c == '0' && serial[at] == 'Z') || (c == 'Z' && serial[at] == '0')) continue;
      std::string typo = serial;
      typo[at] = c;
      EXPECT_FALSE(NormalizeSerial(typo).ok()) << typo;
    }
    if (at + 1 < kSerialRandomChars && serial[at] != serial[at + 1]) {
      std::string swapped = serial;
      std::swap(swapped[at], swapped[at + 1]);
      auto status = NormalizeSerial(swapped);
      if (std::abs(static_cast<int>(kSerialAlphabet.find(serial[at])) -
                   static_cast<int>(kSerialAlphabet.find(serial[at + 1]))) != 31) {
        EXPECT_FALSE(status.ok()) << swapped;
      }
    }
  }
}

TEST(CertificateSerialTest, TypingIsLenientAboutCaseDashesAndLookAlikes) {
  const std::string serial = MakeSerial(RandomBytes(10));
  std::string typed = FormatSerial(serial);
  EXPECT_EQ(typed.size(), kSerialLength + 4);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(*NormalizeSerial(typed), serial);
  std::string zeros(16, '0');
  zeros.push_back(SerialCheckCharacter(zeros));
  EXPECT_EQ(*NormalizeSerial("oooo-OOOO 0000-0000-" + zeros.substr(16)), zeros);
  auto status = NormalizeSerial("ABC");
  EXPECT_EQ(status.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.status().message().rfind("serial", 0), 0u);
  EXPECT_FALSE(NormalizeSerial(serial + "U").ok());
  EXPECT_FALSE(NormalizeSerial("<script>").ok());
}

TEST(CertificatePeriodTest, NamesTheFieldThatIsWrong) {
  EXPECT_TRUE(CheckCertificatePeriod("2026-01-01", "2026-06-01", "2026-06-15").ok());
  EXPECT_TRUE(CheckCertificatePeriod("2026-06-15", "2026-06-15", "2026-06-15").ok());
  auto starts = [](const absl::Status& s, const std::string& field) {
    return s.code() == absl::StatusCode::kInvalidArgument && s.message().rfind(field, 0) == 0;
  };
  EXPECT_TRUE(starts(CheckCertificatePeriod("", "2026-06-01", "2026-06-15"), "period_start"));
  EXPECT_TRUE(
      starts(CheckCertificatePeriod("2026-01-01", "2026-13-01", "2026-06-15"), "period_end"));
  EXPECT_TRUE(
      starts(CheckCertificatePeriod("2026-06-02", "2026-06-01", "2026-06-15"), "period_end"));
  EXPECT_TRUE(
      starts(CheckCertificatePeriod("2026-06-01", "2026-06-16", "2026-06-15"), "period_end"));
}

Certificate Sample() {
  Certificate c;
  c.serial = MakeSerial("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a");
  c.volunteer_id = "v-1";
  c.name_masked = "杨*";
  c.id_number_masked = "41**************34";
  c.community_id = "411502001001";
  c.community_name = "河南路社区";
  c.period_start = "2026-01-01";
  c.period_end = "2026-06-30";
  c.hours_by_source = {CertificateHours{ServiceSource::kPostLog, 10.5},
                       CertificateHours{ServiceSource::kWish, 2},
                       CertificateHours{ServiceSource::kActivity, 0},
                       CertificateHours{ServiceSource::kHonour, 1.25}};
  c.total_hours = 13.75;
  c.record_count = 6;
  c.issue_time = std::chrono::system_clock::from_time_t(1782000000);
  c.status = CertificateStatus::kValid;
  return c;
}

TEST(CertificatePdfTest, TheSameRecordRendersTheSameBytes) {
  CertificatePdfOptions options;
  options.verify_url_base = "https://tongxin.example.cn/";
  auto first = RenderCertificatePdf(Sample(), options);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = RenderCertificatePdf(Sample(), options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(*first == *second) << "two renders differ";
  EXPECT_EQ(first->rfind("%PDF-", 0), 0u);
  // The status is not printed (the verify page tells it): a revoked certificate's PDF is the
  // paper that was issued.
  Certificate revoked = Sample();
  revoked.status = CertificateStatus::kRevoked;
  revoked.revoke_reason = "错误";
  EXPECT_TRUE(*RenderCertificatePdf(revoked, options) == *first);
  // Another issue time is another document.
  Certificate later = Sample();
  later.issue_time += std::chrono::hours(24);
  EXPECT_FALSE(*RenderCertificatePdf(later, options) == *first);
}

TEST(CertificatePdfTest, AMissingFontIsAnErrorFoundAtStartUp) {
  CertificatePdfOptions options;
  options.font_file = "/nonexistent/font.ttc";
  options.verify_url_base = "https://tongxin.example.cn";
  auto pdf = RenderCertificatePdf(Sample(), options);
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  // What the service checks before it serves (main.cc): the setting named.
  absl::Status check = CheckCertificateFont(options);
  EXPECT_EQ(check.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(check.message().rfind("certificate_font_file: /nonexistent/font.ttc", 0), 0u)
      << check.message();
  // A file that is no font at all.
  options.font_file = "/etc/hostname";
  EXPECT_EQ(CheckCertificateFont(options).code(), absl::StatusCode::kInvalidArgument);
  options.font_file = kDefaultCertificateFont;
  EXPECT_TRUE(CheckCertificateFont(options).ok());
}

// The embedded font is most of the file: libharu 2.3 keeps only the used glyphs' outlines but
// every other table of WenQuanYi Zen Hei (about 500 KB; 16.8 MB of TTC on disk). A jump in size
// means a font embedded whole or a page drawn twice.
TEST(CertificatePdfTest, ThePdfStaysSmall) {
  CertificatePdfOptions options;
  options.verify_url_base = "https://tongxin.example.cn";
  auto pdf = RenderCertificatePdf(Sample(), options);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  RecordProperty("pdf_bytes", static_cast<int>(pdf->size()));
  EXPECT_GT(pdf->size(), 10'000u);
  EXPECT_LT(pdf->size(), 1'000'000u) << pdf->size();
}

// A community's official name may be long (…街道…社区居民委员会), and a site's URL too: the text
// wraps or moves within the page, and the QR code keeps its box.
TEST(CertificatePdfTest, LongNamesAndUrlsStayOnThePage) {
  Certificate c = Sample();
  c.community_name = "河南省信阳市浉河区老城街道办事处河南路第二社区居民委员会";  // 28 characters
  CertificatePdfOptions options;
  options.verify_url_base =
      "https://tongxin-volunteers.shihe-district.xinyang.henan.example.gov.cn/community/services/"
      "certificates/public-check";
  auto pdf = RenderCertificatePdf(c, options);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::string text = tongxin::testing::PdfText(*pdf);
  // pdftotext reads each line of the page: the name whole on the issuer's line (the block moves
  // left to hold it).
  EXPECT_NE(text.find("出具单位：" + c.community_name), std::string::npos) << text;
  // The body's line and the URL wrap across lines: every character is there, in order.
  std::string unwrapped;
  for (char ch : text) {
    if (ch != '\n' && ch != ' ') unwrapped.push_back(ch);
  }
  EXPECT_NE(unwrapped.find("系" + c.community_name + "的注册志愿者"), std::string::npos) << text;
  EXPECT_NE(unwrapped.find(VerifyUrl(options.verify_url_base, c.serial)), std::string::npos)
      << text;
  // A name too long for one line wraps rather than runs off the page: every character is read.
  c.community_name = std::string("河南省信阳市浉河区老城街道办事处") + "河南路第二社区居民委员会" +
                     "志愿服务工作站联络点";  // 38 characters
  pdf = RenderCertificatePdf(c, options);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  text = tongxin::testing::PdfText(*pdf);
  unwrapped.clear();
  for (char ch : text) {
    if (ch != '\n' && ch != ' ') unwrapped.push_back(ch);
  }
  EXPECT_NE(unwrapped.find("出具单位：" + c.community_name), std::string::npos) << text;
}

TEST(CertificatePdfTest, TheVerifyUrlIsRequiredAndAnHttpUrl) {
  EXPECT_EQ(VerifyUrl("https://x.cn/", "ABC"), "https://x.cn/verify/ABC");
  EXPECT_TRUE(CheckVerifyUrl("https://tongxin.example.cn").ok());
  EXPECT_TRUE(CheckVerifyUrl(kDevelopmentVerifyUrl).ok());
  EXPECT_EQ(CheckVerifyUrl("").message().rfind("verify_url", 0), 0u);
  EXPECT_FALSE(CheckVerifyUrl("javascript:alert(1)").ok());
  EXPECT_FALSE(CheckVerifyUrl("https://a b").ok());
}

}  // namespace
}  // namespace tongxin::volunteer
