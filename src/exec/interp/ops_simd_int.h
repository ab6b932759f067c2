#pragma once
// Vector integer operators (spec 4.3.1 vector operations, 4.4.3 vector instructions), lane by lane on
// i8x16, i16x8, i32x4 and i64x2. Lanes are computed in unsigned types (or in a wider type) so that wrapping
// arithmetic never hits signed overflow or integer promotion surprises.

#include <bit>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "exec/interp/ops_simd_common.h"
#include "exec/interp/v128.h"

namespace mosaic::exec::ops {

namespace detail {

// Unsigned arithmetic at least as wide as int, so that uint8_t/uint16_t lanes do not promote to int.
template <typename U>
using Promoted = std::conditional_t<(sizeof(U) < sizeof(uint32_t)), uint32_t, U>;

template <typename U>
inline V128 int_add(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return static_cast<U>(Promoted<U>{x} + y); });
}
template <typename U>
inline V128 int_sub(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return static_cast<U>(Promoted<U>{x} - y); });
}
template <typename U>
inline V128 int_mul(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return static_cast<U>(Promoted<U>{x} * Promoted<U>{y}); });
}
template <typename U>
inline V128 int_neg(V128 a) {
  return lanewise<U>(a, [](U x) { return static_cast<U>(Promoted<U>{0} - x); });
}
// spec 4.3.2 iabs: |x| wrapped, so the most negative lane value stays as it is.
template <typename S>
inline V128 int_abs(V128 a) {
  using U = UIntOf<S>;
  return lanewise<U>(a, [](U x) { return static_cast<S>(x) < 0 ? static_cast<U>(Promoted<U>{0} - x) : x; });
}

// spec 4.3.2 iadd_sat_s/u, isub_sat_s/u (8- and 16-bit lanes: the exact result fits int32).
template <typename T>
inline V128 add_sat(V128 a, V128 b) {
  return lanewise<T>(a, b, [](T x, T y) { return saturate<T>(int32_t{x} + int32_t{y}); });
}
template <typename T>
inline V128 sub_sat(V128 a, V128 b) {
  return lanewise<T>(a, b, [](T x, T y) { return saturate<T>(int32_t{x} - int32_t{y}); });
}

template <typename T>
inline V128 int_min(V128 a, V128 b) {
  return lanewise<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <typename T>
inline V128 int_max(V128 a, V128 b) {
  return lanewise<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}

// spec 4.3.2 iavgr_u: (x + y + 1) / 2 without overflow.
template <typename U>
inline V128 avgr_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return static_cast<U>((uint32_t{x} + uint32_t{y} + 1) >> 1); });
}

// spec 4.3.1 vshiftop ishl, ishr_s, ishr_u.
template <typename U>
inline V128 shl(V128 a, uint32_t count) {
  return shift<U>(a, count, [](U x, unsigned s) { return static_cast<U>(Promoted<U>{x} << s); });
}
template <typename S>
inline V128 shr_s(V128 a, uint32_t count) {
  return shift<S>(a, count, [](S x, unsigned s) { return static_cast<S>(x >> s); });
}
template <typename U>
inline V128 shr_u(V128 a, uint32_t count) {
  return shift<U>(a, count, [](U x, unsigned s) { return static_cast<U>(x >> s); });
}

// spec 4.3.1 vtestop all_true: 1 if every lane is non-zero.
template <typename U>
inline uint32_t all_true(V128 a) {
  V128Lanes<U> x = v128_lanes<U>(a);
  bool all = true;
  for (U lane : x) all = all && lane != 0;
  return all;
}

// spec 4.4.3 bitmask: bit i of the result is the top (sign) bit of lane i.
template <typename U>
inline uint32_t bitmask(V128 a) {
  V128Lanes<U> x = v128_lanes<U>(a);
  uint32_t r = 0;
  for (size_t i = 0; i < x.size(); ++i) r |= static_cast<uint32_t>(x[i] >> (sizeof(U) * 8 - 1)) << i;
  return r;
}

