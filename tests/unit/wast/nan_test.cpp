#include "wast/nan.h"

#include <gtest/gtest.h>

namespace mosaic::wast {
namespace {

TEST(Nan, CanonicalF32HasOnlyTheQuietBitAndAnySign) {
  EXPECT_TRUE(is_canonical_nan_f32(0x7fc00000u));
  EXPECT_TRUE(is_canonical_nan_f32(0xffc00000u));
  EXPECT_FALSE(is_canonical_nan_f32(0x7fc00001u));
  EXPECT_FALSE(is_canonical_nan_f32(0x7fa00000u));  // signalling
  EXPECT_FALSE(is_canonical_nan_f32(0x7f800000u));  // infinity
}

TEST(Nan, ArithmeticF32HasTheQuietBitAndAnyPayload) {
  EXPECT_TRUE(is_arithmetic_nan_f32(0x7fc00000u));
  EXPECT_TRUE(is_arithmetic_nan_f32(0x7fc00001u));
  EXPECT_TRUE(is_arithmetic_nan_f32(0xffffffffu));
  EXPECT_FALSE(is_arithmetic_nan_f32(0x7f800001u));  // signalling
  EXPECT_FALSE(is_arithmetic_nan_f32(0x7f800000u));
  EXPECT_FALSE(is_arithmetic_nan_f32(0x3fc00000u));
}

TEST(Nan, F64Patterns) {
  EXPECT_TRUE(is_canonical_nan_f64(0x7ff8000000000000ull));
  EXPECT_TRUE(is_canonical_nan_f64(0xfff8000000000000ull));
  EXPECT_FALSE(is_canonical_nan_f64(0x7ff8000000000001ull));
  EXPECT_TRUE(is_arithmetic_nan_f64(0x7ff8000000000001ull));
  EXPECT_TRUE(is_arithmetic_nan_f64(0xfffc000000000000ull));
  EXPECT_FALSE(is_arithmetic_nan_f64(0x7ff4000000000000ull));
  EXPECT_FALSE(is_arithmetic_nan_f64(0x7ff0000000000000ull));
}

TEST(Nan, IsNan) {
  EXPECT_TRUE(is_nan_f32(0x7f800001u));
  EXPECT_FALSE(is_nan_f32(0x7f800000u));
  EXPECT_TRUE(is_nan_f64(0xfff0000000000001ull));
  EXPECT_FALSE(is_nan_f64(0xfff0000000000000ull));
}

}  // namespace
}  // namespace mosaic::wast
