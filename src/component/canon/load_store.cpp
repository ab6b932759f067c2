// Loading and storing values in linear memory (CanonicalABI.md "Loading" and "Storing"): load, store,
// load_list_from_range, store_list_into_range and the record, variant and flags layouts.

#include <bit>
#include <cmath>
#include <cstring>

#include "component/canon/abi.h"

namespace mosaic::component::canon {

namespace {

constexpr uint64_t MAX_LIST_BYTE_LENGTH = (uint64_t(1) << 28) - 1;
constexpr uint64_t REALLOC_I32_MAX = (uint64_t(1) << 32) - 1;
constexpr uint32_t CANONICAL_FLOAT32_NAN = 0x7fc00000;
constexpr uint64_t CANONICAL_FLOAT64_NAN = 0x7ff8000000000000;

Result<Value> load_at(LiftLowerContext& cx, uint32_t ptr, const ValType& t);
Result<void> store_at(LiftLowerContext& cx, const Value& v, const ValType& t, uint32_t ptr);

Error not_supported(const ValType& t) {
  return trap_error(std::string("canonical ABI: `") + to_string(t.kind) + "` values are not supported");
}

Result<Value> load_list_from_valid_range(LiftLowerContext& cx, uint32_t ptr, uint32_t length,
                                         const ValType& elem, bool fixed) {
  if (elem.kind == TypeKind::U8 && !fixed) {
    MOSAIC_TRY(charge_lift(cx, length));
    // A list<u8> is lifted as bytes, in one copy (its elements are the bytes in memory).
    const uint8_t* begin = memory_bytes(cx) + ptr;
    return Value::bytes(std::vector<uint8_t>(begin, begin + length));
  }
  uint64_t size = elem_size64(elem);
  MOSAIC_TRY(charge_lift(cx, uint64_t(length) * sizeof(Value)));
  std::vector<Value> items;
  items.reserve(length);
  for (uint32_t i = 0; i < length; ++i) items.push_back(MOSAIC_TRY(load_at(cx, uint32_t(ptr + i * size), elem)));
  return fixed ? Value::fixed_list(std::move(items)) : Value::list(std::move(items));
}

Result<void> store_list_into_valid_range(LiftLowerContext& cx, const Value& v, uint32_t ptr, const ValType& elem) {
  if (v.is_bytes()) {
    MOSAIC_TRY(check_bytes_element(v, elem));
    std::span<const uint8_t> bytes = v.as_bytes();
    if (!bytes.empty()) std::memcpy(memory_bytes(cx) + ptr, bytes.data(), bytes.size());
    return ok();
  }
  if (elem.kind == TypeKind::U8) {
    // u8 items (a host's list): one byte each; storing a u8 cannot call realloc, so the memory stays put.
    uint8_t* out = memory_bytes(cx) + ptr;
    for (size_t i = 0; i < v.items().size(); ++i) {
      const Value& item = v.items()[i];
      MOSAIC_TRY(expect_kind(item, elem));
      out[i] = uint8_t(item.as_unsigned());
    }
    return ok();
  }
  uint64_t size = elem_size64(elem);
  for (size_t i = 0; i < v.items().size(); ++i)
    MOSAIC_TRY(store_at(cx, v.items()[i], elem, uint32_t(ptr + i * size)));
  return ok();
}

// load_record: fields at their aligned offsets.
Result<Value> load_record(LiftLowerContext& cx, uint32_t ptr, const ValType& t) {
  uint64_t p = ptr;
  std::vector<Value> items;
  size_t n = field_count(t);
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const ValType& f = *field_type(t, i);
    p = align_to(p, alignment_of(f));
    items.push_back(MOSAIC_TRY(load_at(cx, uint32_t(p), f)));
    p += elem_size64(f);
  }
  if (t.kind == TypeKind::Tuple) return Value::tuple(std::move(items));
  std::vector<std::pair<std::string, Value>> fields;
  fields.reserve(n);
  for (size_t i = 0; i < n; ++i) fields.emplace_back(t.fields[i].name, std::move(items[i]));
  return Value::record(std::move(fields));
}

Result<void> store_record(LiftLowerContext& cx, const Value& v, uint32_t ptr, const ValType& t) {
  uint64_t p = ptr;
  for (size_t i = 0, n = field_count(t); i < n; ++i) {
    const ValType& f = *field_type(t, i);
    p = align_to(p, alignment_of(f));
    const Value* fv = MOSAIC_TRY(record_field(v, t, i));
    MOSAIC_TRY(store_at(cx, *fv, f, uint32_t(p)));
    p += elem_size64(f);
  }
  return ok();
}

// load_variant: the discriminant, then the payload at max_case_alignment.
Result<Value> load_variant(LiftLowerContext& cx, uint32_t ptr, const ValType& t) {
  size_t n = case_count(t);
  uint32_t disc_size = discriminant_size(n);
  uint64_t case_index = load_int(cx, ptr, disc_size);
  if (case_index >= n) return trap_error("invalid variant discriminant");
  uint64_t p = align_to(uint64_t(ptr) + disc_size, max_case_alignment(t));
  const ValTypePtr& ct = case_type(t, size_t(case_index));
  if (!ct) return make_case(t, size_t(case_index), std::nullopt);
  return make_case(t, size_t(case_index), MOSAIC_TRY(load_at(cx, uint32_t(p), *ct)));
}

Result<void> store_variant(LiftLowerContext& cx, const Value& v, uint32_t ptr, const ValType& t) {
  size_t case_index = MOSAIC_TRY(match_case(v, t));
  uint32_t disc_size = discriminant_size(case_count(t));
  store_int(cx, case_index, ptr, disc_size);
  uint64_t p = align_to(uint64_t(ptr) + disc_size, max_case_alignment(t));
  if (const ValTypePtr& ct = case_type(t, case_index)) MOSAIC_TRY(store_at(cx, *v.payload(), *ct, uint32_t(p)));
  return ok();
}

// load_flags / store_flags: bit i is label i; more than 32 labels take one u32 per 32 labels.
Value load_flags(LiftLowerContext& cx, uint32_t ptr, const ValType& t) {
  size_t n = t.labels.size();
  std::vector<std::string> set;
  if (n <= 32) {
    uint64_t i = load_int(cx, ptr, uint32_t(elem_size64(t)));
    for (size_t b = 0; b < n; ++b)
      if ((i >> b) & 1) set.push_back(t.labels[b]);
  } else {
    for (uint32_t w = 0; w < num_flag_words(n); ++w) {
      uint64_t i = load_int(cx, ptr + 4 * w, 4);
      for (size_t b = 0; b < 32 && 32 * w + b < n; ++b)
        if ((i >> b) & 1) set.push_back(t.labels[32 * w + b]);
    }
  }
  return Value::flags(std::move(set));
}

Result<void> store_flags(LiftLowerContext& cx, const Value& v, uint32_t ptr, const ValType& t) {
  std::vector<uint32_t> words = MOSAIC_TRY(pack_flags(v, t));
  if (t.labels.size() <= 32) {
    store_int(cx, words[0], ptr, uint32_t(elem_size64(t)));
  } else {
    for (size_t w = 0; w < words.size(); ++w) store_int(cx, words[w], uint32_t(ptr + 4 * w), 4);
  }
  return ok();
}

Result<Value> load_at(LiftLowerContext& cx, uint32_t ptr, const ValType& t) {
  DepthGuard depth(cx);
  if (depth.too_deep()) return too_deep_error();
  switch (t.kind) {
    case TypeKind::Bool: return Value::make_bool(load_int(cx, ptr, 1) != 0);  // convert_int_to_bool
    case TypeKind::U8: return Value::u8(uint8_t(load_int(cx, ptr, 1)));
    case TypeKind::U16: return Value::u16(uint16_t(load_int(cx, ptr, 2)));
    case TypeKind::U32: return Value::u32(uint32_t(load_int(cx, ptr, 4)));
    case TypeKind::U64: return Value::u64(load_int(cx, ptr, 8));
    case TypeKind::S8: return Value::s8(int8_t(uint8_t(load_int(cx, ptr, 1))));
    case TypeKind::S16: return Value::s16(int16_t(uint16_t(load_int(cx, ptr, 2))));
    case TypeKind::S32: return Value::s32(int32_t(uint32_t(load_int(cx, ptr, 4))));
    case TypeKind::S64: return Value::s64(int64_t(load_int(cx, ptr, 8)));
    case TypeKind::F32: return decode_i32_as_float(uint32_t(load_int(cx, ptr, 4)));
    case TypeKind::F64: return decode_i64_as_float(load_int(cx, ptr, 8));
    case TypeKind::Char: return convert_i32_to_char(uint32_t(load_int(cx, ptr, 4)));
    case TypeKind::String:  // load_string
      return load_string_from_range(cx, uint32_t(load_int(cx, ptr, 4)), uint32_t(load_int(cx, ptr + 4, 4)));
    case TypeKind::List:  // load_list
      return load_list_from_range(cx, uint32_t(load_int(cx, ptr, 4)), uint32_t(load_int(cx, ptr + 4, 4)), t);
    case TypeKind::FixedList: return load_list_from_valid_range(cx, ptr, t.length, *t.element, true);
    case TypeKind::Record:
    case TypeKind::Tuple: return load_record(cx, ptr, t);
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: return load_variant(cx, ptr, t);
    case TypeKind::Flags: return load_flags(cx, ptr, t);
    case TypeKind::Own: return lift_own(cx, uint32_t(load_int(cx, ptr, 4)), t);
    case TypeKind::Borrow: return lift_borrow(cx, uint32_t(load_int(cx, ptr, 4)), t);
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future: return not_supported(t);
  }
  return not_supported(t);
}

Result<void> store_at(LiftLowerContext& cx, const Value& v, const ValType& t, uint32_t ptr) {
  DepthGuard depth(cx);
  if (depth.too_deep()) return too_deep_error();
  MOSAIC_TRY(expect_kind(v, t));
  switch (t.kind) {
    case TypeKind::Bool: store_int(cx, v.as_bool() ? 1 : 0, ptr, 1); return ok();
    case TypeKind::U8:
    case TypeKind::S8: store_int(cx, v.as_unsigned(), ptr, 1); return ok();
    case TypeKind::U16:
    case TypeKind::S16: store_int(cx, v.as_unsigned(), ptr, 2); return ok();
    case TypeKind::U32:
    case TypeKind::S32: store_int(cx, v.as_unsigned(), ptr, 4); return ok();
    case TypeKind::U64:
    case TypeKind::S64: store_int(cx, v.as_unsigned(), ptr, 8); return ok();
    case TypeKind::F32: store_int(cx, encode_float_as_i32(v.as_f32()), ptr, 4); return ok();
    case TypeKind::F64: store_int(cx, encode_float_as_i64(v.as_f64()), ptr, 8); return ok();
    case TypeKind::Char: store_int(cx, MOSAIC_TRY(char_to_i32(v)), ptr, 4); return ok();
    case TypeKind::String: {  // store_string
      auto [begin, tagged_code_units] = MOSAIC_TRY(store_string_into_range(cx, v));
      store_int(cx, begin, ptr, 4);
      store_int(cx, tagged_code_units, ptr + 4, 4);
      return ok();
    }
    case TypeKind::List: {  // store_list
      auto [begin, length] = MOSAIC_TRY(store_list_into_range(cx, v, t));
      store_int(cx, begin, ptr, 4);
      store_int(cx, length, ptr + 4, 4);
      return ok();
    }
    case TypeKind::FixedList: return store_list_into_valid_range(cx, v, ptr, *t.element);
    case TypeKind::Record:
    case TypeKind::Tuple: return store_record(cx, v, ptr, t);
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: return store_variant(cx, v, ptr, t);
    case TypeKind::Flags: return store_flags(cx, v, ptr, t);
    case TypeKind::Own: store_int(cx, MOSAIC_TRY(lower_own(cx, v, t)), ptr, 4); return ok();
    case TypeKind::Borrow: store_int(cx, MOSAIC_TRY(lower_borrow(cx, v, t)), ptr, 4); return ok();
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future: return not_supported(t);
  }
  return not_supported(t);
}

}  // namespace

