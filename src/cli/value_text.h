#pragma once
// Values as the `mosaic run` command line writes them: arguments in, results out.

#include <optional>
#include <string>
#include <string_view>

#include "mosaic/types.h"
#include "mosaic/val.h"

namespace mosaic::cli {

// i32/i64: decimal (negative, or unsigned up to 2^N - 1) or 0x hex. f32/f64: decimal or hex floats, nan,
// inf, -inf, nan:0xPAYLOAD. v128: 0x and up to 32 hex digits (the 128-bit integer). externref: null or a
// number; funcref: null. Returns nullopt when the text is not a value of that type.
std::optional<Val> parse_val(ValKind kind, std::string_view text);

// i32/i64 as signed decimal, floats as the shortest decimal that reads back to the same value (nan, inf),
// v128 as 0x and 32 hex digits, references as null, funcref or externref:N.
std::string format_val(const Val& value);

// "func (param i32) (result i64)", "memory 1 2", "table 10 funcref", "global (mut f64)".
std::string format_extern_type(const ExternType& type);
std::string format_func_type(const FuncType& type);

}  // namespace mosaic::cli
