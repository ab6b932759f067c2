// Value (include/mosaic/component/value.h): the dynamic component value.

#include "mosaic/component/value.h"

#include <bit>

namespace mosaic::component {

Value Value::make_bool(bool v) {
  Value r(TypeKind::Bool);
  r.bits_ = v ? 1 : 0;
  return r;
}
Value Value::s8(int8_t v) {
  Value r(TypeKind::S8);
  r.bits_ = uint64_t(int64_t(v));
  return r;
}
Value Value::u8(uint8_t v) {
  Value r(TypeKind::U8);
  r.bits_ = v;
  return r;
}
Value Value::s16(int16_t v) {
  Value r(TypeKind::S16);
  r.bits_ = uint64_t(int64_t(v));
  return r;
}
Value Value::u16(uint16_t v) {
  Value r(TypeKind::U16);
  r.bits_ = v;
  return r;
}
Value Value::s32(int32_t v) {
  Value r(TypeKind::S32);
  r.bits_ = uint64_t(int64_t(v));
  return r;
}
Value Value::u32(uint32_t v) {
  Value r(TypeKind::U32);
  r.bits_ = v;
  return r;
}
Value Value::s64(int64_t v) {
  Value r(TypeKind::S64);
  r.bits_ = uint64_t(v);
  return r;
}
Value Value::u64(uint64_t v) {
  Value r(TypeKind::U64);
  r.bits_ = v;
  return r;
}
Value Value::f32(float v) {
  Value r(TypeKind::F32);
  r.bits_ = std::bit_cast<uint32_t>(v);
  return r;
}
Value Value::f64(double v) {
  Value r(TypeKind::F64);
  r.bits_ = std::bit_cast<uint64_t>(v);
  return r;
}
float Value::as_f32() const { return std::bit_cast<float>(uint32_t(bits_)); }
double Value::as_f64() const { return std::bit_cast<double>(bits_); }

Value Value::make_char(char32_t v) {
  Value r(TypeKind::Char);
  r.bits_ = uint32_t(v);
  return r;
}
Value Value::string(std::string utf8) { return string(std::move(utf8), StringSource::Utf8); }
Value Value::string(std::string utf8, StringSource source) {
  Value r(TypeKind::String);
  r.str_ = std::move(utf8);
  r.bits_ = uint64_t(source);
  return r;
}
Value Value::list(std::vector<Value> items) {
  Value r(TypeKind::List);
  r.items_ = std::move(items);
  return r;
}
Value Value::fixed_list(std::vector<Value> items) {
  Value r(TypeKind::FixedList);
  r.items_ = std::move(items);
  return r;
}
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
Value Value::tuple(std::vector<Value> items) {
  Value r(TypeKind::Tuple);
  r.items_ = std::move(items);
  return r;
}
Value Value::variant(std::string case_name, std::optional<Value> payload) {
  Value r(TypeKind::Variant);
  r.str_ = std::move(case_name);
  if (payload) r.items_.push_back(std::move(*payload));
  return r;
}
Value Value::enum_case(std::string case_name) {
  Value r(TypeKind::Enum);
  r.str_ = std::move(case_name);
  return r;
}
Value Value::option(std::optional<Value> payload) {
  Value r(TypeKind::Option);
  r.bits_ = payload ? 1 : 0;
  if (payload) r.items_.push_back(std::move(*payload));
  return r;
}
Value Value::ok(std::optional<Value> payload) {
  Value r(TypeKind::Result);
  r.bits_ = 0;
  if (payload) r.items_.push_back(std::move(*payload));
  return r;
}
Value Value::err(std::optional<Value> payload) {
  Value r(TypeKind::Result);
  r.bits_ = 1;
  if (payload) r.items_.push_back(std::move(*payload));
  return r;
}
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

bool Value::operator==(const Value& o) const {
  if (kind_ != o.kind_) return false;
  // A string's bits_ hold only its source encoding.
  if (kind_ != TypeKind::String && bits_ != o.bits_) return false;
  return str_ == o.str_ && items_ == o.items_ && names_ == o.names_ && res_ == o.res_;
}

}  // namespace mosaic::component
