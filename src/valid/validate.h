#pragma once
// binary::Module -> valid::Module (spec 3, the validation algorithm of the appendix).

#include "binary/module.h"
#include "mosaic/result.h"
#include "valid/module.h"

namespace mosaic::valid {

// Errors are ErrorKind::Invalid with the byte offset and the reference interpreter's message ("type
// mismatch", "unknown local", "unknown function", "alignment must not be larger than natural",
// "constant expression required", "duplicate export name", "multiple memories", ...).
Result<Module> validate(binary::Module module, const binary::Features& features = {});

}  // namespace mosaic::valid
