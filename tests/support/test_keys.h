// EC key pairs made on the spot for tests that sign or verify ES256 tokens.
#pragma once

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

namespace tongxin::testing {

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

inline std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

inline KeyPair GenerateEcKey(const char* curve) {
  KeyPair out;
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
  if (pkey == nullptr) {
    ADD_FAILURE() << "EVP_PKEY_Q_keygen failed";
    return out;
  }
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(priv, pkey, nullptr, nullptr, 0, nullptr, nullptr), 1);
  EXPECT_EQ(PEM_write_bio_PUBKEY(pub, pkey), 1);
  out.private_pem = BioToString(priv);
  out.public_pem = BioToString(pub);
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(pkey);
  return out;
}

}  // namespace tongxin::testing
