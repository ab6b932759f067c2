// Despecialization, alignment and elem_size (CanonicalABI.md "Despecialization", "Alignment",
// "Element Size"). Pointers are 32-bit (memory64 components are not supported), so ptr_size is 4.

#include <algorithm>

#include "component/canon/abi.h"

namespace mosaic::component::canon {

namespace {
constexpr uint32_t kPtrSize = 4;
constexpr uint64_t kSizeCap = uint64_t(1) << 48;

const ValTypePtr& null_type() {
  static const ValTypePtr none;
  return none;
}
const std::string& tuple_label(size_t i) {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 32; ++i) v.push_back(std::to_string(i));
    return v;
  }();
  static const std::string other = "?";
  return i < labels.size() ? labels[i] : other;
}
}  // namespace

bool is_record_like(TypeKind k) { return k == TypeKind::Record || k == TypeKind::Tuple; }
bool is_variant_like(TypeKind k) {
  return k == TypeKind::Variant || k == TypeKind::Enum || k == TypeKind::Option || k == TypeKind::Result;
}

// despecialize: tuple<T...> = record { "0": T0, "1": T1, ... }.
size_t field_count(const ValType& t) { return t.kind == TypeKind::Tuple ? t.types.size() : t.fields.size(); }
const ValTypePtr& field_type(const ValType& t, size_t i) {
  return t.kind == TypeKind::Tuple ? t.types[i] : t.fields[i].type;
}

// despecialize: enum = variant of payload-less cases; option<T> = variant { none, some(T) };
// result<T, E> = variant { ok(T), error(E) }.
size_t case_count(const ValType& t) {
  switch (t.kind) {
    case TypeKind::Variant: return t.cases.size();
    case TypeKind::Enum: return t.labels.size();
    case TypeKind::Option:
    case TypeKind::Result: return 2;
    default: return 0;
  }
}
const ValTypePtr& case_type(const ValType& t, size_t i) {
  switch (t.kind) {
    case TypeKind::Variant: return t.cases[i].type;
    case TypeKind::Option: return i == 1 ? t.element : null_type();
    case TypeKind::Result: return i == 0 ? t.ok : t.err;
    default: return null_type();
  }
}
std::string_view case_label(const ValType& t, size_t i) {
  switch (t.kind) {
    case TypeKind::Variant: return t.cases[i].name;
    case TypeKind::Enum: return t.labels[i];
    case TypeKind::Option: return i == 0 ? "none" : "some";
    case TypeKind::Result: return i == 0 ? "ok" : "error";
    default: return tuple_label(i);
  }
}

// discriminant_type: u8 up to 256 cases, u16 up to 65536, else u32.
uint32_t discriminant_size(size_t n) {
  if (n <= (size_t(1) << 8)) return 1;
  if (n <= (size_t(1) << 16)) return 2;
  return 4;
}

uint32_t num_flag_words(size_t labels) { return uint32_t((labels + 31) / 32); }

// alignment_flags / elem_size_flags.
static uint32_t flags_size(size_t n) {
  if (n <= 8) return 1;
  if (n <= 16) return 2;
  return 4 * num_flag_words(n);
}

uint32_t max_case_alignment(const ValType& t) {
  uint32_t a = 1;
  for (size_t i = 0, n = case_count(t); i < n; ++i)
    if (const auto& ct = case_type(t, i)) a = std::max(a, alignment_of(*ct));
  return a;
}

uint32_t alignment_of(const ValType& t) {
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::S8:
    case TypeKind::U8: return 1;
    case TypeKind::S16:
    case TypeKind::U16: return 2;
    case TypeKind::S32:
    case TypeKind::U32:
    case TypeKind::F32:
    case TypeKind::Char:
    case TypeKind::ErrorContext:
    case TypeKind::Own:
    case TypeKind::Borrow:
    case TypeKind::Stream:
    case TypeKind::Future: return 4;
    case TypeKind::S64:
    case TypeKind::U64:
    case TypeKind::F64: return 8;
    case TypeKind::String:
    case TypeKind::List: return kPtrSize;
    case TypeKind::FixedList: return t.element ? alignment_of(*t.element) : 1;  // alignment_list
    case TypeKind::Record:
    case TypeKind::Tuple: {  // alignment_record
      uint32_t a = 1;
      for (size_t i = 0, n = field_count(t); i < n; ++i) a = std::max(a, alignment_of(*field_type(t, i)));
      return a;
    }
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result:  // alignment_variant
      return std::max(discriminant_size(case_count(t)), max_case_alignment(t));
    case TypeKind::Flags: {
      uint32_t s = flags_size(t.labels.size());
      return s > 4 ? 4 : s;
    }
  }
  return 1;
}

uint64_t elem_size64(const ValType& t) {
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::S8:
    case TypeKind::U8: return 1;
    case TypeKind::S16:
    case TypeKind::U16: return 2;
    case TypeKind::S32:
    case TypeKind::U32:
    case TypeKind::F32:
    case TypeKind::Char:
    case TypeKind::ErrorContext:
    case TypeKind::Own:
    case TypeKind::Borrow:
    case TypeKind::Stream:
    case TypeKind::Future: return 4;
    case TypeKind::S64:
    case TypeKind::U64:
    case TypeKind::F64: return 8;
    case TypeKind::String:
    case TypeKind::List: return 2 * kPtrSize;
    case TypeKind::FixedList:  // elem_size_list: length * elem_size(elem)
      return t.element ? std::min(kSizeCap, uint64_t(t.length) * elem_size64(*t.element)) : 0;
    case TypeKind::Record:
    case TypeKind::Tuple: {  // elem_size_record
      uint64_t s = 0;
      for (size_t i = 0, n = field_count(t); i < n; ++i) {
        const ValType& f = *field_type(t, i);
        s = align_to(s, alignment_of(f));
        s = std::min(kSizeCap, s + elem_size64(f));
      }
      return align_to(s, alignment_of(t));
    }
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: {  // elem_size_variant
      uint64_t s = discriminant_size(case_count(t));
      s = align_to(s, max_case_alignment(t));
      uint64_t cs = 0;
      for (size_t i = 0, n = case_count(t); i < n; ++i)
        if (const auto& ct = case_type(t, i)) cs = std::max(cs, elem_size64(*ct));
      return align_to(std::min(kSizeCap, s + cs), alignment_of(t));
    }
    case TypeKind::Flags: return flags_size(t.labels.size());
  }
  return 1;
}

uint32_t elem_size(const ValTypePtr& t) {
  uint64_t s = elem_size64(*t);
  return s > UINT32_MAX ? UINT32_MAX : uint32_t(s);
}
uint32_t alignment(const ValTypePtr& t) { return alignment_of(*t); }

}  // namespace mosaic::component::canon
