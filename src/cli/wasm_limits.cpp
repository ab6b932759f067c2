#include "cli/wasm_limits.h"

#include <string_view>

#include "cli/cli_error.h"
#include "mosaic/serve.h"

namespace mosaic::cli {

const char kWasmLimitsHelp[] =
    "Run-time limit NAME=VALUE (several may be joined with commas): timeout=DURATION interrupts the guest "
    "(10s, 500ms, 2m, 1h; a bare number is seconds; exit status 134), max-memory-size=BYTES caps each linear "
    "memory (65536, 64K, 16M, 1G)";

Config WasmLimits::engine_config(Config config) const {
  if (max_memory_bytes) config.max_memory_bytes = *max_memory_bytes;
  return config;
}

Deadline::Deadline(const WasmLimits& limits, const Store& store) {
  if (!limits.timeout) return;
  dog_ = std::make_unique<serve::Watchdog>();
  ticket_ = dog_->watch(serve::Watchdog::Clock::now() + *limits.timeout,
                        [handle = store.interrupt_handle()] { handle->interrupt(); });
}

namespace {

void apply(std::string_view item, WasmLimits& limits) {
  const size_t eq = item.find('=');
  const std::string_view name = item.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
  const std::string shown = "-W " + std::string(item);
  if (name == "timeout") {
    // The same units as `mosaic serve -W timeout` (and wasmtime's): a zero deadline would stop every guest
    // before it starts, so it is refused.
    limits.timeout = serve::parse_duration(value);
    if (!limits.timeout || limits.timeout->count() == 0)
      throw CliError(kExitUsage, shown +
                                     ": expected a duration such as 10s, 500ms, 2m or 1h (a bare number is "
                                     "seconds)");
  } else if (name == "max-memory-size") {
    limits.max_memory_bytes = serve::parse_byte_size(value);
    if (!limits.max_memory_bytes)
      throw CliError(kExitUsage, shown + ": expected a size in bytes such as 65536, 64K, 16M or 1G");
  } else if (name == "fuel") {
    throw CliError(kExitUsage,
                   shown + ": fuel metering is not supported yet; -W timeout=DURATION bounds a run");
  } else {
    throw CliError(kExitUsage, shown + ": unknown option (known: timeout, max-memory-size)");
  }
}

}  // namespace

WasmLimits parse_wasm_limits(const std::vector<std::string>& options) {
  WasmLimits limits;
  for (const std::string& option : options) {
    std::string_view rest = option;
    for (;;) {
      const size_t comma = rest.find(',');
      apply(rest.substr(0, comma), limits);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return limits;
}

}  // namespace mosaic::cli
