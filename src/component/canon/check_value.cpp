// Values against types: check_value (canon.h), and the value-shape helpers lowering uses (record fields by
// label, match_case, flags) so that a value of the wrong shape is a Usage error, never a crash.

#include "component/canon/abi.h"

namespace mosaic::component::canon {

namespace {
std::string kind_name(TypeKind k) { return to_string(k); }

Error mismatch(const std::string& where, const std::string& what) {
  return usage_error("value does not match its type" + (where.empty() ? "" : " at " + where) + ": " + what);
}

Result<void> check(const Value& v, const ValType& t, const std::string& where, uint32_t depth);
}  // namespace

Result<void> expect_kind(const Value& v, const ValType& t) {
  bool kind_ok = v.kind() == t.kind || (t.kind == TypeKind::FixedList && v.kind() == TypeKind::List);
  if (!kind_ok) return usage_error("expected a `" + kind_name(t.kind) + "` value, got `" + kind_name(v.kind()) + "`");
  switch (t.kind) {
    case TypeKind::FixedList:
      if (list_length(v) != t.length)
        return usage_error("expected a list of " + std::to_string(t.length) + " elements, got " +
                           std::to_string(list_length(v)));
      break;
    case TypeKind::Tuple:
      if (v.items().size() != t.types.size())
        return usage_error("expected a tuple of " + std::to_string(t.types.size()) + " elements, got " +
                           std::to_string(v.items().size()));
      break;
    case TypeKind::Record:
      if (v.items().size() != t.fields.size() || v.field_names().size() != v.items().size())
        return usage_error("expected a record of " + std::to_string(t.fields.size()) + " fields, got " +
                           std::to_string(v.items().size()));
      break;
    default: break;
  }
  return ok();
}

Result<void> check_bytes_element(const Value& v, const ValType& elem) {
  if (!v.is_bytes() || elem.kind == TypeKind::U8 || v.as_bytes().empty()) return ok();
  return usage_error("expected a `" + kind_name(elem.kind) + "` value, got `u8`");
}

Result<const Value*> record_field(const Value& v, const ValType& t, size_t i) {
  if (t.kind == TypeKind::Tuple) {
    if (i >= v.items().size()) return usage_error("tuple value has too few elements");
    return &v.items()[i];
  }
  const std::string& label = t.fields[i].name;
  const auto& names = v.field_names();
  if (i < names.size() && i < v.items().size() && names[i] == label) return &v.items()[i];
  for (size_t j = 0; j < names.size() && j < v.items().size(); ++j)
    if (names[j] == label) return &v.items()[j];
  return usage_error("record value has no field `" + label + "`");
}

Result<std::vector<uint32_t>> pack_flags(const Value& v, const ValType& t) {
  std::vector<uint32_t> words(std::max<uint32_t>(1, num_flag_words(t.labels.size())), 0);
  for (const auto& name : v.flag_names()) {
    size_t b = 0;
    while (b < t.labels.size() && t.labels[b] != name) ++b;
    if (b == t.labels.size()) return usage_error("unknown flag `" + name + "`");
    words[b / 32] |= uint32_t(1) << (b % 32);
  }
  return words;
}

// match_case: the index of the value's case, and a check that its payload is present exactly when the case
// has a type.
Result<size_t> match_case(const Value& v, const ValType& t) {
  MOSAIC_TRY(expect_kind(v, t));
  size_t index = 0;
  switch (t.kind) {
    case TypeKind::Variant:
    case TypeKind::Enum: {
      size_t n = case_count(t);
      while (index < n && case_label(t, index) != v.case_name()) ++index;
      if (index == n) return usage_error("unknown case `" + v.case_name() + "`");
      break;
    }
    case TypeKind::Option: index = v.is_some() ? 1 : 0; break;
    case TypeKind::Result: index = v.is_err() ? 1 : 0; break;
    default: return usage_error("not a variant type");
  }
  bool has_type = case_type(t, index) != nullptr;
  if (has_type && !v.payload())
    return usage_error("case `" + std::string(case_label(t, index)) + "` needs a payload");
  if (!has_type && v.payload())
    return usage_error("case `" + std::string(case_label(t, index)) + "` has no payload");
  return index;
}

Value make_case(const ValType& t, size_t i, std::optional<Value> payload) {
  switch (t.kind) {
    case TypeKind::Enum: return Value::enum_case(t.labels[i]);
    case TypeKind::Option: return Value::option(i == 1 ? std::move(payload) : std::nullopt);
    case TypeKind::Result: return i == 0 ? Value::ok(std::move(payload)) : Value::err(std::move(payload));
    default: return Value::variant(t.cases[i].name, std::move(payload));
  }
}

namespace {

Result<void> check(const Value& v, const ValType& t, const std::string& where, uint32_t depth) {
  if (depth > kMaxValueDepth) return mismatch(where, "value nesting too deep");
  auto r = expect_kind(v, t);
  if (!r) return mismatch(where, r.error().message);
  auto sub = [&](const std::string& part) { return where.empty() ? part : where + "." + part; };
  switch (t.kind) {
    case TypeKind::Char: {
      uint32_t c = uint32_t(v.as_char());
      if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF))
        return mismatch(where, "char " + std::to_string(c) + " is not a Unicode scalar value");
      return ok();
    }
    case TypeKind::List:
    case TypeKind::FixedList:
      if (v.is_bytes()) {  // bytes are u8 values: any list<u8> (or an empty list of anything)
        auto r = check_bytes_element(v, *t.element);
        if (!r) return mismatch(sub("[0]"), r.error().message);
        return ok();
      }
      for (size_t i = 0; i < v.items().size(); ++i)
        MOSAIC_TRY(check(v.items()[i], *t.element, sub("[" + std::to_string(i) + "]"), depth + 1));
      return ok();
    case TypeKind::Record:
    case TypeKind::Tuple:
      for (size_t i = 0, n = field_count(t); i < n; ++i) {
        auto f = record_field(v, t, i);
        if (!f) return mismatch(where, f.error().message);
        if (t.kind == TypeKind::Record) {
          size_t count = 0;
          for (const auto& name : v.field_names()) count += name == t.fields[i].name;
          if (count != 1) return mismatch(where, "field `" + t.fields[i].name + "` appears more than once");
        }
        std::string label = t.kind == TypeKind::Record ? t.fields[i].name : std::to_string(i);
        MOSAIC_TRY(check(**f, *field_type(t, i), sub(label), depth + 1));
      }
      return ok();
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: {
      auto index = match_case(v, t);
      if (!index) return mismatch(where, index.error().message);
      if (const auto& ct = case_type(t, *index))
        MOSAIC_TRY(check(*v.payload(), *ct, sub(std::string(case_label(t, *index))), depth + 1));
      return ok();
    }
    case TypeKind::Flags: {
      auto packed = pack_flags(v, t);
      if (!packed) return mismatch(where, packed.error().message);
      const auto& names = v.flag_names();
      for (size_t i = 0; i < names.size(); ++i)
        for (size_t j = i + 1; j < names.size(); ++j)
          if (names[i] == names[j]) return mismatch(where, "flag `" + names[i] + "` appears more than once");
      return ok();
    }
    case TypeKind::Own:
    case TypeKind::Borrow:
      if (v.as_resource().type == nullptr) return mismatch(where, "resource handle without a resource type");
      return ok();
    case TypeKind::String: {
      // Well-formed UTF-8 (the lowering encodes from it).
      const std::string& s = v.as_string();
      size_t i = 0;
      while (i < s.size()) {
        uint8_t b = uint8_t(s[i]);
        size_t need = b < 0x80                  ? 0
                      : b >= 0xC2 && b <= 0xDF ? 1
                      : b >= 0xE0 && b <= 0xEF ? 2
                      : b >= 0xF0 && b <= 0xF4 ? 3
                                               : 9;
        if (need == 9 || i + need >= s.size()) return mismatch(where, "string is not valid UTF-8");
        uint32_t c = need == 0 ? b : b & (0x3F >> need);
        for (size_t k = 1; k <= need; ++k) {
          uint8_t cb = uint8_t(s[i + k]);
          if ((cb & 0xC0) != 0x80) return mismatch(where, "string is not valid UTF-8");
          c = (c << 6) | (cb & 0x3F);
        }
        bool overlong = (need == 2 && c < 0x800) || (need == 3 && c < 0x10000);
        if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
          return mismatch(where, "string is not valid UTF-8");
        i += need + 1;
      }
      return ok();
    }
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future: return mismatch(where, std::string("`") + to_string(t.kind) + "` values are not supported");
    default: return ok();  // numbers: any bits are a value
  }
}

}  // namespace

Result<void> check_value(const Value& v, const ValTypePtr& t) {
  if (!t) return usage_error("value given where the type has none");
  return check(v, *t, "", 0);
}

}  // namespace mosaic::component::canon
