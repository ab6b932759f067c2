// Flat lifting and lowering (CanonicalABI.md "Flat Lifting", "Flat Lowering", "Lifting and Lowering
// Values"): component values to and from core values, with MAX_FLAT_PARAMS / MAX_FLAT_RESULTS spilling
// to memory.

#include "component/canon/abi.h"

namespace mosaic::component::canon {

namespace {

// CoreValueIter.next(t): the next core value, which must be of kind t.
Result<Val> next(CoreValueIter& vi, ValKind want) {
  if (vi.i >= vi.values.size()) return usage_error("canonical ABI: too few core values");
  const Val& v = vi.values[vi.i];
  if (v.kind() != want)
    return usage_error(std::string("canonical ABI: expected an ") + to_string(want) + " core value, got " +
                       to_string(v.kind()));
  ++vi.i;
  return v;
}

Result<uint32_t> next_i32(CoreValueIter& vi) { return uint32_t(MOSAIC_TRY(next(vi, ValKind::I32)).as_i32()); }

// CoerceValueIter of lift_flat_variant: a value of the joined type `have` read as the case's type `want`.
Val coerce_lift(const Val& x, ValKind have, ValKind want) {
  if (have == ValKind::I32 && want == ValKind::F32) return Val::f32_bits(uint32_t(x.as_i32()));
  if (have == ValKind::I64 && want == ValKind::I32) return Val::i32(int32_t(uint32_t(x.as_i64())));  // wrap_i64_to_i32
  if (have == ValKind::I64 && want == ValKind::F32) return Val::f32_bits(uint32_t(x.as_i64()));
  if (have == ValKind::I64 && want == ValKind::F64) return Val::f64_bits(uint64_t(x.as_i64()));
  return x;
}

// lower_flat_variant: a value of the case's type `have` widened to the joined type `want`.
Val coerce_lower(const Val& x, ValKind have, ValKind want) {
  if (have == ValKind::F32 && want == ValKind::I32) return Val::i32(int32_t(x.f32_bits()));
  if (have == ValKind::I32 && want == ValKind::I64) return Val::i64(int64_t(uint64_t(uint32_t(x.as_i32()))));
  if (have == ValKind::F32 && want == ValKind::I64) return Val::i64(int64_t(uint64_t(x.f32_bits())));
  if (have == ValKind::F64 && want == ValKind::I64) return Val::i64(int64_t(x.f64_bits()));
  return x;
}

Result<Value> lift_flat_variant(LiftLowerContext& cx, CoreValueIter& vi, const ValType& t) {
  std::vector<ValKind> flat_types;
  flatten_into(t, flat_types, SIZE_MAX);
  uint32_t case_index = MOSAIC_TRY(next_i32(vi));
  size_t n = case_count(t);
  if (case_index >= n) return trap_error("invalid variant discriminant");
  const ValTypePtr& ct = case_type(t, case_index);
  std::optional<Value> payload;
  size_t used = 0;
  if (ct) {
    std::vector<ValKind> case_flat;
    flatten_into(*ct, case_flat, SIZE_MAX);
    std::vector<Val> coerced;
    coerced.reserve(case_flat.size());
    for (; used < case_flat.size(); ++used) {
      ValKind have = flat_types[1 + used];
      Val x = MOSAIC_TRY(next(vi, have));
      coerced.push_back(coerce_lift(x, have, case_flat[used]));
    }
    CoreValueIter sub{coerced, 0};
    payload = MOSAIC_TRY(lift_flat(cx, sub, ct));
  }
  for (size_t j = 1 + used; j < flat_types.size(); ++j) MOSAIC_TRY(next(vi, flat_types[j]));
  return make_case(t, case_index, std::move(payload));
}

Result<void> lower_flat_variant(LiftLowerContext& cx, const Value& v, const ValType& t, std::vector<Val>& out) {
  size_t case_index = MOSAIC_TRY(match_case(v, t));
  std::vector<ValKind> flat_types;
  flatten_into(t, flat_types, SIZE_MAX);
  out.push_back(Val::i32(int32_t(case_index)));
  size_t j = 1;
  if (const ValTypePtr& ct = case_type(t, case_index)) {
    std::vector<Val> payload;
    MOSAIC_TRY(lower_flat(cx, *v.payload(), ct, payload));
    for (const Val& x : payload) {
      out.push_back(coerce_lower(x, x.kind(), flat_types[j]));
      ++j;
    }
  }
  for (; j < flat_types.size(); ++j) out.push_back(Val::zero(flat_types[j]));
  return ok();
}

// A tuple type of the values that travel through memory (lift_flat_values / lower_flat_values).
ValType tuple_of(std::span<const ValTypePtr> ts) {
  ValType tuple;
  tuple.kind = TypeKind::Tuple;
  tuple.types.assign(ts.begin(), ts.end());
  return tuple;
}

bool exceeds(std::span<const ValTypePtr> ts, size_t max_flat) {
  std::vector<ValKind> flat;
  for (const auto& t : ts) {
    flatten_into(*t, flat, max_flat);
    if (flat.size() > max_flat) return true;
  }
  return false;
}

}  // namespace

Result<Value> lift_flat(LiftLowerContext& cx, CoreValueIter& vi, const ValTypePtr& tp) {
  DepthGuard depth(cx);
  if (depth.too_deep()) return too_deep_error();
  const ValType& t = *tp;
  switch (t.kind) {
    case TypeKind::Bool: return Value::make_bool(MOSAIC_TRY(next_i32(vi)) != 0);
    case TypeKind::U8: return Value::u8(uint8_t(MOSAIC_TRY(next_i32(vi))));  // lift_flat_unsigned
    case TypeKind::U16: return Value::u16(uint16_t(MOSAIC_TRY(next_i32(vi))));
    case TypeKind::U32: return Value::u32(MOSAIC_TRY(next_i32(vi)));
    case TypeKind::U64: return Value::u64(uint64_t(MOSAIC_TRY(next(vi, ValKind::I64)).as_i64()));
    case TypeKind::S8: return Value::s8(int8_t(uint8_t(MOSAIC_TRY(next_i32(vi)))));  // lift_flat_signed
    case TypeKind::S16: return Value::s16(int16_t(uint16_t(MOSAIC_TRY(next_i32(vi)))));
    case TypeKind::S32: return Value::s32(int32_t(MOSAIC_TRY(next_i32(vi))));
    case TypeKind::S64: return Value::s64(MOSAIC_TRY(next(vi, ValKind::I64)).as_i64());
    case TypeKind::F32: return decode_i32_as_float(MOSAIC_TRY(next(vi, ValKind::F32)).f32_bits());
    case TypeKind::F64: return decode_i64_as_float(MOSAIC_TRY(next(vi, ValKind::F64)).f64_bits());
    case TypeKind::Char: return convert_i32_to_char(MOSAIC_TRY(next_i32(vi)));
    case TypeKind::String: {  // lift_flat_string
      uint32_t ptr = MOSAIC_TRY(next_i32(vi));
      uint32_t packed_length = MOSAIC_TRY(next_i32(vi));
      return load_string_from_range(cx, ptr, packed_length);
    }
    case TypeKind::List: {  // lift_flat_list
      uint32_t ptr = MOSAIC_TRY(next_i32(vi));
      uint32_t length = MOSAIC_TRY(next_i32(vi));
      return load_list_from_range(cx, ptr, length, t);
    }
    case TypeKind::FixedList: {
      std::vector<Value> items;
      for (uint32_t i = 0; i < t.length; ++i) items.push_back(MOSAIC_TRY(lift_flat(cx, vi, t.element)));
      return Value::fixed_list(std::move(items));
    }
    case TypeKind::Record:
    case TypeKind::Tuple: {  // lift_flat_record
      size_t n = field_count(t);
      std::vector<Value> items;
      items.reserve(n);
      for (size_t i = 0; i < n; ++i) items.push_back(MOSAIC_TRY(lift_flat(cx, vi, field_type(t, i))));
      if (t.kind == TypeKind::Tuple) return Value::tuple(std::move(items));
      std::vector<std::pair<std::string, Value>> fields;
      fields.reserve(n);
      for (size_t i = 0; i < n; ++i) fields.emplace_back(t.fields[i].name, std::move(items[i]));
      return Value::record(std::move(fields));
    }
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: return lift_flat_variant(cx, vi, t);
    case TypeKind::Flags: {  // lift_flat_flags
      std::vector<std::string> set;
      size_t n = t.labels.size();
      for (uint32_t w = 0; w < std::max<uint32_t>(1, num_flag_words(n)); ++w) {
        uint32_t i = MOSAIC_TRY(next_i32(vi));
        for (size_t b = 0; b < 32 && 32 * w + b < n; ++b)
          if ((i >> b) & 1) set.push_back(t.labels[32 * w + b]);
      }
      return Value::flags(std::move(set));
    }
    case TypeKind::Own: return lift_own(cx, MOSAIC_TRY(next_i32(vi)), t);
    case TypeKind::Borrow: return lift_borrow(cx, MOSAIC_TRY(next_i32(vi)), t);
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future: break;
  }
  return trap_error(std::string("canonical ABI: `") + to_string(t.kind) + "` values are not supported");
}

Result<void> lower_flat(LiftLowerContext& cx, const Value& v, const ValTypePtr& tp, std::vector<Val>& out) {
  DepthGuard depth(cx);
  if (depth.too_deep()) return too_deep_error();
  const ValType& t = *tp;
  MOSAIC_TRY(expect_kind(v, t));
  switch (t.kind) {
    case TypeKind::Bool: out.push_back(Val::i32(v.as_bool() ? 1 : 0)); return ok();
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::S8:
    case TypeKind::S16:
    case TypeKind::S32: out.push_back(Val::i32(int32_t(uint32_t(v.as_unsigned())))); return ok();
    case TypeKind::U64:
    case TypeKind::S64: out.push_back(Val::i64(int64_t(v.as_unsigned()))); return ok();
    case TypeKind::F32: out.push_back(Val::f32_bits(encode_float_as_i32(v.as_f32()))); return ok();
    case TypeKind::F64: out.push_back(Val::f64_bits(encode_float_as_i64(v.as_f64()))); return ok();
    case TypeKind::Char: out.push_back(Val::i32(int32_t(MOSAIC_TRY(char_to_i32(v))))); return ok();
    case TypeKind::String: {  // lower_flat_string
      auto [ptr, packed_length] = MOSAIC_TRY(store_string_into_range(cx, v));
      out.push_back(Val::i32(int32_t(ptr)));
      out.push_back(Val::i32(int32_t(packed_length)));
      return ok();
    }
    case TypeKind::List: {  // lower_flat_list
      auto [ptr, length] = MOSAIC_TRY(store_list_into_range(cx, v, t));
      out.push_back(Val::i32(int32_t(ptr)));
      out.push_back(Val::i32(int32_t(length)));
      return ok();
    }
    case TypeKind::FixedList:
      if (v.is_bytes()) {  // each u8 is one i32
        MOSAIC_TRY(check_bytes_element(v, *t.element));
        for (uint8_t b : v.as_bytes()) out.push_back(Val::i32(b));
        return ok();
      }
      for (const Value& e : v.items()) MOSAIC_TRY(lower_flat(cx, e, t.element, out));
      return ok();
    case TypeKind::Record:
    case TypeKind::Tuple:  // lower_flat_record
      for (size_t i = 0, n = field_count(t); i < n; ++i) {
        const Value* f = MOSAIC_TRY(record_field(v, t, i));
        MOSAIC_TRY(lower_flat(cx, *f, field_type(t, i), out));
      }
      return ok();
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: return lower_flat_variant(cx, v, t, out);
    case TypeKind::Flags: {  // lower_flat_flags
      std::vector<uint32_t> words = MOSAIC_TRY(pack_flags(v, t));
      for (uint32_t w : words) out.push_back(Val::i32(int32_t(w)));
      return ok();
    }
    case TypeKind::Own: out.push_back(Val::i32(int32_t(MOSAIC_TRY(lower_own(cx, v, t))))); return ok();
    case TypeKind::Borrow: out.push_back(Val::i32(int32_t(MOSAIC_TRY(lower_borrow(cx, v, t))))); return ok();
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future: break;
  }
  return trap_error(std::string("canonical ABI: `") + to_string(t.kind) + "` values are not supported");
}

Result<std::vector<Value>> lift_flat_values(LiftLowerContext& cx, size_t max_flat, CoreValueIter& vi,
                                            std::span<const ValTypePtr> ts) {
  std::vector<Value> values;
  values.reserve(ts.size());
  if (exceeds(ts, max_flat)) {
    // The values are a tuple in memory at the pointer passed (parameters) or returned (results).
    uint32_t ptr = MOSAIC_TRY(next_i32(vi));
    ValType tuple = tuple_of(ts);
    Region region = max_flat == MAX_FLAT_RESULTS ? Region::Result : Region::Params;
    MOSAIC_TRY(check_range(cx, ptr, elem_size64(tuple), alignment_of(tuple), region));
    uint64_t p = ptr;
    for (const auto& t : ts) {
      p = align_to(p, alignment_of(*t));
      values.push_back(MOSAIC_TRY(load_value_at(cx, uint32_t(p), *t)));
      p += elem_size64(*t);
    }
    return values;
  }
  for (const auto& t : ts) values.push_back(MOSAIC_TRY(lift_flat(cx, vi, t)));
  return values;
}

Result<std::vector<Val>> lower_flat_values(LiftLowerContext& cx, size_t max_flat, std::span<const Value> vs,
                                           std::span<const ValTypePtr> ts, std::optional<uint32_t> out_param) {
  if (vs.size() != ts.size())
    return usage_error("expected " + std::to_string(ts.size()) + " values, got " + std::to_string(vs.size()));
  std::vector<Val> flat_vals;
  if (exceeds(ts, max_flat)) {
    ValType tuple = tuple_of(ts);
    uint32_t size = uint32_t(std::min<uint64_t>(elem_size64(tuple), UINT32_MAX));
    uint32_t align = alignment_of(tuple);
    uint32_t ptr;
    if (!out_param) {
      ptr = MOSAIC_TRY(allocate(cx, align, size));
      MOSAIC_TRY(check_realloc_result(cx, ptr, size, align, Region::Params));
      flat_vals.push_back(Val::i32(int32_t(ptr)));
    } else {
      ptr = *out_param;
      MOSAIC_TRY(check_range(cx, ptr, size, align, Region::Value));
    }
    uint64_t p = ptr;
    for (size_t i = 0; i < ts.size(); ++i) {
      p = align_to(p, alignment_of(*ts[i]));
      MOSAIC_TRY(store_value_at(cx, vs[i], *ts[i], uint32_t(p)));
      p += elem_size64(*ts[i]);
    }
    return flat_vals;
  }
  for (size_t i = 0; i < vs.size(); ++i) MOSAIC_TRY(lower_flat(cx, vs[i], ts[i], flat_vals));
  return flat_vals;
}

}  // namespace mosaic::component::canon
