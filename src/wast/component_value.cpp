#include "wast/component_value.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "support/utf8.h"
#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

using component::TypeKind;
using component::Value;
using nlohmann::json;

// Values nest at most this deep (the converter's reader has the same kind of limit).
constexpr int kMaxDepth = 1000;

const json& member(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw ScriptError(std::string("component value without \"") + key + "\": " + j.dump());
  return *it;
}

const std::string& string_member(const json& j, const char* key) {
  const json& m = member(j, key);
  if (!m.is_string()) throw ScriptError(std::string("component value: \"") + key + "\" is not a string");
  return m.get_ref<const std::string&>();
}

const json& array_member(const json& j, const char* key) {
  const json& m = member(j, key);
  if (!m.is_array()) throw ScriptError(std::string("component value: \"") + key + "\" is not an array");
  return m;
}

template <class T>
T parse_number(const std::string& text) {
  T v{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw ScriptError("component value: bad number \"" + text + "\"");
  return v;
}

// The one Unicode scalar value of a UTF-8 string (char.const).
char32_t single_char(const std::string& s) {
  auto b = [&](size_t i) { return i < s.size() ? uint8_t(s[i]) : uint8_t(0); };
  uint8_t c = b(0);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || s.size() != len) throw ScriptError("char.const: not one UTF-8 character");
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t i = 1; i < len; ++i) {
    if ((b(i) & 0xc0) != 0x80) throw ScriptError("char.const: bad UTF-8");
    cp = (cp << 6) | (b(i) & 0x3f);
  }
  return cp;
}

std::string utf8(char32_t cp) {
  std::string out;
  support::append_utf8(out, cp);
  return out;
}

bool is_nan_text(const json& j) { return j.is_string() && j.get_ref<const std::string&>() == "nan"; }

std::optional<Value> optional_payload(const json& j, int depth);

Value from_json(const json& j, int depth) {
  if (depth > kMaxDepth) throw ScriptError("component value nested too deeply");
  if (!j.is_object()) throw ScriptError("component value is not an object: " + j.dump());
  const std::string& type = string_member(j, "type");
  auto items = [&]() {
    std::vector<Value> out;
    for (const json& item : array_member(j, "items")) out.push_back(from_json(item, depth + 1));
    return out;
  };
  if (type == "bool") {
    const json& v = member(j, "value");
    if (!v.is_boolean()) throw ScriptError("bool value is not true or false");
    return Value::make_bool(v.get<bool>());
  }
  if (type == "u8") return Value::u8(parse_number<uint8_t>(string_member(j, "value")));
  if (type == "s8") return Value::s8(parse_number<int8_t>(string_member(j, "value")));
  if (type == "u16") return Value::u16(parse_number<uint16_t>(string_member(j, "value")));
  if (type == "s16") return Value::s16(parse_number<int16_t>(string_member(j, "value")));
  if (type == "u32") return Value::u32(parse_number<uint32_t>(string_member(j, "value")));
  if (type == "s32") return Value::s32(parse_number<int32_t>(string_member(j, "value")));
  if (type == "u64") return Value::u64(parse_number<uint64_t>(string_member(j, "value")));
  if (type == "s64") return Value::s64(parse_number<int64_t>(string_member(j, "value")));
  if (type == "f32") {
    const json& v = member(j, "value");
    if (is_nan_text(v)) return Value::f32(std::numeric_limits<float>::quiet_NaN());
    return Value::f32(std::bit_cast<float>(parse_number<uint32_t>(string_member(j, "value"))));
  }
  if (type == "f64") {
    const json& v = member(j, "value");
    if (is_nan_text(v)) return Value::f64(std::numeric_limits<double>::quiet_NaN());
    return Value::f64(std::bit_cast<double>(parse_number<uint64_t>(string_member(j, "value"))));
  }
  if (type == "char") return Value::make_char(single_char(string_member(j, "value")));
  if (type == "string") return Value::string(string_member(j, "value"));
  if (type == "list") return Value::list(items());
  if (type == "tuple") return Value::tuple(items());
  if (type == "record") {
    std::vector<std::pair<std::string, Value>> fields;
    for (const json& f : array_member(j, "fields")) {
      if (!f.is_array() || f.size() != 2 || !f[0].is_string())
        throw ScriptError("record field is not [name, value]");
      fields.emplace_back(f[0].get<std::string>(), from_json(f[1], depth + 1));
    }
    return Value::record(std::move(fields));
  }
  if (type == "variant") return Value::variant(string_member(j, "case"), optional_payload(j, depth));
  if (type == "enum") return Value::enum_case(string_member(j, "case"));
  if (type == "flags") {
    std::vector<std::string> names;
    for (const json& n : array_member(j, "names")) {
      if (!n.is_string()) throw ScriptError("flag name is not a string");
      names.push_back(n.get<std::string>());
    }
    return Value::flags(std::move(names));
  }
  if (type == "option") return Value::option(optional_payload(j, depth));
  if (type == "result") {
    const json& ok = member(j, "ok");
    if (!ok.is_boolean()) throw ScriptError("result value: \"ok\" is not true or false");
    return ok.get<bool>() ? Value::ok(optional_payload(j, depth)) : Value::err(optional_payload(j, depth));
  }
  throw ScriptError("unknown component value type \"" + type + "\"");
}

