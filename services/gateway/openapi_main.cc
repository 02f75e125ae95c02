// tongxin-openapi: prints the OpenAPI document of the gateway's HTTP face, made from the
// (http) rules in proto/tongxin/gateway/v1/gateway.proto. docs/openapi.json is its output; a
// test keeps the two equal: tongxin-openapi > docs/openapi.json
#include <iostream>

#include "services/gateway/api.h"
#include "services/gateway/openapi.h"

int main() {
  if (auto status = tongxin::gateway::CheckApi(); !status.ok()) {
    std::cerr << status << "\n";
    return 1;
  }
  std::cout << tongxin::gateway::OpenApiDocument().dump(2) << "\n";
  return 0;
}
