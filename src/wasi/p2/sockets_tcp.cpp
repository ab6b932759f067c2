// wasi:sockets/tcp and wasi:sockets/tcp-create-socket (wit/wasi-0.2.12/sockets/package.wit).
//
// A tcp-socket follows wasmtime's state machine (crates/wasi/src/sockets/tcp.rs,
// crates/wasi/src/p2/host/tcp.rs):
//   default --start-bind--> default, bound --start-listen--> listening
//   default --start-connect--> connecting --finish-connect--> connected | closed(error)
// and at most one of bind / connect / listen is in progress at a time: start-X while one is gives
// concurrency-conflict, finish-X without its start not-in-progress, finish-connect before the connection is
// made would-block. Socket options need a socket that is not connecting (invalid-state), and one that failed
// to connect reports its error from then on. Host sockets are non-blocking; waiting is done by polling the
// socket's pollable (ready when the connection is made, or, on a listening socket, when a client waits).

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/sockets_network.h"
#include "wasi/p2/sockets_tcp_stream.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kTcp = "wasi:sockets/tcp";
constexpr uint32_t kDefaultBacklog = 128;
constexpr uint64_t kNanosPerSecond = 1'000'000'000;

using Args = std::span<const mc::Value>;
namespace ne = net_error;

enum class TcpState : uint8_t { Default, Connecting, Connected, Listening, Closed };
enum class TcpOp : uint8_t { None, Bind, Connect, Listen };

// What the socket and its pollables share.
struct TcpShared {
  std::shared_ptr<FdHolder> fd;
  TcpState state = TcpState::Default;
  TcpOp op = TcpOp::None;
  std::string_view closed_error;   // the error of a closed socket
  std::string_view connect_error;  // a connect that failed before it reached the network
  bool connect_in_flight = false;  // connect(2) said EINPROGRESS
};

class TcpSocket : public Object {
 public:
  TcpSocket(std::shared_ptr<FdHolder> fd, SocketFamily family)
      : shared(std::make_shared<TcpShared>()), family(family) {
    shared->fd = std::move(fd);
  }
  std::shared_ptr<TcpShared> shared;
  SocketFamily family;
  uint32_t backlog = kDefaultBacklog;
  bool bound = false;
  bool streams_taken = false;

  int fd() const { return shared->fd->get(); }
  TcpState state() const { return shared->state; }

  // Whether the socket has a local address (wasmtime's is_bound: a listening, connecting or connected socket
  // is; a default one when the host gave it an address).
  bool is_bound() {
    if (!bound) {
      if (state() != TcpState::Default) {
        bound = true;
      } else {
        SocketAddress a;
        a.len = sizeof a.storage;
        bound = ::getsockname(fd(), a.get(), &a.len) == 0 && !(a == SocketAddress::unspecified(family));
      }
    }
    return bound;
  }

  // The descriptor for a socket option, or the error-code of a socket that has none usable.
  std::string_view option_fd(int& out) const {
    switch (state()) {
      case TcpState::Connecting: return ne::kInvalidState;
      case TcpState::Closed: return shared->closed_error;
      default: out = fd(); return {};
    }
  }
};

// The pollable of a socket: wasmtime's Pollable for TcpSocket. A connect in progress is ready when the host
// connection attempt ends; a listening socket (listen finished) when a client is waiting; otherwise at once.
class TcpSource : public PollSource {
 public:
  explicit TcpSource(std::shared_ptr<TcpShared> s) : s_(std::move(s)) {}
  bool ready(PollWait& wait) override {
    short events = 0;
    if (s_->op == TcpOp::Connect && s_->state == TcpState::Connecting && s_->connect_in_flight)
      events = POLLOUT;
    else if (s_->op == TcpOp::None && s_->state == TcpState::Listening)
      events = POLLIN;
    if (events == 0 || fd_ready(s_->fd->get(), events)) return true;
    wait.fd = s_->fd->get();
    wait.events = events;
    return false;
  }

 private:
  std::shared_ptr<TcpShared> s_;
};

Result<TcpSocket*> socket_of(Ctx& ctx, const mc::Value& v) {
  return ctx.get<TcpSocket>(v, ctx.types.tcp_socket);
}

mc::Value result_of(std::string_view error, std::optional<mc::Value> payload = std::nullopt) {
  return error.empty() ? net_ok(std::move(payload)) : net_err(error);
}

