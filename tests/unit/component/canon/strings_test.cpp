// Strings in the three encodings: every (source, destination) pair of store_string_into_range with the
// realloc calls definitions.py makes, lifting, and the traps on malformed text and bad pointers.

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

using V = Value;
using Bytes = std::vector<uint8_t>;
using Enc = ast::StringEncoding;
using Src = Value::StringSource;

constexpr uint32_t TAG = 1u << 31;
const std::string kText = "héllo ✓ 𝄞";  // 9 code points, 15 UTF-8 bytes, 10 UTF-16 code units
const std::string kLatin = "héllo";     // 5 code points, all Latin-1; 6 UTF-8 bytes

Bytes utf16le(const std::u16string& s) {
  Bytes b;
  for (char16_t c : s) {
    b.push_back(uint8_t(c));
    b.push_back(uint8_t(c >> 8));
  }
  return b;
}
const Bytes kText16 = utf16le(u"héllo ✓ 𝄞");
const Bytes kLatin1 = {'h', 0xE9, 'l', 'l', 'o'};

Result<Value> lift_str(Guest& g, uint32_t ptr, uint32_t units, bool adapter = false) {
  auto cx = g.cx();
  cx.adapter = adapter;
  std::array<Val, 2> flat = {Val::i32(int32_t(ptr)), Val::i32(int32_t(units))};
  CoreValueIter vi{flat, 0};
  return lift_flat(cx, vi, prim(TypeKind::String));
}

// Lowers v and returns (ptr, tagged code units).
std::pair<uint32_t, uint32_t> lower_str(Guest& g, const Value& v) {
  auto cx = g.cx();
  std::vector<Val> out;
  auto r = lower_flat(cx, v, prim(TypeKind::String), out);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  if (!r || out.size() != 2) return {0, 0};
  return {uint32_t(out[0].as_i32()), uint32_t(out[1].as_i32())};
}

void put(Guest& g, uint32_t ptr, const Bytes& b) { std::memcpy(g.data() + ptr, b.data(), b.size()); }

TEST_F(ComponentCanon, StringUtf8ToUtf8IsACopy) {
  Guest g(store, Enc::Utf8);
  auto [ptr, n] = lower_str(g, V::string(kText));
  EXPECT_EQ(n, 15u);
  EXPECT_EQ(g.bytes(ptr, 15), Bytes(kText.begin(), kText.end()));
  EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 1, 15}}));
  EXPECT_EQ(*lift_str(g, ptr, n), V::string(kText));
}

TEST_F(ComponentCanon, StringUtf8ToUtf16) {
  Guest g(store, Enc::Utf16);
  auto [ptr, n] = lower_str(g, V::string(kText));
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(g.bytes(ptr, 20), kText16);
  // store_utf8_to_utf16: the worst case (2 bytes per UTF-8 byte), then shrink to the encoding.
  ASSERT_EQ(g.calls.size(), 2u);
  EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 2, 30}));
  EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 30, 2, 20}));
  Value back = *lift_str(g, ptr, n);
  EXPECT_EQ(back, V::string(kText));
  EXPECT_EQ(back.string_source(), Src::Utf16);
}

TEST_F(ComponentCanon, StringUtf8ToLatin1OrUtf16) {
  {
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kText));  // ✓ and 𝄞 need UTF-16
    EXPECT_EQ(n, 10u | TAG);
    EXPECT_EQ(g.bytes(ptr, 20), kText16);
    ASSERT_EQ(g.calls.size(), 3u);
    EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 2, 15}));
    EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 15, 2, 30}));
    EXPECT_EQ(g.calls[2], (ReallocCall{g.calls[2].old_ptr, 30, 2, 20}));
    Value back = *lift_str(g, ptr, n);
    EXPECT_EQ(back, V::string(kText));
    EXPECT_EQ(back.string_source(), Src::CompactUtf16);
  }
  {
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kLatin));  // fits Latin-1: shrink from 6 to 5 bytes
    EXPECT_EQ(n, 5u);
    EXPECT_EQ(g.bytes(ptr, 5), kLatin1);
    ASSERT_EQ(g.calls.size(), 2u);
    EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 2, 6}));
    EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 6, 2, 5}));
    Value back = *lift_str(g, ptr, n);
    EXPECT_EQ(back, V::string(kLatin));
    EXPECT_EQ(back.string_source(), Src::Latin1);
  }
}

