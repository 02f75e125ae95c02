// Renders a service certificate with libharu and libqrencode (see certificate_pdf.h).
#include "services/volunteer/domain/certificate_pdf.h"

#include <hpdf.h>
#include <qrencode.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/clock.h"

namespace tongxin::volunteer {
namespace {

// libharu reports errors through a callback; the first one is kept and ends the render.
struct HaruError {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnHaruError(HPDF_STATUS code, HPDF_STATUS detail, void* data) {
  auto* error = static_cast<HaruError*>(data);
  if (error->code == HPDF_OK) *error = HaruError{code, detail};
}

struct DocDeleter {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

std::string Hours(double hours) { return absl::StrFormat("%.2f", hours); }

// The PDF's creation date: the issue time, in UTC, to the second.
HPDF_Date PdfDate(Time t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  HPDF_Date date{};
  date.year = utc.tm_year + 1900;
  date.month = utc.tm_mon + 1;
  date.day = utc.tm_mday;
  date.hour = utc.tm_hour;
  date.minutes = utc.tm_min;
  date.seconds = utc.tm_sec;
  date.ind = 'Z';
  return date;
}

std::string ChineseDate(Time t) {
  std::tm civil = ChinaCivilTime(t);
  return absl::StrFormat("%d年%d月%d日", civil.tm_year + 1900, civil.tm_mon + 1, civil.tm_mday);
}

// A4 portrait with 72 pt margins: text runs from x 72 to x 523.
constexpr float kLeft = 72;
constexpr float kRight = 523;

class Writer {
 public:
  Writer(HPDF_Page page, HPDF_Font font) : page_(page), font_(font) {}
  // Measured on the font (in 1/1000 of the size), writing nothing into the page.
  float Width(float size, const std::string& text) {
    HPDF_TextWidth width =
        HPDF_Font_TextWidth(font_, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                            static_cast<HPDF_UINT>(text.size()));
    return static_cast<float>(width.width) * size / 1000;
  }
  // `text` in lines no wider than `width` at `size`, broken between UTF-8 characters (Chinese
  // has no spaces to break at; a community's official name may be long).
  std::vector<std::string> Lines(float size, const std::string& text, float width) {
    std::vector<std::string> lines;
    std::string line;
    for (size_t i = 0; i < text.size();) {
      size_t next = i + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      std::string longer = line + text.substr(i, next - i);
      if (!line.empty() && Width(size, longer) > width) {
        lines.push_back(line);
        line = text.substr(i, next - i);
      } else {
        line = std::move(longer);
      }
      i = next;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }
  // `text` from (x, y), wrapped within the right margin; the y below its last line.
  float Paragraph(float x, float y, float size, float leading, const std::string& text) {
    for (const std::string& line : Lines(size, text, kRight - x)) {
      Text(x, y, size, line);
      y -= leading;
    }
    return y;
  }
  void Text(float x, float y, float size, const std::string& text) {
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, font_, size);
    HPDF_Page_TextOut(page_, x, y, text.c_str());
    HPDF_Page_EndText(page_);
  }
  void Centered(float y, float size, const std::string& text) {
    Text((HPDF_Page_GetWidth(page_) - Width(size, text)) / 2, y, size, text);
  }

 private:
  HPDF_Page page_;
  HPDF_Font font_;
};

// Dark modules as filled squares, the top left corner at (left, top), inside a square of `box`
// points whatever the URL's length (a longer one has more, smaller modules; at most 3 pt each).
absl::Status DrawQr(HPDF_Page page, const std::string& text, float left, float top, float box) {
  std::unique_ptr<QRcode, QrDeleter> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1));
  if (!qr) return absl::InternalError("certificate: the QR code could not be made");
  const int width = qr->width;
  const float module = std::min(3.0F, box / static_cast<float>(width));
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (qr->data[y * width + x] & 1) {
        HPDF_Page_Rectangle(page, left + x * module, top - (y + 1) * module, module, module);
      }
    }
  }
  HPDF_Page_Fill(page);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckVerifyUrl(const std::string& base) {
  if (base.empty()) {
    return absl::InvalidArgumentError(
        "verify_url: required outside a development run (the public site's root, e.g. "
        "https://tongxin.example.cn; $TONGXIN_VERIFY_URL)");
  }
  const bool scheme = base.rfind("https://", 0) == 0 || base.rfind("http://", 0) == 0;
  if (!scheme || base.size() > 200 || base.find_first_of(" \t\r\n\"<>") != std::string::npos) {
    return absl::InvalidArgumentError("verify_url: an http:// or https:// URL without spaces");
  }
  return absl::OkStatus();
}

std::string VerifyUrl(const std::string& verify_url_base, const std::string& serial) {
  std::string base = verify_url_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return absl::StrCat(base, "/verify/", serial);
}

absl::StatusOr<std::string> RenderCertificatePdf(const Certificate& c,
                                                 const CertificatePdfOptions& options) {
  HaruError error;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> doc(HPDF_New(OnHaruError, &error));
  if (!doc) return absl::InternalError("certificate: libharu could not start a document");
  HPDF_Doc pdf = doc.get();
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char* font_name =
      HPDF_LoadTTFontFromFile2(pdf, options.font_file.c_str(), options.font_index, HPDF_TRUE);
  if (font_name == nullptr || error.code != HPDF_OK) {
    return absl::InternalError(
        absl::StrCat("certificate: cannot load the font ", options.font_file));
  }
  HPDF_Font font = HPDF_GetFont(pdf, font_name, "UTF-8");
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, absl::StrCat("志愿服务证明 ", c.serial).c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Tongxin");
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, PdfDate(c.issue_time));
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  Writer w(page, font);

