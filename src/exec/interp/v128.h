#pragma once
// The 128-bit vector value of the interpreter (spec 2.3.1 vector types, 4.2.1 values: v128).
//
// A V128 holds 16 bytes in little-endian lane order: lane i of an NxM shape occupies bytes
// [i*M/8, (i+1)*M/8). The interpreter keeps a v128 in two 8-byte stack slots, low half first.
// Lanes are read and written through memcpy, so any lane type may be viewed without aliasing issues.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace mosaic::exec {

struct alignas(16) V128 {
  uint8_t bytes[16];

  // Lane `lane` viewed as T (uint8_t … uint64_t, int8_t … int64_t, float, double); lane < 16 / sizeof(T).
  template <typename T>
  T get(size_t lane) const {
    static_assert(std::is_trivially_copyable_v<T> && 16 % sizeof(T) == 0);
    T v;
    std::memcpy(&v, bytes + lane * sizeof(T), sizeof(T));
    return v;
  }

  template <typename T>
  void set(size_t lane, T v) {
    static_assert(std::is_trivially_copyable_v<T> && 16 % sizeof(T) == 0);
    std::memcpy(bytes + lane * sizeof(T), &v, sizeof(T));
  }

  friend bool operator==(const V128& a, const V128& b) { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};

static_assert(sizeof(V128) == 16 && alignof(V128) == 16);
static_assert(std::is_trivially_copyable_v<V128> && std::is_standard_layout_v<V128>);

// All lanes of `v` viewed as T, as an array (loops over it vectorize well).
template <typename T>
using V128Lanes = std::array<T, 16 / sizeof(T)>;

template <typename T>
inline V128Lanes<T> v128_lanes(V128 v) {
  V128Lanes<T> r;
  std::memcpy(r.data(), v.bytes, 16);
  return r;
}

template <typename T, size_t N>
inline V128 v128_from_lanes(const std::array<T, N>& lanes) {
  static_assert(sizeof(T) * N == 16);
  V128 r;
  std::memcpy(r.bytes, lanes.data(), 16);
  return r;
}

inline V128 v128_zero() {
  V128 r;
  std::memset(r.bytes, 0, 16);
  return r;
}

inline V128 v128_from_bytes(const uint8_t* b) {
  V128 r;
  std::memcpy(r.bytes, b, 16);
  return r;
}

// Two interpreter stack slots (low half first) <-> V128. Little-endian hosts only (CMakeLists.txt checks).
inline V128 v128_from_slots(const uint64_t* s) {
  V128 r;
  std::memcpy(r.bytes, s, 16);
  return r;
}

inline void v128_to_slots(V128 v, uint64_t* s) { std::memcpy(s, v.bytes, 16); }

}  // namespace mosaic::exec
