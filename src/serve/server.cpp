// The HTTP/1.1 server of `mosaic serve`: an accepting thread and one thread per connection, each serving
// its connection's requests in turn with blocking Beast calls. Every request gets a fresh Store, a fresh
// WASI context and a fresh instance of the component; the component, linker, WASI template and Http are
// shared read-only by all threads.
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <cerrno>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "mosaic/serve.h"
#include "serve/access_log.h"
#include "serve/handler.h"
#include "serve/header_rules.h"
#include "serve/request_body.h"
#include "serve/response_writer.h"
#include "serve/stream.h"
#include "serve/watchdog.h"

namespace mosaic::serve {

namespace {

// A guest runs on its connection's thread: as much native stack as the main thread usually has (the
// interpreter bounds its own use at 2 MiB; host functions and the parser need the rest).
constexpr size_t kThreadStack = size_t(8) << 20;
// The largest request head (request line and fields) accepted; larger ones get 431.
constexpr uint32_t kMaxHeadBytes = 64 * 1024;
// Unread request body discarded to keep a connection alive; beyond it the connection closes instead.
constexpr size_t kDrainLimit = 1 << 20;
constexpr auto kDrainTime = std::chrono::seconds(5);
// How long a closing connection keeps reading what the client still sends, so that the client sees the
// response before the connection ends (RFC 9112 §9.6: closing with unread data resets it).
constexpr auto kLingerTime = std::chrono::seconds(1);

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string endpoint_text(const tcp::endpoint& e) {
  std::string addr = e.address().to_string();
  if (e.address().is_v6()) addr = "[" + addr + "]";
  return addr + ":" + std::to_string(e.port());
}

// Starts a detached thread with a stack of `stack_bytes`.
bool spawn_thread(std::function<void()> body, size_t stack_bytes) {
  auto* task = new std::function<void()>(std::move(body));
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  int r = pthread_create(
      &thread, &attr,
      [](void* p) -> void* {
        std::unique_ptr<std::function<void()>> f(static_cast<std::function<void()>*>(p));
        (*f)();
        return nullptr;
      },
      task);
  pthread_attr_destroy(&attr);
  if (r != 0) delete task;
  return r == 0;
}

void default_log(std::string_view line) {
  std::string text(line);
  text += '\n';
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(2, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= size_t(n);
  }
}

// The request as the guest sees it: scheme http (no TLS here), the authority from the target (absolute
// form) or the Host field, and every field but those of the connection.
wasi::HttpRequestHead request_head(const http::request<http::buffer_body>& msg) {
  wasi::HttpRequestHead head;
  head.method = std::string(msg.method_string());
  head.scheme = "http";
  std::string_view target = std_view(msg.target());
  if (target.starts_with("http://") || target.starts_with("https://")) {
    // RFC 9112 §3.2.2 absolute-form: the target names the authority.
    size_t start = target.find("//") + 2;
    size_t slash = target.find_first_of("/?", start);
    head.authority =
        std::string(target.substr(start, slash == std::string_view::npos ? slash : slash - start));
    head.path_with_query = slash == std::string_view::npos ? "/" : std::string(target.substr(slash));
    if (head.path_with_query.front() == '?') head.path_with_query.insert(0, "/");
  } else {
    head.authority = std::string(msg[http::field::host]);
    head.path_with_query = std::string(target);
  }
  for (const auto& f : msg) {
    std::string_view name = std_view(f.name_string());
    if (is_connection_header(name)) continue;
    head.headers.push_back({std::string(name), std::string(f.value())});
  }
  return head;
}

void write_all(Stream& stream, std::string_view text) {
  error_code ec;
  net::write(stream, net::buffer(text.data(), text.size()), ec);
}

}  // namespace

struct Connection {
  Connection(Stream s, std::string p) : stream(std::move(s)), peer(std::move(p)) {}
  Stream stream;
  std::string peer;
  // Under Server::Impl::mutex:
  bool idle = true;                            // waiting for a request head
  std::shared_ptr<InterruptHandle> interrupt;  // of the request in progress
};

struct Server::Impl {
  Impl(ServerConfig c, Service s, RequestHandler h)
      : config(std::move(c)), service(s), handler(std::move(h)), acceptor(io) {
    if (!config.log) config.log = default_log;
    wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (config.request_timeout) watchdog = std::make_unique<Watchdog>();
  }
  ~Impl() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void accept_loop();
  void start_connection(tcp::socket socket);
  void serve(Connection& c);
  bool handle_request(Connection& c, boost::beast::flat_buffer& buffer, RequestParser& parser);
  void finish_connections();

