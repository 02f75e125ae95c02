// A person's name as anyone may see it: the volunteer service's certificates and the events the
// services publish to the notifications feed show names only this way.
#pragma once

#include <string>
#include <string_view>

namespace tongxin {

// 李** : first character (UTF-8 aware) followed by one star per remaining character; a
// one-character name is "*" (shown, it would be the whole name).
std::string MaskName(std::string_view name);

}  // namespace tongxin