std::optional<Value> optional_payload(const json& j, int depth) {
  auto it = j.find("value");
  if (it == j.end() || it->is_null()) return std::nullopt;
  return from_json(*it, depth + 1);
}

// A list<u8> held as bytes (Value::bytes) as the same list of u8 values, for the comparisons and texts.
Value as_items(const Value& v) {
  std::vector<Value> items;
  items.reserve(v.as_bytes().size());
  for (uint8_t b : v.as_bytes()) items.push_back(Value::u8(b));
  return Value::list(std::move(items));
}

bool matches(const json& e, const Value& a, int depth) {
  if (depth > kMaxDepth) throw ScriptError("component value nested too deeply");
  if (a.is_bytes()) return matches(e, as_items(a), depth);
  if (!e.is_object()) throw ScriptError("component value is not an object: " + e.dump());
  const std::string& type = string_member(e, "type");
  if (type == "f32" && is_nan_text(member(e, "value")))
    return a.kind() == TypeKind::F32 && std::isnan(a.as_f32());
  if (type == "f64" && is_nan_text(member(e, "value")))
    return a.kind() == TypeKind::F64 && std::isnan(a.as_f64());
  Value want = from_json(e, depth);
  if (want.kind() != a.kind()) return false;
  auto payload_matches = [&]() {
    auto it = e.find("value");
    bool has = it != e.end() && !it->is_null();
    if (has != (a.payload() != nullptr)) return false;
    return !has || matches(*it, *a.payload(), depth + 1);
  };
  auto items_match = [&](const json& list) {
    if (list.size() != a.items().size()) return false;
    for (size_t i = 0; i < list.size(); ++i)
      if (!matches(list[i], a.items()[i], depth + 1)) return false;
    return true;
  };
  switch (a.kind()) {
    case TypeKind::F32: return std::bit_cast<uint32_t>(want.as_f32()) == std::bit_cast<uint32_t>(a.as_f32());
    case TypeKind::F64: return std::bit_cast<uint64_t>(want.as_f64()) == std::bit_cast<uint64_t>(a.as_f64());
    case TypeKind::List:
    case TypeKind::FixedList:
    case TypeKind::Tuple: return items_match(array_member(e, "items"));
    case TypeKind::Record: {
      const json& fields = array_member(e, "fields");
      if (fields.size() != a.items().size() || a.field_names().size() != a.items().size()) return false;
      for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i][0] != a.field_names()[i] || !matches(fields[i][1], a.items()[i], depth + 1))
          return false;
      return true;
    }
    case TypeKind::Variant: return want.case_name() == a.case_name() && payload_matches();
    case TypeKind::Option: return want.is_some() == a.is_some() && payload_matches();
    case TypeKind::Result: return want.is_err() == a.is_err() && payload_matches();
    case TypeKind::Flags: {
      std::vector<std::string> w = want.flag_names(), g = a.flag_names();
      std::sort(w.begin(), w.end());
      std::sort(g.begin(), g.end());
      return w == g;
    }
    default: return want == a;
  }
}