// canonicalize_nan32 / canonicalize_nan64 on lifting.
Value decode_i32_as_float(uint32_t i) {
  float f = std::bit_cast<float>(i);
  if (std::isnan(f)) f = std::bit_cast<float>(CANONICAL_FLOAT32_NAN);
  return Value::f32(f);
}
Value decode_i64_as_float(uint64_t i) {
  double d = std::bit_cast<double>(i);
  if (std::isnan(d)) d = std::bit_cast<double>(CANONICAL_FLOAT64_NAN);
  return Value::f64(d);
}
// maybe_scramble_nan32 / 64 under the deterministic profile: every NaN is the canonical NaN.
uint32_t encode_float_as_i32(float f) {
  return std::isnan(f) ? CANONICAL_FLOAT32_NAN : std::bit_cast<uint32_t>(f);
}
uint64_t encode_float_as_i64(double d) {
  return std::isnan(d) ? CANONICAL_FLOAT64_NAN : std::bit_cast<uint64_t>(d);
}

// convert_i32_to_char: trap on surrogates and past U+10FFFF.
Result<Value> convert_i32_to_char(uint32_t i) {
  if (i >= 0x110000 || (i >= 0xD800 && i <= 0xDFFF)) return trap_error("invalid `char` bit pattern");
  return Value::make_char(char32_t(i));
}
Result<uint32_t> char_to_i32(const Value& v) {
  uint32_t i = uint32_t(v.as_char());
  if (i >= 0x110000 || (i >= 0xD800 && i <= 0xDFFF))
    return usage_error("char value " + std::to_string(i) + " is not a Unicode scalar value");
  return i;
}

