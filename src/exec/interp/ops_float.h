#pragma once
// Scalar floating-point operators (spec 4.3.3 floating-point operations; 4.4.1 numeric instructions).
// NaN propagation and the rounding helpers are in ops_common.h.

#include <cmath>
#include <cstdint>

#include "exec/interp/ops_common.h"

namespace mosaic::exec::ops {

// ---- comparisons (spec 4.3.3 feq, fne, flt, fgt, fle, fge: false for NaN operands, except ne) ----

inline uint32_t F32Eq(float a, float b) { return a == b; }
inline uint32_t F32Ne(float a, float b) { return a != b; }
inline uint32_t F32Lt(float a, float b) { return a < b; }
inline uint32_t F32Gt(float a, float b) { return a > b; }
inline uint32_t F32Le(float a, float b) { return a <= b; }
inline uint32_t F32Ge(float a, float b) { return a >= b; }

inline uint32_t F64Eq(double a, double b) { return a == b; }
inline uint32_t F64Ne(double a, double b) { return a != b; }
inline uint32_t F64Lt(double a, double b) { return a < b; }
inline uint32_t F64Gt(double a, double b) { return a > b; }
inline uint32_t F64Le(double a, double b) { return a <= b; }
inline uint32_t F64Ge(double a, double b) { return a >= b; }

// ---- f32 ----

inline float F32Abs(float a) { return detail::float_abs(a); }
inline float F32Neg(float a) { return detail::float_neg(a); }
inline float F32Ceil(float a) { return detail::float_ceil(a); }
inline float F32Floor(float a) { return detail::float_floor(a); }
inline float F32Trunc(float a) { return detail::float_trunc(a); }
inline float F32Nearest(float a) { return detail::float_nearest(a); }
inline float F32Sqrt(float a) { return std::sqrt(a); }
inline float F32Add(float a, float b) { return a + b; }
inline float F32Sub(float a, float b) { return a - b; }
inline float F32Mul(float a, float b) { return a * b; }
inline float F32Div(float a, float b) { return a / b; }
inline float F32Min(float a, float b) { return detail::float_min(a, b); }
inline float F32Max(float a, float b) { return detail::float_max(a, b); }
inline float F32Copysign(float a, float b) { return detail::float_copysign(a, b); }

// ---- f64 ----

inline double F64Abs(double a) { return detail::float_abs(a); }
inline double F64Neg(double a) { return detail::float_neg(a); }
inline double F64Ceil(double a) { return detail::float_ceil(a); }
inline double F64Floor(double a) { return detail::float_floor(a); }
inline double F64Trunc(double a) { return detail::float_trunc(a); }
inline double F64Nearest(double a) { return detail::float_nearest(a); }
inline double F64Sqrt(double a) { return std::sqrt(a); }
inline double F64Add(double a, double b) { return a + b; }
inline double F64Sub(double a, double b) { return a - b; }
inline double F64Mul(double a, double b) { return a * b; }
inline double F64Div(double a, double b) { return a / b; }
inline double F64Min(double a, double b) { return detail::float_min(a, b); }
inline double F64Max(double a, double b) { return detail::float_max(a, b); }
inline double F64Copysign(double a, double b) { return detail::float_copysign(a, b); }

}  // namespace mosaic::exec::ops
