#pragma once
// Val: one WebAssembly value as the embedder sees it.

#include <array>
#include <cstdint>
#include <cstring>

#include "mosaic/types.h"

namespace mosaic {

namespace exec {
struct FuncInst;
}

using V128 = std::array<uint8_t, 16>;

// A reference value. A funcref points at a function of some store; an externref carries an opaque 64-bit
// host value. Either may be null.
struct Ref {
  bool is_null = true;
  exec::FuncInst* func = nullptr;  // funcref
  uint64_t host = 0;               // externref payload
  bool operator==(const Ref&) const = default;
};

class Val {
 public:
  Val() = default;
  static Val i32(int32_t v) { Val r(ValKind::I32); r.bits_ = uint32_t(v); return r; }
  static Val i64(int64_t v) { Val r(ValKind::I64); r.bits_ = uint64_t(v); return r; }
  static Val f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return f32_bits(b); }
  static Val f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return f64_bits(b); }
  static Val f32_bits(uint32_t b) { Val r(ValKind::F32); r.bits_ = b; return r; }
  static Val f64_bits(uint64_t b) { Val r(ValKind::F64); r.bits_ = b; return r; }
  static Val v128(const V128& v) { Val r(ValKind::V128); r.v128_ = v; return r; }
  static Val funcref(exec::FuncInst* f) { Val r(ValKind::FuncRef); r.ref_ = {f == nullptr, f, 0}; return r; }
  static Val externref(uint64_t host) { Val r(ValKind::ExternRef); r.ref_ = {false, nullptr, host}; return r; }
  static Val null_ref(ValKind kind) { Val r(kind); r.ref_ = {}; return r; }
  static Val zero(ValKind kind) { Val r(kind); return r; }  // 0 or null, the default of a local

  ValKind kind() const { return kind_; }
  int32_t as_i32() const { return int32_t(uint32_t(bits_)); }
  int64_t as_i64() const { return int64_t(bits_); }
  float as_f32() const { float f; uint32_t b = uint32_t(bits_); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &bits_, 8); return d; }
  uint32_t f32_bits() const { return uint32_t(bits_); }
  uint64_t f64_bits() const { return bits_; }
  const V128& as_v128() const { return v128_; }
  const Ref& as_ref() const { return ref_; }
  bool is_null() const { return ref_.is_null; }

 private:
  explicit Val(ValKind k) : kind_(k) {}
  ValKind kind_ = ValKind::I32;
  uint64_t bits_ = 0;
  V128 v128_{};
  Ref ref_{};
};

}  // namespace mosaic
