#include "wast/value.h"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

using nlohmann::json;

json value(const char* type, const char* text) { return json{{"type", type}, {"value", text}}; }
json v128(const char* lane, std::vector<std::string> lanes) {
  return json{{"type", "v128"}, {"lane_type", lane}, {"value", lanes}};
}

TEST(ParseBits, UnsignedDecimalOfTheWidth) {
  EXPECT_EQ(parse_bits("0", 32), 0u);
  EXPECT_EQ(parse_bits("4294967295", 32), 0xffffffffu);
  EXPECT_EQ(parse_bits("18446744073709551615", 64), ~uint64_t(0));
  EXPECT_EQ(parse_bits("255", 8), 255u);
  EXPECT_THROW(parse_bits("4294967296", 32), ScriptError);
  EXPECT_THROW(parse_bits("256", 8), ScriptError);
  EXPECT_THROW(parse_bits("", 32), ScriptError);
  EXPECT_THROW(parse_bits("12x", 32), ScriptError);
}

TEST(ParseBits, NegativeDecimalIsItsTwosComplement) {
  EXPECT_EQ(parse_bits("-1", 32), 0xffffffffu);
  EXPECT_EQ(parse_bits("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(parse_bits("-1", 64), ~uint64_t(0));
  EXPECT_EQ(parse_bits("-128", 8), 0x80u);
  EXPECT_THROW(parse_bits("-2147483649", 32), ScriptError);
}

TEST(ParseValue, Integers) {
  Val v = parse_value(value("i32", "4294967295"));
  EXPECT_EQ(v.kind(), ValKind::I32);
  EXPECT_EQ(v.as_i32(), -1);
  v = parse_value(value("i64", "9223372036854775808"));
  EXPECT_EQ(v.kind(), ValKind::I64);
  EXPECT_EQ(v.as_i64(), INT64_MIN);
}

TEST(ParseValue, FloatsAreBitPatterns) {
  Val v = parse_value(value("f32", "1065353216"));
  EXPECT_EQ(v.kind(), ValKind::F32);
  EXPECT_EQ(v.as_f32(), 1.0f);
  v = parse_value(value("f32", "2143289345"));  // a NaN with payload 1 beyond the quiet bit
  EXPECT_EQ(v.f32_bits(), 0x7fc00001u);
  v = parse_value(value("f64", "4607182418800017408"));
  EXPECT_EQ(v.as_f64(), 1.0);
}

TEST(ParseValue, V128LanesAreLittleEndian) {
  Val v = parse_value(v128("i32", {"1", "2", "3", "4294967295"}));
  ASSERT_EQ(v.kind(), ValKind::V128);
  V128 want{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(v.as_v128(), want);
  v = parse_value(v128("i16", {"1", "2", "3", "4", "5", "6", "7", "65535"}));
  EXPECT_EQ(v.as_v128()[0], 1);
  EXPECT_EQ(v.as_v128()[14], 0xff);
  EXPECT_EQ(v.as_v128()[15], 0xff);
  EXPECT_THROW(parse_value(v128("i32", {"1", "2", "3"})), ScriptError);
  EXPECT_THROW(parse_value(v128(
                   "i8", {"256", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"})),
               ScriptError);
}

TEST(ParseValue, References) {
  Val v = parse_value(value("externref", "7"));
  EXPECT_EQ(v.kind(), ValKind::ExternRef);
  EXPECT_FALSE(v.is_null());
  EXPECT_EQ(v.as_ref().host, 7u);
  v = parse_value(value("externref", "null"));
  EXPECT_TRUE(v.is_null());
  v = parse_value(value("funcref", "null"));
  EXPECT_EQ(v.kind(), ValKind::FuncRef);
  EXPECT_TRUE(v.is_null());
}

TEST(ParseValue, RejectsUnknownTypes) {
  EXPECT_THROW(parse_value(value("i31", "0")), ScriptError);
  EXPECT_THROW(parse_value(json{{"type", "i32"}}), ScriptError);
  EXPECT_THROW(parse_value(json{{"value", "1"}}), ScriptError);
}

TEST(Matches, IntegersAndFloatsCompareBits) {
  EXPECT_TRUE(matches(parse_pattern(value("i32", "4294967295")), Val::i32(-1)));
  EXPECT_FALSE(matches(parse_pattern(value("i32", "1")), Val::i32(2)));
  EXPECT_FALSE(matches(parse_pattern(value("i32", "1")), Val::i64(1)));  // kinds differ
  // -0.0 and +0.0 differ, although they compare equal as floats.
  EXPECT_FALSE(matches(parse_pattern(value("f32", "2147483648")), Val::f32(0.0f)));
  EXPECT_TRUE(matches(parse_pattern(value("f32", "2147483648")), Val::f32(-0.0f)));
  // A NaN with an exact payload must match exactly.
  EXPECT_TRUE(matches(parse_pattern(value("f32", "2143289345")), Val::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(matches(parse_pattern(value("f32", "2143289345")), Val::f32_bits(0x7fc00000u)));
}

TEST(Matches, NanPatterns) {
  ValuePattern canonical = parse_pattern(value("f32", "nan:canonical"));
  EXPECT_TRUE(matches(canonical, Val::f32_bits(0x7fc00000u)));
  EXPECT_TRUE(matches(canonical, Val::f32_bits(0xffc00000u)));
  EXPECT_FALSE(matches(canonical, Val::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(matches(canonical, Val::f32(1.0f)));
  ValuePattern arithmetic = parse_pattern(value("f64", "nan:arithmetic"));
  EXPECT_TRUE(matches(arithmetic, Val::f64_bits(0x7ff8000000000000ull)));
  EXPECT_TRUE(matches(arithmetic, Val::f64_bits(0xfff8000000000123ull)));
  EXPECT_FALSE(matches(arithmetic, Val::f64_bits(0x7ff0000000000001ull)));
  EXPECT_FALSE(matches(arithmetic, Val::f32_bits(0x7fc00000u)));  // an f32 is not an f64
}

TEST(Matches, V128PerLaneWithNanPatterns) {
  ValuePattern p = parse_pattern(v128("f32", {"nan:canonical", "1065353216", "nan:arithmetic", "0"}));
  V128 got{};
  auto put = [&got](size_t lane, uint32_t bits) { std::memcpy(got.data() + lane * 4, &bits, 4); };
  put(0, 0xffc00000u);
  put(1, 0x3f800000u);
  put(2, 0x7fc12345u);
  put(3, 0);
  EXPECT_TRUE(matches(p, Val::v128(got)));
  put(2, 0x7f812345u);  // signalling: not arithmetic
  EXPECT_FALSE(matches(p, Val::v128(got)));
  put(2, 0x7fc00000u);
  put(1, 0x3f800001u);
  EXPECT_FALSE(matches(p, Val::v128(got)));

  ValuePattern f64 = parse_pattern(v128("f64", {"nan:arithmetic", "4607182418800017408"}));
  V128 d{};
  uint64_t nan = 0x7ff8000000000001ull, one = 0x3ff0000000000000ull;
  std::memcpy(d.data(), &nan, 8);
  std::memcpy(d.data() + 8, &one, 8);
  EXPECT_TRUE(matches(f64, Val::v128(d)));
}

TEST(Matches, V128IntegerLanes) {
  ValuePattern p = parse_pattern(
      v128("i8", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "255"}));
  V128 got{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255};
  EXPECT_TRUE(matches(p, Val::v128(got)));
  got[3] = 4;
  EXPECT_FALSE(matches(p, Val::v128(got)));
}

TEST(Matches, References) {
  EXPECT_TRUE(matches(parse_pattern(value("externref", "null")), Val::null_ref(ValKind::ExternRef)));
  EXPECT_FALSE(matches(parse_pattern(value("externref", "null")), Val::externref(0)));
  EXPECT_TRUE(matches(parse_pattern(value("externref", "3")), Val::externref(3)));
  EXPECT_FALSE(matches(parse_pattern(value("externref", "3")), Val::externref(4)));
  EXPECT_FALSE(matches(parse_pattern(value("externref", "3")), Val::null_ref(ValKind::ExternRef)));
  EXPECT_FALSE(matches(parse_pattern(value("funcref", "null")), Val::null_ref(ValKind::ExternRef)));
  // No value: any non-null reference (wast2json writes `(ref.func)` and `(ref.extern)` like this).
  ValuePattern any = parse_pattern(json{{"type", "externref"}});
  EXPECT_TRUE(matches(any, Val::externref(0)));
  EXPECT_FALSE(matches(any, Val::null_ref(ValKind::ExternRef)));
}

TEST(Format, ShowsValueAndBits) {
  EXPECT_EQ(format_value(Val::i32(-1)), "i32:-1 (0xffffffff)");
  EXPECT_EQ(format_value(Val::f32(1.5f)), "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(format_value(Val::f32_bits(0xffc00001u)), "f32:-nan:0x400001 (0xffc00001)");
  EXPECT_EQ(format_value(Val::externref(5)), "externref:5");
  EXPECT_EQ(format_pattern(parse_pattern(value("f64", "nan:canonical"))), "f64:nan:canonical");
  EXPECT_EQ(format_pattern(parse_pattern(v128("f32", {"nan:canonical", "1065353216", "0", "0"}))),
            "v128:f32x4 nan:canonical 1 0 0");
  V128 lanes{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0};
  EXPECT_EQ(format_value(Val::v128(lanes), LaneType::I32), "v128:i32x4 1 2 3 4");
  Val values[] = {Val::i32(1), Val::i64(2)};
  EXPECT_EQ(format_values(values), "(i32:1 (0x1), i64:2 (0x2))");
}

}  // namespace
}  // namespace mosaic::wast