// A host TCP socket, non-blocking; an IPv6 one takes IPv6 only (as wasmtime: IPv4 peers need an IPv4 socket).
int open_socket(SocketFamily family, int& fd) {
  fd = ::socket(family == SocketFamily::Ipv4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                0);
  if (fd < 0) return errno;
  if (family == SocketFamily::Ipv6) {
    int one = 1;
    if (::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) {
      const int err = errno;
      ::close(fd);
      return err;
    }
  }
  return 0;
}

// create-tcp-socket: func(address-family) -> result<tcp-socket, error-code>.
Result<mc::Value> create_tcp_socket(Ctx& ctx, Args args) {
  auto family = socket_family_of(args[0]);
  if (!family) return Error(ErrorKind::Trap, "invalid ip-address-family value");
  if (!ctx.config.allow_tcp) return net_err(ne::kAccessDenied);  // wasmtime: "TCP is not allowed"
  int fd = -1;
  if (int err = open_socket(*family, fd)) return net_err_errno(err);
  auto sock = std::make_unique<TcpSocket>(std::make_shared<FdHolder>(fs::UniqueFd(fd)), *family);
  return net_ok(ctx.own(ctx.types.tcp_socket, std::move(sock)));
}

Result<mc::Value> start_bind(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  MOSAIC_TRY(ctx.get<Network>(args[1], ctx.types.network));
  const SocketAddress addr = MOSAIC_TRY(socket_address_of(args[2]));
  if (s->shared->op != TcpOp::None) return net_err(ne::kConcurrencyConflict);
  if (s->is_bound() || s->state() != TcpState::Default) return net_err(ne::kInvalidState);
  if (!is_valid_unicast_address(addr) || !is_valid_address_family(addr, s->family))
    return net_err(ne::kInvalidArgument);
  if (!network_permitted(ctx)) return net_err(ne::kAccessDenied);
  // Reuse of a port a closed connection still waits on (TIME_WAIT), as std and wasmtime allow.
  int one = 1;
  (void)::setsockopt(s->fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s->fd(), addr.get(), addr.len) != 0)
    return net_err(errno == EAFNOSUPPORT ? ne::kInvalidArgument : net_error_of_errno(errno));
  s->shared->op = TcpOp::Bind;
  return net_ok();
}

Result<mc::Value> finish_bind(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (s->shared->op != TcpOp::Bind) return net_err(ne::kNotInProgress);
  s->shared->op = TcpOp::None;
  return net_ok();
}

// start-connect checks the socket's state and the address; the permission check and the connection itself
// are the asynchronous part (wasmtime's connect future), whose failure finish-connect reports.
Result<mc::Value> start_connect(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  MOSAIC_TRY(ctx.get<Network>(args[1], ctx.types.network));
  const SocketAddress addr = MOSAIC_TRY(socket_address_of(args[2]));
  if (s->shared->op != TcpOp::None) return net_err(ne::kConcurrencyConflict);
  if (s->state() != TcpState::Default) return net_err(ne::kInvalidState);
  if (!is_valid_unicast_address(addr) || !is_valid_remote_address(addr) ||
      !is_valid_address_family(addr, s->family))
    return net_err(ne::kInvalidArgument);
  TcpShared& sh = *s->shared;
  sh.state = TcpState::Connecting;
  sh.op = TcpOp::Connect;
  sh.connect_error = {};
  sh.connect_in_flight = false;
  if (!network_permitted(ctx)) {
    sh.connect_error = ne::kAccessDenied;
  } else if (::connect(s->fd(), addr.get(), addr.len) != 0) {
    if (errno == EINPROGRESS || errno == EINTR)
      sh.connect_in_flight = true;
    else
      sh.connect_error = net_error_of_errno(errno);
  }
  return net_ok();
}

