#include "wast/value.h"

#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "wast/nan.h"
#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

using nlohmann::json;

size_t lane_bytes(LaneType lane) { return 16 / lane_count(lane); }
bool is_float_lane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

std::string hex(uint64_t bits, int digits = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(bits));
  return buf;
}

uint64_t read_lane(const V128& v, LaneType lane, size_t index) {
  uint64_t bits = 0;
  std::memcpy(&bits, v.data() + index * lane_bytes(lane), lane_bytes(lane));
  return bits;
}

void write_lane(V128& v, LaneType lane, size_t index, uint64_t bits) {
  std::memcpy(v.data() + index * lane_bytes(lane), &bits, lane_bytes(lane));
}

const std::string& string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    throw ScriptError(std::string("value without a \"") + key + "\" string");
  return it->get_ref<const std::string&>();
}

ValKind kind_of(const json& j) {
  const std::string& type = string_field(j, "type");
  auto kind = parse_val_kind(type);
  if (!kind) throw ScriptError("unknown value type \"" + type + "\"");
  return *kind;
}

LaneType lane_type_of(const json& j) {
  const std::string& text = string_field(j, "lane_type");
  auto lane = parse_lane_type(text);
  if (!lane) throw ScriptError("unknown lane type \"" + text + "\"");
  return *lane;
}

const json& lanes_of(const json& j, LaneType lane) {
  auto it = j.find("value");
  if (it == j.end() || !it->is_array() || it->size() != lane_count(lane))
    throw ScriptError("v128 value needs " + std::to_string(lane_count(lane)) + " lanes of type " +
                      to_string(lane));
  return *it;
}

std::optional<NanPattern> parse_nan_pattern(std::string_view text) {
  if (text == "nan:canonical") return NanPattern::Canonical;
  if (text == "nan:arithmetic") return NanPattern::Arithmetic;
  return std::nullopt;
}

unsigned bit_width_of(ValKind kind) { return kind == ValKind::I32 || kind == ValKind::F32 ? 32 : 64; }

Val scalar_from_bits(ValKind kind, uint64_t bits) {
  switch (kind) {
    case ValKind::I32: return Val::i32(int32_t(uint32_t(bits)));
    case ValKind::I64: return Val::i64(int64_t(bits));
    case ValKind::F32: return Val::f32_bits(uint32_t(bits));
    default: return Val::f64_bits(bits);
  }
}

uint64_t scalar_bits(const Val& v) {
  switch (v.kind()) {
    case ValKind::I32: return uint32_t(v.as_i32());
    case ValKind::I64: return uint64_t(v.as_i64());
    case ValKind::F32: return v.f32_bits();
    case ValKind::F64: return v.f64_bits();
    default: return 0;
  }
}

std::string format_float(uint64_t bits, bool is_f32) {
  bool nan = is_f32 ? is_nan_f32(uint32_t(bits)) : is_nan_f64(bits);
  if (nan) {
    bool negative = is_f32 ? (bits >> 31) & 1 : (bits >> 63) & 1;
    uint64_t payload = is_f32 ? bits & 0x7fffffu : bits & 0xfffffffffffffull;
    return std::string(negative ? "-" : "") + "nan:" + hex(payload);
  }
  char buf[64];
  std::to_chars_result r = is_f32 ? std::to_chars(buf, buf + sizeof buf, std::bit_cast<float>(uint32_t(bits)))
                                  : std::to_chars(buf, buf + sizeof buf, std::bit_cast<double>(bits));
  return std::string(buf, r.ptr);
}

std::string format_lane(uint64_t bits, LaneType lane) {
  if (lane == LaneType::F32) return format_float(bits, true);
  if (lane == LaneType::F64) return format_float(bits, false);
  return std::to_string(bits);
}

const char* to_string(NanPattern nan) {
  return nan == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

bool matches_nan(NanPattern nan, uint64_t bits, bool is_f32) {
  if (nan == NanPattern::Canonical)
    return is_f32 ? is_canonical_nan_f32(uint32_t(bits)) : is_canonical_nan_f64(bits);
  return is_f32 ? is_arithmetic_nan_f32(uint32_t(bits)) : is_arithmetic_nan_f64(bits);
}

}  // namespace

size_t lane_count(LaneType lane) {
  switch (lane) {
    case LaneType::I8: return 16;
    case LaneType::I16: return 8;
    case LaneType::I32:
    case LaneType::F32: return 4;
    case LaneType::I64:
    case LaneType::F64: return 2;
  }
  return 4;
}