// spec 4.3.1 vnarrow: the signed lanes of a, then of b, each saturated into Narrow.
template <typename Narrow, typename Wide>
inline V128 narrow(V128 a, V128 b) {
  V128Lanes<Wide> x = v128_lanes<Wide>(a);
  V128Lanes<Wide> y = v128_lanes<Wide>(b);
  V128Lanes<Narrow> r;
  constexpr size_t kHalf = x.size();
  for (size_t i = 0; i < kHalf; ++i) r[i] = saturate<Narrow>(x[i]);
  for (size_t i = 0; i < kHalf; ++i) r[kHalf + i] = saturate<Narrow>(y[i]);
  return v128_from_lanes(r);
}

template <typename Wide, typename Narrow, bool High>
inline V128 extend(V128 a) {
  return v128_from_lanes(extend_half<Wide, Narrow, High>(a));
}

// spec 4.4.3 extadd_pairwise: lane i is the sum of the extended narrow lanes 2i and 2i+1 (exact).
template <typename Wide, typename Narrow>
inline V128 extadd_pairwise(V128 a) {
  V128Lanes<Narrow> x = v128_lanes<Narrow>(a);
  V128Lanes<Wide> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<Wide>(Wide{x[2 * i]} + Wide{x[2 * i + 1]});
  return v128_from_lanes(r);
}

// spec 4.4.3 extmul_half: the product of the extended lanes (exact in Wide; computed in an unsigned or
// wide enough type so that it cannot overflow).
template <typename Wide, typename Narrow, bool High>
inline V128 extmul(V128 a, V128 b) {
  using P = std::conditional_t<std::is_signed_v<Wide>, std::conditional_t<(sizeof(Wide) < 4), int32_t, Wide>,
                               Promoted<Wide>>;
  V128Lanes<Wide> x = extend_half<Wide, Narrow, High>(a);
  V128Lanes<Wide> y = extend_half<Wide, Narrow, High>(b);
  V128Lanes<Wide> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<Wide>(P{x[i]} * P{y[i]});
  return v128_from_lanes(r);
}

}  // namespace detail

// ---- comparisons (spec 4.3.1 vrelop: all ones where true) ----

inline V128 I8x16Eq(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::equal_to<>{}); }
inline V128 I8x16Ne(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::not_equal_to<>{}); }
inline V128 I8x16LtS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, std::less<>{}); }
inline V128 I8x16LtU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::less<>{}); }
inline V128 I8x16GtS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, std::greater<>{}); }
inline V128 I8x16GtU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::greater<>{}); }
inline V128 I8x16LeS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, std::less_equal<>{}); }
inline V128 I8x16LeU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::less_equal<>{}); }
inline V128 I8x16GeS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, std::greater_equal<>{}); }
inline V128 I8x16GeU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, std::greater_equal<>{}); }

inline V128 I16x8Eq(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::equal_to<>{}); }
inline V128 I16x8Ne(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::not_equal_to<>{}); }
inline V128 I16x8LtS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, std::less<>{}); }
inline V128 I16x8LtU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::less<>{}); }
inline V128 I16x8GtS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, std::greater<>{}); }
inline V128 I16x8GtU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::greater<>{}); }
inline V128 I16x8LeS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, std::less_equal<>{}); }
inline V128 I16x8LeU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::less_equal<>{}); }
inline V128 I16x8GeS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, std::greater_equal<>{}); }
inline V128 I16x8GeU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, std::greater_equal<>{}); }

inline V128 I32x4Eq(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::equal_to<>{}); }
inline V128 I32x4Ne(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::not_equal_to<>{}); }
inline V128 I32x4LtS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, std::less<>{}); }
inline V128 I32x4LtU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::less<>{}); }
inline V128 I32x4GtS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, std::greater<>{}); }
inline V128 I32x4GtU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::greater<>{}); }
inline V128 I32x4LeS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, std::less_equal<>{}); }
inline V128 I32x4LeU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::less_equal<>{}); }
inline V128 I32x4GeS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, std::greater_equal<>{}); }
inline V128 I32x4GeU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, std::greater_equal<>{}); }

