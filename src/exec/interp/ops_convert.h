#pragma once
// Scalar conversions (spec 4.3.4 conversions; 4.4.1 numeric instructions): float -> int truncation (trapping
// and saturating), int -> float conversion, demote/promote and reinterpretation. Integer wrap/extend and
// the sign-extension operators are in ops_int.h.

#include <bit>
#include <cstdint>

#include "exec/interp/ops_common.h"
#include "exec/trap.h"

namespace mosaic::exec::ops {

namespace detail {

// spec 4.3.4 trunc_u, trunc_s: a NaN operand is an invalid conversion; an operand whose truncation does not
// fit the result type is an overflow.
template <typename I, typename F, typename R>
inline TrapCode trunc_checked(F x, R* out) {
  if (is_nan(x)) return TrapCode::InvalidConversion;
  if (!trunc_in_range<I>(x)) return TrapCode::IntOverflow;
  *out = static_cast<R>(static_cast<I>(x));
  return TrapCode::None;
}

}  // namespace detail

// ---- trapping truncation (spec 4.3.4 trunc) ----

inline TrapCode I32TruncF32S(float a, uint32_t* out) { return detail::trunc_checked<int32_t>(a, out); }
inline TrapCode I32TruncF32U(float a, uint32_t* out) { return detail::trunc_checked<uint32_t>(a, out); }
inline TrapCode I32TruncF64S(double a, uint32_t* out) { return detail::trunc_checked<int32_t>(a, out); }
inline TrapCode I32TruncF64U(double a, uint32_t* out) { return detail::trunc_checked<uint32_t>(a, out); }
inline TrapCode I64TruncF32S(float a, uint64_t* out) { return detail::trunc_checked<int64_t>(a, out); }
inline TrapCode I64TruncF32U(float a, uint64_t* out) { return detail::trunc_checked<uint64_t>(a, out); }
inline TrapCode I64TruncF64S(double a, uint64_t* out) { return detail::trunc_checked<int64_t>(a, out); }
inline TrapCode I64TruncF64U(double a, uint64_t* out) { return detail::trunc_checked<uint64_t>(a, out); }

// ---- saturating truncation (spec 4.3.4 trunc_sat) ----

inline uint32_t I32TruncSatF32S(float a) { return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a)); }
inline uint32_t I32TruncSatF32U(float a) { return detail::trunc_sat<uint32_t>(a); }
inline uint32_t I32TruncSatF64S(double a) { return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a)); }
inline uint32_t I32TruncSatF64U(double a) { return detail::trunc_sat<uint32_t>(a); }
inline uint64_t I64TruncSatF32S(float a) { return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a)); }
inline uint64_t I64TruncSatF32U(float a) { return detail::trunc_sat<uint64_t>(a); }
inline uint64_t I64TruncSatF64S(double a) { return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a)); }
inline uint64_t I64TruncSatF64U(double a) { return detail::trunc_sat<uint64_t>(a); }

// ---- int -> float (spec 4.3.4 convert: round to nearest, ties to even) ----
// Each is a single conversion from the integer type itself, which GCC and Clang round correctly on every
// supported target (directly in hardware, or with a sticky bit for u64 on x86-64). Going through double
// would round twice and be wrong for f32 (e.g. u64 0x7fffffbfffffffff, i64 0x7fffff4000000001).

inline float F32ConvertI32S(uint32_t a) { return static_cast<float>(static_cast<int32_t>(a)); }
inline float F32ConvertI32U(uint32_t a) { return static_cast<float>(a); }
inline float F32ConvertI64S(uint64_t a) { return static_cast<float>(static_cast<int64_t>(a)); }
inline float F32ConvertI64U(uint64_t a) { return static_cast<float>(a); }
inline double F64ConvertI32S(uint32_t a) { return static_cast<double>(static_cast<int32_t>(a)); }
inline double F64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
inline double F64ConvertI64S(uint64_t a) { return static_cast<double>(static_cast<int64_t>(a)); }
inline double F64ConvertI64U(uint64_t a) { return static_cast<double>(a); }

// ---- demote / promote (spec 4.3.4) ----

inline float F32DemoteF64(double a) { return detail::demote(a); }
inline double F64PromoteF32(float a) { return detail::promote(a); }

// ---- reinterpret (spec 4.3.4: the bit pattern is kept, NaN payloads included) ----

inline uint32_t I32ReinterpretF32(float a) { return std::bit_cast<uint32_t>(a); }
inline uint64_t I64ReinterpretF64(double a) { return std::bit_cast<uint64_t>(a); }
inline float F32ReinterpretI32(uint32_t a) { return std::bit_cast<float>(a); }
inline double F64ReinterpretI64(uint64_t a) { return std::bit_cast<double>(a); }

}  // namespace mosaic::exec::ops
