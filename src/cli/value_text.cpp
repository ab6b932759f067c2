#include "cli/value_text.h"

#include <bit>
#include <charconv>
#include <cstdio>
#include <limits>

namespace mosaic::cli {
namespace {

bool starts_with_hex_prefix(std::string_view s) {
  return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

std::optional<uint64_t> parse_uint(std::string_view digits, int base) {
  if (digits.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// A `width`-bit integer: signed or unsigned decimal, or hex; the result is its bit pattern.
std::optional<uint64_t> parse_int(std::string_view text, unsigned width) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (starts_with_hex_prefix(text)) {
    base = 16;
    text.remove_prefix(2);
  }
  std::optional<uint64_t> magnitude = parse_uint(text, base);
  if (!magnitude) return std::nullopt;
  const uint64_t mask = width == 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
  if (negative) {
    if (*magnitude > (uint64_t(1) << (width - 1))) return std::nullopt;
    return (uint64_t(0) - *magnitude) & mask;
  }
  if (*magnitude > mask) return std::nullopt;
  return *magnitude;
}

template <class Float, class Bits>
std::optional<Bits> parse_float(std::string_view text) {
  constexpr int kMantissaBits = std::numeric_limits<Float>::digits - 1;
  constexpr Bits kMantissaMask = (Bits(1) << kMantissaBits) - 1;
  constexpr Bits kSignBit = Bits(1) << (sizeof(Bits) * 8 - 1);
  constexpr Bits kInfinity = std::bit_cast<Bits>(std::numeric_limits<Float>::infinity());

  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  Bits bits = 0;
  if (text == "nan" || text == "NaN") {
    bits = kInfinity | (Bits(1) << (kMantissaBits - 1));
  } else if (text.starts_with("nan:")) {
    std::string_view payload = text.substr(4);
    if (!starts_with_hex_prefix(payload)) return std::nullopt;
    std::optional<uint64_t> value = parse_uint(payload.substr(2), 16);
    if (!value || *value == 0 || *value > kMantissaMask) return std::nullopt;
    bits = kInfinity | Bits(*value);
  } else if (text == "inf" || text == "infinity") {
    bits = kInfinity;
  } else {
    auto format = std::chars_format::general;
    if (starts_with_hex_prefix(text)) {
      format = std::chars_format::hex;
      text.remove_prefix(2);
    }
    if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
    Float value{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, format);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    bits = std::bit_cast<Bits>(value);
  }
  return negative ? Bits(bits | kSignBit) : bits;
}

std::optional<V128> parse_v128(std::string_view text) {
  if (!starts_with_hex_prefix(text)) return std::nullopt;
  text.remove_prefix(2);
  if (text.empty() || text.size() > 32) return std::nullopt;
  V128 bytes{};
  size_t index = 0;
  while (!text.empty()) {
    size_t take = text.size() >= 2 ? 2 : 1;
    std::optional<uint64_t> byte = parse_uint(text.substr(text.size() - take), 16);
    if (!byte) return std::nullopt;
    bytes[index++] = uint8_t(*byte);
    text.remove_suffix(take);
  }
  return bytes;
}

template <class Float, class Bits>
std::string format_float(Bits bits) {
  constexpr int kMantissaBits = std::numeric_limits<Float>::digits - 1;
  constexpr Bits kMantissaMask = (Bits(1) << kMantissaBits) - 1;
  constexpr Bits kSignBit = Bits(1) << (sizeof(Bits) * 8 - 1);
  constexpr Bits kQuietBit = Bits(1) << (kMantissaBits - 1);
  Float value = std::bit_cast<Float>(bits);
  if (value != value) {
    std::string out = bits & kSignBit ? "-nan" : "nan";
    Bits payload = bits & kMantissaMask;
    if (payload != kQuietBit) {
      char buf[32];
      std::snprintf(buf, sizeof buf, ":0x%llx", static_cast<unsigned long long>(payload));
      out += buf;
    }
    return out;
  }
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, ptr);
}

const char* limits_text(const Limits& limits, std::string& storage) {
  storage = std::to_string(limits.min);
  if (limits.max) storage += " " + std::to_string(*limits.max);
  return storage.c_str();
}

}  // namespace

std::optional<Val> parse_val(ValKind kind, std::string_view text) {
  switch (kind) {
    case ValKind::I32:
      if (auto bits = parse_int(text, 32)) return Val::i32(int32_t(uint32_t(*bits)));
      return std::nullopt;
    case ValKind::I64:
      if (auto bits = parse_int(text, 64)) return Val::i64(int64_t(*bits));
      return std::nullopt;
    case ValKind::F32:
      if (auto bits = parse_float<float, uint32_t>(text)) return Val::f32_bits(*bits);
      return std::nullopt;
    case ValKind::F64:
      if (auto bits = parse_float<double, uint64_t>(text)) return Val::f64_bits(*bits);
      return std::nullopt;
    case ValKind::V128:
      if (auto bytes = parse_v128(text)) return Val::v128(*bytes);
      return std::nullopt;
    case ValKind::FuncRef:
      if (text == "null") return Val::null_ref(ValKind::FuncRef);
      return std::nullopt;
    case ValKind::ExternRef:
      if (text == "null") return Val::null_ref(ValKind::ExternRef);
      if (auto host = parse_uint(text, 10)) return Val::externref(*host);
      return std::nullopt;
  }
  return std::nullopt;
}

std::string format_val(const Val& value) {
  switch (value.kind()) {
    case ValKind::I32: return std::to_string(value.as_i32());
    case ValKind::I64: return std::to_string(value.as_i64());
    case ValKind::F32: return format_float<float>(value.f32_bits());
    case ValKind::F64: return format_float<double>(value.f64_bits());
    case ValKind::V128: {
      std::string out = "0x";
      char buf[4];
      for (size_t i = 16; i-- > 0;) {
        std::snprintf(buf, sizeof buf, "%02x", value.as_v128()[i]);
        out += buf;
      }
      return out;
    }
    case ValKind::FuncRef: return value.is_null() ? "null" : "funcref";
    case ValKind::ExternRef:
      return value.is_null() ? "null" : "externref:" + std::to_string(value.as_ref().host);
  }
  return "?";
}

std::string format_func_type(const FuncType& type) {
  std::string out = "func";
  if (!type.params.empty()) {
    out += " (param";
    for (ValKind k : type.params) out += std::string(" ") + to_string(k);
    out += ")";
  }
  if (!type.results.empty()) {
    out += " (result";
    for (ValKind k : type.results) out += std::string(" ") + to_string(k);
    out += ")";
  }
  return out;
}

std::string format_extern_type(const ExternType& type) {
  std::string storage;
  switch (type.kind) {
    case ExternKind::Func: return format_func_type(type.func);
    case ExternKind::Table:
      return std::string("table ") + limits_text(type.table.limits, storage) + " " +
             to_string(type.table.element);
    case ExternKind::Memory: return std::string("memory ") + limits_text(type.memory.limits, storage);
    case ExternKind::Global: {
      std::string content = to_string(type.global.content);
      return "global " + (type.global.is_mutable ? "(mut " + content + ")" : content);
    }
  }
  return "?";
}

}  // namespace mosaic::cli
