// The text of a PDF as poppler's pdftotext reads it (Debian's poppler-utils): what a person
// sees on the page, whatever the PDF's compression.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace tongxin::testing {

inline std::string PdfText(const std::string& pdf) {
  char path[] = "/tmp/tongxin-certificate-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  FILE* out =
      popen(("pdftotext -q -enc UTF-8 " + std::string(path) + " - 2>/dev/null").c_str(), "r");
  EXPECT_NE(out, nullptr);
  if (out == nullptr) return text;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  EXPECT_EQ(pclose(out), 0);
  std::remove(path);
  return text;
}

}  // namespace tongxin::testing
