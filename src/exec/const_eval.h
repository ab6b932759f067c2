#pragma once
// Evaluation of constant expressions (spec 3.3 and 4.4, constant expressions): global initialisers, segment
// offsets and element initialisers, run during instantiation.

#include <cstdint>

#include "binary/module.h"
#include "exec/runtime.h"
#include "mosaic/result.h"

namespace mosaic::exec {

// A value as slots (two for v128, low half first).
struct ConstValue {
  uint64_t slots[2] = {0, 0};
};

// Evaluates `expr` of the instance's module. `global.get` reads `instance.globals` and `ref.func` takes
// `instance.funcs`, so both must hold every index the validated expression may use.
Result<ConstValue> eval_const(const Instance& instance, const binary::ConstExpr& expr);

}  // namespace mosaic::exec
