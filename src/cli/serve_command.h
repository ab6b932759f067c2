#pragma once
// `mosaic serve [OPTIONS] COMPONENT`: serves HTTP with a wasi:http component (its
// wasi:http/incoming-handler export), a fresh instance per request, as `wasmtime serve` does. The server
// itself is src/serve (mosaic/serve.h).

#include <cstddef>
#include <string>
#include <vector>

namespace mosaic::cli {

struct ServeOptions {
  std::string file;
  std::string addr = "0.0.0.0:8080";      // HOST:PORT, [IPV6]:PORT; port 0: any free port
  std::vector<std::string> dirs;          // HOST or HOST::GUEST
  std::vector<std::string> env;           // NAME=VALUE, or NAME to pass the host's value on
  std::vector<std::string> wasi_options;  // -S: allow-http=HOST[:PORT], and run's WASI options
  std::vector<std::string> wasm_options;  // -W: timeout=DURATION, max-memory-size=BYTES
  size_t max_connections = 1024;
  bool access_log = true;
};

// The --help text's description of the access log and the -W/-S values.
extern const char kServeFooter[];

// Serves until SIGINT or SIGTERM, then lets requests in flight finish; returns the exit status (0). Throws
// CliError: kExitUsage for bad options, kExitError when the component cannot serve (not a component, no
// wasi:http/incoming-handler export, unsatisfied imports) or the address cannot be used.
int serve_command(const ServeOptions& options);

}  // namespace mosaic::cli
