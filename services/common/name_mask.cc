#include "services/common/name_mask.h"

namespace tongxin {
namespace {

// The number of UTF-8 bytes of the character starting with `lead`; 1 for stray bytes.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

std::string MaskName(std::string_view name) {
  if (name.empty()) return std::string();
  size_t first_len = Utf8Length(static_cast<unsigned char>(name[0]));
  if (first_len > name.size()) first_len = name.size();
  // A one-character name shown as it is would be the whole name.
  if (first_len == name.size()) return "*";
  std::string out(name.substr(0, first_len));
  for (size_t i = first_len; i < name.size();) {
    size_t len = Utf8Length(static_cast<unsigned char>(name[i]));
    if (i + len > name.size()) len = name.size() - i;
    out.push_back('*');
    i += len;
  }
  return out;
}

}  // namespace tongxin
