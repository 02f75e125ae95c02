// volunteer_unit_test: the resident ID number (GB 11643-1999), mobile numbers and the masks of
// ID numbers, phones and names.
#include "services/volunteer/domain/identity.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace tongxin::volunteer {
namespace {

constexpr std::string_view kToday = "2024-06-15";

// Independent ISO 7064 MOD 11-2 (the recursive form), to build test numbers.
char CheckChar(std::string_view first17) {
  int p = 0;
  for (char c : first17) p = ((p + (c - '0')) * 2) % 11;
  const int check = (12 - p) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

std::string WithCheck(std::string_view first17) {
  return std::string(first17) + CheckChar(first17);
}

void ExpectIdError(std::string_view id, std::string_view today, std::string_view fragment) {
  absl::StatusOr<ResidentId> parsed = ParseResidentId(id, today);
  ASSERT_FALSE(parsed.ok()) << id;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string_view message(parsed.status().message().data(),
                                 parsed.status().message().size());
  EXPECT_EQ(message.substr(0, 11), "id_number: ") << message;
  EXPECT_NE(message.find(fragment), std::string_view::npos) << message;
  // Never echo the number (or its date) back.
  if (id.size() >= 8) {
    EXPECT_EQ(message.find(id.substr(6, 8)), std::string_view::npos) << message;
    EXPECT_EQ(message.find(id.substr(0, 6)), std::string_view::npos) << message;
  }
}

TEST(ResidentIdTest, CheckCharacterMatchesKnownNumbers) {
  EXPECT_EQ(ResidentIdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckCharacter("44052418800101001"), '4');
  for (std::string_view first17 : {"11010519900307123", "41010219851111555", "32010620000229888",
                                   "51010719991231000", "62010219000101010"}) {
    EXPECT_EQ(ResidentIdCheckCharacter(first17), CheckChar(first17)) << first17;
  }
}

TEST(ResidentIdTest, AcceptsValidNumbers) {
  absl::StatusOr<ResidentId> a = ParseResidentId("11010519491231002X", kToday);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->normalized, "11010519491231002X");
  EXPECT_EQ(a->birth_date, "1949-12-31");
  EXPECT_EQ(a->sex, Sex::kFemale);  // 17th digit 2

  absl::StatusOr<ResidentId> b = ParseResidentId("440524188001010014", "2024-01-01");
  ASSERT_FALSE(b.ok());  // born 1880: before 1900

  const std::string male = WithCheck("44052419800101001");
  absl::StatusOr<ResidentId> c = ParseResidentId(male, kToday);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->birth_date, "1980-01-01");
  EXPECT_EQ(c->sex, Sex::kMale);  // 17th digit 1
}

TEST(ResidentIdTest, LowercaseXIsNormalized) {
  absl::StatusOr<ResidentId> id = ParseResidentId("11010519491231002x", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->normalized, "11010519491231002X");
}

TEST(ResidentIdTest, RejectsWrongCheckCharacter) {
  ExpectIdError("110105194912310021", kToday, "check character");
  const std::string good = WithCheck("41010219851111555");
  std::string bad = good;
  bad[17] = good[17] == '0' ? '1' : '0';
  ExpectIdError(bad, kToday, "check character");
  // A changed digit breaks the check too.
  bad = good;
  bad[14] = good[14] == '5' ? '6' : '5';
  ExpectIdError(bad, kToday, "check character");
}

TEST(ResidentIdTest, RejectsImpossibleDates) {
  ExpectIdError(WithCheck("11010519990230123"), kToday, "not a real date");  // Feb 30
  ExpectIdError(WithCheck("11010519990229123"), kToday, "not a real date");  // 1999 not leap
  ExpectIdError(WithCheck("11010519000229123"), kToday, "not a real date");  // 1900 not leap
  ExpectIdError(WithCheck("11010519991301123"), kToday, "not a real date");  // month 13
  ExpectIdError(WithCheck("11010519990001123"), kToday, "not a real date");  // month 0
  ExpectIdError(WithCheck("11010519990100123"), kToday, "not a real date");  // day 0
  ExpectIdError(WithCheck("11010519990431123"), kToday, "not a real date");  // Apr 31

  absl::StatusOr<ResidentId> leap = ParseResidentId(WithCheck("11010520000229123"), kToday);
  ASSERT_TRUE(leap.ok()) << leap.status();
  EXPECT_EQ(leap->birth_date, "2000-02-29");
}

TEST(ResidentIdTest, RejectsDatesOutOfRange) {
  ExpectIdError(WithCheck("11010518991231123"), kToday, "1900");
  EXPECT_TRUE(ParseResidentId(WithCheck("11010519000101123"), kToday).ok());
  ExpectIdError(WithCheck("11010520240616123"), kToday, "future");
  EXPECT_TRUE(ParseResidentId(WithCheck("11010520240615123"), kToday).ok());  // born today
  ExpectIdError(WithCheck("11010530000101123"), kToday, "future");
}

