// Account ids: the one place their shape is written.
#include "services/points/domain/model.h"

namespace tongxin::points {

std::string VolunteerAccount(const std::string& volunteer_id) {
  return "volunteer:" + volunteer_id;
}
std::string IssuingAccount(const std::string& community_id) { return "issuing:" + community_id; }
std::string StoreAccount(const std::string& region_id) { return "store:" + region_id; }

}  // namespace tongxin::points
