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

namespace mosaic::support {
namespace {

// The reference interpreter checks the value bits of the last permitted byte before its continuation bit.
TEST(Reader, TooLargeBeforeTooLong) {
  std::vector<uint8_t> b{0x80, 0x80, 0x80, 0x80, 0xff, 0x00};
  auto r = Reader(std::span<const uint8_t>(b));
  auto v = r.u32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "integer too large");
  std::vector<uint8_t> c{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r2 = Reader(std::span<const uint8_t>(c));
  auto w = r2.s32();
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().message, "integer representation too long");
}

TEST(Reader, OffsetsAreAbsolute) {
  std::vector<uint8_t> b{0x01, 0x02, 0x03};
  Reader r(std::span<const uint8_t>(b), 40);
  EXPECT_EQ(r.offset(), 40u);
  ASSERT_TRUE(r.u8());
  auto sub = r.sub(2);
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->offset(), 41u);
  EXPECT_TRUE(r.at_end());
  ASSERT_TRUE(sub->u8());
  ASSERT_TRUE(sub->u8());
  auto end = sub->u8();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().offset, 43u);
  EXPECT_FALSE(r.sub(1));
}

TEST(Reader, Utf8Validation) {
  auto valid = [](std::vector<uint8_t> s) { return is_valid_utf8(s); };
  EXPECT_TRUE(valid({}));
  EXPECT_TRUE(valid({'a', 0x7f}));
  EXPECT_TRUE(valid({0xc2, 0x80}));
  EXPECT_TRUE(valid({0xef, 0xbf, 0xbf}));
  EXPECT_TRUE(valid({0xf4, 0x8f, 0xbf, 0xbf}));  // U+10FFFF
  EXPECT_FALSE(valid({0x80}));                    // lone continuation byte
  EXPECT_FALSE(valid({0xc1, 0xbf}));              // overlong
  EXPECT_FALSE(valid({0xe0, 0x9f, 0xbf}));        // overlong
  EXPECT_FALSE(valid({0xf0, 0x8f, 0xbf, 0xbf}));  // overlong
  EXPECT_FALSE(valid({0xf4, 0x90, 0x80, 0x80}));  // beyond U+10FFFF
  EXPECT_FALSE(valid({0xed, 0xbf, 0xbf}));        // surrogate
  EXPECT_FALSE(valid({0xe2, 0x82}));              // truncated
  EXPECT_FALSE(valid({0xc2, 0x41}));              // bad continuation
  EXPECT_FALSE(valid({0xf8, 0x88, 0x80, 0x80, 0x80}));
  EXPECT_FALSE(valid({0xff}));
}

}  // namespace
}  // namespace mosaic::support
