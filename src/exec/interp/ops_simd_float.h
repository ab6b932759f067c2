#pragma once
// Vector floating-point operators and vector conversions (spec 4.3.1 vector operations, 4.4.3 vector
// instructions) on f32x4 and f64x2. Each lane follows the scalar semantics of spec 4.3.3 / 4.3.4 (NaN
// propagation, -0 ordering, rounding), through the helpers of ops_common.h.

#include <cmath>
#include <cstdint>
#include <functional>

#include "exec/interp/ops_common.h"
#include "exec/interp/ops_simd_common.h"
#include "exec/interp/v128.h"

namespace mosaic::exec::ops {

// ---- comparisons (spec 4.3.1 vrelop: all ones where true; false for NaN lanes except ne) ----

inline V128 F32x4Eq(V128 a, V128 b) { return detail::compare<float>(a, b, std::equal_to<>{}); }
inline V128 F32x4Ne(V128 a, V128 b) { return detail::compare<float>(a, b, std::not_equal_to<>{}); }
inline V128 F32x4Lt(V128 a, V128 b) { return detail::compare<float>(a, b, std::less<>{}); }
inline V128 F32x4Gt(V128 a, V128 b) { return detail::compare<float>(a, b, std::greater<>{}); }
inline V128 F32x4Le(V128 a, V128 b) { return detail::compare<float>(a, b, std::less_equal<>{}); }
inline V128 F32x4Ge(V128 a, V128 b) { return detail::compare<float>(a, b, std::greater_equal<>{}); }

inline V128 F64x2Eq(V128 a, V128 b) { return detail::compare<double>(a, b, std::equal_to<>{}); }
inline V128 F64x2Ne(V128 a, V128 b) { return detail::compare<double>(a, b, std::not_equal_to<>{}); }
inline V128 F64x2Lt(V128 a, V128 b) { return detail::compare<double>(a, b, std::less<>{}); }
inline V128 F64x2Gt(V128 a, V128 b) { return detail::compare<double>(a, b, std::greater<>{}); }
inline V128 F64x2Le(V128 a, V128 b) { return detail::compare<double>(a, b, std::less_equal<>{}); }
inline V128 F64x2Ge(V128 a, V128 b) { return detail::compare<double>(a, b, std::greater_equal<>{}); }

// ---- f32x4 ----

inline V128 F32x4Abs(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_abs(x); });
}
inline V128 F32x4Neg(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_neg(x); });
}
inline V128 F32x4Sqrt(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return std::sqrt(x); });
}
inline V128 F32x4Ceil(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_ceil(x); });
}
inline V128 F32x4Floor(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_floor(x); });
}
inline V128 F32x4Trunc(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_trunc(x); });
}
inline V128 F32x4Nearest(V128 a) {
  return detail::lanewise<float>(a, [](float x) { return detail::float_nearest(x); });
}
inline V128 F32x4Add(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return x + y; });
}
inline V128 F32x4Sub(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return x - y; });
}
inline V128 F32x4Mul(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return x * y; });
}
inline V128 F32x4Div(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return x / y; });
}
inline V128 F32x4Min(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return detail::float_min(x, y); });
}
inline V128 F32x4Max(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return detail::float_max(x, y); });
}
// spec 4.3.3 fpmin, fpmax: pseudo-min/max, b < a ? b : a and a < b ? b : a (returns a when unordered).
inline V128 F32x4Pmin(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return y < x ? y : x; });
}
inline V128 F32x4Pmax(V128 a, V128 b) {
  return detail::lanewise<float>(a, b, [](float x, float y) { return x < y ? y : x; });
}

// ---- f64x2 ----

