#pragma once
// valid::Module: a module that passed validation (spec 3), with the facts the executor needs so that it
// never re-derives them. Holding one proves validation ran.

#include <cstdint>
#include <memory>
#include <vector>

#include "binary/module.h"

namespace mosaic::valid {

// What validation learnt about one defined function's body.
struct FuncInfo {
  // Operand-stack height, in 8-byte slots (binary::slot_count: v128 takes 2), relative to the function's
  // operand-stack base (after its locals), *before* each instruction of the body, in the order
  // binary::InstrReader returns them (every instruction, `else` and `end` included). In unreachable code the
  // value is the height of the values actually pushed since the enclosing block's start (the stack is
  // polymorphic there; the executor does not run such code).
  std::vector<uint32_t> heights;
  uint32_t max_height = 0;   // the largest height reached, in slots
  uint32_t local_slots = 0;  // parameters and declared locals, in slots
};

struct Module {
  std::shared_ptr<const binary::Module> binary;
  std::vector<FuncInfo> funcs;  // one per defined function (binary->funcs / binary->codes)
  // C.refs (spec 3.4.10): functions that may appear in ref.func inside function bodies (declared in
  // exports, element segments or global initialisers).
  std::vector<bool> declared_refs;  // indexed by function index
};

}  // namespace mosaic::valid
