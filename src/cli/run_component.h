#pragma once
// `mosaic run --invoke 'NAME(ARGS...)' COMPONENT.wasm`: instantiates a component and calls one exported
// function, the arguments and results written in WAVE, as `wasmtime run --invoke` does for components.

#include <cstdint>
#include <ostream>
#include <vector>

#include "cli/run_command.h"

namespace mosaic::cli {

// Prints the result, if any, as one WAVE line on `out`. Throws CliError: a trap exits with kExitTrap, a bad
// --invoke text with kExitUsage, a component that does not compile or instantiate with kExitError.
int run_component(const RunOptions& options, std::vector<uint8_t>&& bytes, std::ostream& out);

}  // namespace mosaic::cli
