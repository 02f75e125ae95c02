// The auditor's world, made through the services' own RPCs before the run: a street and
// community of its own (beside the demo data), active volunteers with a points account each
// (their first award, in the history like every other), rewards, posts and a few wishes on the
// wall. Sizes and prices come from the seed; ids and names carry the run's tag, so that runs
// against one stack never meet.
#pragma once

#include "absl/status/status.h"
#include "bench/load/grpc_calls.h"
#include "tests/audit/client.h"

namespace tongxin::audit {

struct SetupSizes {
  int volunteers = 32;
  int rewards = 4;
  int posts = 6;
  int wishes = 6;
};

// Fills `world` (run, street and community already set). `setup` is a client of its own stream
// that makes the recorded requests (first awards, first wishes).
absl::Status MakeWorld(const SetupSizes& sizes, const bench::Tokens& tokens, Stubs& stubs,
                       Client& setup, World& world);

// A valid GB 11643-1999 resident ID number (region 411502) for person `i` (i < 13,000,000).
std::string IdNumber(int i);

}  // namespace tongxin::audit
