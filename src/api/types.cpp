#include "mosaic/types.h"

namespace mosaic {

const char* to_string(ValKind kind) {
  switch (kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::FuncRef: return "funcref";
    case ValKind::ExternRef: return "externref";
  }
  return "?";
}

const char* to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

}  // namespace mosaic
