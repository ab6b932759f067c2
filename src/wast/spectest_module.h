#pragma once
// The `spectest` host module that the spec scripts import (spec: interpreter/host/spectest.ml).

#include <ostream>

#include "mosaic/linker.h"
#include "mosaic/store.h"

namespace mosaic::wast {

// Defines spectest.print*, global_i32/i64/f32/f64 (666 / 666.6), table (10 20 funcref) and memory (1 2)
// in `linker`, creating them in `store`. The print functions write one line per call to `out`, if given.
// Returns an error when the store refuses to create one of them.
Result<void> define_spectest_module(Linker& linker, Store& store, std::ostream* out);

}  // namespace mosaic::wast