const char* to_string(LaneType lane) {
  switch (lane) {
    case LaneType::I8: return "i8";
    case LaneType::I16: return "i16";
    case LaneType::I32: return "i32";
    case LaneType::I64: return "i64";
    case LaneType::F32: return "f32";
    case LaneType::F64: return "f64";
  }
  return "?";
}

std::optional<LaneType> parse_lane_type(std::string_view text) {
  for (LaneType lane :
       {LaneType::I8, LaneType::I16, LaneType::I32, LaneType::I64, LaneType::F32, LaneType::F64})
    if (text == to_string(lane)) return lane;
  return std::nullopt;
}

std::optional<ValKind> parse_val_kind(std::string_view text) {
  if (text == "i32") return ValKind::I32;
  if (text == "i64") return ValKind::I64;
  if (text == "f32") return ValKind::F32;
  if (text == "f64") return ValKind::F64;
  if (text == "v128") return ValKind::V128;
  if (text == "funcref") return ValKind::FuncRef;
  if (text == "externref") return ValKind::ExternRef;
  return std::nullopt;
}

uint64_t parse_bits(std::string_view text, unsigned width) {
  const uint64_t mask = width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!text.empty() && text.front() == '-') {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(first, last, value);
    int64_t lowest = width >= 64 ? INT64_MIN : -(int64_t(1) << (width - 1));
    if (ec != std::errc() || ptr != last || value < lowest)
      throw ScriptError("bad " + std::to_string(width) + "-bit integer \"" + std::string(text) + "\"");
    return uint64_t(value) & mask;
  }
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || value > mask)
    throw ScriptError("bad " + std::to_string(width) + "-bit integer \"" + std::string(text) + "\"");
  return value;
}

Val parse_value(const json& j) {
  ValKind kind = kind_of(j);
  switch (kind) {
    case ValKind::I32:
    case ValKind::I64:
    case ValKind::F32:
    case ValKind::F64:
      return scalar_from_bits(kind, parse_bits(string_field(j, "value"), bit_width_of(kind)));
    case ValKind::V128: {
      LaneType lane = lane_type_of(j);
      const json& lanes = lanes_of(j, lane);
      V128 v{};
      for (size_t i = 0; i < lanes.size(); ++i) {
        if (!lanes[i].is_string()) throw ScriptError("v128 lane is not a string");
        write_lane(v, lane, i,
                   parse_bits(lanes[i].get_ref<const std::string&>(), unsigned(lane_bytes(lane) * 8)));
      }
      return Val::v128(v);
    }
    case ValKind::FuncRef: {
      const std::string& text = string_field(j, "value");
      if (text == "null") return Val::null_ref(ValKind::FuncRef);
      throw ScriptError("a funcref argument other than null cannot be made by a script");
    }
    case ValKind::ExternRef: {
      const std::string& text = string_field(j, "value");
      if (text == "null") return Val::null_ref(ValKind::ExternRef);
      return Val::externref(parse_bits(text, 64));
    }
  }
  throw ScriptError("unknown value type");
}

ValuePattern parse_pattern(const json& j) {
  ValuePattern p;
  p.kind = kind_of(j);
  switch (p.kind) {
    case ValKind::I32:
    case ValKind::I64: p.bits = parse_bits(string_field(j, "value"), bit_width_of(p.kind)); break;
    case ValKind::F32:
    case ValKind::F64: {
      const std::string& text = string_field(j, "value");
      if (auto nan = parse_nan_pattern(text))
        p.nan = *nan;
      else
        p.bits = parse_bits(text, bit_width_of(p.kind));
      break;
    }
    case ValKind::V128: {
      p.lane_type = lane_type_of(j);
      const json& lanes = lanes_of(j, p.lane_type);
      for (size_t i = 0; i < lanes.size(); ++i) {
        if (!lanes[i].is_string()) throw ScriptError("v128 lane is not a string");
        const std::string& text = lanes[i].get_ref<const std::string&>();
        if (auto nan = parse_nan_pattern(text); nan && is_float_lane(p.lane_type)) {
          p.lane_nans[i] = *nan;
          continue;
        }
        write_lane(p.v128, p.lane_type, i, parse_bits(text, unsigned(lane_bytes(p.lane_type) * 8)));
      }
      break;
    }
    case ValKind::FuncRef:
    case ValKind::ExternRef: {
      auto it = j.find("value");
      if (it == j.end()) {
        p.ref = RefPattern::NonNull;
      } else if (!it->is_string()) {
        throw ScriptError("reference value is not a string");
      } else if (*it == "null") {
        p.ref = RefPattern::Null;
      } else if (p.kind == ValKind::FuncRef) {
        p.ref = RefPattern::NonNull;  // a function index: any function will do
      } else {
        p.ref = RefPattern::Host;
        p.bits = parse_bits(it->get_ref<const std::string&>(), 64);
      }
      break;
    }
  }
  return p;
}

