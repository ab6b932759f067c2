// Value (include/mosaic/component/value.h): the dynamic component value.

#include "mosaic/component/value.h"

#include <bit>

namespace mosaic::component {

Value Value::with_payload(TypeKind k, uint64_t bits, std::string case_name, std::optional<Value> payload) {
  Value r(k, bits);
  r.str_ = std::move(case_name);
  if (payload) r.items_.push_back(std::move(*payload));
  return r;
}
Value Value::with_items(TypeKind k, std::vector<Value> items) {
  Value r(k);
  r.items_ = std::move(items);
  return r;
}

// Signed integers keep their sign-extended 64-bit pattern, floats their bits.
Value Value::make_bool(bool v) { return Value(TypeKind::Bool, v ? 1 : 0); }
Value Value::s8(int8_t v) { return Value(TypeKind::S8, uint64_t(int64_t(v))); }
Value Value::u8(uint8_t v) { return Value(TypeKind::U8, v); }
Value Value::s16(int16_t v) { return Value(TypeKind::S16, uint64_t(int64_t(v))); }
Value Value::u16(uint16_t v) { return Value(TypeKind::U16, v); }
Value Value::s32(int32_t v) { return Value(TypeKind::S32, uint64_t(int64_t(v))); }
Value Value::u32(uint32_t v) { return Value(TypeKind::U32, v); }
Value Value::s64(int64_t v) { return Value(TypeKind::S64, uint64_t(v)); }
Value Value::u64(uint64_t v) { return Value(TypeKind::U64, v); }
Value Value::f32(float v) { return Value(TypeKind::F32, std::bit_cast<uint32_t>(v)); }
Value Value::f64(double v) { return Value(TypeKind::F64, std::bit_cast<uint64_t>(v)); }
float Value::as_f32() const { return std::bit_cast<float>(uint32_t(bits_)); }
double Value::as_f64() const { return std::bit_cast<double>(bits_); }
Value Value::make_char(char32_t v) { return Value(TypeKind::Char, uint32_t(v)); }

Value Value::string(std::string utf8) { return string(std::move(utf8), StringSource::Utf8); }
Value Value::string(std::string utf8, StringSource source) {
  Value r(TypeKind::String, uint64_t(source));
  r.str_ = std::move(utf8);
  return r;
}
Value Value::list(std::vector<Value> items) { return with_items(TypeKind::List, std::move(items)); }
Value Value::fixed_list(std::vector<Value> items) { return with_items(TypeKind::FixedList, std::move(items)); }
Value Value::tuple(std::vector<Value> items) { return with_items(TypeKind::Tuple, std::move(items)); }
Value Value::record(std::vector<std::pair<std::string, Value>> fields) {
  Value r(TypeKind::Record);
  r.items_.reserve(fields.size());
  r.names_.reserve(fields.size());
  for (auto& [name, v] : fields) {
    r.names_.push_back(std::move(name));
    r.items_.push_back(std::move(v));
  }
  return r;
}
Value Value::variant(std::string case_name, std::optional<Value> payload) {
  return with_payload(TypeKind::Variant, 0, std::move(case_name), std::move(payload));
}
Value Value::enum_case(std::string case_name) {
  return with_payload(TypeKind::Enum, 0, std::move(case_name), std::nullopt);
}
Value Value::option(std::optional<Value> payload) {
  const uint64_t some = payload ? 1 : 0;
  return with_payload(TypeKind::Option, some, {}, std::move(payload));
}
Value Value::ok(std::optional<Value> payload) { return with_payload(TypeKind::Result, 0, {}, std::move(payload)); }
Value Value::err(std::optional<Value> payload) { return with_payload(TypeKind::Result, 1, {}, std::move(payload)); }
Value Value::flags(std::vector<std::string> set) {
  Value r(TypeKind::Flags);
  r.names_ = std::move(set);
  return r;
}
Value Value::own(ResourceRef res) {
  Value r(TypeKind::Own);
  r.res_ = res;
  return r;
}
Value Value::borrow(ResourceRef res) {
  Value r(TypeKind::Borrow);
  r.res_ = res;
  return r;
}

namespace {
// A list of bytes against a list of values: equal when every value is the u8 of the same byte.
bool same_bytes(std::span<const uint8_t> bytes, const std::vector<Value>& items) {
  if (bytes.size() != items.size()) return false;
  for (size_t i = 0; i < bytes.size(); ++i)
    if (items[i].kind() != TypeKind::U8 || items[i].as_unsigned() != bytes[i]) return false;
  return true;
}
}  // namespace

bool Value::operator==(const Value& o) const {
  if (kind_ != o.kind_) return false;
  if (is_bytes() || o.is_bytes()) {
    if (is_bytes() && o.is_bytes()) return bytes_ == o.bytes_;
    return is_bytes() ? same_bytes(bytes_, o.items_) : same_bytes(o.bytes_, items_);
  }
  // A string's bits_ hold only its source encoding.
  if (kind_ != TypeKind::String && bits_ != o.bits_) return false;
  return str_ == o.str_ && items_ == o.items_ && names_ == o.names_ && res_ == o.res_;
}

Value Value::bytes(std::vector<uint8_t> data) {
  Value r(TypeKind::List, kBytesForm);
  r.bytes_ = std::move(data);
  return r;
}

bool Value::to_bytes(std::vector<uint8_t>& out) const {
  if (kind_ != TypeKind::List) return false;
  if (is_bytes()) {
    out.assign(bytes_.begin(), bytes_.end());
    return true;
  }
  out.clear();
  out.reserve(items_.size());
  for (const Value& v : items_) {
    if (v.kind() != TypeKind::U8) return false;
    out.push_back(uint8_t(v.as_unsigned()));
  }
  return true;
}

std::optional<std::span<const uint8_t>> Value::view_bytes(std::vector<uint8_t>& scratch) const {
  if (is_bytes()) return as_bytes();
  if (!to_bytes(scratch)) return std::nullopt;
  return std::span<const uint8_t>(scratch);
}

}  // namespace mosaic::component
