// vl::valid_utf8 (ext/core/function.h) on the sequences the basic cases in
// migrator_test.cpp leave out: overlong three- and four-byte forms, a bad
// continuation byte in every position, five-byte leads, and non-ASCII bytes
// on either side of the eight-byte ASCII fast path.
#include <gtest/gtest.h>

#include <string>

#include "ext/core/function.h"

namespace {
bool ok(const std::string& s) { return vl::valid_utf8(s.data(), s.size()); }
}  // namespace

TEST(Utf8Edges, OverlongAndOutOfRangeForms) {
  EXPECT_FALSE(ok("\xE0\x80\x80"));          // U+0000 in three bytes
  EXPECT_FALSE(ok("\xE0\x9F\xBF"));          // U+07FF in three bytes
  EXPECT_TRUE(ok("\xE0\xA0\x80"));           // U+0800, the first three-byte one
  EXPECT_FALSE(ok("\xF0\x80\x80\x80"));      // U+0000 in four bytes
  EXPECT_FALSE(ok("\xF0\x8F\xBF\xBF"));      // U+FFFF in four bytes
  EXPECT_TRUE(ok("\xF0\x90\x80\x80"));       // U+10000
  EXPECT_TRUE(ok("\xF4\x8F\xBF\xBF"));       // U+10FFFF, the last
  EXPECT_FALSE(ok("\xED\xBF\xBF"));          // U+DFFF, a surrogate
  EXPECT_TRUE(ok("\xEE\x80\x80"));           // U+E000, just after them
  EXPECT_FALSE(ok("\xF8\x88\x80\x80\x80"));  // a five-byte lead
  EXPECT_FALSE(ok("\x80"));                  // a continuation byte alone
}

TEST(Utf8Edges, BadContinuationInEachPosition) {
  EXPECT_FALSE(ok("\xC3("));
  EXPECT_FALSE(ok("\xE2(\xA1"));
  EXPECT_FALSE(ok("\xE2\x82("));
  EXPECT_FALSE(ok("\xF0(\x8C\xBC"));
  EXPECT_FALSE(ok("\xF0\x90(\xBC"));
  EXPECT_FALSE(ok("\xF0\x90\x8C("));
  EXPECT_FALSE(ok("\xF0\x90\x8C"));  // cut short
}

TEST(Utf8Edges, AroundTheAsciiFastPath) {
  EXPECT_TRUE(ok("abcdefgh\xC3\xA9"));                   // after one ASCII word
  EXPECT_TRUE(ok("\xC3\xA9" "abcdefghijklmnop"));         // before two
  EXPECT_TRUE(ok("abc\xC3\xA9" "defghijklmnopqrstuv\xE2\x82\xAC"));
  EXPECT_FALSE(ok("abcdefghijklmno\xFF"));
  EXPECT_FALSE(ok("abcdefghijklmnopq\xC3"));
  EXPECT_TRUE(ok(std::string(1000, 'x')));
  EXPECT_TRUE(ok(""));
}
