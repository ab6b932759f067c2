#include "cli/serve_command.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/cli_error.h"
#include "cli/module_file.h"
#include "cli/run_command.h"
#include "cli/wasm_limits.h"
#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/serve.h"
#include "mosaic/store.h"
#include "mosaic/wasi/http.h"
#include "mosaic/wasi/preview2.h"

namespace mosaic::cli {

const char kServeFooter[] =
    "-W options (comma-separated or repeated):\n"
    "  timeout=DURATION         deadline of each request (10s, 500ms, 2m; a bare number is seconds): the\n"
    "                           guest is interrupted and the client gets 503 if no response was started\n"
    "  max-memory-size=BYTES    largest linear memory of an instance (65536, 64K, 16M, 1G): memory.grow\n"
    "                           past it fails\n"
    "-S options: allow-http=HOST[:PORT] lets guests send requests to HOST (any port unless given; * for\n"
    "  any host), plain http only; without it outgoing requests fail with HTTP-request-denied. Also\n"
    "  inherit-network, allow-ip-name-lookup, tcp, udp, as for `mosaic run`.\n"
    "\n"
    "Each request gets a fresh instance. Access log, one line per request on stderr:\n"
    "  PEER \"METHOD TARGET HTTP/V\" STATUS BYTES TIMEms (instantiate Xms)[ NOTE]\n"
    "  127.0.0.1:54321 \"GET /path HTTP/1.1\" 200 15 1.87ms (instantiate 0.31ms)\n"
    "STATUS is - when no response was sent; BYTES counts the body; NOTE is trap, timeout, no response,\n"
    "error response or aborted. A trap's message goes to the log (an `error:` line), the client gets 500.\n"
    "SIGINT or SIGTERM: stop accepting, finish the requests in flight (at most 30 s), exit 0.";

namespace {

namespace mc = mosaic::component;

// HOST:PORT or [IPV6]:PORT.
std::pair<std::string, uint16_t> parse_addr(const std::string& addr) {
  auto bad = [&] {
    return CliError(kExitUsage, "--addr " + addr + ": expected HOST:PORT, e.g. 127.0.0.1:8080");
  };
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0) throw bad();
  std::string host = addr.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') throw bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    throw bad();
  }
  std::string port_text = addr.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos)
    throw bad();
  unsigned long port = std::stoul(port_text);
  if (port > 65535 || host.empty()) throw bad();
  return {host, uint16_t(port)};
}

// The wasi:http/incoming-handler@0.2.x handle function, if the instance exports one.
bool exports_handler(const mc::Instance& instance) {
  return instance.find_func("wasi:http/incoming-handler@0.2.", "handle").has_value();
}

}  // namespace

int serve_command(const ServeOptions& options) {
  const std::string& file = options.file;
  const WasmLimits limits = parse_wasm_limits(options.wasm_options);
  auto [host, port] = parse_addr(options.addr);
  if (options.max_connections == 0) throw CliError(kExitUsage, "--max-connections must be at least 1");

  RunOptions run;
  run.file = file;
  run.dirs = options.dirs;
  run.env = options.env;
  serve::ClientConfig client_config;
  for (const std::string& s : options.wasi_options) {
    if (s.starts_with("allow-http=")) {
      std::string target = s.substr(11);
      if (target.empty())
        throw CliError(kExitUsage, "-S " + s + ": expected allow-http=HOST[:PORT] or allow-http=*");
      client_config.allowed_hosts.push_back(target);
    } else if (s == "http" || s == "http=y" || s == "http=yes" || s == "http=true") {
      // wasi:http is always there for `serve`.
    } else if (s.starts_with("http=")) {
      throw CliError(kExitUsage, "-S " + s + ": wasi:http is required by `serve` and cannot be disabled");
    } else {
      run.wasi_options.push_back(s);
    }
  }
  wasi::WasiConfig wasi_config = cli::wasi_config(run);
  // No standard input for a server's guests (they read an empty stream); stdout and stderr are the server's.
  static const int dev_null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (dev_null >= 0) wasi_config.stdin_fd = dev_null;

  std::vector<uint8_t> bytes = read_wasm_file(file);
  if (!is_component_binary(bytes))
    throw CliError(kExitError, file +
                                   ": a core module cannot serve HTTP: `mosaic serve` takes a component that "
                                   "exports wasi:http/incoming-handler");
  Engine engine(limits.engine_config());
  Result<mc::Component> component = mc::Component::compile(engine, std::move(bytes));
  if (!component) throw CliError(kExitError, file + ": " + component.error().to_string());

  Result<wasi::Preview2> wasi = wasi::Preview2::create(wasi_config);
  if (!wasi)
    throw CliError(wasi.error().kind == ErrorKind::Usage ? kExitUsage : kExitError, wasi.error().message);
  std::shared_ptr<wasi::HttpClient> client;
  if (!client_config.allowed_hosts.empty()) client = serve::make_http_client(client_config);
  wasi::Http http(client);
  mc::Linker linker;
  wasi->add_to_linker(linker);
  http.add_to_linker(linker, *wasi);

  // Fail now rather than at the first request: the imports must be satisfied and the handler exported.
  {
    Store store(engine);
    wasi->fresh().attach(store);
    Result<mc::Instance> instance = linker.instantiate(store, *component);
    if (!instance) {
      const Error& e = instance.error();
      std::string message = file + ": cannot instantiate: " + e.to_string();
      if (e.kind == ErrorKind::Unlinkable) message += " (mosaic provides WASI 0.2 and wasi:http)";
      throw CliError(e.kind == ErrorKind::Trap ? kExitTrap : kExitError, message, e.backtrace);
    }
    if (!exports_handler(*instance))
      throw CliError(kExitError, file +
                                     ": the component exports no wasi:http/incoming-handler@0.2 `handle` "
                                     "function: not an HTTP handler");
  }

  // SIGINT and SIGTERM go to one thread that waits for them; every thread started from here on inherits
  // the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  serve::ServerConfig server_config;
  server_config.host = host;
  server_config.port = port;
  server_config.request_timeout = limits.timeout;
  server_config.request_fuel = limits.fuel;
  server_config.max_connections = options.max_connections;
  server_config.access_log = options.access_log;
  if (limits.timeout && *limits.timeout > server_config.shutdown_timeout)
    server_config.shutdown_timeout = *limits.timeout;
  Result<std::unique_ptr<serve::Server>> server =
      serve::Server::bind(server_config, {engine, *component, linker, *wasi, http});
  if (!server) throw CliError(kExitError, server.error().message);
  serve::Server* s = server->get();

  std::string shown = s->host();
  if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";
  std::cerr << "Serving HTTP on http://" << shown << ":" << s->port() << "/" << std::endl;

  std::thread([s, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "mosaic serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
              << ": finishing the requests in flight" << std::endl;
    s->shutdown();
    // A second signal does not wait.
    sigwait(&signals, &signal);
    std::_Exit(130);
  }).detach();

  s->run();
  std::cout.flush();
  std::cerr.flush();
  // Connection threads that outlived the shutdown timeout are abandoned with the process.
  std::_Exit(kExitOk);
}

}  // namespace mosaic::cli