Result<mc::Value> finish_connect(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  TcpShared& sh = *s->shared;
  if (sh.op != TcpOp::Connect) return net_err(ne::kNotInProgress);
  std::string_view error = sh.connect_error;
  if (error.empty() && sh.connect_in_flight) {
    if (!fd_ready(s->fd(), POLLOUT)) return net_err(ne::kWouldBlock);
    int so_error = 0;
    socklen_t len = sizeof so_error;
    if (::getsockopt(s->fd(), SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) so_error = errno;
    if (so_error != 0) error = net_error_of_errno(so_error);
  }
  sh.op = TcpOp::None;
  sh.connect_in_flight = false;
  if (!error.empty()) {
    sh.state = TcpState::Closed;
    sh.closed_error = error;
    return net_err(error);
  }
  sh.state = TcpState::Connected;
  s->bound = true;
  s->streams_taken = true;
  mc::Value in = ctx.own(ctx.types.input_stream, tcp_input_stream(sh.fd));
  mc::Value out = ctx.own(ctx.types.output_stream, tcp_output_stream(sh.fd));
  return net_ok(mc::Value::tuple({std::move(in), std::move(out)}));
}

Result<mc::Value> start_listen(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (s->shared->op != TcpOp::None) return net_err(ne::kConcurrencyConflict);
  if (!s->is_bound() || s->state() != TcpState::Default) return net_err(ne::kInvalidState);
  if (!network_permitted(ctx)) return net_err(ne::kAccessDenied);
  if (::listen(s->fd(), int(s->backlog)) != 0) return net_err_errno(errno);
  s->shared->state = TcpState::Listening;
  s->shared->op = TcpOp::Listen;
  return net_ok();
}

Result<mc::Value> finish_listen(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (s->shared->op != TcpOp::Listen) return net_err(ne::kNotInProgress);
  s->shared->op = TcpOp::None;
  return net_ok();
}

// accept: a client that is waiting, or would-block. Linux reports some failures of the client's connection
// (reset, unreachable ...) from accept; they are connection-aborted, as wasmtime maps them.
Result<mc::Value> accept(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (s->state() != TcpState::Listening) return net_err(ne::kInvalidState);
  for (;;) {
    const int fd = ::accept4(s->fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      switch (errno) {
        case EINTR: continue;
        case ECONNRESET:
        case ENETRESET:
        case EHOSTUNREACH:
        case EHOSTDOWN:
        case ENETDOWN:
        case ENETUNREACH:
        case EPROTO:
        case ENOPROTOOPT:
        case ENONET:
        case EOPNOTSUPP: return net_err(ne::kConnectionAborted);
        default: return net_err_errno(errno);
      }
    }
    if (!network_permitted(ctx)) {
      // A client the guest may not talk to is reset and the next one waited for (wasmtime's TcpAccept check).
      linger l{1, 0};
      (void)::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      ::close(fd);
      continue;
    }
    auto holder = std::make_shared<FdHolder>(fs::UniqueFd(fd));
    auto client = std::make_unique<TcpSocket>(holder, s->family);
    client->shared->state = TcpState::Connected;
    client->bound = true;
    client->streams_taken = true;
    mc::Value sock = ctx.own(ctx.types.tcp_socket, std::move(client));
    mc::Value in = ctx.own(ctx.types.input_stream, tcp_input_stream(holder));
    mc::Value out = ctx.own(ctx.types.output_stream, tcp_output_stream(holder));
    return net_ok(mc::Value::tuple({std::move(sock), std::move(in), std::move(out)}));
  }
}

Result<mc::Value> local_address(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (!s->is_bound()) return net_err(ne::kInvalidState);
  if (s->state() == TcpState::Connecting) return net_err(ne::kInvalidState);
  if (s->state() == TcpState::Closed) return net_err(s->shared->closed_error);
  SocketAddress a;
  a.len = sizeof a.storage;
  if (::getsockname(s->fd(), a.get(), &a.len) != 0) return net_err_errno(errno);
  return net_ok(socket_address_value(a));
}

Result<mc::Value> remote_address(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (s->state() == TcpState::Closed) return net_err(s->shared->closed_error);
  if (s->state() != TcpState::Connected) return net_err(ne::kInvalidState);
  SocketAddress a;
  a.len = sizeof a.storage;
  if (::getpeername(s->fd(), a.get(), &a.len) != 0) return net_err_errno(errno);
  return net_ok(socket_address_value(a));
}

Result<mc::Value> is_listening(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return mc::Value::make_bool(s->state() == TcpState::Listening);
}

Result<mc::Value> address_family(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return socket_family_value(s->family);
}

Result<mc::Value> set_listen_backlog_size(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  const uint64_t value = args[1].as_unsigned();
  if (value == 0) return net_err(ne::kInvalidArgument);
  const uint32_t backlog = value > uint64_t(INT32_MAX) ? uint32_t(INT32_MAX) : uint32_t(value);
  switch (s->state()) {
    case TcpState::Default: s->backlog = backlog; return net_ok();
    case TcpState::Listening:
      // Linux lets a listening socket's backlog change by listening again.
      if (::listen(s->fd(), int(backlog)) != 0) return net_err(ne::kNotSupported);
      s->backlog = backlog;
      return net_ok();
    case TcpState::Closed: return net_err(s->shared->closed_error);
    default: return net_err(ne::kInvalidState);
  }
}

// An integer socket option read as `level`/`name`.
std::string_view get_int_option(int fd, int level, int name, int& out) {
  socklen_t len = sizeof out;
  return ::getsockopt(fd, level, name, &out, &len) == 0 ? std::string_view() : net_error_of_errno(errno);
}
std::string_view set_int_option(int fd, int level, int name, int value) {
  return ::setsockopt(fd, level, name, &value, sizeof value) == 0 ? std::string_view()
                                                                  : net_error_of_errno(errno);
}

// Keep-alive times are whole seconds on the host, clamped as wasmtime does to [1 s, i16::MAX s] (the range
// every host takes).
int keep_alive_seconds(uint64_t nanos) {
  const uint64_t secs = nanos / kNanosPerSecond;
  return int(secs < 1 ? 1 : secs > uint64_t(INT16_MAX) ? uint64_t(INT16_MAX) : secs);
}

Result<mc::Value> keep_alive_enabled(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1, v = 0;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = get_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, v);
  return result_of(e, mc::Value::make_bool(v != 0));
}

