// wasi:sockets/udp and wasi:sockets/udp-create-socket (wit/wasi-0.2.12/sockets/package.wit), after wasmtime's
// crates/wasi/src/sockets/udp.rs and crates/wasi/src/p2/host/udp.rs.
//
// A udp-socket is bound (start-bind/finish-bind), then `stream` gives the pair of datagram streams,
// optionally connecting the socket to one remote address (or disconnecting it). A socket has one pair at a
// time: asking for another while the last is alive is a trap, as in wasmtime. Datagrams go out without
// blocking: check-send says how many the socket takes now (0: wait on subscribe), and `send` of more than
// that is a trap.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/sockets_network.h"
#include "wasi/p2/sockets_tcp_stream.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kUdp = "wasi:sockets/udp";
// The most datagrams one receive returns or one check-send permits (wasmtime's MAX_DATAGRAMS), and the
// largest datagram (its length must fit the UDP header's 16 bits).
constexpr uint64_t kMaxDatagrams = 16;
constexpr size_t kMaxDatagramSize = 65535;

using Args = std::span<const mc::Value>;
namespace ne = net_error;

// What the socket and its streams share.
struct UdpShared {
  std::shared_ptr<FdHolder> fd;
  SocketFamily family = SocketFamily::Ipv4;
  bool bound = false;
  std::optional<SocketAddress> remote;  // the address `stream` connected the socket to
  uint32_t live_streams = 0;

  bool is_bound() {
    if (!bound) {
      SocketAddress a;
      a.len = sizeof a.storage;
      bound = ::getsockname(fd->get(), a.get(), &a.len) == 0 && !(a == SocketAddress::unspecified(family));
    }
    return bound;
  }
  void update_remote() {
    SocketAddress a;
    a.len = sizeof a.storage;
    if (::getpeername(fd->get(), a.get(), &a.len) == 0 && !(a == SocketAddress::unspecified(family)))
      remote = a;
    else
      remote.reset();
  }
};

class UdpSocket : public Object {
 public:
  explicit UdpSocket(std::shared_ptr<UdpShared> s) : shared(std::move(s)) {}
  std::shared_ptr<UdpShared> shared;
  bool bind_in_progress = false;
};

// A datagram stream counts itself among the socket's live streams.
class DatagramStream : public Object {
 public:
  explicit DatagramStream(std::shared_ptr<UdpShared> s) : shared(std::move(s)) { ++shared->live_streams; }
  ~DatagramStream() override { --shared->live_streams; }
  std::shared_ptr<UdpShared> shared;
};

class IncomingDatagramStream : public DatagramStream {
 public:
  using DatagramStream::DatagramStream;
};

class OutgoingDatagramStream : public DatagramStream {
 public:
  using DatagramStream::DatagramStream;
  uint64_t permit = 0;  // what the last check-send allowed
};

Result<UdpSocket*> socket_of(Ctx& ctx, const mc::Value& v) {
  return ctx.get<UdpSocket>(v, ctx.types.udp_socket);
}

mc::Value result_of(std::string_view error, std::optional<mc::Value> payload = std::nullopt) {
  return error.empty() ? net_ok(std::move(payload)) : net_err(error);
}

Result<mc::Value> create_udp_socket(Ctx& ctx, Args args) {
  auto family = socket_family_of(args[0]);
  if (!family) return Error(ErrorKind::Trap, "invalid ip-address-family value");
  if (!ctx.config.allow_udp) return net_err(ne::kAccessDenied);  // wasmtime: "UDP is not allowed"
  const int domain = *family == SocketFamily::Ipv4 ? AF_INET : AF_INET6;
  const int fd = ::socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return net_err_errno(errno);
  auto shared = std::make_shared<UdpShared>();
  shared->fd = std::make_shared<FdHolder>(fs::UniqueFd(fd));
  shared->family = *family;
  if (*family == SocketFamily::Ipv6) {
    int one = 1;
    if (::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) return net_err_errno(errno);
  }
  return net_ok(ctx.own(ctx.types.udp_socket, std::make_unique<UdpSocket>(std::move(shared))));
}

