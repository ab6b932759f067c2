#pragma once
// Trap codes (trap.def) and their conversion to an Error.

#include <cstdint>

#include "mosaic/error.h"

namespace mosaic::exec {

enum class TrapCode : uint8_t {
#define MOSAIC_TRAP(Name, Text) Name,
#include "exec/trap.def"
};

const char* trap_message(TrapCode code);

// ErrorKind::Trap, or ErrorKind::Exhausted for StackExhausted.
Error trap_error(TrapCode code);

}  // namespace mosaic::exec