Result<mc::Value> set_keep_alive_enabled(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = set_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, args[1].as_bool() ? 1 : 0);
  return result_of(e);
}

// keep-alive-idle-time / keep-alive-interval: durations in nanoseconds over TCP_KEEPIDLE / TCP_KEEPINTVL.
Result<mc::Value> get_keep_alive_time(Ctx& ctx, Args args, int name) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1, v = 0;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = get_int_option(fd, IPPROTO_TCP, name, v);
  return result_of(e, mc::Value::u64(uint64_t(v < 0 ? 0 : v) * kNanosPerSecond));
}

Result<mc::Value> set_keep_alive_time(Ctx& ctx, Args args, int name) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (args[1].as_unsigned() == 0) return net_err(ne::kInvalidArgument);
  int fd = -1;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = set_int_option(fd, IPPROTO_TCP, name, keep_alive_seconds(args[1].as_unsigned()));
  return result_of(e);
}

Result<mc::Value> keep_alive_count(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1, v = 0;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = get_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, v);
  return result_of(e, mc::Value::u32(uint32_t(v < 0 ? 0 : v)));
}

Result<mc::Value> set_keep_alive_count(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  const uint64_t value = args[1].as_unsigned();
  if (value == 0) return net_err(ne::kInvalidArgument);
  int fd = -1;
  std::string_view e = s->option_fd(fd);
  // Clamped to [1, i8::MAX], what every host takes (wasmtime).
  if (e.empty()) e = set_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, int(value > 127 ? 127 : value));
  return result_of(e);
}

Result<mc::Value> hop_limit(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1;
  uint8_t v = 0;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = get_hop_limit(fd, s->family, v);
  return result_of(e, mc::Value::u8(v));
}

Result<mc::Value> set_hop_limit_fn(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = set_hop_limit(fd, s->family, uint8_t(args[1].as_unsigned()));
  return result_of(e);
}

Result<mc::Value> buffer_size(Ctx& ctx, Args args, int option) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1;
  uint64_t v = 0;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = get_buffer_size(fd, option, v);
  return result_of(e, mc::Value::u64(v));
}

Result<mc::Value> set_buffer_size_fn(Ctx& ctx, Args args, int option) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  int fd = -1;
  std::string_view e = s->option_fd(fd);
  if (e.empty()) e = set_buffer_size(fd, option, args[1].as_unsigned());
  return result_of(e);
}

Result<mc::Value> subscribe(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return ctx.own(ctx.types.pollable, std::make_unique<Pollable>(std::make_shared<TcpSource>(s->shared)));
}

// shutdown: needs the streams of a connected socket (wasmtime: invalid-state otherwise). The host socket is
// shut down: reads then see the end of the stream, and the peer sees the end of what we send.
Result<mc::Value> shutdown(Ctx& ctx, Args args) {
  TcpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  const std::string& how = args[1].case_name();
  if (args[1].kind() != mc::TypeKind::Enum || (how != "receive" && how != "send" && how != "both"))
    return Error(ErrorKind::Trap, "invalid shutdown-type value");
  if (s->state() != TcpState::Connected || !s->streams_taken) return net_err(ne::kInvalidState);
  (void)::shutdown(s->fd(), how == "receive" ? SHUT_RD : how == "send" ? SHUT_WR : SHUT_RDWR);
  return net_ok();
}