Result<mc::Value> start_bind(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  MOSAIC_TRY(ctx.get<Network>(args[1], ctx.types.network));
  const SocketAddress addr = MOSAIC_TRY(socket_address_of(args[2]));
  UdpShared& sh = *s->shared;
  if (s->bind_in_progress) return net_err(ne::kConcurrencyConflict);
  if (sh.live_streams != 0 || sh.is_bound()) return net_err(ne::kInvalidState);
  if (!is_valid_address_family(addr, sh.family)) return net_err(ne::kInvalidArgument);
  if (!network_permitted(ctx)) return net_err(ne::kAccessDenied);
  if (::bind(sh.fd->get(), addr.get(), addr.len) != 0)
    return net_err(errno == EAFNOSUPPORT ? ne::kInvalidArgument : net_error_of_errno(errno));
  s->bind_in_progress = true;
  return net_ok();
}

Result<mc::Value> finish_bind(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (!s->bind_in_progress) return net_err(ne::kNotInProgress);
  s->bind_in_progress = false;
  return net_ok();
}

// %stream: func(remote-address: option<ip-socket-address>) -> result<tuple<incoming, outgoing>, error-code>.
Result<mc::Value> stream(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  UdpShared& sh = *s->shared;
  if (sh.live_streams != 0) return Error(ErrorKind::Trap, "UDP streams not dropped yet");
  if (!sh.is_bound()) return net_err(ne::kInvalidState);
  if (args[1].kind() != mc::TypeKind::Option)
    return Error(ErrorKind::Trap, "invalid option<ip-socket-address>");
  if (args[1].is_some()) {
    const SocketAddress addr = MOSAIC_TRY(socket_address_of(*args[1].payload()));
    if (!is_valid_address_family(addr, sh.family) || !is_valid_remote_address(addr))
      return net_err(ne::kInvalidArgument);
    if (!network_permitted(ctx)) return net_err(ne::kAccessDenied);
    const int rc = ::connect(sh.fd->get(), addr.get(), addr.len);
    const int err = errno;
    sh.update_remote();
    if (rc != 0) return net_err_errno(err);
  } else if (sh.remote) {
    // Disconnecting: connect to AF_UNSPEC (the socket keeps its local address).
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    const int rc = ::connect(sh.fd->get(), &unspec, sizeof unspec);
    const int err = errno;
    sh.bound = true;
    sh.update_remote();
    if (rc != 0) return net_err_errno(err);
  }
  mc::Value in =
      ctx.own(ctx.types.incoming_datagram_stream, std::make_unique<IncomingDatagramStream>(s->shared));
  mc::Value out =
      ctx.own(ctx.types.outgoing_datagram_stream, std::make_unique<OutgoingDatagramStream>(s->shared));
  return net_ok(mc::Value::tuple({std::move(in), std::move(out)}));
}

Result<mc::Value> local_address(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (!s->shared->is_bound()) return net_err(ne::kInvalidState);
  SocketAddress a;
  a.len = sizeof a.storage;
  if (::getsockname(s->shared->fd->get(), a.get(), &a.len) != 0) return net_err_errno(errno);
  return net_ok(socket_address_value(a));
}

Result<mc::Value> remote_address(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  if (!s->shared->remote) return net_err(ne::kInvalidState);
  return net_ok(socket_address_value(*s->shared->remote));
}

Result<mc::Value> address_family(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return socket_family_value(s->shared->family);
}

Result<mc::Value> unicast_hop_limit(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  uint8_t v = 0;
  return result_of(get_hop_limit(s->shared->fd->get(), s->shared->family, v), mc::Value::u8(v));
}

Result<mc::Value> set_unicast_hop_limit(Ctx& ctx, Args args) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return result_of(set_hop_limit(s->shared->fd->get(), s->shared->family, uint8_t(args[1].as_unsigned())));
}

Result<mc::Value> buffer_size(Ctx& ctx, Args args, int option) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  uint64_t v = 0;
  return result_of(get_buffer_size(s->shared->fd->get(), option, v), mc::Value::u64(v));
}

Result<mc::Value> set_buffer_size_fn(Ctx& ctx, Args args, int option) {
  UdpSocket* s = MOSAIC_TRY(socket_of(ctx, args[0]));
  return result_of(set_buffer_size(s->shared->fd->get(), option, args[1].as_unsigned()));
}