Result<void> charge_lift(LiftLowerContext& cx, uint64_t bytes) {
  cx.lifted_bytes += bytes;
  if (cx.lifted_bytes > cx.lift_budget) {
    return trap_error("canonical ABI: the lifted values would take more than " + std::to_string(cx.lift_budget) +
                      " bytes of host memory");
  }
  return ok();
}

Result<Value> load_list_from_range(LiftLowerContext& cx, uint32_t ptr, uint32_t length, const ValType& list_type) {
  const ValType& elem = *list_type.element;
  uint64_t size = elem_size64(elem);
  // A list longer than any memory can hold is out of bounds (definitions.py: ptr + length * elem_size(t)
  // > len(memory)); checked first so that length * size cannot overflow.
  if (size != 0 && length > MAX_LIST_BYTE_LENGTH / size) return out_of_bounds_error(cx, Region::List);
  MOSAIC_TRY(check_range(cx, ptr, length * size, alignment_of(elem), Region::List));
  return load_list_from_valid_range(cx, ptr, length, elem, false);
}

Result<std::pair<uint32_t, uint32_t>> store_list_into_range(LiftLowerContext& cx, const Value& v,
                                                            const ValType& list_type) {
  const ValType& elem = *list_type.element;
  MOSAIC_TRY(check_bytes_element(v, elem));
  uint64_t n = list_length(v);
  uint64_t size = elem_size64(elem);
  if (size != 0 && n > REALLOC_I32_MAX / size) return trap_error("list too large to lower");
  uint32_t byte_length = uint32_t(n * size);
  uint32_t align = alignment_of(elem);
  uint32_t ptr = MOSAIC_TRY(allocate(cx, align, byte_length));
  MOSAIC_TRY(check_realloc_result(cx, ptr, byte_length, align, Region::List));
  MOSAIC_TRY(store_list_into_valid_range(cx, v, ptr, elem));
  return std::pair<uint32_t, uint32_t>{ptr, uint32_t(n)};
}

Result<Value> load_value_at(LiftLowerContext& cx, uint32_t ptr, const ValType& t) { return load_at(cx, ptr, t); }
Result<void> store_value_at(LiftLowerContext& cx, const Value& v, const ValType& t, uint32_t ptr) {
  return store_at(cx, v, t, ptr);
}

// load / store as definitions.py calls them; checks what the spec asserts (an aligned, in-bounds pointer).
Result<Value> load(LiftLowerContext& cx, uint32_t ptr, const ValTypePtr& t) {
  MOSAIC_TRY(check_range(cx, ptr, elem_size64(*t), alignment_of(*t), Region::Value));
  return load_at(cx, ptr, *t);
}

Result<void> store(LiftLowerContext& cx, const Value& v, const ValTypePtr& t, uint32_t ptr) {
  MOSAIC_TRY(check_range(cx, ptr, elem_size64(*t), alignment_of(*t), Region::Value));
  return store_at(cx, v, *t, ptr);
}

}  // namespace mosaic::component::canon
