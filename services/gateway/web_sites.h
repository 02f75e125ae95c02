// The built faces (web/, `npm run build` → web/dist): the volunteer mobile site at /m/ and the
// admin console at /admin/, served from a directory by the gateway so that a deployment needs no
// other web server. A file is served as it is; a path that names no file and looks like a page
// (no dot in its last segment) gets the site's index.html, where the single-page app's router
// takes over. Vite's hashed files under assets/ never change, so browsers keep them for a year;
// everything else is revalidated on each load.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tongxin::gateway {

// The sites under a web root, each in its own directory (web/dist/m, web/dist/admin).
inline constexpr std::string_view kWebSites[] = {"m", "admin"};

struct WebAnswer {
  int status = 200;
  std::string content_type;
  std::string cache_control;
  std::string body;
  std::string location;  // a redirect's target
};

class WebSites {
 public:
  explicit WebSites(std::filesystem::path root);

  // `site` is one of kWebSites; `rest` is the path after "/<site>" ("" or starting with '/').
  WebAnswer Get(std::string_view site, std::string_view rest) const;

  // By file name extension; application/octet-stream when unknown.
  static std::string_view ContentType(std::string_view path);

 private:
  WebAnswer File(const std::filesystem::path& path, std::string cache_control) const;

  std::filesystem::path root_;
};

}  // namespace tongxin::gateway
