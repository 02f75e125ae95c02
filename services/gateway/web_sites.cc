// Serving the built sites: path checks (nothing outside the web root is reachable, whatever the
// path or a symbolic link says), content types, caching and the single-page fallback.
#include "services/gateway/web_sites.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tongxin::gateway {
namespace {

constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kRevalidate[] = "no-cache";

WebAnswer NotFound(std::string_view what) {
  WebAnswer answer;
  answer.status = 404;
  answer.content_type = "text/plain; charset=utf-8";
  answer.cache_control = kRevalidate;
  answer.body = std::string(what) + "\n";
  return answer;
}

// True when every segment is an ordinary name: none starts with a dot (no "..", ".", hidden files).
bool PlainSegments(std::string_view rest) {
  if (rest.find('\\') != std::string_view::npos || rest.find('\0') != std::string_view::npos) {
    return false;
  }
  // Every segment starts after a '/'; none may start with a dot.
  return rest.find("/.") == std::string_view::npos;
}

bool Inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::error_code error;
  auto real = std::filesystem::weakly_canonical(path, error);
  if (error) return false;
  auto base = std::filesystem::weakly_canonical(root, error);
  if (error) return false;
  auto [end, _] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
  return end == base.end();
}

}  // namespace

WebSites::WebSites(std::filesystem::path root) : root_(std::move(root)) {}

std::string_view WebSites::ContentType(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (path.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

WebAnswer WebSites::File(const std::filesystem::path& path, std::string cache_control) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("no such file");
  std::ostringstream body;
  body << in.rdbuf();
  WebAnswer answer;
  answer.content_type = std::string(ContentType(path.filename().string()));
  answer.cache_control = std::move(cache_control);
  answer.body = std::move(body).str();
  return answer;
}

WebAnswer WebSites::Get(std::string_view site, std::string_view rest) const {
  if (rest.empty()) {  // "/m" → "/m/": the pages' relative links need the slash
    WebAnswer answer;
    answer.status = 301;
    answer.location = "/" + std::string(site) + "/";
    answer.cache_control = kRevalidate;
    return answer;
  }
  if (!PlainSegments(rest)) return NotFound("no such file");
  const std::filesystem::path site_root = root_ / std::string(site);
  const std::filesystem::path index = site_root / "index.html";
  std::string_view relative = rest.substr(1);
  if (!relative.empty() && relative.back() != '/') {
    std::filesystem::path path = site_root / std::string(relative);
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error) && Inside(site_root, path)) {
      return File(path, relative.starts_with("assets/") ? kImmutable : kRevalidate);
    }
    // A missing file (a script, a picture) is a 404, never the page in its place: a browser
    // would run the HTML as a script.
    std::string_view last = relative.substr(relative.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos) return NotFound("no such file");
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(index, error)) {
    return NotFound("the /" + std::string(site) + "/ site is not built (cd web && npm run build)");
  }
  return File(index, kRevalidate);
}

}  // namespace tongxin::gateway
