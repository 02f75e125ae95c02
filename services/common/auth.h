// Bearer-token authentication shared by every service: JWTs signed HS256 (shared secret, the
// embedded default) or ES256 (P-256 public key, optional). Claims: sub, role, scope (region ids
// an admin may act on), exp.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"

namespace tongxin {

enum class Role { kVolunteer, kCommunityAdmin, kStreetAdmin, kSystem };

std::string_view RoleName(Role role);
absl::StatusOr<Role> ParseRole(std::string_view name);

struct Principal {
  std::string subject;  // for a volunteer: the volunteer_id
  Role role = Role::kVolunteer;
  // Region ids (street 9 digits, community 12, grid 15) an admin may act on.
  std::vector<std::string> scope;

  bool IsAdmin() const { return role == Role::kCommunityAdmin || role == Role::kStreetAdmin; }
  // True when `region_id` lies in one of the scope entries (prefix match on the code).
  // The system role is in scope everywhere.
  bool InScope(std::string_view region_id) const;
};

struct TokenClaims {
  std::string subject;
  Role role = Role::kVolunteer;
  std::vector<std::string> scope;
  std::chrono::seconds ttl{3600};
  std::string issuer = "tongxin";
};

class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // `authorization` is the metadata value ("Bearer <jwt>"). Any failure is UNAUTHENTICATED with
  // a message that says what is wrong (missing, malformed, bad signature, expired, unknown role).
  virtual absl::StatusOr<Principal> Verify(std::string_view authorization) const = 0;

  static std::unique_ptr<TokenVerifier> Hs256(std::string secret, const Clock* clock);
  // PEM-encoded P-256 public key.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Es256(std::string_view public_key_pem,
                                                              const Clock* clock);
};

// Mints tokens: the dev CLI, tests and services calling each other as `system`.
absl::StatusOr<std::string> MintHs256(const TokenClaims& claims, std::string_view secret,
                                      const Clock& clock);
absl::StatusOr<std::string> MintEs256(const TokenClaims& claims, std::string_view private_key_pem,
                                      const Clock& clock);

}  // namespace tongxin