TEST_F(ComponentCanon, StringUtf16ToUtf8) {
  Guest g(store, Enc::Utf8);
  // store_utf16_to_utf8: one byte per code unit, then 3 per unit at the first non-ASCII one, then shrink.
  auto [ptr, n] = lower_str(g, V::string(kText, Src::Utf16));
  EXPECT_EQ(n, 15u);
  EXPECT_EQ(g.bytes(ptr, 15), Bytes(kText.begin(), kText.end()));
  ASSERT_EQ(g.calls.size(), 3u);
  EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 1, 10}));
  EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 10, 1, 30}));
  EXPECT_EQ(g.calls[2], (ReallocCall{g.calls[2].old_ptr, 30, 1, 15}));
  // ASCII text needs no reallocation.
  g.calls.clear();
  auto [p2, n2] = lower_str(g, V::string("abc", Src::Utf16));
  EXPECT_EQ(n2, 3u);
  EXPECT_EQ(g.bytes(p2, 3), (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 1, 3}}));
}

TEST_F(ComponentCanon, StringLatin1ToUtf8) {
  Guest g(store, Enc::Utf8);
  auto [ptr, n] = lower_str(g, V::string(kLatin, Src::Latin1));
  EXPECT_EQ(n, 6u);
  EXPECT_EQ(g.bytes(ptr, 6), Bytes(kLatin.begin(), kLatin.end()));
  ASSERT_EQ(g.calls.size(), 3u);
  EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 1, 5}));
  EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 5, 1, 10}));
  EXPECT_EQ(g.calls[2], (ReallocCall{g.calls[2].old_ptr, 10, 1, 6}));
}

TEST_F(ComponentCanon, StringToUtf16Copies) {
  Guest g(store, Enc::Utf16);
  auto [ptr, n] = lower_str(g, V::string(kText, Src::CompactUtf16));
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(g.bytes(ptr, 20), kText16);
  EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 2, 20}}));
  g.calls.clear();
  auto [p2, n2] = lower_str(g, V::string(kLatin, Src::Latin1));
  EXPECT_EQ(n2, 5u);
  EXPECT_EQ(g.bytes(p2, 10), utf16le(u"héllo"));
  EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 2, 10}}));
}

TEST_F(ComponentCanon, StringToLatin1OrUtf16FromEachSource) {
  {  // latin1 source: a copy
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kLatin, Src::Latin1));
    EXPECT_EQ(n, 5u);
    EXPECT_EQ(g.bytes(ptr, 5), kLatin1);
    EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 2, 5}}));
  }
  {  // utf16-tagged source that is all Latin-1: store_probably_utf16_to_latin1_or_utf16 compresses it
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kLatin, Src::CompactUtf16));
    EXPECT_EQ(n, 5u);
    EXPECT_EQ(g.bytes(ptr, 5), kLatin1);
    ASSERT_EQ(g.calls.size(), 2u);
    EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 2, 10}));
    EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 10, 1, 5}));
  }
  {  // utf16-tagged source with wide characters stays UTF-16
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kText, Src::CompactUtf16));
    EXPECT_EQ(n, 10u | TAG);
    EXPECT_EQ(g.bytes(ptr, 20), kText16);
    EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 2, 20}}));
  }
  {  // utf16 source: store_string_to_latin1_or_utf16 from its 10 code units
    Guest g(store, Enc::Latin1Utf16);
    auto [ptr, n] = lower_str(g, V::string(kText, Src::Utf16));
    EXPECT_EQ(n, 10u | TAG);
    EXPECT_EQ(g.bytes(ptr, 20), kText16);
    ASSERT_EQ(g.calls.size(), 2u);
    EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 2, 10}));
    EXPECT_EQ(g.calls[1], (ReallocCall{g.calls[1].old_ptr, 10, 2, 20}));
  }
}

TEST_F(ComponentCanon, StringLiftEveryEncoding) {
  Guest g8(store, Enc::Utf8), g16(store, Enc::Utf16), gl(store, Enc::Latin1Utf16);
  put(g8, 100, Bytes(kText.begin(), kText.end()));
  EXPECT_EQ(*lift_str(g8, 100, 15), V::string(kText));
  put(g16, 100, kText16);
  EXPECT_EQ(*lift_str(g16, 100, 10), V::string(kText));
  put(gl, 100, kLatin1);
  EXPECT_EQ(*lift_str(gl, 100, 5), V::string(kLatin));
  put(gl, 200, kText16);
  EXPECT_EQ(*lift_str(gl, 200, 10 | TAG), V::string(kText));
  // Empty strings, with any in-bounds pointer.
  EXPECT_EQ(*lift_str(g8, 0, 0), V::string(""));
  EXPECT_EQ(*lift_str(g8, 65536, 0), V::string(""));
}

