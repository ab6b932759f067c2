// Strings in the three encodings (CanonicalABI.md "Loading" load_string_from_range and "Storing"
// store_string_into_range and the functions it dispatches to). A lifted string is held as UTF-8 text plus
// its source encoding (Value::StringSource); its code units in that encoding are recomputed from the text.

#include <cstring>

#include "component/canon/abi.h"
#include "support/utf8.h"

namespace mosaic::component::canon {

namespace {

constexpr uint32_t UTF16_TAG = uint32_t(1) << 31;  // utf16_tag for 32-bit pointers
constexpr uint64_t MAX_STRING_BYTE_LENGTH = (uint64_t(1) << 28) - 1;
constexpr uint64_t REALLOC_I32_MAX = (uint64_t(1) << 32) - 1;

std::string hex(uint32_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[v & 15]);
    v >>= 4;
  } while (v != 0);
  return s;
}

using support::append_utf8;

// Strict UTF-8 decoding (no overlong forms, no surrogates, nothing past U+10FFFF). The messages are those of
// Rust's Utf8Error, which the official tests quote.
Result<std::u32string> decode_utf8(const uint8_t* s, size_t n) {
  std::u32string out;
  out.reserve(n);
  size_t i = 0;
  while (i < n) {
    uint8_t b = s[i];
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    size_t need;
    char32_t c;
    uint8_t lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1, c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2, c = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3, c = b & 0x07;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return trap_error("invalid utf-8 sequence of 1 bytes from index " + std::to_string(i));
    }
    size_t k = 0;  // valid continuation bytes seen
    for (; k < need; ++k) {
      if (i + 1 + k >= n) return trap_error("incomplete utf-8 byte sequence from index " + std::to_string(i));
      uint8_t cb = s[i + 1 + k];
      uint8_t l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
      if (cb < l || cb > h)
        return trap_error("invalid utf-8 sequence of " + std::to_string(k + 1) + " bytes from index " +
                          std::to_string(i));
      c = (c << 6) | (cb & 0x3F);
    }
    out.push_back(c);
    i += need + 1;
  }
  return out;
}

Result<std::string> decode_utf16(const uint8_t* s, size_t units) {
  std::string out;
  out.reserve(units);
  for (size_t i = 0; i < units; ++i) {
    char32_t u = char32_t(s[2 * i] | (s[2 * i + 1] << 8));
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      char32_t u2 = char32_t(s[2 * i + 2] | (s[2 * i + 3] << 8));
      if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
        ++i;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF)
      return trap_error("invalid utf-16: unpaired surrogate found: " + hex(uint32_t(u)));
    append_utf8(out, u);
  }
  return out;
}