  const std::string url = VerifyUrl(options.verify_url_base, c.serial);
  w.Centered(760, 28, "志愿服务证明");
  w.Centered(730, 11, absl::StrCat("证书编号：", FormatSerial(c.serial)));
  float y = 680;
  const float left = kLeft;
  y = w.Paragraph(left, y, 13, 24,
                  absl::StrCat("兹证明 ", c.name_masked, "（身份证号 ", c.id_number_masked, "）"));
  y = w.Paragraph(left, y, 13, 24, absl::StrCat("系 ", c.community_name, " 的注册志愿者，"));
  y = w.Paragraph(left, y, 13, 24,
                  absl::StrCat("于 ", c.period_start, " 至 ", c.period_end, " 期间参加志愿服务，"));
  y = w.Paragraph(left, y, 13, 24,
                  absl::StrCat("累计服务时长 ", Hours(c.total_hours), " 小时（", c.record_count,
                               " 条服务记录），其中："));
  y -= 10;
  for (const CertificateHours& line : c.hours_by_source) {
    w.Text(left + 24, y, 12, std::string(SourceLabel(line.source)));
    w.Text(left + 160, y, 12, absl::StrCat(Hours(line.hours), " 小时"));
    y -= 22;
  }
  w.Text(left + 24, y, 12, "合计");
  w.Text(left + 160, y, 12, absl::StrCat(Hours(c.total_hours), " 小时"));
  y -= 40;
  w.Text(left, y, 12, "以上时长依据该志愿者在本平台的全部服务记录汇总。特此证明。");
  y -= 50;
  // The signature block: lines aligned on their left, the block against the right margin and
  // starting at x 330 at the most; a long name moves it left, a longer one wraps.
  std::vector<std::string> block =
      w.Lines(13, absl::StrCat("出具单位：", c.community_name), kRight - kLeft);
  block.push_back(absl::StrCat("出具日期：", ChineseDate(c.issue_time)));
  float block_width = 0;
  for (const std::string& line : block) block_width = std::max(block_width, w.Width(13, line));
  const float block_left = std::min(330.0F, kRight - block_width);
  for (const std::string& line : block) {
    w.Text(block_left, y, 13, line);
    y -= 22;
  }

  // The QR code in a fixed box between the signature block (at least 200 pt above the page's
  // bottom) and the footer.
  {
    absl::Status drawn = DrawQr(page, url, left, 200, 100);
    if (!drawn.ok()) return drawn;
  }
  w.Text(left, 80, 9, "扫描二维码或访问以下网址核验本证明：");
  w.Paragraph(left, 66, 9, 11, url);

  HPDF_SaveToStream(pdf);
  if (error.code != HPDF_OK) {
    return absl::InternalError(absl::StrFormat("certificate: libharu error %04X (%u)",
                                               static_cast<unsigned>(error.code),
                                               static_cast<unsigned>(error.detail)));
  }
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string bytes(size, '\0');
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  bytes.resize(size);
  return bytes;
}

absl::Status CheckCertificateFont(const CertificatePdfOptions& options) {
  Certificate sample;
  sample.serial = MakeSerial(std::string(10, '\0'));
  sample.name_masked = "张*";
  sample.id_number_masked = "11**************11";
  sample.community_name = "示例社区居民委员会";
  sample.period_start = "2026-01-01";
  sample.period_end = "2026-01-31";
  for (size_t i = 0; i < kCertificateSources.size(); ++i) {
    sample.hours_by_source[i].source = kCertificateSources[i];
  }
  auto pdf = RenderCertificatePdf(sample, options);
  if (!pdf.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate_font_file: ", options.font_file, " (index ", options.font_index,
                     ") cannot render a certificate: ", pdf.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
