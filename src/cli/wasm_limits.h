#pragma once
// The -W options of `mosaic run` (wasmtime's names): run-time limits of the guest.
//
//   -W timeout=DURATION        interrupt the guest when DURATION has passed (10s, 500ms, 2m, 1h; a bare
//   number
//                              is seconds): it traps with "interrupt" and mosaic exits with 134
//   -W max-memory-size=BYTES   largest size of each linear memory (65536, 64K, 16M, 1G): memory.grow past it
//                              returns -1
//   -W fuel=N                  the guest may run N instructions (fuel metering); then it traps with "all fuel
//                              consumed by WebAssembly" and mosaic exits with 134
//   -W max-table-elements=N    largest size of each table: table.grow past it returns -1
//   -W max-instances=N         most module instances in the store (a component makes several)
//   -W max-wasm-stack=BYTES    the guest's stack (locals and operands; deeper recursion traps with "call stack
//                              exhausted")
//
// Several may be given in one -W, separated by commas, as wasmtime allows: -W timeout=1s,max-memory-size=1M.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/engine.h"
#include "mosaic/store.h"
#include "serve/watchdog.h"

namespace mosaic::cli {

struct WasmLimits {
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint64_t> max_memory_bytes;
  std::optional<uint64_t> fuel;
  std::optional<uint64_t> max_table_elements;
  std::optional<uint32_t> max_instances;
  std::optional<uint64_t> max_stack_bytes;

  // The engine configuration with these limits applied.
  Config engine_config(Config config = {}) const;
};

// Parses the values of every -W option; a later value of the same name wins. Throws CliError (kExitUsage) for
// an unknown name, a missing value or a value that does not parse.
WasmLimits parse_wasm_limits(const std::vector<std::string>& options);

// The limits of one run's store: its fuel (set now) and its -W timeout (a watchdog interrupts the guest when
// the timeout has passed, unless this is destroyed first).
class StoreLimits {
 public:
  StoreLimits(const WasmLimits& limits, Store& store);

 private:
  std::unique_ptr<serve::Watchdog> dog_;
  serve::Watchdog::Ticket ticket_;  // destroyed first: the watchdog outlives its ticket
};

// The --help text describing the -W values.
extern const char kWasmLimitsHelp[];

}  // namespace mosaic::cli
