#include "support/reader.h"

namespace mosaic::support {

Result<Reader> Reader::sub(size_t n, const char* what) {
  if (n > remaining()) return error(what);
  Reader r({data_ + pos_, n}, base_ + pos_);
  pos_ += n;
  return r;
}

Result<uint8_t> Reader::u8() {
  if (pos_ >= size_) return error("unexpected end");
  return data_[pos_++];
}

Result<uint8_t> Reader::peek_u8() const {
  if (pos_ >= size_) return error("unexpected end");
  return data_[pos_];
}

Result<std::span<const uint8_t>> Reader::bytes(size_t n) {
  if (n > remaining()) return error("unexpected end");
  std::span<const uint8_t> s{data_ + pos_, n};
  pos_ += n;
  return s;
}

// Spec 5.2.2: an N-bit LEB128 has at most ceil(N/7) bytes; in the last byte the bits beyond N must be zero
// (unsigned) or a sign extension of bit N-1 (signed).
template <class T, unsigned Bits, bool Signed>
Result<T> Reader::leb() {
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ >= size_) return error("unexpected end");
    uint8_t byte = data_[pos_++];
    if (i == kMaxBytes - 1) {
      // The last permitted byte: unused bits must be consistent (checked first, as the reference
      // interpreter does), and no continuation bit.
      unsigned used = Bits - shift;  // bits of this byte that carry the value (1..7)
      if (used < 7) {
        uint8_t extra = static_cast<uint8_t>(byte & 0x7f) >> used;
        if constexpr (Signed) {
          bool sign = (byte >> (used - 1)) & 1;
          uint8_t expect = sign ? static_cast<uint8_t>(0x7f >> used) : 0;
          if (extra != expect) return error_at(pos_ - 1, "integer too large");
        } else {
          if (extra != 0) return error_at(pos_ - 1, "integer too large");
        }
      }
      if (byte & 0x80) return error_at(pos_ - 1, "integer representation too long");
    }
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) break;
  }
  if constexpr (Signed) {
    if (shift < 64 && (result >> (shift - 1)) & 1) result |= ~uint64_t{0} << shift;
    if constexpr (Bits < 64) {
      // Sign-extend from Bits (the checks above guarantee the value fits).
      int64_t v = static_cast<int64_t>(result << (64 - Bits)) >> (64 - Bits);
      return static_cast<T>(v);
    } else {
      return static_cast<T>(result);
    }
  } else {
    return static_cast<T>(result);
  }
}

Result<uint32_t> Reader::u32() { return leb<uint32_t, 32, false>(); }
Result<uint64_t> Reader::u64() { return leb<uint64_t, 64, false>(); }
Result<int32_t> Reader::s32() { return leb<int32_t, 32, true>(); }
Result<int64_t> Reader::s64() { return leb<int64_t, 64, true>(); }
Result<int64_t> Reader::s33() { return leb<int64_t, 33, true>(); }

Result<uint32_t> Reader::f32_bits() {
  auto b = MOSAIC_TRY(bytes(4));
  uint32_t v;
  std::memcpy(&v, b.data(), 4);  // little-endian hosts only (checked in CMake)
  return v;
}

Result<uint64_t> Reader::f64_bits() {
  auto b = MOSAIC_TRY(bytes(8));
  uint64_t v;
  std::memcpy(&v, b.data(), 8);
  return v;
}

Result<std::string_view> Reader::name() {
  uint32_t len = MOSAIC_TRY(u32());
  if (len > remaining()) return error("length out of bounds");
  auto b = MOSAIC_TRY(bytes(len));
  if (!is_valid_utf8(b)) return error_at(pos_ - len, "malformed UTF-8 encoding");
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

bool is_valid_utf8(std::span<const uint8_t> s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) { ++i; continue; }
    uint32_t cp;
    size_t len;
    if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; len = 2; }
    else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; len = 3; }
    else if ((c & 0xf8) == 0xf0) { cp = c & 0x07; len = 4; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

}  // namespace mosaic::support