inline V128 F64x2Abs(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_abs(x); });
}
inline V128 F64x2Neg(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_neg(x); });
}
inline V128 F64x2Sqrt(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return std::sqrt(x); });
}
inline V128 F64x2Ceil(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_ceil(x); });
}
inline V128 F64x2Floor(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_floor(x); });
}
inline V128 F64x2Trunc(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_trunc(x); });
}
inline V128 F64x2Nearest(V128 a) {
  return detail::lanewise<double>(a, [](double x) { return detail::float_nearest(x); });
}
inline V128 F64x2Add(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return x + y; });
}
inline V128 F64x2Sub(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return x - y; });
}
inline V128 F64x2Mul(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return x * y; });
}
inline V128 F64x2Div(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return x / y; });
}
inline V128 F64x2Min(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return detail::float_min(x, y); });
}
inline V128 F64x2Max(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return detail::float_max(x, y); });
}
inline V128 F64x2Pmin(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return y < x ? y : x; });
}
inline V128 F64x2Pmax(V128 a, V128 b) {
  return detail::lanewise<double>(a, b, [](double x, double y) { return x < y ? y : x; });
}

// ---- conversions (spec 4.4.3; lane semantics of spec 4.3.4) ----

// trunc_sat: NaN lanes give 0, out-of-range lanes saturate.
inline V128 I32x4TruncSatF32x4S(V128 a) {
  V128Lanes<float> x = v128_lanes<float>(a);
  V128Lanes<int32_t> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = detail::trunc_sat<int32_t>(x[i]);
  return v128_from_lanes(r);
}
inline V128 I32x4TruncSatF32x4U(V128 a) {
  V128Lanes<float> x = v128_lanes<float>(a);
  V128Lanes<uint32_t> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = detail::trunc_sat<uint32_t>(x[i]);
  return v128_from_lanes(r);
}

// The two f64 lanes convert into lanes 0 and 1; lanes 2 and 3 are zero.
inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  V128Lanes<double> x = v128_lanes<double>(a);
  V128Lanes<int32_t> r = {detail::trunc_sat<int32_t>(x[0]), detail::trunc_sat<int32_t>(x[1]), 0, 0};
  return v128_from_lanes(r);
}
inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  V128Lanes<double> x = v128_lanes<double>(a);
  V128Lanes<uint32_t> r = {detail::trunc_sat<uint32_t>(x[0]), detail::trunc_sat<uint32_t>(x[1]), 0, 0};
  return v128_from_lanes(r);
}

// convert: round to nearest, ties to even (single conversion per lane).
inline V128 F32x4ConvertI32x4S(V128 a) {
  V128Lanes<int32_t> x = v128_lanes<int32_t>(a);
  V128Lanes<float> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<float>(x[i]);
  return v128_from_lanes(r);
}
inline V128 F32x4ConvertI32x4U(V128 a) {
  V128Lanes<uint32_t> x = v128_lanes<uint32_t>(a);
  V128Lanes<float> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<float>(x[i]);
  return v128_from_lanes(r);
}

// convert_low: lanes 0 and 1 of the i32x4 operand, exactly.
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  V128Lanes<int32_t> x = v128_lanes<int32_t>(a);
  V128Lanes<double> r = {static_cast<double>(x[0]), static_cast<double>(x[1])};
  return v128_from_lanes(r);
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  V128Lanes<uint32_t> x = v128_lanes<uint32_t>(a);
  V128Lanes<double> r = {static_cast<double>(x[0]), static_cast<double>(x[1])};
  return v128_from_lanes(r);
}

// demote_zero: both f64 lanes demoted into lanes 0 and 1; lanes 2 and 3 are +0.
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  V128Lanes<double> x = v128_lanes<double>(a);
  V128Lanes<float> r = {detail::demote(x[0]), detail::demote(x[1]), 0.0f, 0.0f};
  return v128_from_lanes(r);
}

// promote_low: lanes 0 and 1 of the f32x4 operand.
inline V128 F64x2PromoteLowF32x4(V128 a) {
  V128Lanes<float> x = v128_lanes<float>(a);
  V128Lanes<double> r = {detail::promote(x[0]), detail::promote(x[1])};
  return v128_from_lanes(r);
}

}  // namespace mosaic::exec::ops