// A udp-socket's pollable is always ready (wasmtime: nothing about the socket itself is waited for).
Result<mc::Value> socket_subscribe(Ctx& ctx, Args args) {
  MOSAIC_TRY(socket_of(ctx, args[0]));
  return ctx.own(ctx.types.pollable, std::make_unique<Pollable>(ready_source()));
}

// receive: up to min(max-results, 16) datagrams that have arrived, and no more than about 64 KiB of them.
Result<mc::Value> receive(Ctx& ctx, Args args) {
  auto* st = MOSAIC_TRY(ctx.get<IncomingDatagramStream>(args[0], ctx.types.incoming_datagram_stream));
  const uint64_t max = std::min(args[1].as_unsigned(), kMaxDatagrams);
  std::vector<mc::Value> datagrams;
  if (!st->shared->is_bound()) return net_err(ne::kInvalidState);
  std::vector<uint8_t> buf(kMaxDatagramSize);
  uint64_t sum = 0;
  while (datagrams.size() < max && sum < kSocketChunk) {
    SocketAddress from;
    from.len = sizeof from.storage;
    const ssize_t n =
        ::recvfrom(st->shared->fd->get(), buf.data(), buf.size(), MSG_DONTWAIT, from.get(), &from.len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK || !datagrams.empty()) break;
      return net_err_errno(errno);
    }
    if (!network_permitted(ctx)) continue;  // wasmtime's UdpReceive check drops what may not be received
    sum += 1 + uint64_t(n);
    datagrams.push_back(
        mc::Value::record({{"data", mc::Value::bytes(std::vector<uint8_t>(buf.begin(), buf.begin() + n))},
                           {"remote-address", socket_address_value(from)}}));
  }
  return net_ok(mc::Value::list(std::move(datagrams)));
}

Result<mc::Value> incoming_subscribe(Ctx& ctx, Args args) {
  auto* st = MOSAIC_TRY(ctx.get<IncomingDatagramStream>(args[0], ctx.types.incoming_datagram_stream));
  return ctx.own(ctx.types.pollable, std::make_unique<Pollable>(socket_fd_source(st->shared->fd, POLLIN)));
}

Result<mc::Value> check_send(Ctx& ctx, Args args) {
  auto* st = MOSAIC_TRY(ctx.get<OutgoingDatagramStream>(args[0], ctx.types.outgoing_datagram_stream));
  st->permit = fd_ready(st->shared->fd->get(), POLLOUT) ? kMaxDatagrams : 0;
  return net_ok(mc::Value::u64(st->permit));
}

// One datagram out; "" when sent, else its error-code (would-block when the socket takes no more now).
std::string_view send_one(Ctx& ctx, UdpShared& sh, const mc::Value& datagram) {
  const auto& names = datagram.field_names();
  const mc::Value* data = nullptr;
  const mc::Value* addr = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "data") data = &datagram.items()[i];
    if (names[i] == "remote-address") addr = &datagram.items()[i];
  }
  if (!data || !addr) return ne::kInvalidArgument;
  std::vector<uint8_t> scratch;
  const std::optional<std::span<const uint8_t>> bytes = data->view_bytes(scratch);
  if (!bytes) return ne::kInvalidArgument;
  if (bytes->size() > kMaxDatagramSize) return ne::kDatagramTooLarge;
  SocketAddress target;
  if (addr->is_some()) {
    auto a = socket_address_of(*addr->payload());
    if (!a) return ne::kInvalidArgument;
    target = *a;
    if (!is_valid_remote_address(target) || !is_valid_address_family(target, sh.family))
      return ne::kInvalidArgument;
    if (sh.remote && !(*sh.remote == target)) return ne::kInvalidArgument;
  } else if (sh.remote) {
    target = *sh.remote;
  } else {
    return ne::kInvalidArgument;
  }
  if (!network_permitted(ctx)) return ne::kAccessDenied;
  for (;;) {
    const ssize_t n = sh.remote
                          ? ::send(sh.fd->get(), bytes->data(), bytes->size(), MSG_DONTWAIT | MSG_NOSIGNAL)
                          : ::sendto(sh.fd->get(), bytes->data(), bytes->size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                                     target.get(), target.len);
    if (n >= 0) return {};
    if (errno != EINTR) return net_error_of_errno(errno);
  }
}

