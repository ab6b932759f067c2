#pragma once
// Vector lane movement and bitwise operators (spec 4.4.3 vector instructions): splat, extract_lane,
// replace_lane, shuffle, swizzle, and the v128 bitwise operators (spec 4.3.1 vvunop, vvbinop, vvternop,
// vvtestop).

#include <cstdint>
#include <cstring>

#include "exec/interp/ops_simd_common.h"
#include "exec/interp/v128.h"

namespace mosaic::exec::ops {

namespace detail {

template <typename T>
inline V128 splat(T v) {
  V128Lanes<T> r;
  for (auto& lane : r) lane = v;
  return v128_from_lanes(r);
}

template <typename T>
inline V128 replace_lane(V128 v, T x, uint8_t lane) {
  v.set<T>(lane, x);
  return v;
}

}  // namespace detail

// ---- splat (spec 4.4.3 shape.splat: integer lanes take the operand wrapped to the lane width) ----

inline V128 I8x16Splat(uint32_t a) { return detail::splat(static_cast<uint8_t>(a)); }
inline V128 I16x8Splat(uint32_t a) { return detail::splat(static_cast<uint16_t>(a)); }
inline V128 I32x4Splat(uint32_t a) { return detail::splat(a); }
inline V128 I64x2Splat(uint64_t a) { return detail::splat(a); }
inline V128 F32x4Splat(float a) { return detail::splat(a); }
inline V128 F64x2Splat(double a) { return detail::splat(a); }

// ---- extract_lane / replace_lane (spec 4.4.3; i8 and i16 lanes extend with sign or zero) ----

inline uint32_t I8x16ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(a.get<int8_t>(lane)));
}
inline uint32_t I8x16ExtractLaneU(V128 a, uint8_t lane) { return a.get<uint8_t>(lane); }
inline uint32_t I16x8ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(a.get<int16_t>(lane)));
}
inline uint32_t I16x8ExtractLaneU(V128 a, uint8_t lane) { return a.get<uint16_t>(lane); }
inline uint32_t I32x4ExtractLane(V128 a, uint8_t lane) { return a.get<uint32_t>(lane); }
inline uint64_t I64x2ExtractLane(V128 a, uint8_t lane) { return a.get<uint64_t>(lane); }
inline float F32x4ExtractLane(V128 a, uint8_t lane) { return a.get<float>(lane); }
inline double F64x2ExtractLane(V128 a, uint8_t lane) { return a.get<double>(lane); }

inline V128 I8x16ReplaceLane(V128 a, uint32_t b, uint8_t lane) {
  return detail::replace_lane(a, static_cast<uint8_t>(b), lane);
}
inline V128 I16x8ReplaceLane(V128 a, uint32_t b, uint8_t lane) {
  return detail::replace_lane(a, static_cast<uint16_t>(b), lane);
}
inline V128 I32x4ReplaceLane(V128 a, uint32_t b, uint8_t lane) { return detail::replace_lane(a, b, lane); }
inline V128 I64x2ReplaceLane(V128 a, uint64_t b, uint8_t lane) { return detail::replace_lane(a, b, lane); }
inline V128 F32x4ReplaceLane(V128 a, float b, uint8_t lane) { return detail::replace_lane(a, b, lane); }
inline V128 F64x2ReplaceLane(V128 a, double b, uint8_t lane) { return detail::replace_lane(a, b, lane); }

// ---- shuffle / swizzle (spec 4.4.3 i8x16.shuffle, i8x16.swizzle) ----

// Lane i of the result is lane lanes[i] of the 32-lane concatenation a ++ b (validation ensured < 32).
inline V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes) {
  uint8_t both[32];
  std::memcpy(both, a.bytes, 16);
  std::memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (size_t i = 0; i < 16; ++i) r.bytes[i] = both[lanes[i] & 31];
  return r;
}

// Lane i of the result is lane b[i] of a, or 0 when b[i] >= 16.
inline V128 I8x16Swizzle(V128 a, V128 b) {
  V128 r;
  for (size_t i = 0; i < 16; ++i) {
    uint8_t idx = b.bytes[i];
    r.bytes[i] = idx < 16 ? a.bytes[idx] : uint8_t{0};
  }
  return r;
}

// ---- bitwise (spec 4.3.1 inot, iand, iandnot, ior, ixor, ibitselect on the whole 128 bits) ----

inline V128 V128Not(V128 a) {
  return detail::lanewise<uint64_t>(a, [](uint64_t x) { return ~x; });
}
inline V128 V128And(V128 a, V128 b) {
  return detail::lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & y; });
}
inline V128 V128Andnot(V128 a, V128 b) {
  return detail::lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & ~y; });
}
inline V128 V128Or(V128 a, V128 b) {
  return detail::lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x | y; });
}
inline V128 V128Xor(V128 a, V128 b) {
  return detail::lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x ^ y; });
}

// Bits of a where the mask c is 1, bits of b where it is 0.
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  V128Lanes<uint64_t> x = v128_lanes<uint64_t>(a);
  V128Lanes<uint64_t> y = v128_lanes<uint64_t>(b);
  V128Lanes<uint64_t> m = v128_lanes<uint64_t>(c);
  V128Lanes<uint64_t> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = (x[i] & m[i]) | (y[i] & ~m[i]);
  return v128_from_lanes(r);
}

// spec 4.3.1 vvtestop any_true: 1 if any bit is set.
inline uint32_t V128AnyTrue(V128 a) {
  V128Lanes<uint64_t> x = v128_lanes<uint64_t>(a);
  return (x[0] | x[1]) != 0;
}

}  // namespace mosaic::exec::ops
