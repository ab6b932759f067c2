#pragma once
// Component values of the component wast converter's JSON (tools/component-wast/wast2json.mjs): building
// arguments, matching results against expected values, and printing values in the script's own syntax.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>

#include "mosaic/component/value.h"

namespace mosaic::wast {

// The value a JSON value denotes. Throws ScriptError on a malformed JSON value.
component::Value component_value_from_json(const nlohmann::json& j);

// Whether `actual` is the expected JSON value. Floats compare bit for bit, except that an expected NaN
// matches any NaN (Canonical ABI: lifting and lowering floats leaves NaN payloads unspecified). Flags compare
// as sets. Throws ScriptError on a malformed JSON value.
bool component_value_matches(const nlohmann::json& expected, const component::Value& actual);

// "(u32.const 5)", "(record.const (field \"a\" str.const \"x\"))", ...
std::string component_value_text(const component::Value& v);
std::string component_values_text(std::span<const component::Value> values);  // " (a) (b)", leading spaces
std::string component_json_text(const nlohmann::json& j);  // an expected value, same syntax

}  // namespace mosaic::wast
