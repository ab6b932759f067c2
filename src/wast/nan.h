#pragma once
// NaN patterns of the spec's script format (spec: interpreter/script "nan:canonical", "nan:arithmetic").
// A canonical NaN has only the quiet bit set in its payload; an arithmetic NaN has the quiet bit set and any
// other payload bits. The sign is free in both.

#include <cstdint>

namespace mosaic::wast {

inline constexpr uint32_t kF32ExponentMask = 0x7f800000u;
inline constexpr uint32_t kF32QuietBit = 0x00400000u;
inline constexpr uint64_t kF64ExponentMask = 0x7ff0000000000000ull;
inline constexpr uint64_t kF64QuietBit = 0x0008000000000000ull;

constexpr bool is_nan_f32(uint32_t bits) {
  return (bits & kF32ExponentMask) == kF32ExponentMask && (bits & 0x007fffffu) != 0;
}
constexpr bool is_nan_f64(uint64_t bits) {
  return (bits & kF64ExponentMask) == kF64ExponentMask && (bits & 0x000fffffffffffffull) != 0;
}
constexpr bool is_canonical_nan_f32(uint32_t bits) {
  return (bits & 0x7fffffffu) == (kF32ExponentMask | kF32QuietBit);
}
constexpr bool is_canonical_nan_f64(uint64_t bits) {
  return (bits & 0x7fffffffffffffffull) == (kF64ExponentMask | kF64QuietBit);
}
constexpr bool is_arithmetic_nan_f32(uint32_t bits) {
  return (bits & (kF32ExponentMask | kF32QuietBit)) == (kF32ExponentMask | kF32QuietBit);
}
constexpr bool is_arithmetic_nan_f64(uint64_t bits) {
  return (bits & (kF64ExponentMask | kF64QuietBit)) == (kF64ExponentMask | kF64QuietBit);
}

}  // namespace mosaic::wast