inline V128 I64x2Eq(V128 a, V128 b) { return detail::compare<uint64_t>(a, b, std::equal_to<>{}); }
inline V128 I64x2Ne(V128 a, V128 b) { return detail::compare<uint64_t>(a, b, std::not_equal_to<>{}); }
inline V128 I64x2LtS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, std::less<>{}); }
inline V128 I64x2GtS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, std::greater<>{}); }
inline V128 I64x2LeS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, std::less_equal<>{}); }
inline V128 I64x2GeS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, std::greater_equal<>{}); }

// ---- i8x16 ----

inline V128 I8x16Abs(V128 a) { return detail::int_abs<int8_t>(a); }
inline V128 I8x16Neg(V128 a) { return detail::int_neg<uint8_t>(a); }
inline V128 I8x16Popcnt(V128 a) {
  return detail::lanewise<uint8_t>(a, [](uint8_t x) { return std::popcount(x); });
}
inline uint32_t I8x16AllTrue(V128 a) { return detail::all_true<uint8_t>(a); }
inline uint32_t I8x16Bitmask(V128 a) { return detail::bitmask<uint8_t>(a); }
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) { return detail::narrow<int8_t, int16_t>(a, b); }
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) { return detail::narrow<uint8_t, int16_t>(a, b); }
inline V128 I8x16Shl(V128 a, uint32_t b) { return detail::shl<uint8_t>(a, b); }
inline V128 I8x16ShrS(V128 a, uint32_t b) { return detail::shr_s<int8_t>(a, b); }
inline V128 I8x16ShrU(V128 a, uint32_t b) { return detail::shr_u<uint8_t>(a, b); }
inline V128 I8x16Add(V128 a, V128 b) { return detail::int_add<uint8_t>(a, b); }
inline V128 I8x16AddSatS(V128 a, V128 b) { return detail::add_sat<int8_t>(a, b); }
inline V128 I8x16AddSatU(V128 a, V128 b) { return detail::add_sat<uint8_t>(a, b); }
inline V128 I8x16Sub(V128 a, V128 b) { return detail::int_sub<uint8_t>(a, b); }
inline V128 I8x16SubSatS(V128 a, V128 b) { return detail::sub_sat<int8_t>(a, b); }
inline V128 I8x16SubSatU(V128 a, V128 b) { return detail::sub_sat<uint8_t>(a, b); }
inline V128 I8x16MinS(V128 a, V128 b) { return detail::int_min<int8_t>(a, b); }
inline V128 I8x16MinU(V128 a, V128 b) { return detail::int_min<uint8_t>(a, b); }
inline V128 I8x16MaxS(V128 a, V128 b) { return detail::int_max<int8_t>(a, b); }
inline V128 I8x16MaxU(V128 a, V128 b) { return detail::int_max<uint8_t>(a, b); }
inline V128 I8x16AvgrU(V128 a, V128 b) { return detail::avgr_u<uint8_t>(a, b); }

// ---- i16x8 ----

inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) { return detail::extadd_pairwise<int16_t, int8_t>(a); }
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) { return detail::extadd_pairwise<uint16_t, uint8_t>(a); }
inline V128 I16x8Abs(V128 a) { return detail::int_abs<int16_t>(a); }
inline V128 I16x8Neg(V128 a) { return detail::int_neg<uint16_t>(a); }

// spec 4.3.2 iq15mulr_sat_s: (x * y + 2^14) >> 15, saturated (only -2^15 * -2^15 overflows).
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::lanewise<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::saturate<int16_t>((int32_t{x} * int32_t{y} + 0x4000) >> 15);
  });
}

