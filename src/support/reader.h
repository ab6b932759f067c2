#pragma once
// A bounds-checked cursor over untrusted bytes, with the LEB128 forms of the binary format (spec 5.2.2).
// Every read returns a Result; the error carries the byte offset (relative to `base_offset`, so a reader
// over a section reports offsets in the whole file).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "mosaic/result.h"

namespace mosaic::support {

class Reader {
 public:
  Reader() = default;
  explicit Reader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : data_(bytes.data()), size_(bytes.size()), base_(base_offset) {}

  size_t offset() const { return base_ + pos_; }  // absolute offset of the next byte
  size_t pos() const { return pos_; }              // relative position
  size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ == size_; }
  const uint8_t* cursor() const { return data_ + pos_; }
  std::span<const uint8_t> rest() const { return {data_ + pos_, size_ - pos_}; }

  // A reader over the next n bytes (which this reader skips). Error "unexpected end" if fewer remain.
  Result<Reader> sub(size_t n, const char* what = "unexpected end");

  Result<uint8_t> u8();
  Result<uint8_t> peek_u8() const;
  Result<std::span<const uint8_t>> bytes(size_t n);
  Result<uint32_t> u32();  // unsigned LEB128, at most 5 bytes
  Result<uint64_t> u64();  // unsigned LEB128, at most 10 bytes
  Result<int32_t> s32();   // signed LEB128
  Result<int64_t> s64();
  Result<int64_t> s33();   // block types
  Result<uint32_t> f32_bits();
  Result<uint64_t> f64_bits();
  // A vec(byte) name, which must be valid UTF-8 ("malformed UTF-8 encoding").
  Result<std::string_view> name();

  Error error(std::string message, ErrorKind kind = ErrorKind::Malformed) const {
    return Error{kind, offset(), std::move(message)};
  }
  Error error_at(size_t relative_pos, std::string message, ErrorKind kind = ErrorKind::Malformed) const {
    return Error{kind, base_ + relative_pos, std::move(message)};
  }

 private:
  template <class T, unsigned Bits, bool Signed>
  Result<T> leb();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  size_t base_ = 0;
};

// True when the bytes are valid UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace mosaic::support
