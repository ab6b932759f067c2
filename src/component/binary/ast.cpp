#include "component/binary/ast.h"

namespace mosaic::component::ast {

// Binary.md core:sort, with the text format's names.
const char* to_string(CoreSort sort) {
  switch (sort) {
    case CoreSort::Func: return "func";
    case CoreSort::Table: return "table";
    case CoreSort::Memory: return "memory";
    case CoreSort::Global: return "global";
    case CoreSort::Tag: return "tag";
    case CoreSort::Type: return "type";
    case CoreSort::Module: return "module";
    case CoreSort::Instance: return "instance";
  }
  return "unknown";
}

// Binary.md sort: `core <core:sort>` or a component sort.
const char* to_string(SortRef sort) {
  switch (sort.sort) {
    case Sort::Core:
      switch (sort.core) {
        case CoreSort::Func: return "core func";
        case CoreSort::Table: return "core table";
        case CoreSort::Memory: return "core memory";
        case CoreSort::Global: return "core global";
        case CoreSort::Tag: return "core tag";
        case CoreSort::Type: return "core type";
        case CoreSort::Module: return "core module";
        case CoreSort::Instance: return "core instance";
      }
      return "core unknown";
    case Sort::Func: return "func";
    case Sort::Value: return "value";
    case Sort::Type: return "type";
    case Sort::Component: return "component";
    case Sort::Instance: return "instance";
  }
  return "unknown";
}

}  // namespace mosaic::component::ast
