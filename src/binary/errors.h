#pragma once
// Malformed-module error texts, expanded from errors.def.

#include <cstdint>

namespace mosaic::binary {

enum class Malformed : uint8_t {
#define MOSAIC_MALFORMED(Name, Text) Name,
#include "binary/errors.def"
};

// The spec text of a malformed-module error, e.g. "section size mismatch".
const char* message(Malformed m);

}  // namespace mosaic::binary