  ServerConfig config;
  Service service;
  RequestHandler handler;
  net::io_context io;
  tcp::acceptor acceptor;
  tcp::endpoint local;
  int wake_fd = -1;
  std::unique_ptr<Watchdog> watchdog;

  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable connections_changed;
  std::set<Connection*> connections;
  bool forced = false;  // under mutex: in-flight requests are being interrupted
};

Result<std::unique_ptr<Server>> Server::bind(ServerConfig config, Service service) {
  const wasi::Http& http = service.http;
  return bind_server(std::move(config), service,
                     [&http](Store& store, const component::Instance& instance, wasi::HttpRequestHead head,
                             std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& responder) {
                       return http.handle(store, instance, std::move(head), std::move(body), responder);
                     });
}

Result<std::unique_ptr<Server>> bind_server(ServerConfig config, Service service, RequestHandler handler) {
  auto impl = std::make_unique<Server::Impl>(std::move(config), service, std::move(handler));
  const std::string where = impl->config.host + ":" + std::to_string(impl->config.port);
  error_code ec;
  tcp::endpoint endpoint;
  net::ip::address address = net::ip::make_address(impl->config.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, impl->config.port);
  } else {
    tcp::resolver resolver(impl->io);
    auto results = resolver.resolve(impl->config.host, std::to_string(impl->config.port), ec);
    if (ec || results.empty())
      return Error(ErrorKind::Io, "cannot listen on " + where + ": " + (ec ? ec.message() : "no address"));
    endpoint = results.begin()->endpoint();
  }
  tcp::acceptor& a = impl->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) a.non_blocking(true, ec);
  if (!ec) impl->local = a.local_endpoint(ec);
  if (ec) return Error(ErrorKind::Io, "cannot listen on " + where + ": " + ec.message());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  shutdown();
  // Connection threads refer to the server: wait for the last one (they were interrupted by run()).
  std::unique_lock lock(impl_->mutex);
  for (Connection* c : impl_->connections) {
    c->stream.cancel(Stream::kBoth);
    if (c->interrupt) c->interrupt->interrupt();
  }
  impl_->connections_changed.wait(lock, [&] { return impl_->connections.empty(); });
}

uint16_t Server::port() const { return impl_->local.port(); }

std::string Server::host() const { return impl_->local.address().to_string(); }

void Server::shutdown() {
  impl_->stopping.store(true);
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(impl_->wake_fd, &one, sizeof one);
}

void Server::run() {
  impl_->accept_loop();
  impl_->finish_connections();
}

