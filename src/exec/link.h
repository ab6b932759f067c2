#pragma once
// Import matching (spec 4.5.1 external typing, 3.2 import subtyping): does an external value fit the
// type a module's import asks for?

#include <string>

#include "binary/module.h"
#include "exec/runtime.h"
#include "mosaic/result.h"

namespace mosaic::exec {

// The current external type of `value` (spec 4.5.1), in the text format, e.g. "(memory 1 5)".
std::string describe_extern(const ExternVal& value);

// Unlinkable "incompatible import type for \"m\" \"n\": expected ..., got ..." when `value` does not
// match import `import` of `module` (spec 3.2, import subtyping); a null pointer is a Usage error.
Result<void> match_import(const binary::Module& module, const binary::Import& import, const ExternVal& value);

}  // namespace mosaic::exec
