#include "cli/wasm_limits.h"

#include <limits>
#include <string_view>

#include "cli/cli_error.h"
#include "mosaic/serve.h"

namespace mosaic::cli {

const char kWasmLimitsHelp[] =
    "Run-time limit NAME=VALUE (several may be joined with commas): timeout=DURATION interrupts the guest "
    "(10s, 500ms, 2m, 1h; a bare number is seconds; exit status 134), fuel=N lets it run N instructions (then "
    "it traps, exit status 134), max-memory-size=BYTES caps each linear memory (65536, 64K, 16M, 1G), "
    "max-table-elements=N each table, max-instances=N the module instances of the store, max-wasm-stack=BYTES "
    "the guest's stack";

Config WasmLimits::engine_config(Config config) const {
  if (max_memory_bytes) config.max_memory_bytes = *max_memory_bytes;
  if (fuel) config.consume_fuel = true;
  if (max_table_elements) config.max_table_elements = *max_table_elements;
  if (max_instances) config.max_instances = *max_instances;
  if (max_stack_bytes) config.max_stack_bytes = *max_stack_bytes;
  return config;
}

StoreLimits::StoreLimits(const WasmLimits& limits, Store& store) {
  if (limits.fuel) store.set_fuel(*limits.fuel);
  if (!limits.timeout) return;
  dog_ = std::make_unique<serve::Watchdog>();
  ticket_ = dog_->watch(serve::Watchdog::Clock::now() + *limits.timeout,
                        [handle = store.interrupt_handle()] { handle->interrupt(); });
}

namespace {

// A decimal count up to `max`; nothing for anything else (signs, spaces, units, overflow).
std::optional<uint64_t> parse_count(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t n = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    const uint64_t digit = uint64_t(ch - '0');
    if (n > (max - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

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
    limits.fuel = parse_count(value, std::numeric_limits<uint64_t>::max());
    if (!limits.fuel) throw CliError(kExitUsage, shown + ": expected a number of instructions such as 1000000");
  } else if (name == "max-table-elements") {
    limits.max_table_elements = parse_count(value, std::numeric_limits<uint32_t>::max());
    if (!limits.max_table_elements)
      throw CliError(kExitUsage, shown + ": expected a number of elements up to 4294967295");
  } else if (name == "max-instances") {
    const std::optional<uint64_t> n = parse_count(value, std::numeric_limits<uint32_t>::max());
    if (!n || *n == 0) throw CliError(kExitUsage, shown + ": expected a positive number of instances");
    limits.max_instances = uint32_t(*n);
  } else if (name == "max-wasm-stack") {
    // Below a few kilobytes not even a start function's frame fits: refused as a mistake.
    limits.max_stack_bytes = serve::parse_byte_size(value);
    if (!limits.max_stack_bytes || *limits.max_stack_bytes < 4096)
      throw CliError(kExitUsage, shown + ": expected a size in bytes of at least 4096, such as 64K or 8M");
  } else {
    throw CliError(kExitUsage, shown +
                                   ": unknown option (known: timeout, fuel, max-memory-size, max-table-elements, "
                                   "max-instances, max-wasm-stack)");
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