Result<mc::Value> keep_alive_idle_time(Ctx& c, Args a) { return get_keep_alive_time(c, a, TCP_KEEPIDLE); }
Result<mc::Value> set_keep_alive_idle_time(Ctx& c, Args a) { return set_keep_alive_time(c, a, TCP_KEEPIDLE); }
Result<mc::Value> keep_alive_interval(Ctx& c, Args a) { return get_keep_alive_time(c, a, TCP_KEEPINTVL); }
Result<mc::Value> set_keep_alive_interval(Ctx& c, Args a) { return set_keep_alive_time(c, a, TCP_KEEPINTVL); }
Result<mc::Value> receive_buffer_size(Ctx& c, Args a) { return buffer_size(c, a, SO_RCVBUF); }
Result<mc::Value> set_receive_buffer_size(Ctx& c, Args a) { return set_buffer_size_fn(c, a, SO_RCVBUF); }
Result<mc::Value> send_buffer_size(Ctx& c, Args a) { return buffer_size(c, a, SO_SNDBUF); }
Result<mc::Value> set_send_buffer_size(Ctx& c, Args a) { return set_buffer_size_fn(c, a, SO_SNDBUF); }

constexpr HostFunction kTcpFunctions[] = {
    {kTcp, "[method]tcp-socket.start-bind", 3, start_bind},
    {kTcp, "[method]tcp-socket.finish-bind", 1, finish_bind},
    {kTcp, "[method]tcp-socket.start-connect", 3, start_connect},
    {kTcp, "[method]tcp-socket.finish-connect", 1, finish_connect},
    {kTcp, "[method]tcp-socket.start-listen", 1, start_listen},
    {kTcp, "[method]tcp-socket.finish-listen", 1, finish_listen},
    {kTcp, "[method]tcp-socket.accept", 1, accept},
    {kTcp, "[method]tcp-socket.local-address", 1, local_address},
    {kTcp, "[method]tcp-socket.remote-address", 1, remote_address},
    {kTcp, "[method]tcp-socket.is-listening", 1, is_listening},
    {kTcp, "[method]tcp-socket.address-family", 1, address_family},
    {kTcp, "[method]tcp-socket.set-listen-backlog-size", 2, set_listen_backlog_size},
    {kTcp, "[method]tcp-socket.keep-alive-enabled", 1, keep_alive_enabled},
    {kTcp, "[method]tcp-socket.set-keep-alive-enabled", 2, set_keep_alive_enabled},
    {kTcp, "[method]tcp-socket.keep-alive-idle-time", 1, keep_alive_idle_time},
    {kTcp, "[method]tcp-socket.set-keep-alive-idle-time", 2, set_keep_alive_idle_time},
    {kTcp, "[method]tcp-socket.keep-alive-interval", 1, keep_alive_interval},
    {kTcp, "[method]tcp-socket.set-keep-alive-interval", 2, set_keep_alive_interval},
    {kTcp, "[method]tcp-socket.keep-alive-count", 1, keep_alive_count},
    {kTcp, "[method]tcp-socket.set-keep-alive-count", 2, set_keep_alive_count},
    {kTcp, "[method]tcp-socket.hop-limit", 1, hop_limit},
    {kTcp, "[method]tcp-socket.set-hop-limit", 2, set_hop_limit_fn},
    {kTcp, "[method]tcp-socket.receive-buffer-size", 1, receive_buffer_size},
    {kTcp, "[method]tcp-socket.set-receive-buffer-size", 2, set_receive_buffer_size},
    {kTcp, "[method]tcp-socket.send-buffer-size", 1, send_buffer_size},
    {kTcp, "[method]tcp-socket.set-send-buffer-size", 2, set_send_buffer_size},
    {kTcp, "[method]tcp-socket.subscribe", 1, subscribe},
    {kTcp, "[method]tcp-socket.shutdown", 2, shutdown},
    {"wasi:sockets/tcp-create-socket", "create-tcp-socket", 1, create_tcp_socket},
};

}  // namespace

std::span<const HostFunction> sockets_tcp_functions() { return kTcpFunctions; }

void add_sockets_tcp(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.tcp_socket = ctx->define_resource(linker, kTcp, "tcp-socket");
  define_functions(ctx, linker, kTcpFunctions);
}

}  // namespace mosaic::wasi::p2
