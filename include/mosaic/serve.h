#pragma once
// An HTTP/1.1 server for wasi:http components (what `mosaic serve` runs), and an HTTP client for guests'
// outgoing requests. Each request gets a fresh store and a fresh instance of the component; requests run
// concurrently, one thread per connection.
//
//   mosaic::Engine engine(config);                          // config.max_memory_bytes: per-instance limit
//   auto component = mosaic::component::Component::compile(engine, bytes);
//   auto wasi = mosaic::wasi::Preview2::create(wasi_config);
//   mosaic::wasi::Http http(mosaic::serve::make_http_client({.allowed_hosts = {"127.0.0.1"}}));
//   mosaic::component::Linker linker;
//   wasi->add_to_linker(linker);
//   http.add_to_linker(linker, *wasi);
//   mosaic::serve::ServerConfig config;                     // address, deadline, limits, log
//   auto server = mosaic::serve::Server::bind(config, {engine, *component, linker, *wasi, http});
//   server->run();                                          // until shutdown() (e.g. from a signal thread)
//
// Everything in Service is shared by all requests and used from many threads at once (read-only): it must
// outlive the server.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/linker.h"
#include "mosaic/engine.h"
#include "mosaic/result.h"
#include "mosaic/wasi/http.h"
#include "mosaic/wasi/preview2.h"

namespace mosaic::serve {

struct ServerConfig {
  std::string host = "0.0.0.0";  // IPv4 or IPv6 address (a name is resolved)
  uint16_t port = 8080;          // 0: any free port (Server::port() tells which)
  // The deadline of one request, from its head to the end of the guest's call: the guest is interrupted
  // (it traps with "interrupt") and the client gets 503 when no response was started.
  std::optional<std::chrono::nanoseconds> request_timeout;
  // The fuel each request's guest starts with (the engine needs Config::consume_fuel): running out traps,
  // and the client gets 500.
  std::optional<uint64_t> request_fuel;
  // Connections beyond this many are answered 503 and closed.
  size_t max_connections = 1024;
  // A kept-alive connection without a new request for this long is closed.
  std::chrono::nanoseconds idle_timeout = std::chrono::seconds(60);
  // After shutdown(): how long in-flight requests may take before they are interrupted.
  std::chrono::nanoseconds shutdown_timeout = std::chrono::seconds(30);
  // One line per request (format in access_log.h), and error lines (traps). Called from many threads, one
  // line at a time, without the newline. Default: stderr.
  std::function<void(std::string_view line)> log;
  bool access_log = true;
};

// What serves each request.
struct Service {
  const Engine& engine;
  const component::Component& component;
  const component::Linker& linker;  // with wasi and http added
  const wasi::Preview2& wasi;       // the template: each request gets wasi.fresh()
  const wasi::Http& http;
};

class Server {
 public:
  // Binds and listens; an Io error when the address cannot be used (in use, not local).
  static Result<std::unique_ptr<Server>> bind(ServerConfig config, Service service);
  ~Server();  // waits for the connection threads

  uint16_t port() const;
  std::string host() const;  // as bound, e.g. "0.0.0.0" or "::1"

  // Accepts and serves until shutdown(); returns when every connection has ended (or, after
  // shutdown_timeout, the remaining requests were interrupted).
  void run();
  // From any thread: stops accepting, closes idle connections, lets requests in flight finish.
  void shutdown();

  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

struct ClientConfig {
  // Hosts guests may call: "HOST" (any port), "HOST:PORT", "[IPV6]:PORT", or "*" (any). Empty: none.
  std::vector<std::string> allowed_hosts;
  // Used when the guest's request-options leave a timeout unset.
  std::chrono::nanoseconds connect_timeout = std::chrono::seconds(30);
  std::chrono::nanoseconds first_byte_timeout = std::chrono::seconds(60);
  std::chrono::nanoseconds between_bytes_timeout = std::chrono::seconds(60);
};

// Plain HTTP/1.1 (no TLS: an https request fails with an error code), one connection per request.
std::shared_ptr<wasi::HttpClient> make_http_client(ClientConfig config);

// "10s", "500ms", "2m", "1h", "250us", "100ns"; a bare number is seconds (as wasmtime's -W timeout).
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);
// "65536", "64K"/"64KiB", "16M"/"16MiB", "1G"/"1GiB" (powers of 1024).
std::optional<uint64_t> parse_byte_size(std::string_view text);

}  // namespace mosaic::serve
