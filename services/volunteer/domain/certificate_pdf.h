// The service certificate as a PDF, in Chinese, made with Debian's libharu (a CJK TrueType font
// from a Debian font package, embedded) and libqrencode (a QR code of the public verify URL).
// The PDF is a function of the certificate's stored record and the options only: its creation
// date is the issue time, and nothing random goes in, so the same record renders the same bytes.
// Pure: no SQL, no gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/volunteer/domain/certificate.h"

namespace tongxin::volunteer {

inline constexpr char kDefaultCertificateFont[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

struct CertificatePdfOptions {
  // A TrueType collection or font with CJK glyphs, and the font's index in a collection.
  std::string font_file = kDefaultCertificateFont;
  int font_index = 0;
  // The public site's root: the QR code and the footer name <verify_url_base>/verify/<serial>.
  std::string verify_url_base;
};

// A development run's verify URL: scripts/up's gateway on this machine. Any other run must be
// told the public site's root (--verify_url): a QR code pointing at localhost verifies nothing.
inline constexpr char kDevelopmentVerifyUrl[] = "http://127.0.0.1:8080";
// http(s)://host[...], no spaces; INVALID_ARGUMENT naming verify_url (empty: required).
absl::Status CheckVerifyUrl(const std::string& verify_url_base);

// <verify_url_base>/verify/<serial>
std::string VerifyUrl(const std::string& verify_url_base, const std::string& serial);

// The PDF's bytes; INTERNAL when libharu or libqrencode fail (a missing font file, say: the
// service checks the font when it starts, CheckCertificateFont).
absl::StatusOr<std::string> RenderCertificatePdf(const Certificate& certificate,
                                                 const CertificatePdfOptions& options);

// At start-up: renders a sample certificate with `options`, so that a font that is missing or
// unusable stops the service at once (INVALID_ARGUMENT naming certificate_font_file) instead of
// failing the first download. libharu 2.3 loads a TrueType font only from a file, and into one
// document, so each render still reads the font file (the page cache keeps it).
absl::Status CheckCertificateFont(const CertificatePdfOptions& options);

}  // namespace tongxin::volunteer
