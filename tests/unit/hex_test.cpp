// Units of ext/core/hex: the codec, the key readings and the wiping types.
#include <gtest/gtest.h>

#include <cstring>
#include <new>

#include "ext/core/error.h"
#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"

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

TEST(Hex, EveryByteAndEveryCharacter) {
  unsigned char all[256];
  for (int i = 0; i < 256; ++i) all[i] = static_cast<unsigned char>(i);
  std::string hex = vl::hex_encode(all, 256);
  unsigned char back[256] = {};
  ASSERT_TRUE(vl::hex_decode(hex, back));
  EXPECT_EQ(std::memcmp(back, all, 256), 0);
  // Every character: a digit of either case decodes, anything else refuses,
  // in either position of a pair, through both decoders.
  for (int c = 0; c < 256; ++c) {
    bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    std::string first = std::string(1, static_cast<char>(c)) + "0";
    std::string second = "0" + std::string(1, static_cast<char>(c));
    unsigned char o = 0;
    EXPECT_EQ(vl::hex_decode(first, &o), digit) << c;
    EXPECT_EQ(vl::hex_decode(second, &o), digit) << c;
    EXPECT_EQ(vl::hex_decode_unchecked(first, &o), digit) << c;
    EXPECT_EQ(vl::hex_decode_unchecked(second, &o), digit) << c;
    EXPECT_EQ(vl::is_hex(first), digit) << c;
  }
  unsigned char o[2];
  EXPECT_FALSE(vl::hex_decode_unchecked("abc", o));
  ASSERT_TRUE(vl::hex_decode_unchecked("fF0a", o));
  EXPECT_EQ(o[0], 0xff);
  EXPECT_EQ(o[1], 0x0a);
}

TEST(Hex, EncodeToWritesInPlaceFromTheTail) {
  // As encrypt() uses it: n bytes at buf + n encoded to buf.
  const unsigned char src[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x7f};
  const size_t n = sizeof src;
  char buf[2 * sizeof src];
  std::memcpy(buf + n, src, n);
  EXPECT_EQ(vl::hex_encode_to(buf + n, n, buf), buf + 2 * n);
  EXPECT_EQ(std::string(buf, 2 * n), "deadbeef00017f");
}

TEST(KeyReading, SixtyFourHexDigitsGiveBothReadings) {
  std::string hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  vl::KeyReadings k = vl::key_from_text("f", "key", hex);
  EXPECT_EQ(vl::hex_encode(k.primary.data(), 32), hex);
  ASSERT_TRUE(k.legacy.has_value());
  EXPECT_EQ(std::memcmp(k.legacy->data(), hex.data(), 32), 0);
}

TEST(KeyReading, OtherTextIsAPassphraseWithALegacyReadingOfItsFirst32Bytes) {
  std::string text = "0123456789abcdef0123456789abcdef0123456789abcdef012345678abcdefg";  // 64, not all hex
  vl::KeyReadings k = vl::key_from_text("f", "key", text);
  EXPECT_FALSE(k.raw);  // the whole text goes through the KDF (functions/crypto.cpp)
  ASSERT_TRUE(k.passphrase);
  ASSERT_TRUE(k.legacy.has_value());  // the old application's reading: its first 32 bytes
  EXPECT_EQ(std::memcmp(k.legacy->data(), text.data(), 32), 0);
  // 66 hex digits are not "64 hex digits": read as a passphrase.
  std::string longer = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01";
  EXPECT_FALSE(vl::key_from_text("f", "key", longer).raw);
  // Long but made of few characters: refused, not cut to 32 bytes.
  try {
    vl::key_from_text("f", "key", std::string(63, 'a') + "g");
    ADD_FAILURE() << "a two-character passphrase was accepted";
  } catch (const vl::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("vaultlister: f: key is a weak passphrase: 2 different characters (", 0), 0u)
        << e.what();
  }
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

// valid_utf8's 8-bytes-at-a-time ASCII path: every sequence, valid or not,
// placed at every offset around the 8-byte steps, and at the very end.
TEST(ValidUtf8, SameAnswerAtEveryOffset) {
  const std::pair<std::string, bool> cases[] = {
      {"\xC3\xA9", true},         {"\xE2\x82\xAC", true}, {"\xF0\x9F\x91\x97", true},
      {"\xC3", false},            {"\xC0\xAF", false},     {"\xED\xA0\x80", false},
      {"\xF4\x90\x80\x80", false}, {"\xFF", false},         {"\x80", false},
      {"\xE2\x82", false},        {"\xF0\x9F\x91", false}, {"\xC3\x28", false},
  };
  for (const auto& [seq, ok] : cases) {
    for (size_t before = 0; before < 20; ++before) {
      for (size_t after = 0; after < 20; after += 3) {
        std::string s = std::string(before, 'a') + seq + std::string(after, 'b');
        EXPECT_EQ(vl::valid_utf8(s.data(), s.size()), ok) << before << " " << after;
        // Two in a row, far apart.
        std::string t = s + std::string(before, 'c') + seq;
        EXPECT_EQ(vl::valid_utf8(t.data(), t.size()), ok) << before << " " << after;
      }
    }
  }
  std::string ascii(1000, 'x');
  EXPECT_TRUE(vl::valid_utf8(ascii.data(), ascii.size()));
  EXPECT_TRUE(vl::valid_utf8(ascii.data(), 0));
  ascii[999] = '\x80';
  EXPECT_FALSE(vl::valid_utf8(ascii.data(), ascii.size()));
  EXPECT_TRUE(vl::valid_utf8(ascii.data(), 999));
}