TEST(ResidentIdTest, RejectsWrongLengthAndCharacters) {
  ExpectIdError("", kToday, "");
  ExpectIdError("11010519491231002", kToday, "18 characters");
  ExpectIdError("11010519491231002X1", kToday, "18 characters");
  ExpectIdError("110105194912310", kToday, "18 characters");  // old 15-digit form
  ExpectIdError("1101051949A231002X", kToday, "digits");
  ExpectIdError("11010519491231002Y", kToday, "last character");
  ExpectIdError("X10105194912310021", kToday, "digits");
  ExpectIdError(" 11010519491231002X", kToday, "18 characters");
}

TEST(ResidentIdTest, RejectsRegionStartingWithZero) {
  ExpectIdError(WithCheck("01010519491231002"), kToday, "region");
}

TEST(ResidentIdTest, RejectsMalformedToday) {
  EXPECT_FALSE(ParseResidentId("11010519491231002X", "20240615").ok());
}

TEST(MobileTest, NormalizesValidNumbers) {
  EXPECT_EQ(*NormalizeMobile("13800138000"), "13800138000");
  EXPECT_EQ(*NormalizeMobile("+8613800138000"), "13800138000");
  EXPECT_EQ(*NormalizeMobile("+86 138 0013 8000"), "13800138000");
  EXPECT_EQ(*NormalizeMobile("8613800138000"), "13800138000");
  EXPECT_EQ(*NormalizeMobile("138-0013-8000"), "13800138000");
  EXPECT_EQ(*NormalizeMobile("19912345678"), "19912345678");
}

TEST(MobileTest, RejectsInvalidNumbers) {
  for (std::string_view bad :
       {"", "   ", "138001380001", "1380013800", "12800138000", "10800138000", "23800138000",
        "1380013800a", "+85213800138000", "+86", "++8613800138000", "138.0013.8000"}) {
    absl::StatusOr<std::string> phone = NormalizeMobile(bad);
    ASSERT_FALSE(phone.ok()) << bad;
    EXPECT_EQ(phone.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(std::string(phone.status().message()).substr(0, 7), "phone: ") << phone.status();
  }
}

TEST(MaskTest, ResidentIdAndMobile) {
  EXPECT_EQ(MaskResidentId("410102198511115551"), "41**************51");
  EXPECT_EQ(MaskResidentId("11010519491231002X"), "11**************2X");
  EXPECT_EQ(MaskResidentId("123"), "***");
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
  EXPECT_EQ(MaskMobile("123"), "***");
}

// How many ID numbers agree with everything a volunteer's record shows beside the masked
// number: the birth year and the gender, and the region code, which the community id (a
// statistical division code) may well give away.
int CandidatesLeft(const std::string& id_number) {
  const std::string masked = MaskResidentId(id_number);
  const std::string region = id_number.substr(0, 6);
  const std::string year = id_number.substr(6, 4);
  const int gender_parity = (id_number[16] - '0') % 2;
  int candidates = 0;
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= 31; ++day) {
      // Room for any int: gcc's truncation check cannot see the loops' bounds in sanitizer builds.
      char date[24];
      std::snprintf(date, sizeof date, "%02d%02d", month, day);
      for (int sequence = 0; sequence < 1000; ++sequence) {
        if (sequence % 2 != gender_parity) continue;
        char digits[12];
        std::snprintf(digits, sizeof digits, "%03d", sequence);
        std::string first17 = region + year + date + digits;
        std::string candidate = first17 + CheckChar(first17);
        if (MaskResidentId(candidate) != masked) continue;
        if (!ParseResidentId(candidate, kToday).ok()) continue;  // a real date
        ++candidates;
      }
    }
  }
  return candidates;
}

TEST(MaskTest, TheMaskedIdNumberLeavesThousandsOfCandidates) {
  for (const std::string first17 :
       {"41150219800101123", "11010519491231002", "41150220010730587", "41150219560903206"}) {
    const std::string id = first17 + CheckChar(first17);
    EXPECT_GE(CandidatesLeft(id), 3000) << MaskResidentId(id);
  }
}

TEST(MaskTest, NameIsUtf8Aware) {
  EXPECT_EQ(MaskName("李四"), "李*");
  EXPECT_EQ(MaskName("张三丰"), "张**");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李"), "*");  // shown, it would be the whole name
  EXPECT_EQ(MaskName("T"), "*");
  EXPECT_EQ(MaskName("𠀀"), "*");
  EXPECT_EQ(MaskName("Tom"), "T**");
  EXPECT_EQ(MaskName("𠀀好"), "𠀀*");  // 4-byte first character
  EXPECT_EQ(MaskName(""), "");
}

}  // namespace
}  // namespace tongxin::volunteer
