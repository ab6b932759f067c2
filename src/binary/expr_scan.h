#pragma once
// Finding the extent of an instruction sequence that ends with the `end` closing it (spec 5.4.9 expr,
// 5.5.13 func bodies), checking on the way that every instruction is well-formed and that the structured
// instructions nest (`else` only directly inside `if`).

#include <cstdint>

#include "binary/types.h"
#include "mosaic/result.h"
#include "support/reader.h"

namespace mosaic::binary {

struct ExprScan {
  bool uses_data_index = false;  // memory.init or data.drop occurred (spec 5.5.16: needs the data count)
};

// Reads instructions from `r` up to and including the `end` that closes the sequence, leaving `r` after it.
// Like the reference interpreter, it reads on past any declared size; the caller checks the size.
Result<ExprScan> scan_expr(support::Reader& r, const Features& features);

}  // namespace mosaic::binary
