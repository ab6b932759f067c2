#pragma once
// Constant expressions (spec 3.3.10): global initialisers, segment offsets and element initialisers.

#include <vector>

#include "binary/module.h"
#include "binary/types.h"
#include "mosaic/result.h"
#include "valid/context.h"

namespace mosaic::valid {

// Checks that `expr` is constant and has type [] -> [expected]. Errors: "constant expression required",
// "unknown global N", "unknown function N", "type mismatch".
Result<void> validate_const_expr(const Context& c, const binary::ConstExpr& expr, binary::ValType expected);

// Marks in `refs` (indexed by function index; out-of-range indices are left for validation to report)
// every function that `expr` names with ref.func: the part of C.refs (spec 3.4.10) that the expression
// contributes.
Result<void> collect_refs(const binary::Module& m, const binary::ConstExpr& expr, const binary::Features& features,
                          std::vector<bool>& refs);

}  // namespace mosaic::valid