bool matches(const ValuePattern& p, const Val& v) {
  if (p.kind != v.kind()) return false;
  switch (p.kind) {
    case ValKind::I32:
    case ValKind::I64: return scalar_bits(v) == p.bits;
    case ValKind::F32:
    case ValKind::F64:
      if (p.nan != NanPattern::None) return matches_nan(p.nan, scalar_bits(v), p.kind == ValKind::F32);
      return scalar_bits(v) == p.bits;
    case ValKind::V128:
      for (size_t i = 0; i < lane_count(p.lane_type); ++i) {
        uint64_t got = read_lane(v.as_v128(), p.lane_type, i);
        if (is_float_lane(p.lane_type) && p.lane_nans[i] != NanPattern::None) {
          if (!matches_nan(p.lane_nans[i], got, p.lane_type == LaneType::F32)) return false;
        } else if (got != read_lane(p.v128, p.lane_type, i)) {
          return false;
        }
      }
      return true;
    case ValKind::FuncRef:
    case ValKind::ExternRef:
      switch (p.ref) {
        case RefPattern::Null: return v.is_null();
        case RefPattern::NonNull: return !v.is_null();
        case RefPattern::Host: return !v.is_null() && v.as_ref().host == p.bits;
      }
  }
  return false;
}

std::string format_value(const Val& v, LaneType lanes) {
  switch (v.kind()) {
    case ValKind::I32: return "i32:" + std::to_string(v.as_i32()) + " (" + hex(uint32_t(v.as_i32())) + ")";
    case ValKind::I64: return "i64:" + std::to_string(v.as_i64()) + " (" + hex(uint64_t(v.as_i64())) + ")";
    case ValKind::F32: return "f32:" + format_float(v.f32_bits(), true) + " (" + hex(v.f32_bits(), 8) + ")";
    case ValKind::F64: return "f64:" + format_float(v.f64_bits(), false) + " (" + hex(v.f64_bits(), 16) + ")";
    case ValKind::V128: {
      std::string out = std::string("v128:") + to_string(lanes) + "x" + std::to_string(lane_count(lanes));
      for (size_t i = 0; i < lane_count(lanes); ++i)
        out += " " + format_lane(read_lane(v.as_v128(), lanes, i), lanes);
      return out;
    }
    case ValKind::FuncRef: return v.is_null() ? "funcref:null" : "funcref:<function>";
    case ValKind::ExternRef:
      return v.is_null() ? "externref:null" : "externref:" + std::to_string(v.as_ref().host);
  }
  return "?";
}

std::string format_pattern(const ValuePattern& p) {
  switch (p.kind) {
    case ValKind::I32:
    case ValKind::I64:
    case ValKind::F32:
    case ValKind::F64:
      if (p.nan != NanPattern::None) return std::string(to_string(p.kind)) + ":" + to_string(p.nan);
      return format_value(scalar_from_bits(p.kind, p.bits));
    case ValKind::V128: {
      std::string out =
          std::string("v128:") + to_string(p.lane_type) + "x" + std::to_string(lane_count(p.lane_type));
      for (size_t i = 0; i < lane_count(p.lane_type); ++i) {
        if (is_float_lane(p.lane_type) && p.lane_nans[i] != NanPattern::None)
          out += std::string(" ") + to_string(p.lane_nans[i]);
        else
          out += " " + format_lane(read_lane(p.v128, p.lane_type, i), p.lane_type);
      }
      return out;
    }
    case ValKind::FuncRef:
    case ValKind::ExternRef: {
      std::string name = p.kind == ValKind::FuncRef ? "funcref" : "externref";
      switch (p.ref) {
        case RefPattern::Null: return name + ":null";
        case RefPattern::NonNull: return name + ":<non-null>";
        case RefPattern::Host: return name + ":" + std::to_string(p.bits);
      }
    }
  }
  return "?";
}

std::string format_values(std::span<const Val> values, std::span<const ValuePattern> like) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    LaneType lanes = i < like.size() && like[i].kind == ValKind::V128 ? like[i].lane_type : LaneType::I32;
    out += format_value(values[i], lanes);
  }
  return out + ")";
}

std::string format_patterns(std::span<const ValuePattern> patterns) {
  std::string out = "(";
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (i) out += ", ";
    out += format_pattern(patterns[i]);
  }
  return out + ")";
}

}  // namespace mosaic::wast
