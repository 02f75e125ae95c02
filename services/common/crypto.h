// Symmetric crypto for personal data at rest: AES-256-GCM for the value, a keyed HMAC-SHA256
// (blind index) to find and de-duplicate it without decrypting. Both keys derive from one
// 32-byte master key, so operators manage a single secret.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tongxin {

// Raw bytes helpers.
std::string HexEncode(std::string_view bytes);
absl::StatusOr<std::string> HexDecode(std::string_view hex);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string RandomBytes(size_t n);

class PersonalDataCipher {
 public:
  // master_key: exactly 32 raw bytes.
  static absl::StatusOr<PersonalDataCipher> Create(std::string_view master_key);
  // Loads the key: a file holding 64 hex characters (trailing whitespace ignored).
  static absl::StatusOr<PersonalDataCipher> FromKeyFile(const std::string& path);
  // Loads the key from 64 hex characters.
  static absl::StatusOr<PersonalDataCipher> FromHex(std::string_view hex);

  // nonce(12) || ciphertext || tag(16). A fresh random nonce every call.
  std::string Encrypt(std::string_view plaintext) const;
  // Fails with DATA_LOSS when the tag does not verify (wrong key or tampered data).
  absl::StatusOr<std::string> Decrypt(std::string_view sealed) const;
  // Deterministic keyed hash for lookups; 32 raw bytes. `domain` separates kinds of value
  // (e.g. "id_number", "phone") so equal strings of different kinds do not collide.
  std::string BlindIndex(std::string_view domain, std::string_view value) const;

 private:
  PersonalDataCipher(std::string enc_key, std::string index_key)
      : enc_key_(std::move(enc_key)), index_key_(std::move(index_key)) {}
  std::string enc_key_;
  std::string index_key_;
};

}  // namespace tongxin
