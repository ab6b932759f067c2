// Tests of src/exec/interp/ops*.h: the completeness of the operator set against opcodes.def, and the scalar
// edge cases of spec 4.3 (numerics) that the spec tests exercise. SIMD cases are in ops_simd_test.cpp.

#include "exec/interp/ops.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <type_traits>

#include "binary/opcode.h"

namespace mosaic::exec {
namespace {

// ---- completeness: every Simple/Trapping/Load/Store/LoadLane/StoreLane entry of opcodes.def has an
// ops::Name of exactly the documented type ----

namespace sig {

using I32 = uint32_t;
using I64 = uint64_t;
using F32 = float;
using F64 = double;
using V128 = exec::V128;

template <typename... Ts>
struct TL {};

template <typename L>
struct Result {
  using type = void;
};
template <typename T>
struct Result<TL<T>> {
  using type = T;
};

template <typename L>
struct Second;
template <typename A, typename B>
struct Second<TL<A, B>> {
  using type = B;
};

template <typename R, typename Params, typename Extra>
struct SimpleFn;
template <typename R, typename... Ps, typename... Ex>
struct SimpleFn<R, TL<Ps...>, TL<Ex...>> {
  using type = R (*)(Ps..., Ex...);
};

template <typename R, typename Params>
struct TrappingFn;
template <typename R, typename... Ps>
struct TrappingFn<R, TL<Ps...>> {
  using type = TrapCode (*)(Ps..., R*);
};

}  // namespace sig

#define MOSAIC_TEST_EXPAND(...) __VA_ARGS__
#define MOSAIC_TEST_EXTRA_None
#define MOSAIC_TEST_EXTRA_LaneIdx uint8_t
#define MOSAIC_TEST_EXTRA_Shuffle const uint8_t*
#define MOSAIC_TEST_RESULT(Results) typename sig::Result<sig::TL<MOSAIC_TEST_EXPAND Results>>::type

#define MOSAIC_CHECK_Special(Name, Imm, Params, Results)
#define MOSAIC_CHECK_Simple(Name, Imm, Params, Results)                                             \
  static_assert(                                                                                    \
      std::is_same_v<decltype(&ops::Name),                                                          \
                     sig::SimpleFn<MOSAIC_TEST_RESULT(Results), sig::TL<MOSAIC_TEST_EXPAND Params>, \
                                   sig::TL<MOSAIC_TEST_EXTRA_##Imm>>::type>,                        \
      "ops::" #Name " is missing or has the wrong type");
#define MOSAIC_CHECK_Trapping(Name, Imm, Params, Results)                                              \
  static_assert(                                                                                       \
      std::is_same_v<decltype(&ops::Name), sig::TrappingFn<MOSAIC_TEST_RESULT(Results),                \
                                                           sig::TL<MOSAIC_TEST_EXPAND Params>>::type>, \
      "ops::" #Name " is missing or has the wrong type");
#define MOSAIC_CHECK_Load(Name, Imm, Params, Results)                                                  \
  static_assert(std::is_same_v<decltype(&ops::Name), MOSAIC_TEST_RESULT(Results) (*)(const uint8_t*)>, \
                "ops::" #Name " is missing or has the wrong type");
#define MOSAIC_CHECK_Store(Name, Imm, Params, Results)                                                     \
  static_assert(std::is_same_v<decltype(&ops::Name),                                                       \
                               void (*)(uint8_t*, sig::Second<sig::TL<MOSAIC_TEST_EXPAND Params>>::type)>, \
                "ops::" #Name " is missing or has the wrong type");
#define MOSAIC_CHECK_LoadLane(Name, Imm, Params, Results)                                      \
  static_assert(std::is_same_v<decltype(&ops::Name), V128 (*)(const uint8_t*, V128, uint8_t)>, \
                "ops::" #Name " is missing or has the wrong type");
#define MOSAIC_CHECK_StoreLane(Name, Imm, Params, Results)                               \
  static_assert(std::is_same_v<decltype(&ops::Name), void (*)(uint8_t*, V128, uint8_t)>, \
                "ops::" #Name " is missing or has the wrong type");

namespace sig {
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_CHECK_##Kind(Name, Imm, Params, Results)
#include "binary/opcodes.def"
}  // namespace sig

// The number of operators checked above, in total and among the 0xFD (SIMD) entries.
constexpr int count_ops(bool simd_only) {
  int n = 0;
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  if (binary::OpKind::Kind != binary::OpKind::Special && (!simd_only || (Prefix) == 0xFD)) ++n;
#include "binary/opcodes.def"
  return n;
}
// Wasm 2.0 has 236 SIMD instructions (opcodes 0xFD 0x00-0xFF less 20 unassigned); v128.const is Special.
static_assert(count_ops(true) == 235, "every SIMD instruction but v128.const is implemented in ops");

// The address of every operator (keeps each template instantiated and each inline function emitted, so
// that both compilers check every body).
#define MOSAIC_ADDR_Special(Name)
#define MOSAIC_ADDR_OP(Name) reinterpret_cast<const void*>(&ops::Name),
#define MOSAIC_ADDR_Simple MOSAIC_ADDR_OP
#define MOSAIC_ADDR_Trapping MOSAIC_ADDR_OP
#define MOSAIC_ADDR_Load MOSAIC_ADDR_OP
#define MOSAIC_ADDR_Store MOSAIC_ADDR_OP
#define MOSAIC_ADDR_LoadLane MOSAIC_ADDR_OP
#define MOSAIC_ADDR_StoreLane MOSAIC_ADDR_OP
const void* const kOpAddresses[] = {
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) MOSAIC_ADDR_##Kind(Name)
#include "binary/opcodes.def"
};

TEST(OpsCompleteness, EveryOperatorHasAnAddress) {
  EXPECT_EQ(std::size(kOpAddresses), static_cast<size_t>(count_ops(false)));
  for (const void* p : kOpAddresses) EXPECT_NE(p, nullptr);
}

// ---- helpers ----

float f32(uint32_t bits) { return std::bit_cast<float>(bits); }
double f64(uint64_t bits) { return std::bit_cast<double>(bits); }
uint32_t bits(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t bits(double x) { return std::bit_cast<uint64_t>(x); }

bool is_canonical_nan(float x) { return (bits(x) & 0x7fff'ffffu) == 0x7fc0'0000u; }
bool is_arithmetic_nan(float x) { return (bits(x) & 0x7fc0'0000u) == 0x7fc0'0000u; }
bool is_canonical_nan(double x) { return (bits(x) & 0x7fff'ffff'ffff'ffffull) == 0x7ff8'0000'0000'0000ull; }
bool is_arithmetic_nan(double x) { return (bits(x) & 0x7ff8'0000'0000'0000ull) == 0x7ff8'0000'0000'0000ull; }

// Opaque to the optimizer, so that results are computed by the functions under test at run time.
template <typename T>
T opaque(T v) {
  volatile T x = v;
  return x;
}

// ---- integers (spec 4.3.2) ----

TEST(OpsInt, ShiftsAndRotatesTakeTheCountModuloTheWidth) {
  EXPECT_EQ(ops::I32Shl(1, 32), 1u);
  EXPECT_EQ(ops::I32Shl(1, 33), 2u);
  EXPECT_EQ(ops::I32ShrS(0x8000'0000u, 31), 0xffff'ffffu);
  EXPECT_EQ(ops::I32ShrS(0x8000'0000u, 32), 0x8000'0000u);
  EXPECT_EQ(ops::I32ShrU(0x8000'0000u, 63), 1u);
  EXPECT_EQ(ops::I32Rotl(0x8000'0001u, 33), 3u);
  EXPECT_EQ(ops::I32Rotr(0x8000'0001u, 0xffff'ffffu), 3u);
  EXPECT_EQ(ops::I64Shl(1, 64), 1u);
  EXPECT_EQ(ops::I64ShrS(0x8000'0000'0000'0000ull, 0x3f), ~uint64_t{0});
  EXPECT_EQ(ops::I64ShrU(0x8000'0000'0000'0000ull, 0x7f), 1u);
  EXPECT_EQ(ops::I64Rotl(0x8000'0000'0000'0001ull, 65), 3u);
  EXPECT_EQ(ops::I64Rotr(1, 1), 0x8000'0000'0000'0000ull);
}

TEST(OpsInt, BitCounts) {
  EXPECT_EQ(ops::I32Clz(0), 32u);
  EXPECT_EQ(ops::I32Ctz(0), 32u);
  EXPECT_EQ(ops::I32Clz(0x8000), 16u);
  EXPECT_EQ(ops::I32Popcnt(0xffff'ffffu), 32u);
  EXPECT_EQ(ops::I64Clz(0), 64u);
  EXPECT_EQ(ops::I64Ctz(0x8000'0000'0000'0000ull), 63u);
  EXPECT_EQ(ops::I64Popcnt(0xaaaa'aaaa'5555'5555ull), 32u);
}

TEST(OpsInt, DivisionTraps) {
  uint32_t r32 = 7;
  EXPECT_EQ(ops::I32DivS(1, 0, &r32), TrapCode::IntDivideByZero);
  EXPECT_EQ(ops::I32DivU(1, 0, &r32), TrapCode::IntDivideByZero);
  EXPECT_EQ(ops::I32RemS(1, 0, &r32), TrapCode::IntDivideByZero);
  EXPECT_EQ(ops::I32RemU(1, 0, &r32), TrapCode::IntDivideByZero);
  EXPECT_EQ(ops::I32DivS(0x8000'0000u, 0xffff'ffffu, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(r32, 7u);
  EXPECT_EQ(ops::I32RemS(0x8000'0000u, 0xffff'ffffu, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0u);
  EXPECT_EQ(ops::I32DivU(0x8000'0000u, 0xffff'ffffu, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0u);
  EXPECT_EQ(ops::I32DivS(static_cast<uint32_t>(-7), 2, &r32), TrapCode::None);
  EXPECT_EQ(r32, static_cast<uint32_t>(-3));  // truncates toward zero
  EXPECT_EQ(ops::I32RemS(static_cast<uint32_t>(-7), 2, &r32), TrapCode::None);
  EXPECT_EQ(r32, static_cast<uint32_t>(-1));  // sign of the dividend
  EXPECT_EQ(ops::I32RemS(7, static_cast<uint32_t>(-2), &r32), TrapCode::None);
  EXPECT_EQ(r32, 1u);

  uint64_t r64 = 7;
  const uint64_t kMin = 0x8000'0000'0000'0000ull;
  EXPECT_EQ(ops::I64DivS(kMin, ~uint64_t{0}, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64DivS(1, 0, &r64), TrapCode::IntDivideByZero);
  EXPECT_EQ(ops::I64RemS(kMin, ~uint64_t{0}, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0u);
  EXPECT_EQ(ops::I64DivS(kMin, 2, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0xc000'0000'0000'0000ull);
  EXPECT_EQ(ops::I64RemU(kMin + 1, 3, &r64), TrapCode::None);
  EXPECT_EQ(r64, (kMin + 1) % 3);
}

TEST(OpsInt, Comparisons) {
  EXPECT_EQ(ops::I32LtS(0x8000'0000u, 0), 1u);
  EXPECT_EQ(ops::I32LtU(0x8000'0000u, 0), 0u);
  EXPECT_EQ(ops::I64GeS(~uint64_t{0}, 0), 0u);
  EXPECT_EQ(ops::I64GeU(~uint64_t{0}, 0), 1u);
  EXPECT_EQ(ops::I64Eqz(0), 1u);
  EXPECT_EQ(ops::I32Eqz(0x100), 0u);
}

TEST(OpsInt, SignExtensionWrapExtend) {
  EXPECT_EQ(ops::I32Extend8S(0x80), 0xffff'ff80u);
  EXPECT_EQ(ops::I32Extend8S(0x1234'567f), 0x7fu);
  EXPECT_EQ(ops::I32Extend16S(0x8000), 0xffff'8000u);
  EXPECT_EQ(ops::I64Extend8S(0x01), 1u);
  EXPECT_EQ(ops::I64Extend16S(0xffff'ffff'0000'8000ull), 0xffff'ffff'ffff'8000ull);
  EXPECT_EQ(ops::I64Extend32S(0x8000'0000ull), 0xffff'ffff'8000'0000ull);
  EXPECT_EQ(ops::I64Extend32S(0xffff'ffff'7fff'ffffull), 0x7fff'ffffull);
  EXPECT_EQ(ops::I64ExtendI32S(0x8000'0000u), 0xffff'ffff'8000'0000ull);
  EXPECT_EQ(ops::I64ExtendI32U(0x8000'0000u), 0x8000'0000ull);
  EXPECT_EQ(ops::I32WrapI64(0x1'2345'6789ull), 0x2345'6789u);
}

// ---- floats (spec 4.3.3) ----

TEST(OpsFloat, SignOperationsKeepNanPayloads) {
  EXPECT_EQ(bits(ops::F32Abs(f32(0xffa0'0001u))), 0x7fa0'0001u);  // signalling NaN stays signalling
  EXPECT_EQ(bits(ops::F32Neg(f32(0x7fa0'0001u))), 0xffa0'0001u);
  EXPECT_EQ(bits(ops::F32Copysign(f32(0x7fa0'0001u), -0.0f)), 0xffa0'0001u);
  EXPECT_EQ(bits(ops::F32Copysign(1.0f, f32(0xffc0'0000u))), bits(-1.0f));
  EXPECT_EQ(bits(ops::F64Abs(f64(0xfff4'0000'0000'0001ull))), 0x7ff4'0000'0000'0001ull);
  EXPECT_EQ(bits(ops::F64Neg(0.0)), bits(-0.0));
  EXPECT_EQ(bits(ops::F64Copysign(f64(0x7ff4'0000'0000'0001ull), -1.0)), 0xfff4'0000'0000'0001ull);
}

TEST(OpsFloat, MinMaxZerosAndNans) {
  EXPECT_EQ(bits(ops::F32Min(0.0f, -0.0f)), bits(-0.0f));
  EXPECT_EQ(bits(ops::F32Min(-0.0f, 0.0f)), bits(-0.0f));
  EXPECT_EQ(bits(ops::F32Max(-0.0f, 0.0f)), bits(0.0f));
  EXPECT_EQ(bits(ops::F32Max(0.0f, -0.0f)), bits(0.0f));
  EXPECT_EQ(bits(ops::F64Min(0.0, -0.0)), bits(-0.0));
  EXPECT_EQ(bits(ops::F64Max(-0.0, 0.0)), bits(0.0));
  EXPECT_EQ(ops::F32Min(-1.0f, 2.0f), -1.0f);
  EXPECT_EQ(ops::F64Max(-1.0, 2.0), 2.0);
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ops::F32Min(-inf, inf), -inf);

  float cn = f32(0x7fc0'0000u);
  float sn = f32(0x7fa0'0000u);  // nan:0x200000, signalling
  EXPECT_TRUE(is_canonical_nan(ops::F32Min(opaque(cn), opaque(1.0f))));
  EXPECT_TRUE(is_canonical_nan(ops::F32Max(opaque(1.0f), opaque(f32(0xffc0'0000u)))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32Min(opaque(sn), opaque(1.0f))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32Max(opaque(0.0f), opaque(sn))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F64Min(opaque(f64(0x7ff4'0000'0000'0000ull)), opaque(-0.0))));
  EXPECT_TRUE(is_canonical_nan(ops::F64Max(opaque(f64(0x7ff8'0000'0000'0000ull)), opaque(-0.0))));
}

TEST(OpsFloat, ArithmeticNans) {
  float sn = f32(0x7fa0'0000u);
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(is_canonical_nan(ops::F32Sub(opaque(inf), opaque(inf))));
  EXPECT_TRUE(is_canonical_nan(ops::F32Mul(opaque(0.0f), opaque(inf))));
  EXPECT_TRUE(is_canonical_nan(ops::F32Div(opaque(0.0f), opaque(0.0f))));
  EXPECT_TRUE(is_canonical_nan(ops::F32Sqrt(opaque(-1.0f))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32Add(opaque(sn), opaque(1.0f))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32Sqrt(opaque(sn))));
  EXPECT_TRUE(is_canonical_nan(ops::F64Sqrt(opaque(-1.0))));
  EXPECT_EQ(bits(ops::F32Sqrt(opaque(-0.0f))), bits(-0.0f));
}

TEST(OpsFloat, Rounding) {
  // nearest: ties to even, sign kept
  EXPECT_EQ(ops::F32Nearest(0.5f), 0.0f);
  EXPECT_EQ(bits(ops::F32Nearest(-0.5f)), bits(-0.0f));
  EXPECT_EQ(ops::F32Nearest(1.5f), 2.0f);
  EXPECT_EQ(ops::F32Nearest(2.5f), 2.0f);
  EXPECT_EQ(ops::F32Nearest(-3.5f), -4.0f);
  EXPECT_EQ(ops::F32Nearest(8388607.5f), 8388608.0f);
  EXPECT_EQ(ops::F32Nearest(-8388607.5f), -8388608.0f);
  EXPECT_EQ(ops::F32Nearest(8388609.0f), 8388609.0f);
  EXPECT_EQ(ops::F32Nearest(f32(0x3eff'ffffu)), 0.0f);  // largest float below 0.5
  EXPECT_EQ(ops::F64Nearest(4503599627370495.5), 4503599627370496.0);
  EXPECT_EQ(ops::F64Nearest(-4503599627370495.5), -4503599627370496.0);
  EXPECT_EQ(ops::F64Nearest(2.5), 2.0);
  EXPECT_EQ(bits(ops::F64Nearest(-0.25)), bits(-0.0));
  EXPECT_EQ(ops::F64Nearest(0.49999999999999994), 0.0);

  // ceil / floor / trunc: sign of zero results follows the operand
  EXPECT_EQ(bits(ops::F32Ceil(-0.5f)), bits(-0.0f));
  EXPECT_EQ(ops::F32Ceil(0.5f), 1.0f);
  EXPECT_EQ(ops::F32Ceil(-1.5f), -1.0f);
  EXPECT_EQ(ops::F32Ceil(f32(0x4aff'ffffu)), 8388608.0f);  // 8388607.5
  EXPECT_EQ(ops::F32Floor(-0.5f), -1.0f);
  EXPECT_EQ(bits(ops::F32Floor(0.5f)), bits(0.0f));
  EXPECT_EQ(ops::F32Floor(-8388607.5f), -8388608.0f);
  EXPECT_EQ(bits(ops::F32Trunc(-0.9f)), bits(-0.0f));
  EXPECT_EQ(ops::F32Trunc(-1.9f), -1.0f);
  EXPECT_EQ(bits(ops::F64Ceil(-0.1)), bits(-0.0));
  EXPECT_EQ(ops::F64Floor(-4503599627370495.5), -4503599627370496.0);
  EXPECT_EQ(ops::F64Ceil(4503599627370495.5), 4503599627370496.0);
  EXPECT_EQ(ops::F64Trunc(-4503599627370495.5), -4503599627370495.0);
  EXPECT_EQ(ops::F64Trunc(1e300), 1e300);

  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ops::F32Floor(-inf), -inf);
  EXPECT_EQ(ops::F32Nearest(inf), inf);
  EXPECT_EQ(bits(ops::F32Nearest(-0.0f)), bits(-0.0f));

  // NaN: canonical stays canonical, signalling becomes arithmetic (and keeps its payload's top bits)
  for (auto op : {ops::F32Ceil, ops::F32Floor, ops::F32Trunc, ops::F32Nearest}) {
    EXPECT_TRUE(is_canonical_nan(op(opaque(f32(0xffc0'0000u)))));
    EXPECT_TRUE(is_arithmetic_nan(op(opaque(f32(0x7fa0'0000u)))));
  }
  for (auto op : {ops::F64Ceil, ops::F64Floor, ops::F64Trunc, ops::F64Nearest}) {
    EXPECT_TRUE(is_canonical_nan(op(opaque(f64(0x7ff8'0000'0000'0000ull)))));
    EXPECT_TRUE(is_arithmetic_nan(op(opaque(f64(0xfff4'0000'0000'0000ull)))));
  }
}

TEST(OpsFloat, Comparisons) {
  float nan = f32(0x7fc0'0000u);
  EXPECT_EQ(ops::F32Eq(nan, nan), 0u);
  EXPECT_EQ(ops::F32Ne(nan, nan), 1u);
  EXPECT_EQ(ops::F32Lt(nan, 1.0f), 0u);
  EXPECT_EQ(ops::F32Ge(nan, 1.0f), 0u);
  EXPECT_EQ(ops::F32Eq(0.0f, -0.0f), 1u);
  EXPECT_EQ(ops::F64Le(-0.0, 0.0), 1u);
  EXPECT_EQ(ops::F64Lt(-0.0, 0.0), 0u);
}

// ---- conversions (spec 4.3.4) ----

TEST(OpsConvert, TruncBoundaries) {
  uint32_t r32 = 0;
  uint64_t r64 = 0;
  // i32.trunc_f32_s
  EXPECT_EQ(ops::I32TruncF32S(-2147483648.0f, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0x8000'0000u);
  EXPECT_EQ(ops::I32TruncF32S(-2147483904.0f, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF32S(2147483520.0f, &r32), TrapCode::None);
  EXPECT_EQ(r32, 2147483520u);
  EXPECT_EQ(ops::I32TruncF32S(2147483648.0f, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF32S(f32(0x7fc0'0000u), &r32), TrapCode::InvalidConversion);
  EXPECT_EQ(ops::I32TruncF32S(-std::numeric_limits<float>::infinity(), &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF32S(-0.999f, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0u);
  // i32.trunc_f32_u
  EXPECT_EQ(ops::I32TruncF32U(-0.9999999f, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0u);
  EXPECT_EQ(ops::I32TruncF32U(-1.0f, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF32U(4294967040.0f, &r32), TrapCode::None);
  EXPECT_EQ(r32, 4294967040u);
  EXPECT_EQ(ops::I32TruncF32U(4294967296.0f, &r32), TrapCode::IntOverflow);
  // i32.trunc_f64_s / u
  EXPECT_EQ(ops::I32TruncF64S(-2147483648.9, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0x8000'0000u);
  EXPECT_EQ(ops::I32TruncF64S(-2147483649.0, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF64S(2147483647.9, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0x7fff'ffffu);
  EXPECT_EQ(ops::I32TruncF64S(2147483648.0, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF64U(4294967295.9, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0xffff'ffffu);
  EXPECT_EQ(ops::I32TruncF64U(4294967296.0, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF64U(-0.9999999999, &r32), TrapCode::None);
  EXPECT_EQ(ops::I32TruncF64U(-1.0, &r32), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I32TruncF64U(f64(0xfff8'0000'0000'0001ull), &r32), TrapCode::InvalidConversion);
  // i64
  EXPECT_EQ(ops::I64TruncF32S(-9223372036854775808.0f, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0x8000'0000'0000'0000ull);
  EXPECT_EQ(ops::I64TruncF32S(f32(0xdf00'0001u), &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF32S(9223372036854775808.0f, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF32U(18446742974197923840.0f, &r64), TrapCode::None);
  EXPECT_EQ(r64, 18446742974197923840ull);
  EXPECT_EQ(ops::I64TruncF32U(18446744073709551616.0f, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF64S(-9223372036854775808.0, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0x8000'0000'0000'0000ull);
  EXPECT_EQ(ops::I64TruncF64S(-9223372036854777856.0, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF64S(9223372036854774784.0, &r64), TrapCode::None);
  EXPECT_EQ(r64, 9223372036854774784ull);
  EXPECT_EQ(ops::I64TruncF64S(9223372036854775808.0, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF64U(18446744073709549568.0, &r64), TrapCode::None);
  EXPECT_EQ(r64, 18446744073709549568ull);
  EXPECT_EQ(ops::I64TruncF64U(18446744073709551616.0, &r64), TrapCode::IntOverflow);
  EXPECT_EQ(ops::I64TruncF64U(-0.5, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0u);
  EXPECT_EQ(ops::I64TruncF64U(f64(0x7ff8'0000'0000'0000ull), &r64), TrapCode::InvalidConversion);
}

TEST(OpsConvert, TruncSat) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ops::I32TruncSatF32S(f32(0x7fc0'0000u)), 0u);
  EXPECT_EQ(ops::I32TruncSatF32S(f32(0xffa0'0000u)), 0u);
  EXPECT_EQ(ops::I32TruncSatF32S(-inf), 0x8000'0000u);
  EXPECT_EQ(ops::I32TruncSatF32S(inf), 0x7fff'ffffu);
  EXPECT_EQ(ops::I32TruncSatF32S(-2147483904.0f), 0x8000'0000u);
  EXPECT_EQ(ops::I32TruncSatF32S(2147483648.0f), 0x7fff'ffffu);
  EXPECT_EQ(ops::I32TruncSatF32S(-1.9f), static_cast<uint32_t>(-1));
  EXPECT_EQ(ops::I32TruncSatF32U(-1.0f), 0u);
  EXPECT_EQ(ops::I32TruncSatF32U(4294967296.0f), 0xffff'ffffu);
  EXPECT_EQ(ops::I32TruncSatF64S(-2147483649.0), 0x8000'0000u);
  EXPECT_EQ(ops::I32TruncSatF64U(4294967295.5), 0xffff'ffffu);
  EXPECT_EQ(ops::I32TruncSatF64U(1e300), 0xffff'ffffu);
  EXPECT_EQ(ops::I64TruncSatF32S(9223372036854775808.0f), 0x7fff'ffff'ffff'ffffull);
  EXPECT_EQ(ops::I64TruncSatF32S(-inf), 0x8000'0000'0000'0000ull);
  EXPECT_EQ(ops::I64TruncSatF32U(-inf), 0u);
  EXPECT_EQ(ops::I64TruncSatF32U(18446744073709551616.0f), ~uint64_t{0});
  EXPECT_EQ(ops::I64TruncSatF64S(f64(0x7ff8'0000'0000'0000ull)), 0u);
  EXPECT_EQ(ops::I64TruncSatF64S(-9223372036854777856.0), 0x8000'0000'0000'0000ull);
  EXPECT_EQ(ops::I64TruncSatF64U(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(ops::I64TruncSatF64U(-0.99), 0u);
}

TEST(OpsConvert, IntToFloatIsCorrectlyRounded) {
  // Cases of conversions.wast where rounding through f64 would round twice.
  EXPECT_EQ(bits(ops::F32ConvertI64S(opaque(0x7fff'ff40'0000'0001ull))), bits(0x1.fffffep+62f));
  EXPECT_EQ(bits(ops::F32ConvertI64S(opaque(0x8000'0040'0000'0001ull))), bits(-0x1.fffffep+62f));
  EXPECT_EQ(bits(ops::F32ConvertI64U(opaque(0x7fff'ffbf'ffff'ffffull))), bits(0x1.fffffep+62f));
  EXPECT_EQ(bits(ops::F32ConvertI64U(opaque(0x8000'0080'0000'0001ull))), bits(0x1.000002p+63f));
  EXPECT_EQ(bits(ops::F32ConvertI64U(opaque(0xffff'fe80'0000'0001ull))), bits(0x1.fffffep+63f));
  EXPECT_EQ(bits(ops::F32ConvertI64U(opaque(0x0020'0000'2000'0001ull))), bits(0x1.000002p+53f));
  EXPECT_EQ(bits(ops::F32ConvertI64U(opaque(~uint64_t{0}))), bits(18446744073709551616.0f));
  EXPECT_EQ(bits(ops::F32ConvertI32S(opaque(0x8000'0000u))), bits(-2147483648.0f));
  EXPECT_EQ(bits(ops::F32ConvertI32S(opaque(0x0100'0001u))), bits(16777216.0f));  // tie to even
  EXPECT_EQ(bits(ops::F32ConvertI32U(opaque(0xffff'ff80u))), bits(4294967296.0f));
  EXPECT_EQ(bits(ops::F32ConvertI32U(opaque(0xffff'ff7fu))), bits(4294967040.0f));
  EXPECT_EQ(bits(ops::F64ConvertI64U(opaque(0x8000'0000'0000'0401ull))), bits(0x1.0000000000001p+63));
  EXPECT_EQ(bits(ops::F64ConvertI64U(opaque(0xffff'ffff'ffff'f400ull))), bits(0x1.ffffffffffffep+63));
  EXPECT_EQ(bits(ops::F64ConvertI64S(opaque(0x0020'0000'0000'0003ull))), bits(0x1.0000000000002p+53));
  EXPECT_EQ(ops::F64ConvertI32U(0xffff'ffffu), 4294967295.0);
  EXPECT_EQ(ops::F64ConvertI32S(0xffff'ffffu), -1.0);
}

TEST(OpsConvert, DemotePromote) {
  EXPECT_TRUE(is_canonical_nan(ops::F32DemoteF64(f64(0x7ff8'0000'0000'0000ull))));
  EXPECT_TRUE(is_canonical_nan(ops::F32DemoteF64(f64(0xfff8'0000'0000'0000ull))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32DemoteF64(f64(0x7ff4'0000'0000'0000ull))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F32DemoteF64(f64(0x7ff0'0000'0000'0001ull))));
  EXPECT_TRUE(is_canonical_nan(ops::F64PromoteF32(f32(0x7fc0'0000u))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F64PromoteF32(f32(0x7fa0'0000u))));
  EXPECT_TRUE(is_arithmetic_nan(ops::F64PromoteF32(f32(0xff80'0001u))));
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(0x1.fffffefffffffp-1))), bits(0x1.fffffep-1f));
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(0x1.ffffffp+127))), bits(std::numeric_limits<float>::infinity()));
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(0x1.fffffefffffffp+127))), bits(0x1.fffffep+127f));
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(0x1p-150))), bits(0.0f));                     // tie to even: 0
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(0x1.0000000000001p-150))), bits(0x1p-149f));  // above the tie
  EXPECT_EQ(bits(ops::F32DemoteF64(opaque(-0.0))), bits(-0.0f));
  EXPECT_EQ(ops::F64PromoteF32(0x1p-149f), 0x1p-149);
}

TEST(OpsConvert, ReinterpretKeepsBits) {
  EXPECT_EQ(ops::I32ReinterpretF32(f32(0x7fa0'0001u)), 0x7fa0'0001u);
  EXPECT_EQ(bits(ops::F32ReinterpretI32(0xffa0'0001u)), 0xffa0'0001u);
  EXPECT_EQ(ops::I64ReinterpretF64(f64(0x7ff4'0000'0000'0001ull)), 0x7ff4'0000'0000'0001ull);
  EXPECT_EQ(bits(ops::F64ReinterpretI64(0xfff4'0000'0000'0001ull)), 0xfff4'0000'0000'0001ull);
}

// ---- memory (spec 4.4.7) ----

TEST(OpsMemory, ScalarLoadsAreLittleEndianAndUnaligned) {
  alignas(8) uint8_t mem[24];
  for (int i = 0; i < 24; ++i) mem[i] = static_cast<uint8_t>(0x80 + i);
  const uint8_t* p = mem + 1;  // unaligned
  EXPECT_EQ(ops::I32Load(p), 0x8483'8281u);
  EXPECT_EQ(ops::I64Load(p), 0x8887'8685'8483'8281ull);
  EXPECT_EQ(ops::I32Load8S(p), 0xffff'ff81u);
  EXPECT_EQ(ops::I32Load8U(p), 0x81u);
  EXPECT_EQ(ops::I32Load16S(p), 0xffff'8281u);
  EXPECT_EQ(ops::I32Load16U(p), 0x8281u);
  EXPECT_EQ(ops::I64Load8S(p), 0xffff'ffff'ffff'ff81ull);
  EXPECT_EQ(ops::I64Load8U(p), 0x81ull);
  EXPECT_EQ(ops::I64Load16S(p), 0xffff'ffff'ffff'8281ull);
  EXPECT_EQ(ops::I64Load16U(p), 0x8281ull);
  EXPECT_EQ(ops::I64Load32S(p), 0xffff'ffff'8483'8281ull);
  EXPECT_EQ(ops::I64Load32U(p), 0x8483'8281ull);
  EXPECT_EQ(bits(ops::F32Load(p)), 0x8483'8281u);
  EXPECT_EQ(bits(ops::F64Load(p)), 0x8887'8685'8483'8281ull);

  const uint8_t snan[4] = {0x01, 0x00, 0xa0, 0x7f};  // a signalling NaN survives load and store
  uint8_t out[4] = {};
  ops::F32Store(out, ops::F32Load(snan));
  EXPECT_EQ(std::memcmp(out, snan, 4), 0);
}

TEST(OpsMemory, ScalarStoresWrap) {
  uint8_t mem[10] = {};
  ops::I32Store8(mem + 1, 0x1234'56ab);
  EXPECT_EQ(mem[1], 0xab);
  EXPECT_EQ(mem[2], 0);
  ops::I64Store16(mem + 3, 0xffff'ffff'ffff'cdefull);
  EXPECT_EQ(mem[3], 0xef);
  EXPECT_EQ(mem[4], 0xcd);
  EXPECT_EQ(mem[5], 0);
  ops::I64Store32(mem + 1, 0x1122'3344'5566'7788ull);
  EXPECT_EQ(ops::I64Load(mem + 1) & 0xff'ffff'ffffull, 0x00'5566'7788ull);
  ops::I64Store(mem + 1, 0x0102'0304'0506'0708ull);
  EXPECT_EQ(mem[1], 0x08);
  EXPECT_EQ(mem[8], 0x01);
  ops::I32Store16(mem, 0xabcd'1234);
  EXPECT_EQ(ops::I32Load16U(mem), 0x1234u);
  ops::I32Store(mem + 2, 0xdead'beef);
  EXPECT_EQ(ops::I32Load(mem + 2), 0xdead'beefu);
  ops::I64Store8(mem, 0x1ff);
  EXPECT_EQ(mem[0], 0xff);
  ops::F64Store(mem + 1, -2.5);
  EXPECT_EQ(ops::F64Load(mem + 1), -2.5);
}

}  // namespace
}  // namespace mosaic::exec
