#pragma once
// `mosaic run [OPTIONS] FILE [ARGS...]`: runs a WASI preview1 program (its `_start`) or calls one exported
// function (--invoke NAME, ARGS are its arguments), as `wasmtime run` does. A component (detected by its
// preamble) goes to run_component: a WASI 0.2 command (wasi:cli/run), or --invoke 'NAME(ARGS...)' with the
// arguments in WAVE.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mosaic/error.h"
#include "mosaic/wasi/config.h"

namespace mosaic::cli {

struct RunOptions {
  std::string file;
  std::optional<std::string> invoke;  // default: _start; for a component, a WAVE call `name(args...)`
  std::vector<std::string> args;      // the guest's arguments after FILE (argv[0] is FILE)
  std::vector<std::string> dirs;      // HOST or HOST::GUEST
  std::vector<std::string> env;       // NAME=VALUE, or NAME to pass the host's value on
  std::vector<std::string> tcp_listen;  // HOST:PORT
  std::vector<std::string> wasi_options;  // -S NAME[=y|n]: inherit-network, allow-ip-name-lookup, tcp, udp
  std::vector<std::string> wasm_options;  // -W NAME=VALUE: timeout, max-memory-size (cli/wasm_limits.h)
};

// The guest's WASI configuration from the options (argv, environment, directories, network permissions).
// Throws CliError (kExitUsage) for a malformed --env, --dir or -S.
wasi::WasiConfig wasi_config(const RunOptions& options);

// True when the error ends the run as a trap (kExitTrap, with its backtrace): a trap (also an interrupt by
// -W timeout) or the guest's stack exhausted; not a limit that refused instantiation.
bool ends_as_trap(const Error& error);

// A guest's exit status as the process's: statuses of 126 and more (the shell's own codes) are refused as
// wasmtime refuses them (CliError, kExitError).
int checked_exit_status(uint32_t code);

// Prints each result of an invoked function on its own line to `out`. Throws CliError on any failure (a trap:
// kExitTrap, with the backtrace). Returns the exit status: the guest's proc_exit status, else 0.
int run_command(const RunOptions& options, std::ostream& out);

}  // namespace mosaic::cli
