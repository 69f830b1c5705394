// The UTF-8 helpers of ext/core/text.h (valid_utf8 has utf8_edges_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "ext/core/text.h"

TEST(Utf8Helpers, CountOffsetFloorAndCharacterAt) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\x97z";  // a é € 👗 z
  EXPECT_EQ(vl::utf8_chars(s), 5u);
  EXPECT_EQ(vl::utf8_offset(s, 0), 0u);
  EXPECT_EQ(vl::utf8_offset(s, 2), 3u);
  EXPECT_EQ(vl::utf8_offset(s, 4), 10u);
  EXPECT_EQ(vl::utf8_offset(s, 5), s.size());
  EXPECT_EQ(vl::utf8_offset(s, 99), s.size());
  EXPECT_EQ(vl::utf8_floor(s, 5), 3u);  // inside the euro sign
  EXPECT_EQ(vl::utf8_floor(s, 3), 3u);
  EXPECT_EQ(vl::utf8_char_at(s, 6), "\xF0\x9F\x91\x97");
  EXPECT_EQ(vl::utf8_char_at(s, 10), "z");
}
