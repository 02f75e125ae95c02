// The plan the plan cache runs for a repository statement once it settles on the generic plan,
// with sequential scans priced out: a scan left in it is one that no index can serve.
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "services/common/db.h"

namespace tongxin::testing {

// `arguments`: the EXECUTE's argument list, e.g. "('411502001')".
inline std::string GenericPlan(pqxx::connection& connection, const Query& query,
                               const std::string& arguments) {
  pqxx::nontransaction tx(connection);
  // An empty table is cheapest read whole; priced out, a scan stays only where no index serves.
  tx.exec("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off");
  tx.exec("PREPARE " + query.name + " AS " + query.sql);
  std::string plan;
  for (const auto& row : tx.exec("EXPLAIN EXECUTE " + query.name + arguments)) {
    plan += row[0].as<std::string>() + "\n";
  }
  tx.exec("DEALLOCATE " + query.name);
  return plan;
}

}  // namespace tongxin::testing