void Server::Impl::accept_loop() {
  while (!stopping.load()) {
    pollfd fds[2] = {{acceptor.native_handle(), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    int r = ::poll(fds, 2, -1);
    if (r < 0 && errno != EINTR) break;
    if (stopping.load()) break;
    if (!(fds[0].revents & POLLIN)) continue;
    tcp::socket socket(io);
    error_code ec;
    acceptor.accept(socket, ec);
    if (ec == net::error::would_block || ec == net::error::try_again) continue;
    if (ec) {
      // Out of descriptors or memory: the pending connection stays queued; try again shortly.
      config.log("mosaic serve: accept: " + ec.message());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    start_connection(std::move(socket));
  }
  error_code ec;
  acceptor.close(ec);
}

void Server::Impl::start_connection(tcp::socket socket) {
  error_code ec;
  tcp::endpoint remote = socket.remote_endpoint(ec);
  auto c = std::make_unique<Connection>(Stream(std::move(socket)), ec ? "-" : endpoint_text(remote));
  {
    std::lock_guard lock(mutex);
    if (connections.size() >= config.max_connections) {
      // Over the limit: a short answer rather than a connection left waiting.
      c->stream.set_deadline(Clock::now() + std::chrono::milliseconds(100));
      write_all(c->stream,
                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
                "content-length: 20\r\nconnection: close\r\n\r\ntoo many connections");
      c->stream.close();
      config.log(c->peer + " refused: " + std::to_string(config.max_connections) + " connections open");
      return;
    }
    connections.insert(c.get());
  }
  Connection* raw = c.release();
  bool started = spawn_thread(
      [this, raw] {
        serve(*raw);
        std::lock_guard lock(mutex);
        connections.erase(raw);
        delete raw;
        connections_changed.notify_all();
      },
      kThreadStack);
  if (!started) {
    config.log("mosaic serve: cannot start a thread for " + raw->peer);
    std::lock_guard lock(mutex);
    connections.erase(raw);
    delete raw;
  }
}

void Server::Impl::finish_connections() {
  std::unique_lock lock(mutex);
  // Idle connections end now; busy ones after their request (they see `stopping`).
  for (Connection* c : connections)
    if (c->idle) c->stream.cancel(Stream::kBoth);
  if (connections_changed.wait_for(lock, config.shutdown_timeout, [&] { return connections.empty(); }))
    return;
  config.log("mosaic serve: " + std::to_string(connections.size()) +
             " requests still running after the shutdown timeout: interrupting them");
  forced = true;
  for (Connection* c : connections) {
    if (c->interrupt) c->interrupt->interrupt();
    c->stream.cancel(Stream::kBoth);
  }
  connections_changed.wait_for(lock, std::chrono::seconds(5), [&] { return connections.empty(); });
}

void Server::Impl::serve(Connection& c) {
  boost::beast::flat_buffer buffer;
  bool linger = false;
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (stopping.load()) break;
      c.idle = true;
    }
    c.stream.set_deadline(Clock::now() + config.idle_timeout);
    RequestParser parser;
    parser.header_limit(kMaxHeadBytes);
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    error_code ec;
    http::read_header(c.stream, buffer, parser, ec);
    {
      std::lock_guard lock(mutex);
      c.idle = false;
    }
    if (ec) {
      // A client that closed, went quiet or was closed by the shutdown ends quietly; a malformed head
      // gets 400 (431 when too large) and the connection ends.
      if (ec.category() == error_code(http::error::bad_target).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message) {
        c.stream.set_deadline(Clock::now() + std::chrono::seconds(1));
        write_all(c.stream,
                  ec == http::error::header_limit
                      ? "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n"
                        "connection: close\r\n\r\n"
                      : "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        linger = true;
      }
      break;
    }
    if (c.stream.cancelled()) break;
    c.stream.set_deadline(std::nullopt);
    bool unread_body = false;
    bool keep = handle_request(c, buffer, parser);
    unread_body = !parser.is_done();
    if (!keep) {
      linger = unread_body;
      break;
    }
  }
  if (linger && !c.stream.cancelled()) {
    // Half-close, then read what is still coming until the client closes (or briefly).
    error_code ec;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    c.stream.set_deadline(Clock::now() + kLingerTime);
    char scratch[16 * 1024];
    size_t total = 0;
    while (!ec && total < kDrainLimit) total += c.stream.read_some(net::buffer(scratch), ec);
  }
  c.stream.close();
}

bool Server::Impl::handle_request(Connection& c, boost::beast::flat_buffer& buffer, RequestParser& parser) {
  const Clock::time_point start = Clock::now();
  auto& msg = parser.get();
  RequestLine line{std::string(msg.method_string()), msg.version() == 10 ? 10u : 11u, msg.keep_alive()};
  AccessRecord record;
  record.peer = c.peer;
  record.method = line.method;
  record.target = std::string(msg.target());
  record.version = line.version;

  const bool expect_continue = equals_ignoring_case(std_view(msg[http::field::expect]), "100-continue");
  const size_t head_fields = size_t(std::distance(msg.begin(), msg.end()));
  wasi::HttpRequestHead head = request_head(msg);
  auto body = std::make_shared<RequestBody>(c.stream, buffer, parser, head_fields, expect_continue);
  ResponseWriter writer(c.stream, line);

  std::optional<Error> failure;
  {
    Store store(service.engine);
    if (config.request_fuel) store.set_fuel(*config.request_fuel);
    service.wasi.fresh().attach(store);
    std::shared_ptr<InterruptHandle> interrupt = store.interrupt_handle();
    {
      std::lock_guard lock(mutex);
      c.interrupt = interrupt;
      if (forced) interrupt->interrupt();
    }
    Watchdog::Ticket ticket;
    if (watchdog) {
      ticket = watchdog->watch(start + *config.request_timeout, [&writer, &c, interrupt] {
        writer.time_out();
        interrupt->interrupt();
        c.stream.cancel(Stream::kRead);  // a guest waiting for the request body wakes up
      });
    }
    const Clock::time_point t0 = Clock::now();
    Result<component::Instance> instance = service.linker.instantiate(store, service.component);
    record.instantiate_ms = ms_between(t0, Clock::now());
    Result<void> done =
        instance ? handler(store, *instance, std::move(head), body, writer) : Result<void>(instance.error());
    ticket.reset();
    if (!done) failure = std::move(done).error();
    std::lock_guard lock(mutex);
    c.interrupt.reset();
  }  // the store, and with it the instance and every handle the guest held, ends here

  const std::string request_text = c.peer + " \"" + line.method + " " + record.target + "\"";
  auto log_failure = [&](const std::string& what) {
    std::string text = "error: " + request_text + ": " + what;
    if (failure)
      for (size_t i = 0; i < failure->backtrace.size() && i < 32; ++i)
        text += "\n  " + std::to_string(i) + ": " + failure->backtrace[i];
    config.log(text);
  };
  if (writer.timed_out()) {
    log_failure("the request exceeded its deadline" +
                (failure ? " (" + failure->message + ")" : std::string()));
    record.note = "timeout";
    writer.send_plain(503, "request timed out\n", false);
  } else if (failure) {
    const bool trap = failure->kind == ErrorKind::Trap || failure->kind == ErrorKind::Exhausted;
    log_failure((trap ? "guest trapped: " : "") + failure->to_string());
    record.note = trap ? "trap" : "error";
    writer.send_plain(500, "internal server error\n", true);
  } else if (!writer.responded()) {
    log_failure("the handler returned without setting a response");
    record.note = "no response";
    writer.send_plain(500, "internal server error\n", true);
  } else if (writer.error()) {
    log_failure("the handler responded with an error: " + writer.error()->code +
                (writer.error()->message.empty() ? "" : " (" + writer.error()->message + ")"));
    record.note = "error response";
    writer.send_plain(500, "internal server error\n", true);
  } else if (!writer.committed()) {
    log_failure("the response body was not finished");
    record.note = "aborted";
    writer.send_plain(500, "internal server error\n", true);
  } else if (!writer.complete()) {
    record.note = "aborted";
  }

  bool keep = writer.keep_alive() && !stopping.load();
  if (keep && !body->done()) {
    c.stream.set_deadline(Clock::now() + kDrainTime);
    keep = body->drain(kDrainLimit);
  }
  record.status = writer.committed() ? writer.status() : 0;
  record.body_bytes = writer.body_bytes();
  record.total_ms = ms_between(start, Clock::now());
  if (config.access_log) config.log(format_access_line(record));
  return keep;
}

}  // namespace mosaic::serve
