#include "services/common/crypto.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace tongxin {
namespace {

const std::string kMasterHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

PersonalDataCipher MakeCipher() {
  absl::StatusOr<PersonalDataCipher> cipher = PersonalDataCipher::FromHex(kMasterHex);
  EXPECT_TRUE(cipher.ok()) << cipher.status();
  return *std::move(cipher);
}

TEST(HexTest, RoundTrip) {
  const std::string bytes("\x00\x01\x7f\x80\xfe\xff", 6);
  EXPECT_EQ(HexEncode(bytes), "00017f80feff");
  absl::StatusOr<std::string> decoded = HexDecode("00017F80FEff");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
  EXPECT_EQ(HexEncode(""), "");
}

TEST(HexTest, RejectsBadInput) {
  EXPECT_EQ(HexDecode("abc").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HexDecode("zz").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Base64UrlTest, RoundTripAllLengths) {
  std::string data;
  for (int i = 0; i < 64; ++i) {
    data.push_back(static_cast<char>(i * 37 + 11));
    const std::string encoded = Base64UrlEncode(data);
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << encoded;
    absl::StatusOr<std::string> decoded = Base64UrlDecode(encoded);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, data);
  }
}

TEST(Base64UrlTest, KnownVectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64UrlDecode("-_8"), "\xfb\xff");
}

TEST(Base64UrlTest, RejectsBadInput) {
  EXPECT_FALSE(Base64UrlDecode("Zg==").ok());   // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v+").ok());  // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Z").ok());      // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());     // non-zero trailing bits
}

TEST(HashTest, Sha256AndHmacVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(RandomBytes(16).size(), 16u);
  EXPECT_NE(RandomBytes(16), RandomBytes(16));
}

TEST(PersonalDataCipherTest, RejectsBadKeys) {
  EXPECT_EQ(PersonalDataCipher::Create("short").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PersonalDataCipher::FromHex("abcd").status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string not_hex = kMasterHex;
  not_hex[10] = 'g';
  EXPECT_EQ(PersonalDataCipher::FromHex(not_hex).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PersonalDataCipherTest, RoundTrip) {
  const PersonalDataCipher cipher = MakeCipher();
  for (const std::string& plaintext : {std::string(), std::string("11010519491231002X"),
                                       std::string("张三 13800138000"), std::string(1000, 'a')}) {
    const std::string sealed = cipher.Encrypt(plaintext);
    EXPECT_EQ(sealed.size(), 12 + plaintext.size() + 16);
    absl::StatusOr<std::string> opened = cipher.Decrypt(sealed);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST(PersonalDataCipherTest, FreshNonceEveryCall) {
  const PersonalDataCipher cipher = MakeCipher();
  std::set<std::string> nonces;
  std::set<std::string> sealed;
  for (int i = 0; i < 50; ++i) {
    const std::string s = cipher.Encrypt("same plaintext");
    nonces.insert(s.substr(0, 12));
    sealed.insert(s);
  }
  EXPECT_EQ(nonces.size(), 50u);
  EXPECT_EQ(sealed.size(), 50u);
}

TEST(PersonalDataCipherTest, TamperedCiphertextIsDataLoss) {
  const PersonalDataCipher cipher = MakeCipher();
  const std::string sealed = cipher.Encrypt("secret value");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_EQ(cipher.Decrypt(tampered).status().code(), absl::StatusCode::kDataLoss) << i;
  }
  EXPECT_EQ(cipher.Decrypt(sealed.substr(0, 20)).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher.Decrypt("").status().code(), absl::StatusCode::kDataLoss);
}

TEST(PersonalDataCipherTest, WrongKeyIsDataLoss) {
  const PersonalDataCipher cipher = MakeCipher();
  absl::StatusOr<PersonalDataCipher> other = PersonalDataCipher::Create(std::string(32, 'k'));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->Decrypt(cipher.Encrypt("x")).status().code(), absl::StatusCode::kDataLoss);
}

TEST(PersonalDataCipherTest, BlindIndexDeterministicAndDomainSeparated) {
  const PersonalDataCipher cipher = MakeCipher();
  const std::string a = cipher.BlindIndex("id_number", "11010519491231002X");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, MakeCipher().BlindIndex("id_number", "11010519491231002X"));
  EXPECT_NE(a, cipher.BlindIndex("phone", "11010519491231002X"));
  EXPECT_NE(a, cipher.BlindIndex("id_number", "440524188001010014"));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(cipher.BlindIndex("ab", "c"), cipher.BlindIndex("a", "bc"));
  // A different master key gives a different index.
  absl::StatusOr<PersonalDataCipher> other = PersonalDataCipher::Create(std::string(32, 'k'));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(a, other->BlindIndex("id_number", "11010519491231002X"));
}

TEST(PersonalDataCipherTest, DerivedKeysMatchSpecification) {
  // index_key = HMAC(master, "tongxin/index/v1"); index = HMAC(index_key, domain \0 value).
  const std::string master = *HexDecode(kMasterHex);
  const std::string index_key = HmacSha256(master, "tongxin/index/v1");
  EXPECT_EQ(MakeCipher().BlindIndex("phone", "13800138000"),
            HmacSha256(index_key, std::string("phone\0"
                                              "13800138000",
                                              17)));
}

TEST(PersonalDataCipherTest, FromKeyFile) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / ("tongxin_key_test_" + HexEncode(RandomBytes(6)))).string();
  {
    std::ofstream out(path);
    out << kMasterHex << "\n \n";
  }
  absl::StatusOr<PersonalDataCipher> cipher = PersonalDataCipher::FromKeyFile(path);
  ASSERT_TRUE(cipher.ok()) << cipher.status();
  EXPECT_EQ(cipher->BlindIndex("d", "v"), MakeCipher().BlindIndex("d", "v"));
  {
    std::ofstream out(path);
    out << "not a key\n";
  }
  EXPECT_EQ(PersonalDataCipher::FromKeyFile(path).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::filesystem::remove(path);

  absl::Status missing = PersonalDataCipher::FromKeyFile(path).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.message().find(path), std::string_view::npos);
}

}  // namespace
}  // namespace tongxin