inline uint32_t I16x8AllTrue(V128 a) { return detail::all_true<uint16_t>(a); }
inline uint32_t I16x8Bitmask(V128 a) { return detail::bitmask<uint16_t>(a); }
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) { return detail::narrow<int16_t, int32_t>(a, b); }
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) { return detail::narrow<uint16_t, int32_t>(a, b); }
inline V128 I16x8ExtendLowI8x16S(V128 a) { return detail::extend<int16_t, int8_t, false>(a); }
inline V128 I16x8ExtendHighI8x16S(V128 a) { return detail::extend<int16_t, int8_t, true>(a); }
inline V128 I16x8ExtendLowI8x16U(V128 a) { return detail::extend<uint16_t, uint8_t, false>(a); }
inline V128 I16x8ExtendHighI8x16U(V128 a) { return detail::extend<uint16_t, uint8_t, true>(a); }
inline V128 I16x8Shl(V128 a, uint32_t b) { return detail::shl<uint16_t>(a, b); }
inline V128 I16x8ShrS(V128 a, uint32_t b) { return detail::shr_s<int16_t>(a, b); }
inline V128 I16x8ShrU(V128 a, uint32_t b) { return detail::shr_u<uint16_t>(a, b); }
inline V128 I16x8Add(V128 a, V128 b) { return detail::int_add<uint16_t>(a, b); }
inline V128 I16x8AddSatS(V128 a, V128 b) { return detail::add_sat<int16_t>(a, b); }
inline V128 I16x8AddSatU(V128 a, V128 b) { return detail::add_sat<uint16_t>(a, b); }
inline V128 I16x8Sub(V128 a, V128 b) { return detail::int_sub<uint16_t>(a, b); }
inline V128 I16x8SubSatS(V128 a, V128 b) { return detail::sub_sat<int16_t>(a, b); }
inline V128 I16x8SubSatU(V128 a, V128 b) { return detail::sub_sat<uint16_t>(a, b); }
inline V128 I16x8Mul(V128 a, V128 b) { return detail::int_mul<uint16_t>(a, b); }
inline V128 I16x8MinS(V128 a, V128 b) { return detail::int_min<int16_t>(a, b); }
inline V128 I16x8MinU(V128 a, V128 b) { return detail::int_min<uint16_t>(a, b); }
inline V128 I16x8MaxS(V128 a, V128 b) { return detail::int_max<int16_t>(a, b); }
inline V128 I16x8MaxU(V128 a, V128 b) { return detail::int_max<uint16_t>(a, b); }
inline V128 I16x8AvgrU(V128 a, V128 b) { return detail::avgr_u<uint16_t>(a, b); }
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) { return detail::extmul<int16_t, int8_t, false>(a, b); }
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) { return detail::extmul<int16_t, int8_t, true>(a, b); }
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) { return detail::extmul<uint16_t, uint8_t, false>(a, b); }
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) { return detail::extmul<uint16_t, uint8_t, true>(a, b); }

// ---- i32x4 ----

inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) { return detail::extadd_pairwise<int32_t, int16_t>(a); }
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) { return detail::extadd_pairwise<uint32_t, uint16_t>(a); }
inline V128 I32x4Abs(V128 a) { return detail::int_abs<int32_t>(a); }
inline V128 I32x4Neg(V128 a) { return detail::int_neg<uint32_t>(a); }
inline uint32_t I32x4AllTrue(V128 a) { return detail::all_true<uint32_t>(a); }
inline uint32_t I32x4Bitmask(V128 a) { return detail::bitmask<uint32_t>(a); }
inline V128 I32x4ExtendLowI16x8S(V128 a) { return detail::extend<int32_t, int16_t, false>(a); }
inline V128 I32x4ExtendHighI16x8S(V128 a) { return detail::extend<int32_t, int16_t, true>(a); }
inline V128 I32x4ExtendLowI16x8U(V128 a) { return detail::extend<uint32_t, uint16_t, false>(a); }
inline V128 I32x4ExtendHighI16x8U(V128 a) { return detail::extend<uint32_t, uint16_t, true>(a); }
inline V128 I32x4Shl(V128 a, uint32_t b) { return detail::shl<uint32_t>(a, b); }
inline V128 I32x4ShrS(V128 a, uint32_t b) { return detail::shr_s<int32_t>(a, b); }
inline V128 I32x4ShrU(V128 a, uint32_t b) { return detail::shr_u<uint32_t>(a, b); }
inline V128 I32x4Add(V128 a, V128 b) { return detail::int_add<uint32_t>(a, b); }
inline V128 I32x4Sub(V128 a, V128 b) { return detail::int_sub<uint32_t>(a, b); }
inline V128 I32x4Mul(V128 a, V128 b) { return detail::int_mul<uint32_t>(a, b); }
inline V128 I32x4MinS(V128 a, V128 b) { return detail::int_min<int32_t>(a, b); }
inline V128 I32x4MinU(V128 a, V128 b) { return detail::int_min<uint32_t>(a, b); }
inline V128 I32x4MaxS(V128 a, V128 b) { return detail::int_max<int32_t>(a, b); }
inline V128 I32x4MaxU(V128 a, V128 b) { return detail::int_max<uint32_t>(a, b); }

