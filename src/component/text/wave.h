#pragma once
// WAVE, the Web Assembly Value Encoding: the text form of component values that `wasmtime run --invoke` reads
// and prints (wasm-wave's README and grammar). Examples: `true`, `-9`, `nan`, `'x'`, `"a\tb"`, `[1, 2]`,
// `("a", 1)`, `{name: "x", age: 3}`, `days(30)`, `west`, `some(1)`, `none`, `ok("x")`, `err`, `{read, write}`.
//
// Parsing is directed by the type: the same text `{}` is empty flags, `1` is a u8 or, for an option<u8>, the
// "flat" form of some(1). Errors are Usage errors whose message names the column (1-based) of the problem.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/component/types.h"
#include "mosaic/component/value.h"
#include "mosaic/result.h"

namespace mosaic::component::text {

// How deeply lists, records, tuples and payloads may nest in one value (as wasm-wave's parser).
inline constexpr size_t kMaxWaveDepth = 100;

// One value of `type`; the whole text must be that value (surrounding whitespace and `//` comments allowed).
Result<Value> parse_value(std::string_view text, const ValTypePtr& type);

// The canonical WAVE text of a value, as wasm-wave's writer prints it: floats as Rust's Display prints them
// (shortest round-trip digits, never an exponent; nan, inf, -inf), strings and chars with \\ \" \' \t \r \n
// escaped and other control characters as \u{..}, records without their `none` option fields (`{:}` when
// nothing is left), keyword-named cases with a `%`.
std::string print_value(const Value& value);

// A WIT/WAVE label (record field, case, flag) as WAVE writes it: with a leading `%` when it is a WAVE keyword
// (true false some none ok err inf nan).
std::string print_label(std::string_view label);

// A function call `name(arg, ...)`. The name is an export path: `greet`, `local:demo/api#greet`, or with a `.`
// instead of the `#` (`local:demo/api.greet`, `wasi:cli/run@0.2.0.run`). `lookup` maps a candidate path (always
// with `#`) to the function's type, or null when there is no such function. A name found nowhere is looked up
// as the last part of the exported paths `paths` (`answer` for `local:demo/api#answer`), when exactly one
// matches.
struct Call {
  std::string path;          // the path that `lookup` accepted
  std::vector<Value> args;   // one per parameter, checked against its type
};
using FuncLookup = std::function<const FuncType*(std::string_view path)>;
Result<Call> parse_call(std::string_view text, const FuncLookup& lookup, const std::vector<std::string>& paths = {});

}  // namespace mosaic::component::text
