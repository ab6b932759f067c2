// Names and shared singletons of component types (include/mosaic/component/types.h).

#include "mosaic/component/types.h"

#include <array>

namespace mosaic::component {

const char* to_string(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::S8: return "s8";
    case TypeKind::U8: return "u8";
    case TypeKind::S16: return "s16";
    case TypeKind::U16: return "u16";
    case TypeKind::S32: return "s32";
    case TypeKind::U32: return "u32";
    case TypeKind::S64: return "s64";
    case TypeKind::U64: return "u64";
    case TypeKind::F32: return "f32";
    case TypeKind::F64: return "f64";
    case TypeKind::Char: return "char";
    case TypeKind::String: return "string";
    case TypeKind::ErrorContext: return "error-context";
    case TypeKind::List: return "list";
    case TypeKind::FixedList: return "list";
    case TypeKind::Record: return "record";
    case TypeKind::Tuple: return "tuple";
    case TypeKind::Variant: return "variant";
    case TypeKind::Enum: return "enum";
    case TypeKind::Option: return "option";
    case TypeKind::Result: return "result";
    case TypeKind::Flags: return "flags";
    case TypeKind::Own: return "own";
    case TypeKind::Borrow: return "borrow";
    case TypeKind::Stream: return "stream";
    case TypeKind::Future: return "future";
  }
  return "?";
}

bool is_primitive(TypeKind kind) { return kind <= TypeKind::ErrorContext; }

ValTypePtr ValType::primitive(TypeKind kind) {
  static const auto table = [] {
    std::array<ValTypePtr, size_t(TypeKind::ErrorContext) + 1> t;
    for (size_t i = 0; i < t.size(); ++i) {
      auto v = std::make_shared<ValType>();
      v->kind = TypeKind(i);
      t[i] = std::move(v);
    }
    return t;
  }();
  return is_primitive(kind) ? table[size_t(kind)] : nullptr;
}

const char* to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Module: return "module";
    case ExternKind::Func: return "func";
    case ExternKind::Value: return "value";
    case ExternKind::Type: return "type";
    case ExternKind::Component: return "component";
    case ExternKind::Instance: return "instance";
  }
  return "?";
}

const NamedExtern* InstanceType::find(std::string_view name) const {
  for (const NamedExtern& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace mosaic::component
