// All four services, each built the way its main() builds it on its own real database and served
// on a loopback port: what the gateway's tests compose. The posts and wishes services find
// volunteers through the real volunteer service, as in production.
#pragma once

#include "tests/support/posts_stack.h"
#include "tests/support/service_stacks.h"
#include "tests/support/wishes_stack.h"
