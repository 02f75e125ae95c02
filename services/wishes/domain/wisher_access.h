// Who may see what of a wish's people, next to its model: the wisher's name and contact (and
// why, for the access log), the submitter's account. Pure: no SQL, no gRPC.
#pragma once

#include "services/common/auth.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

// Why `caller` may be shown the wisher's name and contact at `now`, or kUnspecified: the
// volunteer holding the claim (CLAIMED or FULFILLED, not past its time limit), the resident who
// submitted the wish, an admin (or grid worker) in scope of its region, the system.
AccessReason WisherAccess(const Principal& caller, const Wish& wish, Time now);

// Whether `caller` may see who submitted the wish (`submitted_by`, an account id): the resident
// themself, admins in scope and the system — never a claimer or anyone else.
bool SeesSubmitter(const Principal& caller, const Wish& wish);

}  // namespace tongxin::wishes
