#pragma once
// `mosaic run COMPONENT.wasm [ARGS...]`: runs a WASI 0.2 command (its wasi:cli/run export), and
// `mosaic run --invoke 'NAME(ARGS...)' COMPONENT.wasm` calls one exported function, the arguments and results
// written in WAVE, as `wasmtime run` does for components. WASI 0.2 provides the imports in both cases.

#include <cstdint>
#include <ostream>
#include <vector>

#include "cli/run_command.h"
#include "cli/wasm_limits.h"

namespace mosaic::cli {

// Returns the command's exit status (wasi:cli/exit, or 0/1 from run's result); with --invoke prints the result,
// if any, as one WAVE line on `out`. Throws CliError: a trap exits with kExitTrap, a bad --invoke text with
// kExitUsage, a component that does not compile or instantiate with kExitError. `limits` are the -W options:
// the engine's memory limit, and a timeout that interrupts the guest (a trap).
int run_component(const RunOptions& options, const WasmLimits& limits, std::vector<uint8_t>&& bytes,
                  std::ostream& out);

}  // namespace mosaic::cli
