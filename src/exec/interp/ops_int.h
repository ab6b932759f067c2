#pragma once
// Scalar integer operators (spec 4.3.2 integer operations; 4.4.1 numeric instructions).
//
// Integers are held as uint32_t / uint64_t (the interpretation is chosen by each operator), so arithmetic
// wraps modulo 2^N without undefined behaviour. Signed views use static_cast, which is modular in C++20.

#include <bit>
#include <cstdint>

#include "exec/trap.h"

namespace mosaic::exec::ops {

// ---- i32 (spec 4.3.2) ----

inline uint32_t I32Eqz(uint32_t a) { return a == 0; }
inline uint32_t I32Eq(uint32_t a, uint32_t b) { return a == b; }
inline uint32_t I32Ne(uint32_t a, uint32_t b) { return a != b; }
inline uint32_t I32LtS(uint32_t a, uint32_t b) { return static_cast<int32_t>(a) < static_cast<int32_t>(b); }
inline uint32_t I32LtU(uint32_t a, uint32_t b) { return a < b; }
inline uint32_t I32GtS(uint32_t a, uint32_t b) { return static_cast<int32_t>(a) > static_cast<int32_t>(b); }
inline uint32_t I32GtU(uint32_t a, uint32_t b) { return a > b; }
inline uint32_t I32LeS(uint32_t a, uint32_t b) { return static_cast<int32_t>(a) <= static_cast<int32_t>(b); }
inline uint32_t I32LeU(uint32_t a, uint32_t b) { return a <= b; }
inline uint32_t I32GeS(uint32_t a, uint32_t b) { return static_cast<int32_t>(a) >= static_cast<int32_t>(b); }
inline uint32_t I32GeU(uint32_t a, uint32_t b) { return a >= b; }

// spec 4.3.2 iclz, ictz, ipopcnt (clz/ctz of 0 is the bit width).
inline uint32_t I32Clz(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
inline uint32_t I32Ctz(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
inline uint32_t I32Popcnt(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }

inline uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
inline uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
inline uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }

// spec 4.3.2 idiv_s: traps on a zero divisor, and on -2^31 / -1 (the quotient 2^31 is not representable).
inline TrapCode I32DivS(uint32_t a, uint32_t b, uint32_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  if (a == 0x8000'0000u && b == 0xffff'ffffu) return TrapCode::IntOverflow;
  *out = static_cast<uint32_t>(static_cast<int32_t>(a) / static_cast<int32_t>(b));
  return TrapCode::None;
}

inline TrapCode I32DivU(uint32_t a, uint32_t b, uint32_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  *out = a / b;
  return TrapCode::None;
}

// spec 4.3.2 irem_s: the result has the sign of the dividend; -2^31 rem -1 is 0 (no trap).
inline TrapCode I32RemS(uint32_t a, uint32_t b, uint32_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  if (b == 0xffff'ffffu) {
    *out = 0;
    return TrapCode::None;
  }
  *out = static_cast<uint32_t>(static_cast<int32_t>(a) % static_cast<int32_t>(b));
  return TrapCode::None;
}

inline TrapCode I32RemU(uint32_t a, uint32_t b, uint32_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  *out = a % b;
  return TrapCode::None;
}

inline uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
inline uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
inline uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }

// spec 4.3.2 ishl, ishr_s, ishr_u, irotl, irotr: the shift count is taken modulo the bit width.
inline uint32_t I32Shl(uint32_t a, uint32_t b) { return a << (b & 31); }
inline uint32_t I32ShrS(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31));
}
inline uint32_t I32ShrU(uint32_t a, uint32_t b) { return a >> (b & 31); }
inline uint32_t I32Rotl(uint32_t a, uint32_t b) { return std::rotl(a, static_cast<int>(b & 31)); }
inline uint32_t I32Rotr(uint32_t a, uint32_t b) { return std::rotr(a, static_cast<int>(b & 31)); }

// ---- i64 (spec 4.3.2) ----

inline uint32_t I64Eqz(uint64_t a) { return a == 0; }
inline uint32_t I64Eq(uint64_t a, uint64_t b) { return a == b; }
inline uint32_t I64Ne(uint64_t a, uint64_t b) { return a != b; }
inline uint32_t I64LtS(uint64_t a, uint64_t b) { return static_cast<int64_t>(a) < static_cast<int64_t>(b); }
inline uint32_t I64LtU(uint64_t a, uint64_t b) { return a < b; }
inline uint32_t I64GtS(uint64_t a, uint64_t b) { return static_cast<int64_t>(a) > static_cast<int64_t>(b); }
inline uint32_t I64GtU(uint64_t a, uint64_t b) { return a > b; }
inline uint32_t I64LeS(uint64_t a, uint64_t b) { return static_cast<int64_t>(a) <= static_cast<int64_t>(b); }
inline uint32_t I64LeU(uint64_t a, uint64_t b) { return a <= b; }
inline uint32_t I64GeS(uint64_t a, uint64_t b) { return static_cast<int64_t>(a) >= static_cast<int64_t>(b); }
inline uint32_t I64GeU(uint64_t a, uint64_t b) { return a >= b; }

inline uint64_t I64Clz(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
inline uint64_t I64Ctz(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
inline uint64_t I64Popcnt(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }

inline uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
inline uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
inline uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }

inline TrapCode I64DivS(uint64_t a, uint64_t b, uint64_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  if (a == 0x8000'0000'0000'0000ull && b == ~uint64_t{0}) return TrapCode::IntOverflow;
  *out = static_cast<uint64_t>(static_cast<int64_t>(a) / static_cast<int64_t>(b));
  return TrapCode::None;
}

inline TrapCode I64DivU(uint64_t a, uint64_t b, uint64_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  *out = a / b;
  return TrapCode::None;
}

inline TrapCode I64RemS(uint64_t a, uint64_t b, uint64_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  if (b == ~uint64_t{0}) {
    *out = 0;
    return TrapCode::None;
  }
  *out = static_cast<uint64_t>(static_cast<int64_t>(a) % static_cast<int64_t>(b));
  return TrapCode::None;
}

inline TrapCode I64RemU(uint64_t a, uint64_t b, uint64_t* out) {
  if (b == 0) return TrapCode::IntDivideByZero;
  *out = a % b;
  return TrapCode::None;
}

inline uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
inline uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
inline uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }

inline uint64_t I64Shl(uint64_t a, uint64_t b) { return a << (b & 63); }
inline uint64_t I64ShrS(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> (b & 63));
}
inline uint64_t I64ShrU(uint64_t a, uint64_t b) { return a >> (b & 63); }
inline uint64_t I64Rotl(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t I64Rotr(uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }

// ---- sign extension (spec 4.3.2 iextendN_s) and wrap/extend (spec 4.3.4) ----

inline uint32_t I32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
inline uint64_t I64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
inline uint64_t I64ExtendI32U(uint32_t a) { return a; }

inline uint32_t I32Extend8S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
inline uint32_t I32Extend16S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}
inline uint64_t I64Extend8S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
inline uint64_t I64Extend16S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
inline uint64_t I64Extend32S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

}  // namespace mosaic::exec::ops
