#include "valid/context.h"

namespace mosaic::valid {

Error unknown(size_t offset, const char* what, uint32_t index) {
  return invalid(offset, std::string("unknown ") + what + " " + std::to_string(index));
}

const char* type_name(binary::ValType t) {
  switch (t) {
    case binary::ValType::I32: return "i32";
    case binary::ValType::I64: return "i64";
    case binary::ValType::F32: return "f32";
    case binary::ValType::F64: return "f64";
    case binary::ValType::V128: return "v128";
    case binary::ValType::FuncRef: return "funcref";
    case binary::ValType::ExternRef: return "externref";
  }
  return "bot";
}

std::string types_text(std::span<const binary::ValType> ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ' ';
    s += type_name(ts[i]);
  }
  return s + "]";
}

}  // namespace mosaic::valid