void encode_utf16le(const std::u32string& cps, std::vector<uint8_t>& out) {
  out.clear();
  out.reserve(cps.size() * 2);
  auto unit = [&](uint32_t u) {
    out.push_back(uint8_t(u));
    out.push_back(uint8_t(u >> 8));
  };
  for (char32_t c : cps) {
    if (c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
}

void put(LiftLowerContext& cx, uint32_t ptr, const uint8_t* bytes, size_t n) {
  if (n != 0) std::memcpy(memory_bytes(cx) + ptr, bytes, n);
}

// The source string of store_string_into_range: its code points, its UTF-8 bytes, and its code units in
// its own encoding.
struct Src {
  const std::string& utf8;
  std::u32string cps;
  uint32_t code_units;
};

using Range = std::pair<uint32_t, uint32_t>;

Result<uint32_t> checked_u32(uint64_t n) {
  if (n > REALLOC_I32_MAX) return trap_error("string too large to lower");
  return uint32_t(n);
}

Result<Range> store_string_copy(LiftLowerContext& cx, const Src& src, uint32_t dst_code_unit_size,
                                uint32_t dst_alignment, char dst_encoding /* '8', 'w' (utf-16-le), 'l' */) {
  uint32_t dst_byte_length = MOSAIC_TRY(checked_u32(uint64_t(dst_code_unit_size) * src.code_units));
  uint32_t ptr = MOSAIC_TRY(allocate(cx, dst_alignment, dst_byte_length));
  MOSAIC_TRY(check_realloc_result(cx, ptr, dst_byte_length, dst_alignment, Region::String));
  if (dst_encoding == '8') {
    put(cx, ptr, reinterpret_cast<const uint8_t*>(src.utf8.data()), src.utf8.size());
  } else if (dst_encoding == 'w') {
    std::vector<uint8_t> encoded;
    encode_utf16le(src.cps, encoded);
    put(cx, ptr, encoded.data(), encoded.size());
  } else {
    std::vector<uint8_t> encoded(src.cps.begin(), src.cps.end());
    put(cx, ptr, encoded.data(), encoded.size());
  }
  return Range{ptr, src.code_units};
}

Result<Range> store_string_to_utf8(LiftLowerContext& cx, const Src& src, uint64_t worst_case) {
  uint32_t ptr = MOSAIC_TRY(allocate(cx, 1, src.code_units));
  MOSAIC_TRY(check_realloc_result(cx, ptr, src.code_units, 1, Region::String));
  for (size_t i = 0; i < src.cps.size(); ++i) {
    if (src.cps[i] < 0x80) {
      memory_bytes(cx)[ptr + i] = uint8_t(src.cps[i]);
      continue;
    }
    uint32_t worst_case_size = MOSAIC_TRY(checked_u32(worst_case));
    ptr = MOSAIC_TRY(reallocate(cx, ptr, src.code_units, 1, worst_case_size));
    MOSAIC_TRY(check_realloc_result(cx, ptr, worst_case_size, 1, Region::String));
    // The first i code points were ASCII: byte i of the encoding is code point i.
    const auto* encoded = reinterpret_cast<const uint8_t*>(src.utf8.data());
    uint32_t len = uint32_t(src.utf8.size());
    put(cx, ptr + uint32_t(i), encoded + i, len - i);
    if (worst_case_size > len) {
      ptr = MOSAIC_TRY(reallocate(cx, ptr, worst_case_size, 1, len));
      MOSAIC_TRY(check_realloc_result(cx, ptr, len, 1, Region::String));
    }
    return Range{ptr, len};
  }
  return Range{ptr, src.code_units};
}

Result<Range> store_utf16_to_utf8(LiftLowerContext& cx, const Src& src) {
  return store_string_to_utf8(cx, src, uint64_t(src.code_units) * 3);
}
Result<Range> store_latin1_to_utf8(LiftLowerContext& cx, const Src& src) {
  return store_string_to_utf8(cx, src, uint64_t(src.code_units) * 2);
}

Result<Range> store_utf8_to_utf16(LiftLowerContext& cx, const Src& src) {
  uint32_t worst_case_size = MOSAIC_TRY(checked_u32(uint64_t(src.code_units) * 2));
  uint32_t ptr = MOSAIC_TRY(allocate(cx, 2, worst_case_size));
  MOSAIC_TRY(check_realloc_result(cx, ptr, worst_case_size, 2, Region::String));
  std::vector<uint8_t> encoded;
  encode_utf16le(src.cps, encoded);
  put(cx, ptr, encoded.data(), encoded.size());
  uint32_t len = uint32_t(encoded.size());
  if (len < worst_case_size) {
    ptr = MOSAIC_TRY(reallocate(cx, ptr, worst_case_size, 2, len));
    MOSAIC_TRY(check_realloc_result(cx, ptr, len, 2, Region::String));
  }
  return Range{ptr, len / 2};
}

Result<Range> store_string_to_latin1_or_utf16(LiftLowerContext& cx, const Src& src) {
  uint32_t ptr = MOSAIC_TRY(allocate(cx, 2, src.code_units));
  MOSAIC_TRY(check_realloc_result(cx, ptr, src.code_units, 2, Region::String));
  uint32_t dst_byte_length = 0;
  for (char32_t usv : src.cps) {
    if (usv < (1u << 8)) {
      memory_bytes(cx)[ptr + dst_byte_length] = uint8_t(usv);
      ++dst_byte_length;
      continue;
    }
    uint32_t worst_case_size = MOSAIC_TRY(checked_u32(uint64_t(src.code_units) * 2));
    ptr = MOSAIC_TRY(reallocate(cx, ptr, src.code_units, 2, worst_case_size));
    MOSAIC_TRY(check_realloc_result(cx, ptr, worst_case_size, 2, Region::String));
    uint8_t* mem = memory_bytes(cx);
    for (uint32_t j = dst_byte_length; j-- > 0;) {  // inflate the Latin-1 prefix to UTF-16 in place
      mem[ptr + 2 * j] = mem[ptr + j];
      mem[ptr + 2 * j + 1] = 0;
    }
    std::vector<uint8_t> encoded;
    encode_utf16le(src.cps, encoded);
    uint32_t len = uint32_t(encoded.size());
    put(cx, ptr + 2 * dst_byte_length, encoded.data() + 2 * dst_byte_length, len - 2 * dst_byte_length);
    if (worst_case_size > len) {
      ptr = MOSAIC_TRY(reallocate(cx, ptr, worst_case_size, 2, len));
      MOSAIC_TRY(check_realloc_result(cx, ptr, len, 2, Region::String));
    }
    return Range{ptr, (len / 2) | UTF16_TAG};
  }
  if (dst_byte_length < src.code_units) {
    ptr = MOSAIC_TRY(reallocate(cx, ptr, src.code_units, 2, dst_byte_length));
    MOSAIC_TRY(check_realloc_result(cx, ptr, dst_byte_length, 2, Region::String));
  }
  return Range{ptr, dst_byte_length};
}

Result<Range> store_probably_utf16_to_latin1_or_utf16(LiftLowerContext& cx, const Src& src) {
  uint32_t src_byte_length = MOSAIC_TRY(checked_u32(uint64_t(src.code_units) * 2));
  uint32_t ptr = MOSAIC_TRY(allocate(cx, 2, src_byte_length));
  MOSAIC_TRY(check_realloc_result(cx, ptr, src_byte_length, 2, Region::String));
  std::vector<uint8_t> encoded;
  encode_utf16le(src.cps, encoded);
  put(cx, ptr, encoded.data(), encoded.size());
  uint32_t len = uint32_t(encoded.size());
  for (char32_t c : src.cps)
    if (c >= (1u << 8)) return Range{ptr, (len / 2) | UTF16_TAG};
  uint32_t latin1_size = len / 2;
  uint8_t* mem = memory_bytes(cx);
  for (uint32_t i = 0; i < latin1_size; ++i) mem[ptr + i] = mem[ptr + 2 * i];
  ptr = MOSAIC_TRY(reallocate(cx, ptr, src_byte_length, 1, latin1_size));
  MOSAIC_TRY(check_realloc_result(cx, ptr, latin1_size, 1, Region::String));
  return Range{ptr, latin1_size};
}

}  // namespace

Result<Value> load_string_from_range(LiftLowerContext& cx, uint32_t ptr, uint32_t tagged_code_units) {
  uint32_t alignment = 1;
  uint64_t byte_length = tagged_code_units;
  Value::StringSource source = Value::StringSource::Utf8;
  switch (cx.opts.encoding) {
    case ast::StringEncoding::Utf8: break;
    case ast::StringEncoding::Utf16:
      alignment = 2;
      byte_length = 2 * uint64_t(tagged_code_units);
      source = Value::StringSource::Utf16;
      break;
    case ast::StringEncoding::Latin1Utf16:
      alignment = 2;
      if (tagged_code_units & UTF16_TAG) {
        byte_length = 2 * uint64_t(tagged_code_units ^ UTF16_TAG);
        source = Value::StringSource::CompactUtf16;
      } else {
        source = Value::StringSource::Latin1;
      }
      break;
  }
  if (byte_length > MAX_STRING_BYTE_LENGTH) {
    if (cx.adapter) return out_of_bounds_error(cx, Region::String);
    return trap_error("string length too large: " + std::to_string(byte_length) + " bytes");
  }
  MOSAIC_TRY(check_range(cx, ptr, byte_length, alignment, Region::String));
  // UTF-8 text takes at most 3 bytes for each 2 of UTF-16, and at most 2 for each Latin-1 byte.
  MOSAIC_TRY(charge_lift(cx, 2 * byte_length));
  const uint8_t* bytes = memory_bytes(cx) + ptr;
  std::string text;
  switch (source) {
    case Value::StringSource::Utf8:
      MOSAIC_TRY(decode_utf8(bytes, size_t(byte_length)));
      text.assign(reinterpret_cast<const char*>(bytes), size_t(byte_length));
      break;
    case Value::StringSource::Utf16:
    case Value::StringSource::CompactUtf16:
      text = MOSAIC_TRY(decode_utf16(bytes, size_t(byte_length / 2)));
      break;
    case Value::StringSource::Latin1:
      text.reserve(size_t(byte_length));
      for (uint64_t i = 0; i < byte_length; ++i) append_utf8(text, bytes[i]);
      break;
  }
  return Value::string(std::move(text), source);
}

Result<std::pair<uint32_t, uint32_t>> store_string_into_range(LiftLowerContext& cx, const Value& v) {
  const std::string& utf8 = v.as_string();
  auto decoded = decode_utf8(reinterpret_cast<const uint8_t*>(utf8.data()), utf8.size());
  if (!decoded) return usage_error("string value is not valid UTF-8: " + decoded.error().message);
  Src src{utf8, std::move(*decoded), 0};

  // The source's simple encoding and its code units (src_code_units) in it.
  Value::StringSource source = v.string_source();
  uint64_t units = 0;
  switch (source) {
    case Value::StringSource::Utf8: units = utf8.size(); break;
    case Value::StringSource::Latin1:
      for (char32_t c : src.cps)
        if (c >= 0x100) source = Value::StringSource::Utf8;  // not Latin-1 after all: treat as UTF-8 text
      units = source == Value::StringSource::Latin1 ? src.cps.size() : utf8.size();
      break;
    case Value::StringSource::Utf16:
    case Value::StringSource::CompactUtf16:
      for (char32_t c : src.cps) units += c >= 0x10000 ? 2 : 1;
      break;
  }
  if (units > MAX_STRING_BYTE_LENGTH) return trap_error("string too large to lower");
  src.code_units = uint32_t(units);

  switch (cx.opts.encoding) {
    case ast::StringEncoding::Utf8:
      switch (source) {
        case Value::StringSource::Utf8: return store_string_copy(cx, src, 1, 1, '8');
        case Value::StringSource::Utf16:
        case Value::StringSource::CompactUtf16: return store_utf16_to_utf8(cx, src);
        case Value::StringSource::Latin1: return store_latin1_to_utf8(cx, src);
      }
      break;
    case ast::StringEncoding::Utf16:
      switch (source) {
        case Value::StringSource::Utf8: return store_utf8_to_utf16(cx, src);
        case Value::StringSource::Utf16:
        case Value::StringSource::CompactUtf16:
        case Value::StringSource::Latin1: return store_string_copy(cx, src, 2, 2, 'w');
      }
      break;
    case ast::StringEncoding::Latin1Utf16:
      switch (source) {
        case Value::StringSource::Utf8:
        case Value::StringSource::Utf16: return store_string_to_latin1_or_utf16(cx, src);
        case Value::StringSource::Latin1: return store_string_copy(cx, src, 1, 2, 'l');
        case Value::StringSource::CompactUtf16: return store_probably_utf16_to_latin1_or_utf16(cx, src);
      }
      break;
  }
  return usage_error("unknown string encoding");
}

}  // namespace mosaic::component::canon
