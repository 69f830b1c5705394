// Units of ext/core/hex: the codec, the key readings and the wiping types.
#include <gtest/gtest.h>

#include <cstring>
#include <new>

#include "core/error.h"
#include "core/hex.h"

using vl::Key;

TEST(Hex, EncodesLowerCaseAndDecodesEitherCase) {
  const unsigned char b[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(vl::hex_encode(b, 4), "000fa5ff");
  EXPECT_EQ(vl::hex_encode(b, 0), "");
  unsigned char out[4] = {};
  ASSERT_TRUE(vl::hex_decode("000FA5fF", out));
  EXPECT_EQ(std::memcmp(out, b, 4), 0);
  EXPECT_TRUE(vl::hex_decode("", out));
}

TEST(Hex, RefusesOddLengthAndNonDigitsWithoutWriting) {
  unsigned char out[2] = {7, 7};
  EXPECT_FALSE(vl::hex_decode("abc", out));
  EXPECT_FALSE(vl::hex_decode("0g", out));
  EXPECT_FALSE(vl::hex_decode("00 1", out));
  EXPECT_EQ(out[0], 7);
  EXPECT_TRUE(vl::is_hex("00aB"));
  EXPECT_FALSE(vl::is_hex(""));
  EXPECT_FALSE(vl::is_hex("0"));
  EXPECT_FALSE(vl::is_hex("zz"));
}

TEST(KeyReading, SixtyFourHexDigitsGiveBothReadings) {
  std::string hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  vl::KeyReadings k = vl::key_from_text("f", "key", hex);
  EXPECT_EQ(vl::hex_encode(k.primary.data(), 32), hex);
  ASSERT_TRUE(k.legacy.has_value());
  EXPECT_EQ(std::memcmp(k.legacy->data(), hex.data(), 32), 0);
}

TEST(KeyReading, OtherTextUsesItsFirst32Bytes) {
  std::string text = std::string(63, 'a') + "g";  // 64 characters, not all hex
  vl::KeyReadings k = vl::key_from_text("f", "key", text);
  EXPECT_FALSE(k.legacy.has_value());
  EXPECT_EQ(std::memcmp(k.primary.data(), text.data(), 32), 0);
  // 66 hex digits are not "64 hex digits": read as text.
  std::string longer(66, 'a');
  EXPECT_FALSE(vl::key_from_text("f", "key", longer).legacy.has_value());
}

TEST(KeyReading, Refusals) {
  try {
    vl::key_from_text("f", "key", "short-secret");
    FAIL();
  } catch (const vl::Error& e) {
    EXPECT_STREQ(e.what(),
                 "vaultlister: f: key is too short: 12 characters (a 32-byte blob, 64 hex digits, "
                 "or text of at least 32 characters)");
  }
  unsigned char b[33] = {};
  EXPECT_THROW(vl::key_from_blob("f", "key", b, 33), vl::Error);
  EXPECT_THROW(vl::key_from_blob("f", "key", b, 31), vl::Error);
  EXPECT_NO_THROW(vl::key_from_blob("f", "key", b, 32));
  EXPECT_THROW(vl::key_from_text("f", "key", std::string(40, '\xff')), vl::Error);
}

TEST(KeyWiping, MoveLeavesNothingBehind) {
  Key a;
  std::memset(a.data(), 0xAB, Key::kSize);
  Key b(std::move(a));
  for (size_t i = 0; i < Key::kSize; ++i) {
    EXPECT_EQ(a.data()[i], 0) << i;
    EXPECT_EQ(b.data()[i], 0xAB) << i;
  }
  Key c;
  std::memset(c.data(), 0xCD, Key::kSize);
  c = std::move(b);  // replaced: c's old bytes are overwritten, b's wiped
  for (size_t i = 0; i < Key::kSize; ++i) {
    EXPECT_EQ(b.data()[i], 0) << i;
    EXPECT_EQ(c.data()[i], 0xAB) << i;
  }
}

TEST(KeyWiping, DestructorWipesItsStorage) {
  alignas(Key) unsigned char storage[sizeof(Key)];
  Key* k = new (storage) Key();
  std::memset(k->data(), 0xEE, Key::kSize);
  k->~Key();
  for (size_t i = 0; i < sizeof(Key); ++i) EXPECT_EQ(storage[i], 0) << i;
}

TEST(SecretBuffer, ShrinkAndResetWipe) {
  vl::SecretBuffer b(8);
  std::memset(b.data(), 'x', 8);
  unsigned char* p = b.data();
  b.shrink(3);
  EXPECT_EQ(b.view(), "xxx");
  // The dropped tail is zero in the (unchanged) storage.
  for (int i = 3; i < 8; ++i) EXPECT_EQ(p[i], 0) << i;
  b.reset(4);
  EXPECT_EQ(b.view(), std::string(4, '\0'));
}