TEST_F(ComponentCanon, StringLiftTrapsOnInvalidUtf8) {
  Guest g(store, Enc::Utf8);
  put(g, 100, {0xFF});
  expect_trap(lift_str(g, 100, 1), "invalid utf-8 sequence of 1 bytes from index 0");
  put(g, 100, {'a', 0xC3});  // truncated two-byte sequence
  expect_trap(lift_str(g, 100, 2), "incomplete utf-8 byte sequence from index 1");
  put(g, 100, {0xED, 0xA0, 0x80});  // an encoded surrogate
  expect_trap(lift_str(g, 100, 3), "invalid utf-8");
  put(g, 100, {0xC0, 0x80});  // overlong NUL
  expect_trap(lift_str(g, 100, 2), "invalid utf-8");
  put(g, 100, {0xF4, 0x90, 0x80, 0x80});  // past U+10FFFF
  expect_trap(lift_str(g, 100, 4), "invalid utf-8");
  put(g, 100, {0xE2, 0x9C, 'x'});  // a bad third byte
  expect_trap(lift_str(g, 100, 3), "invalid utf-8 sequence of 2 bytes from index 0");
}

TEST_F(ComponentCanon, StringLiftTrapsOnUnpairedSurrogates) {
  Guest g(store, Enc::Utf16);
  put(g, 100, utf16le(u"a"));
  g.data()[102] = 0x00;  // a lone high surrogate at the end
  g.data()[103] = 0xD8;
  expect_trap(lift_str(g, 100, 2), "unpaired surrogate");
  put(g, 100, {0x00, 0xDC, 'b', 0});  // a lone low surrogate
  expect_trap(lift_str(g, 100, 2), "unpaired surrogate");
  put(g, 100, {0x00, 0xD8, 0x00, 0xD8});  // high followed by high
  expect_trap(lift_str(g, 100, 2), "unpaired surrogate");
  Guest gl(store, Enc::Latin1Utf16);
  put(gl, 100, {0x00, 0xDC});
  expect_trap(lift_str(gl, 100, 1 | TAG), "unpaired surrogate");
}

TEST_F(ComponentCanon, StringLiftTrapsOnBadPointers) {
  Guest g8(store, Enc::Utf8), g16(store, Enc::Utf16), gl(store, Enc::Latin1Utf16);
  expect_trap(lift_str(g8, 65535, 2), "string pointer/length out of bounds of memory");
  expect_trap(lift_str(g8, 0xdeadbeef, 0), "string pointer/length out of bounds of memory");
  expect_trap(lift_str(g8, 0xFFFFFFFF, 0xFFFFFF), "string pointer/length out of bounds of memory");
  expect_trap(lift_str(g16, 1, 1), "string pointer not aligned to 2");
  expect_trap(lift_str(gl, 1, 0), "string pointer not aligned to 2");      // Latin-1 still needs alignment 2
  expect_trap(lift_str(gl, 1, 0 | TAG), "string pointer not aligned to 2");
  expect_trap(lift_str(g16, 0, 0x7FFFFFFF), "string length too large");
  expect_trap(lift_str(g8, 0, 1u << 28), "string length too large");
  // Between components, the adapter's words.
  expect_trap(lift_str(g8, 65535, 2, true), "string content out-of-bounds");
  expect_trap(lift_str(g16, 1, 1, true), "unaligned pointer");
}

TEST_F(ComponentCanon, StringStoreChecksRealloc) {
  Guest g(store, Enc::Utf16);
  g.forced = 1;
  auto cx = g.cx();
  std::vector<Val> out;
  expect_trap(lower_flat(cx, V::string("ab"), prim(TypeKind::String), out), "realloc return: result not aligned");
  g.forced = 65534;
  expect_trap(lower_flat(cx, V::string("ab"), prim(TypeKind::String), out), "realloc return: beyond end of memory");
  cx.adapter = true;
  expect_trap(lower_flat(cx, V::string("ab"), prim(TypeKind::String), out), "string content out-of-bounds");
  g.forced = 3;
  expect_trap(lower_flat(cx, V::string("ab"), prim(TypeKind::String), out), "unaligned pointer");
}

TEST_F(ComponentCanon, StringStoreRejectsInvalidUtf8Values) {
  Guest g(store, Enc::Utf8);
  auto cx = g.cx();
  std::vector<Val> out;
  expect_usage(lower_flat(cx, V::string(std::string("\xff", 1)), prim(TypeKind::String), out));
  expect_usage(check_value(V::string(std::string("a\xc3", 2)), prim(TypeKind::String)));
  EXPECT_TRUE(check_value(V::string(kText), prim(TypeKind::String)).has_value());
}

}  // namespace
}  // namespace mosaic::component::canon::test
