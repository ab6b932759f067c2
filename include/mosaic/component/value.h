#pragma once
// Value: one component-level value, as the canonical ABI lifts it from a guest and as an embedder builds it.
//
// A Value describes itself (record field names, case names, flag names), so it can be printed without its
// type; lowering checks it against the type it is lowered as (a Usage error when it does not fit).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mosaic/component/types.h"

namespace mosaic::component {

struct RtResource;  // a resource type at run time (src/component/runtime/runtime.h)

// A handle to a resource, as it crosses the host boundary: the runtime resource type and its representation
// (the i32 the owning component chose, or the host's own number for a host resource).
struct ResourceRef {
  RtResource* type = nullptr;
  uint32_t rep = 0;
  bool operator==(const ResourceRef&) const = default;
};

class Value {
 public:
  // Where a string lifted from a guest came from (CanonicalABI.md represents a string as its text, the source
  // encoding and its code units; lowering it sizes its allocations from them). latin1+utf16 strings are
  // Latin1 or CompactUtf16 by their UTF16_TAG bit. Host-made strings are Utf8.
  enum class StringSource : uint8_t { Utf8, Utf16, Latin1, CompactUtf16 };

  Value() = default;
  static Value make_bool(bool v);
  static Value s8(int8_t v);
  static Value u8(uint8_t v);
  static Value s16(int16_t v);
  static Value u16(uint16_t v);
  static Value s32(int32_t v);
  static Value u32(uint32_t v);
  static Value s64(int64_t v);
  static Value u64(uint64_t v);
  static Value f32(float v);
  static Value f64(double v);
  static Value make_char(char32_t v);      // a Unicode scalar value
  static Value string(std::string utf8);   // always UTF-8 here, whatever the guest's encoding
  static Value string(std::string utf8, StringSource source);
  static Value list(std::vector<Value> items);
  // A list<u8> held as bytes: what lifting a list<u8> gives and what hosts should make (one byte each, not
  // one Value each). Equal to the same list made of Value::u8 items. Lowering it into a list<u8> is one copy.
  static Value bytes(std::vector<uint8_t> data);
  static Value fixed_list(std::vector<Value> items);
  static Value record(std::vector<std::pair<std::string, Value>> fields);
  static Value tuple(std::vector<Value> items);
  static Value variant(std::string case_name, std::optional<Value> payload);
  static Value enum_case(std::string case_name);
  static Value option(std::optional<Value> payload);
  static Value ok(std::optional<Value> payload);
  static Value err(std::optional<Value> payload);
  static Value flags(std::vector<std::string> set);  // the names of the flags that are set
  static Value own(ResourceRef r);
  static Value borrow(ResourceRef r);

  TypeKind kind() const { return kind_; }

  bool as_bool() const { return bits_ != 0; }
  int64_t as_signed() const { return int64_t(bits_); }   // S8 .. S64, sign-extended
  uint64_t as_unsigned() const { return bits_; }         // U8 .. U64
  float as_f32() const;
  double as_f64() const;
  char32_t as_char() const { return char32_t(bits_); }
  const std::string& as_string() const { return str_; }  // String
  StringSource string_source() const { return StringSource(kind_ == TypeKind::String ? bits_ : 0); }
  // List, FixedList, Tuple: the elements. Record: the field values (names in field_names()). Variant, Option,
  // Result: zero or one payload.
  const std::vector<Value>& items() const { return items_; }
  // List: true when held as bytes (Value::bytes); then items() is empty and as_bytes() has the elements.
  // A list may be held either way, so code that reads a list<u8> reads both (to_bytes does).
  bool is_bytes() const { return kind_ == TypeKind::List && bits_ == kBytesForm; }
  std::span<const uint8_t> as_bytes() const { return bytes_; }
  // A list of u8 in either form, copied into `out`; false (out unspecified) for any other value.
  bool to_bytes(std::vector<uint8_t>& out) const;
  // A list of u8 in either form, without a copy when held as bytes: as_bytes(), else `scratch` filled by
  // to_bytes and viewed; nullopt for any other value.
  std::optional<std::span<const uint8_t>> view_bytes(std::vector<uint8_t>& scratch) const;
  const std::vector<std::string>& field_names() const { return names_; }  // Record
  const std::vector<std::string>& flag_names() const { return names_; }   // Flags
  const std::string& case_name() const { return str_; }                   // Variant, Enum
  bool is_some() const { return bits_ != 0; }                             // Option
  bool is_err() const { return bits_ != 0; }                              // Result
  const Value* payload() const { return items_.empty() ? nullptr : &items_[0]; }
  ResourceRef as_resource() const { return res_; }                        // Own, Borrow

  // Structural equality; a string's source encoding is not part of its value, nor a list's form (bytes or
  // u8 items).
  bool operator==(const Value& o) const;

 private:
  explicit Value(TypeKind k, uint64_t bits = 0) : kind_(k), bits_(bits) {}
  // Variant, Option and Result: a case name (Variant) or discriminant and zero or one payload.
  static Value with_payload(TypeKind k, uint64_t bits, std::string case_name, std::optional<Value> payload);
  static Value with_items(TypeKind k, std::vector<Value> items);
  static constexpr uint64_t kBytesForm = 1;  // bits_ of a List held in bytes_
  TypeKind kind_ = TypeKind::Bool;
  uint64_t bits_ = 0;                // bool, integers, float bits, char, option/result case, list form
  std::string str_;                  // String; Variant/Enum case name
  std::vector<Value> items_;
  std::vector<uint8_t> bytes_;       // List in the bytes form
  std::vector<std::string> names_;   // Record field names; Flags set
  ResourceRef res_;
};

}  // namespace mosaic::component
