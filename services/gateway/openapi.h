// The OpenAPI 3 document of the gateway's HTTP face, made from the route table (api.h) and the
// messages' descriptors: docs/openapi.json is what tongxin-openapi prints, and a test keeps them
// equal.
#pragma once

#include <nlohmann/json.hpp>

namespace tongxin::gateway {

nlohmann::ordered_json OpenApiDocument();

}  // namespace tongxin::gateway
