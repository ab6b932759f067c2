#include "support/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace mosaic::support {
namespace {

Reader over(const std::vector<uint8_t>& b) { return Reader(std::span<const uint8_t>(b)); }

TEST(Reader, U32Leb) {
  std::vector<uint8_t> b{0xe5, 0x8e, 0x26};
  auto r = over(b);
  auto v = r.u32();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 624485u);
  EXPECT_TRUE(r.at_end());
}

TEST(Reader, U32TooLong) {
  std::vector<uint8_t> b{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = over(b);
  auto v = r.u32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "integer representation too long");
}

TEST(Reader, U32TooLarge) {
  std::vector<uint8_t> b{0xff, 0xff, 0xff, 0xff, 0x1f};
  auto r = over(b);
  auto v = r.u32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "integer too large");
  EXPECT_EQ(v.error().offset, 4u);
}

TEST(Reader, S32SignExtension) {
  std::vector<uint8_t> ok{0xff, 0xff, 0xff, 0xff, 0x7f};  // -1 in five bytes
  auto r = over(ok);
  auto v = r.s32();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, -1);
  std::vector<uint8_t> bad{0xff, 0xff, 0xff, 0xff, 0x4f};  // unused bits not a sign extension
  auto r2 = over(bad);
  EXPECT_FALSE(r2.s32());
}

TEST(Reader, S64MinAndS33) {
  std::vector<uint8_t> b{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
  auto r = over(b);
  auto v = r.s64();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, INT64_MIN);
  std::vector<uint8_t> t{0x40};
  auto r2 = over(t);
  auto s = r2.s33();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, -64);
}

TEST(Reader, UnexpectedEnd) {
  std::vector<uint8_t> b{0x80};
  auto r = over(b);
  auto v = r.u32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "unexpected end");
}

TEST(Reader, NameUtf8) {
  std::vector<uint8_t> good{3, 'a', 0xc3, 0xa9};
  auto r = over(good);
  auto n = r.name();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, "a\xc3\xa9");
  std::vector<uint8_t> overlong{2, 0xc0, 0x80};
  auto r2 = over(overlong);
  auto bad = r2.name();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "malformed UTF-8 encoding");
  std::vector<uint8_t> surrogate{3, 0xed, 0xa0, 0x80};
  auto r3 = over(surrogate);
  EXPECT_FALSE(r3.name());
  std::vector<uint8_t> too_long{9, 'a'};
  auto r4 = over(too_long);
  auto t = r4.name();
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, "length out of bounds");
}

}  // namespace
}  // namespace mosaic::support