Result<mc::Value> send(Ctx& ctx, Args args) {
  auto* st = MOSAIC_TRY(ctx.get<OutgoingDatagramStream>(args[0], ctx.types.outgoing_datagram_stream));
  const auto& datagrams = args[1].items();
  if (datagrams.empty()) return net_ok(mc::Value::u64(0));
  if (datagrams.size() > st->permit)
    return Error(ErrorKind::Trap, "unpermitted: argument exceeds permitted size");
  st->permit = 0;
  uint64_t count = 0;
  for (const mc::Value& d : datagrams) {
    const std::string_view e = send_one(ctx, *st->shared, d);
    if (e.empty()) {
      ++count;
      continue;
    }
    if (e == ne::kWouldBlock || count > 0) break;
    return net_err(e);
  }
  return net_ok(mc::Value::u64(count));
}

Result<mc::Value> outgoing_subscribe(Ctx& ctx, Args args) {
  auto* st = MOSAIC_TRY(ctx.get<OutgoingDatagramStream>(args[0], ctx.types.outgoing_datagram_stream));
  return ctx.own(ctx.types.pollable, std::make_unique<Pollable>(socket_fd_source(st->shared->fd, POLLOUT)));
}

Result<mc::Value> receive_buffer_size(Ctx& c, Args a) { return buffer_size(c, a, SO_RCVBUF); }
Result<mc::Value> set_receive_buffer_size(Ctx& c, Args a) { return set_buffer_size_fn(c, a, SO_RCVBUF); }
Result<mc::Value> send_buffer_size(Ctx& c, Args a) { return buffer_size(c, a, SO_SNDBUF); }
Result<mc::Value> set_send_buffer_size(Ctx& c, Args a) { return set_buffer_size_fn(c, a, SO_SNDBUF); }

constexpr HostFunction kUdpFunctions[] = {
    {kUdp, "[method]udp-socket.start-bind", 3, start_bind},
    {kUdp, "[method]udp-socket.finish-bind", 1, finish_bind},
    {kUdp, "[method]udp-socket.stream", 2, stream},
    {kUdp, "[method]udp-socket.local-address", 1, local_address},
    {kUdp, "[method]udp-socket.remote-address", 1, remote_address},
    {kUdp, "[method]udp-socket.address-family", 1, address_family},
    {kUdp, "[method]udp-socket.unicast-hop-limit", 1, unicast_hop_limit},
    {kUdp, "[method]udp-socket.set-unicast-hop-limit", 2, set_unicast_hop_limit},
    {kUdp, "[method]udp-socket.receive-buffer-size", 1, receive_buffer_size},
    {kUdp, "[method]udp-socket.set-receive-buffer-size", 2, set_receive_buffer_size},
    {kUdp, "[method]udp-socket.send-buffer-size", 1, send_buffer_size},
    {kUdp, "[method]udp-socket.set-send-buffer-size", 2, set_send_buffer_size},
    {kUdp, "[method]udp-socket.subscribe", 1, socket_subscribe},
    {kUdp, "[method]incoming-datagram-stream.receive", 2, receive},
    {kUdp, "[method]incoming-datagram-stream.subscribe", 1, incoming_subscribe},
    {kUdp, "[method]outgoing-datagram-stream.check-send", 1, check_send},
    {kUdp, "[method]outgoing-datagram-stream.send", 2, send},
    {kUdp, "[method]outgoing-datagram-stream.subscribe", 1, outgoing_subscribe},
    {"wasi:sockets/udp-create-socket", "create-udp-socket", 1, create_udp_socket},
};

}  // namespace

std::span<const HostFunction> sockets_udp_functions() { return kUdpFunctions; }

void add_sockets_udp(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.udp_socket = ctx->define_resource(linker, kUdp, "udp-socket");
  ctx->types.incoming_datagram_stream = ctx->define_resource(linker, kUdp, "incoming-datagram-stream");
  ctx->types.outgoing_datagram_stream = ctx->define_resource(linker, kUdp, "outgoing-datagram-stream");
  define_functions(ctx, linker, kUdpFunctions);
}

}  // namespace mosaic::wasi::p2
