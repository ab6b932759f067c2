// Flattening (CanonicalABI.md "Flattening"): the core value types a component type is passed as.

#include <algorithm>

#include "component/canon/abi.h"

namespace mosaic::component::canon {

namespace {
// A flattened type can be enormous (a fixed-size list of 2^32 elements); nothing needs more entries than
// this to decide that the values travel through memory instead.
constexpr size_t kFlattenCap = size_t(1) << 16;

// join: the core type that can carry both a and b.
ValKind join(ValKind a, ValKind b) {
  if (a == b) return a;
  if ((a == ValKind::I32 && b == ValKind::F32) || (a == ValKind::F32 && b == ValKind::I32)) return ValKind::I32;
  return ValKind::I64;
}
}  // namespace

void flatten_into(const ValType& t, std::vector<ValKind>& out, size_t cap) {
  if (out.size() > cap) return;
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::S8:
    case TypeKind::U8:
    case TypeKind::S16:
    case TypeKind::U16:
    case TypeKind::S32:
    case TypeKind::U32:
    case TypeKind::Char:
    case TypeKind::ErrorContext:
    case TypeKind::Own:
    case TypeKind::Borrow:
    case TypeKind::Stream:
    case TypeKind::Future: out.push_back(ValKind::I32); return;
    case TypeKind::S64:
    case TypeKind::U64: out.push_back(ValKind::I64); return;
    case TypeKind::F32: out.push_back(ValKind::F32); return;
    case TypeKind::F64: out.push_back(ValKind::F64); return;
    case TypeKind::String:
    case TypeKind::List: out.push_back(ValKind::I32); out.push_back(ValKind::I32); return;
    case TypeKind::FixedList:  // flatten_list: the element's types, length times
      if (!t.element) return;
      for (uint32_t i = 0; i < t.length && out.size() <= cap; ++i) flatten_into(*t.element, out, cap);
      return;
    case TypeKind::Record:
    case TypeKind::Tuple:  // flatten_record
      for (size_t i = 0, n = field_count(t); i < n; ++i) flatten_into(*field_type(t, i), out, cap);
      return;
    case TypeKind::Variant:
    case TypeKind::Enum:
    case TypeKind::Option:
    case TypeKind::Result: {  // flatten_variant: the discriminant, then the join of every case's types
      std::vector<ValKind> flat;
      for (size_t i = 0, n = case_count(t); i < n; ++i) {
        const auto& ct = case_type(t, i);
        if (!ct) continue;
        std::vector<ValKind> c;
        flatten_into(*ct, c, cap);
        for (size_t j = 0; j < c.size(); ++j) {
          if (j < flat.size()) flat[j] = join(flat[j], c[j]);
          else flat.push_back(c[j]);
        }
      }
      out.push_back(ValKind::I32);  // discriminant_type is u8, u16 or u32
      out.insert(out.end(), flat.begin(), flat.end());
      return;
    }
    case TypeKind::Flags:
      for (uint32_t i = 0, n = std::max<uint32_t>(1, num_flag_words(t.labels.size())); i < n; ++i)
        out.push_back(ValKind::I32);
      return;
  }
}

std::vector<ValKind> flatten_type(const ValTypePtr& t) {
  std::vector<ValKind> out;
  if (t) flatten_into(*t, out, kFlattenCap);
  return out;
}

// flatten_functype for the synchronous ABI.
FlatFuncType flatten_functype(const FuncType& ft, FlattenContext context) {
  FlatFuncType r;
  for (const auto& p : ft.params) flatten_into(*p.type, r.params, kFlattenCap);
  if (ft.result) flatten_into(*ft.result, r.results, kFlattenCap);
  if (r.params.size() > MAX_FLAT_PARAMS) r.params = {ValKind::I32};
  if (r.results.size() > MAX_FLAT_RESULTS) {
    if (context == FlattenContext::Lift) {
      r.results = {ValKind::I32};
    } else {
      r.params.push_back(ValKind::I32);
      r.results.clear();
    }
  }
  return r;
}

}  // namespace mosaic::component::canon
