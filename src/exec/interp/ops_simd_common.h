#pragma once
// Lane-wise helpers for the vector operators (spec 4.3.1 vectors, 4.4.3 vector instructions). A vector is
// unpacked into an array of lanes, each lane is computed by a scalar function, and the array is packed
// back; such fixed-length loops are what compilers turn into host SIMD code.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "exec/interp/v128.h"

namespace mosaic::exec::ops::detail {

// The unsigned integer type of the same width as T (for lane masks and bit patterns).
template <size_t Size>
struct UIntOfSize;
template <>
struct UIntOfSize<1> {
  using type = uint8_t;
};
template <>
struct UIntOfSize<2> {
  using type = uint16_t;
};
template <>
struct UIntOfSize<4> {
  using type = uint32_t;
};
template <>
struct UIntOfSize<8> {
  using type = uint64_t;
};
template <typename T>
using UIntOf = typename UIntOfSize<sizeof(T)>::type;

// r[i] = fn(a[i]), lanes of type T.
template <typename T, typename Fn>
inline V128 lanewise(V128 a, Fn fn) {
  V128Lanes<T> x = v128_lanes<T>(a);
  V128Lanes<T> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<T>(fn(x[i]));
  return v128_from_lanes(r);
}

// r[i] = fn(a[i], b[i]), lanes of type T.
template <typename T, typename Fn>
inline V128 lanewise(V128 a, V128 b, Fn fn) {
  V128Lanes<T> x = v128_lanes<T>(a);
  V128Lanes<T> y = v128_lanes<T>(b);
  V128Lanes<T> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<T>(fn(x[i], y[i]));
  return v128_from_lanes(r);
}

// spec 4.3.1 vrelop: lane i is all ones if fn(a[i], b[i]), else all zeros.
template <typename T, typename Fn>
inline V128 compare(V128 a, V128 b, Fn fn) {
  using U = UIntOf<T>;
  V128Lanes<T> x = v128_lanes<T>(a);
  V128Lanes<T> y = v128_lanes<T>(b);
  V128Lanes<U> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = fn(x[i], y[i]) ? static_cast<U>(~U{0}) : U{0};
  return v128_from_lanes(r);
}

// spec 4.3.1 vshiftop: the count is taken modulo the lane width.
template <typename T, typename Fn>
inline V128 shift(V128 a, uint32_t count, Fn fn) {
  const unsigned s = count & (sizeof(T) * 8 - 1);
  return lanewise<T>(a, [s, fn](T x) { return fn(x, s); });
}

// spec 4.3.2 sat_s, sat_u: clamps an integer of a wider type into the range of Narrow.
template <typename Narrow, typename Wide>
inline Narrow saturate(Wide v) {
  constexpr Wide kLo = static_cast<Wide>(std::numeric_limits<Narrow>::min());
  constexpr Wide kHi = static_cast<Wide>(std::numeric_limits<Narrow>::max());
  return static_cast<Narrow>(v < kLo ? kLo : (v > kHi ? kHi : v));
}

// spec 4.3.1 vextend_half: the low (High = false) or high half of the Narrow lanes, each extended to Wide.
template <typename Wide, typename Narrow, bool High>
inline V128Lanes<Wide> extend_half(V128 a) {
  V128Lanes<Narrow> x = v128_lanes<Narrow>(a);
  V128Lanes<Wide> r;
  constexpr size_t kBase = High ? r.size() : 0;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<Wide>(x[kBase + i]);
  return r;
}

}  // namespace mosaic::exec::ops::detail