// spec 4.4.3 i32x4.dot_i16x8_s: lane i is a[2i]*b[2i] + a[2i+1]*b[2i+1], wrapped to 32 bits (only
// 2 * (-2^15)^2 = 2^31 wraps).
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
  V128Lanes<int16_t> x = v128_lanes<int16_t>(a);
  V128Lanes<int16_t> y = v128_lanes<int16_t>(b);
  V128Lanes<uint32_t> r;
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t lo = static_cast<uint32_t>(int32_t{x[2 * i]} * int32_t{y[2 * i]});
    uint32_t hi = static_cast<uint32_t>(int32_t{x[2 * i + 1]} * int32_t{y[2 * i + 1]});
    r[i] = lo + hi;
  }
  return v128_from_lanes(r);
}

inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) { return detail::extmul<int32_t, int16_t, false>(a, b); }
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) { return detail::extmul<int32_t, int16_t, true>(a, b); }
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) { return detail::extmul<uint32_t, uint16_t, false>(a, b); }
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) { return detail::extmul<uint32_t, uint16_t, true>(a, b); }

// ---- i64x2 ----

inline V128 I64x2Abs(V128 a) { return detail::int_abs<int64_t>(a); }
inline V128 I64x2Neg(V128 a) { return detail::int_neg<uint64_t>(a); }
inline uint32_t I64x2AllTrue(V128 a) { return detail::all_true<uint64_t>(a); }
inline uint32_t I64x2Bitmask(V128 a) { return detail::bitmask<uint64_t>(a); }
inline V128 I64x2ExtendLowI32x4S(V128 a) { return detail::extend<int64_t, int32_t, false>(a); }
inline V128 I64x2ExtendHighI32x4S(V128 a) { return detail::extend<int64_t, int32_t, true>(a); }
inline V128 I64x2ExtendLowI32x4U(V128 a) { return detail::extend<uint64_t, uint32_t, false>(a); }
inline V128 I64x2ExtendHighI32x4U(V128 a) { return detail::extend<uint64_t, uint32_t, true>(a); }
inline V128 I64x2Shl(V128 a, uint32_t b) { return detail::shl<uint64_t>(a, b); }
inline V128 I64x2ShrS(V128 a, uint32_t b) { return detail::shr_s<int64_t>(a, b); }
inline V128 I64x2ShrU(V128 a, uint32_t b) { return detail::shr_u<uint64_t>(a, b); }
inline V128 I64x2Add(V128 a, V128 b) { return detail::int_add<uint64_t>(a, b); }
inline V128 I64x2Sub(V128 a, V128 b) { return detail::int_sub<uint64_t>(a, b); }
inline V128 I64x2Mul(V128 a, V128 b) { return detail::int_mul<uint64_t>(a, b); }
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) { return detail::extmul<int64_t, int32_t, false>(a, b); }
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) { return detail::extmul<int64_t, int32_t, true>(a, b); }
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) { return detail::extmul<uint64_t, uint32_t, false>(a, b); }
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) { return detail::extmul<uint64_t, uint32_t, true>(a, b); }

}  // namespace mosaic::exec::ops
