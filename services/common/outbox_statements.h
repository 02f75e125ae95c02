// The statements PrepareOutbox registers with a pool (outbox.h), for a test that prepares a bare
// connection the way a pool's connections are (e.g. to hold a transaction open by hand).
#pragma once

#include <vector>

#include "services/common/db.h"

namespace tongxin {

const std::vector<Query>& OutboxStatements();

}  // namespace tongxin
