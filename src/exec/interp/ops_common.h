#pragma once
// Helpers shared by the numeric operators (spec 4.3.3 floating-point operations): IEEE 754 bit access, NaN
// propagation, min/max and the rounding functions. Scalar and SIMD operators both use them, lane by lane.
//
// NaN results (spec 4.3.3, "NaN propagation"): when an operator returns a NaN and every NaN operand is a
// canonical NaN, the result must be a canonical NaN (any sign); otherwise it must be an arithmetic NaN (quiet
// bit set, any payload). Hardware IEEE arithmetic (add, sub, mul, div, sqrt) satisfies this on x86-64, ARM64
// and RISC-V. The helpers below that return a NaN operand set its quiet bit explicitly, so they do not
// depend on how a libm treats signalling NaNs.
//
// No expression here combines a multiply and an add, so floating-point contraction cannot change results.

#include <bit>
#include <cstdint>
#include <limits>

namespace mosaic::exec::ops::detail {

template <typename F>
struct FloatBits;

template <>
struct FloatBits<float> {
  using Bits = uint32_t;
  using SInt = int32_t;
  static constexpr Bits kSign = 0x8000'0000u;
  static constexpr Bits kQuiet = 0x0040'0000u;         // top mantissa bit
  static constexpr Bits kCanonicalNan = 0x7fc0'0000u;  // spec 4.3.3: canon_N
  static constexpr float kTwoPowMant = 8388608.0f;     // 2^23: every float at least this large is an integer
};

template <>
struct FloatBits<double> {
  using Bits = uint64_t;
  using SInt = int64_t;
  static constexpr Bits kSign = 0x8000'0000'0000'0000ull;
  static constexpr Bits kQuiet = 0x0008'0000'0000'0000ull;
  static constexpr Bits kCanonicalNan = 0x7ff8'0000'0000'0000ull;
  static constexpr double kTwoPowMant = 4503599627370496.0;  // 2^52
};

template <typename F>
inline typename FloatBits<F>::Bits to_bits(F x) {
  return std::bit_cast<typename FloatBits<F>::Bits>(x);
}

template <typename F>
inline F from_bits(typename FloatBits<F>::Bits b) {
  return std::bit_cast<F>(b);
}

template <typename F>
inline bool is_nan(F x) {
  return x != x;
}

// The operand NaN with its quiet bit set: canonical stays canonical, any other NaN becomes arithmetic.
template <typename F>
inline F quiet_nan(F x) {
  return from_bits<F>(to_bits(x) | FloatBits<F>::kQuiet);
}

// spec 4.3.3 fabs, fneg, fcopysign: sign-bit operations that never alter the payload of a NaN.
template <typename F>
inline F float_abs(F x) {
  return from_bits<F>(to_bits(x) & ~FloatBits<F>::kSign);
}

template <typename F>
inline F float_neg(F x) {
  return from_bits<F>(to_bits(x) ^ FloatBits<F>::kSign);
}

template <typename F>
inline F float_copysign(F x, F y) {
  using T = FloatBits<F>;
  return from_bits<F>((to_bits(x) & ~T::kSign) | (to_bits(y) & T::kSign));
}

// spec 4.3.3 fmin: NaN if either operand is NaN; -0 is less than +0.
template <typename F>
inline F float_min(F a, F b) {
  if (is_nan(a) || is_nan(b)) return a + b;                  // IEEE addition returns a quieted operand NaN
  if (a == b) return from_bits<F>(to_bits(a) | to_bits(b));  // equal, or zeros: -0 if either is -0
  return a < b ? a : b;
}

// spec 4.3.3 fmax: NaN if either operand is NaN; +0 is greater than -0.
template <typename F>
inline F float_max(F a, F b) {
  if (is_nan(a) || is_nan(b)) return a + b;
  if (a == b) return from_bits<F>(to_bits(a) & to_bits(b));  // equal, or zeros: +0 if either is +0
  return a > b ? a : b;
}

// spec 4.3.3 ftrunc, ffloor, fceil, fnearest. Values of magnitude >= 2^mantissa (and infinities) are already
// integral; NaNs are returned quieted. Below that the value fits the signed integer of the same width, so a
// conversion truncates exactly. The result always has the sign of the operand (ceil(-0.5) = -0).
template <typename F>
inline F float_trunc(F x) {
  using T = FloatBits<F>;
  if (!(float_abs(x) < T::kTwoPowMant)) return is_nan(x) ? quiet_nan(x) : x;
  F t = static_cast<F>(static_cast<typename T::SInt>(x));
  return float_copysign(t, x);
}

template <typename F>
inline F float_floor(F x) {
  using T = FloatBits<F>;
  if (!(float_abs(x) < T::kTwoPowMant)) return is_nan(x) ? quiet_nan(x) : x;
  F t = static_cast<F>(static_cast<typename T::SInt>(x));
  if (t > x) t = t - F(1);
  return float_copysign(t, x);
}

template <typename F>
inline F float_ceil(F x) {
  using T = FloatBits<F>;
  if (!(float_abs(x) < T::kTwoPowMant)) return is_nan(x) ? quiet_nan(x) : x;
  F t = static_cast<F>(static_cast<typename T::SInt>(x));
  if (t < x) t = t + F(1);
  return float_copysign(t, x);
}

// Round half to even: adding and subtracting 2^mantissa leaves no fraction bits, so the addition rounds
// (in the default round-to-nearest-even mode) exactly as fnearest requires.
template <typename F>
inline F float_nearest(F x) {
  using T = FloatBits<F>;
  F ax = float_abs(x);
  if (!(ax < T::kTwoPowMant)) return is_nan(x) ? quiet_nan(x) : x;
  F r = (ax + T::kTwoPowMant) - T::kTwoPowMant;  // not reassociated: no -ffast-math
  return float_copysign(r, x);
}

// spec 4.3.4 demote: correctly rounded; a NaN keeps its sign and top payload bits and becomes quiet, so a
// canonical NaN maps to a canonical NaN and any other NaN to an arithmetic NaN.
inline float demote(double x) {
  if (is_nan(x)) {
    uint64_t b = to_bits(x);
    uint32_t sign = static_cast<uint32_t>(b >> 32) & FloatBits<float>::kSign;
    uint32_t payload = static_cast<uint32_t>((b >> 29) & 0x007f'ffffu);
    return from_bits<float>(sign | 0x7f80'0000u | FloatBits<float>::kQuiet | payload);
  }
  return static_cast<float>(x);
}

// spec 4.3.4 promote: exact; NaN handled as in demote.
inline double promote(float x) {
  if (is_nan(x)) {
    uint32_t b = to_bits(x);
    uint64_t sign = static_cast<uint64_t>(b & FloatBits<float>::kSign) << 32;
    uint64_t payload = static_cast<uint64_t>(b & 0x007f'ffffu) << 29;
    return from_bits<double>(sign | 0x7ff0'0000'0000'0000ull | FloatBits<double>::kQuiet | payload);
  }
  return static_cast<double>(x);
}

// spec 4.3.4 trunc_u, trunc_s: whether the truncation of the non-NaN x fits I. The bounds are exact: the
// upper one, 2^N, is a power of two; the lower one is x > -1 (unsigned), x > -2^N - 1 when F can hold that
// number (f64 to i32), else x >= -2^N (no F lies strictly between -2^N - 1 and -2^N).
template <typename I, typename F>
inline bool trunc_in_range(F x) {
  constexpr F kHi = F(2) * F(std::numeric_limits<I>::max() / 2 + 1);
  if constexpr (std::numeric_limits<I>::min() == 0) {
    return x > F(-1) && x < kHi;
  } else {
    constexpr F kMin = F(std::numeric_limits<I>::min());
    if constexpr (kMin - F(1) != kMin) {
      return x > kMin - F(1) && x < kHi;
    } else {
      return x >= kMin && x < kHi;
    }
  }
}

// spec 4.3.4 trunc_sat_u, trunc_sat_s: NaN -> 0, out of range saturates to the nearer bound of I.
template <typename I, typename F>
inline I trunc_sat(F x) {
  if (is_nan(x)) return 0;
  if (trunc_in_range<I>(x)) return static_cast<I>(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace mosaic::exec::ops::detail