std::string quote_text(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      const char* hex = "0123456789abcdef";
      out += '\\';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

std::string float_text(double v, uint64_t bits, bool is32) {
  if (std::isnan(v)) {
    uint64_t payload = is32 ? bits & 0x7fffffu : bits & 0xfffffffffffffull;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%snan:0x%llx", std::signbit(v) ? "-" : "", (unsigned long long)payload);
    return buf;
  }
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, is32 ? "%.9g" : "%.17g", v);
  return buf;
}

std::string text(const Value& v, int depth) {
  if (depth > kMaxDepth) return "(...)";
  if (v.is_bytes()) return text(as_items(v), depth);
  auto list = [&](const char* head) {
    std::string out = std::string("(") + head;
    for (const Value& item : v.items()) out += " " + text(item, depth + 1);
    return out + ")";
  };
  auto payload = [&](std::string head) {
    if (const Value* p = v.payload()) head += " " + text(*p, depth + 1);
    return "(" + head + ")";
  };
  switch (v.kind()) {
    case TypeKind::Bool: return v.as_bool() ? "(bool.const true)" : "(bool.const false)";
    case TypeKind::S8:
    case TypeKind::S16:
    case TypeKind::S32:
    case TypeKind::S64:
      return std::string("(") + component::to_string(v.kind()) + ".const " + std::to_string(v.as_signed()) +
             ")";
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64:
      return std::string("(") + component::to_string(v.kind()) + ".const " + std::to_string(v.as_unsigned()) +
             ")";
    case TypeKind::F32:
      return "(f32.const " + float_text(v.as_f32(), std::bit_cast<uint32_t>(v.as_f32()), true) + ")";
    case TypeKind::F64:
      return "(f64.const " + float_text(v.as_f64(), std::bit_cast<uint64_t>(v.as_f64()), false) + ")";
    case TypeKind::Char: {
      char32_t c = v.as_char();
      if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return "(char.const <invalid " + std::to_string(c) + ">)";
      return "(char.const " + quote_text(utf8(c)) + ")";
    }
    case TypeKind::String: return "(str.const " + quote_text(v.as_string()) + ")";
    case TypeKind::List: return list("list.const");
    case TypeKind::FixedList: return list("list.const");
    case TypeKind::Tuple: return list("tuple.const");
    case TypeKind::Record: {
      std::string out = "(record.const";
      for (size_t i = 0; i < v.items().size(); ++i) {
        std::string name = i < v.field_names().size() ? v.field_names()[i] : "?";
        std::string item = text(v.items()[i], depth + 1);
        out += " (field " + quote_text(name) + " " + item.substr(1, item.size() - 2) + ")";
      }
      return out + ")";
    }
    case TypeKind::Variant: return payload("variant.const " + quote_text(v.case_name()));
    case TypeKind::Enum: return "(enum.const " + quote_text(v.case_name()) + ")";
    case TypeKind::Option: return v.is_some() ? payload("option.some") : "(option.none)";
    case TypeKind::Result: return payload(v.is_err() ? "result.err" : "result.ok");
    case TypeKind::Flags: {
      std::string out = "(flags.const";
      for (const std::string& n : v.flag_names()) out += " " + quote_text(n);
      return out + ")";
    }
    case TypeKind::Own:
    case TypeKind::Borrow:
      return std::string("(") + component::to_string(v.kind()) +
             " rep=" + std::to_string(v.as_resource().rep) + ")";
    default: return std::string("(") + component::to_string(v.kind()) + ")";
  }
}

}  // namespace

Value component_value_from_json(const json& j) { return from_json(j, 0); }

bool component_value_matches(const json& expected, const Value& actual) {
  return matches(expected, actual, 0);
}

std::string component_value_text(const Value& v) { return text(v, 0); }

std::string component_values_text(std::span<const Value> values) {
  std::string out;
  for (const Value& v : values) out += " " + text(v, 0);
  return out;
}

std::string component_json_text(const json& j) {
  if (j.is_object() && j.contains("value") && is_nan_text(j["value"]) && j.contains("type"))
    return "(" + j["type"].get<std::string>() + ".const nan)";
  try {
    return text(from_json(j, 0), 0);
  } catch (const ScriptError&) {
    return j.dump();
  }
}

}  // namespace mosaic::wast
