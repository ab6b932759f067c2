#pragma once
// Memory access (spec 4.4.7 memory instructions; 4.4.3 vector memory instructions): the value part of every
// load and store, after the executor has computed the effective address and checked its bounds. `p` points
// at the MemBytes bytes accessed (opcodes.def), with any alignment. Wasm memory is little-endian, as are the
// supported hosts, so a value is its bytes (spec 4.3.5 bytes_t); memcpy makes unaligned access defined.

#include <cstdint>
#include <cstring>

#include "exec/interp/v128.h"

namespace mosaic::exec::ops {

namespace detail {

template <typename T>
inline T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
inline void store_le(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// spec 4.4.3 v128.loadMxN_sx: N lanes of M bits, each extended to 2M bits.
template <typename Wide, typename Narrow>
inline V128 load_extend(const uint8_t* p) {
  constexpr size_t kN = 16 / sizeof(Wide);
  Narrow in[kN];
  std::memcpy(in, p, sizeof(in));
  V128Lanes<Wide> out;
  for (size_t i = 0; i < kN; ++i) out[i] = static_cast<Wide>(in[i]);
  return v128_from_lanes(out);
}

// spec 4.4.3 v128.loadN_splat.
template <typename T>
inline V128 load_splat(const uint8_t* p) {
  T v = load_le<T>(p);
  V128Lanes<T> out;
  for (auto& lane : out) lane = v;
  return v128_from_lanes(out);
}

// spec 4.4.3 v128.loadN_zero.
template <typename T>
inline V128 load_zero(const uint8_t* p) {
  V128 r = v128_zero();
  std::memcpy(r.bytes, p, sizeof(T));
  return r;
}

}  // namespace detail

// ---- scalar loads (spec 4.4.7 t.load, t.loadN_sx) ----

inline uint32_t I32Load(const uint8_t* p) { return detail::load_le<uint32_t>(p); }
inline uint64_t I64Load(const uint8_t* p) { return detail::load_le<uint64_t>(p); }
inline float F32Load(const uint8_t* p) { return detail::load_le<float>(p); }
inline double F64Load(const uint8_t* p) { return detail::load_le<double>(p); }
inline uint32_t I32Load8S(const uint8_t* p) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::load_le<int8_t>(p)));
}
inline uint32_t I32Load8U(const uint8_t* p) { return p[0]; }
inline uint32_t I32Load16S(const uint8_t* p) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::load_le<int16_t>(p)));
}
inline uint32_t I32Load16U(const uint8_t* p) { return detail::load_le<uint16_t>(p); }
inline uint64_t I64Load8S(const uint8_t* p) {
  return static_cast<uint64_t>(static_cast<int64_t>(detail::load_le<int8_t>(p)));
}
inline uint64_t I64Load8U(const uint8_t* p) { return p[0]; }
inline uint64_t I64Load16S(const uint8_t* p) {
  return static_cast<uint64_t>(static_cast<int64_t>(detail::load_le<int16_t>(p)));
}
inline uint64_t I64Load16U(const uint8_t* p) { return detail::load_le<uint16_t>(p); }
inline uint64_t I64Load32S(const uint8_t* p) {
  return static_cast<uint64_t>(static_cast<int64_t>(detail::load_le<int32_t>(p)));
}
inline uint64_t I64Load32U(const uint8_t* p) { return detail::load_le<uint32_t>(p); }

// ---- scalar stores (spec 4.4.7 t.store, t.storeN: the low N bits, wrapped) ----

inline void I32Store(uint8_t* p, uint32_t v) { detail::store_le(p, v); }
inline void I64Store(uint8_t* p, uint64_t v) { detail::store_le(p, v); }
inline void F32Store(uint8_t* p, float v) { detail::store_le(p, v); }
inline void F64Store(uint8_t* p, double v) { detail::store_le(p, v); }
inline void I32Store8(uint8_t* p, uint32_t v) { p[0] = static_cast<uint8_t>(v); }
inline void I32Store16(uint8_t* p, uint32_t v) { detail::store_le(p, static_cast<uint16_t>(v)); }
inline void I64Store8(uint8_t* p, uint64_t v) { p[0] = static_cast<uint8_t>(v); }
inline void I64Store16(uint8_t* p, uint64_t v) { detail::store_le(p, static_cast<uint16_t>(v)); }
inline void I64Store32(uint8_t* p, uint64_t v) { detail::store_le(p, static_cast<uint32_t>(v)); }

// ---- vector loads (spec 4.4.3 v128.load, v128.loadMxN_sx, v128.loadN_splat, v128.loadN_zero) ----

inline V128 V128Load(const uint8_t* p) { return v128_from_bytes(p); }
inline V128 V128Load8x8S(const uint8_t* p) { return detail::load_extend<int16_t, int8_t>(p); }
inline V128 V128Load8x8U(const uint8_t* p) { return detail::load_extend<uint16_t, uint8_t>(p); }
inline V128 V128Load16x4S(const uint8_t* p) { return detail::load_extend<int32_t, int16_t>(p); }
inline V128 V128Load16x4U(const uint8_t* p) { return detail::load_extend<uint32_t, uint16_t>(p); }
inline V128 V128Load32x2S(const uint8_t* p) { return detail::load_extend<int64_t, int32_t>(p); }
inline V128 V128Load32x2U(const uint8_t* p) { return detail::load_extend<uint64_t, uint32_t>(p); }
inline V128 V128Load8Splat(const uint8_t* p) { return detail::load_splat<uint8_t>(p); }
inline V128 V128Load16Splat(const uint8_t* p) { return detail::load_splat<uint16_t>(p); }
inline V128 V128Load32Splat(const uint8_t* p) { return detail::load_splat<uint32_t>(p); }
inline V128 V128Load64Splat(const uint8_t* p) { return detail::load_splat<uint64_t>(p); }
inline V128 V128Load32Zero(const uint8_t* p) { return detail::load_zero<uint32_t>(p); }
inline V128 V128Load64Zero(const uint8_t* p) { return detail::load_zero<uint64_t>(p); }

inline void V128Store(uint8_t* p, V128 v) { std::memcpy(p, v.bytes, 16); }

// ---- lane loads and stores (spec 4.4.3 v128.loadN_lane, v128.storeN_lane; lane already validated) ----

inline V128 V128Load8Lane(const uint8_t* p, V128 v, uint8_t lane) {
  v.bytes[lane] = p[0];
  return v;
}
inline V128 V128Load16Lane(const uint8_t* p, V128 v, uint8_t lane) {
  std::memcpy(v.bytes + lane * 2, p, 2);
  return v;
}
inline V128 V128Load32Lane(const uint8_t* p, V128 v, uint8_t lane) {
  std::memcpy(v.bytes + lane * 4, p, 4);
  return v;
}
inline V128 V128Load64Lane(const uint8_t* p, V128 v, uint8_t lane) {
  std::memcpy(v.bytes + lane * 8, p, 8);
  return v;
}

inline void V128Store8Lane(uint8_t* p, V128 v, uint8_t lane) { p[0] = v.bytes[lane]; }
inline void V128Store16Lane(uint8_t* p, V128 v, uint8_t lane) { std::memcpy(p, v.bytes + lane * 2, 2); }
inline void V128Store32Lane(uint8_t* p, V128 v, uint8_t lane) { std::memcpy(p, v.bytes + lane * 4, 4); }
inline void V128Store64Lane(uint8_t* p, V128 v, uint8_t lane) { std::memcpy(p, v.bytes + lane * 8, 8); }

}  // namespace mosaic::exec::ops
