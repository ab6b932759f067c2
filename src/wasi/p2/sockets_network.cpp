// wasi:sockets/network and wasi:sockets/instance-network, and the helpers of sockets_network.h.

#include "wasi/p2/sockets_network.h"

#include <netinet/in.h>
#include <netinet/ip.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

std::string_view net_error_of_errno(int err) {
  using namespace net_error;
  switch (err) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EINTR: return kWouldBlock;
    case EPERM:
    case EACCES: return kAccessDenied;
    case EADDRINUSE: return kAddressInUse;
    case EADDRNOTAVAIL: return kAddressNotBindable;
    case EALREADY: return kConcurrencyConflict;
    case ETIMEDOUT: return kTimeout;
    case ECONNREFUSED: return kConnectionRefused;
    case ECONNRESET: return kConnectionReset;
    case ECONNABORTED: return kConnectionAborted;
    case EINVAL: return kInvalidArgument;
    case EHOSTUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case ENETUNREACH:
    case ENONET: return kRemoteUnreachable;
    case EISCONN:
    case ENOTCONN:
    case EDESTADDRREQ: return kInvalidState;
    case ENFILE:
    case EMFILE: return kNewSocketLimit;
    case EMSGSIZE: return kDatagramTooLarge;
    case ENOMEM:
    case ENOBUFS: return kOutOfMemory;
    case EOPNOTSUPP:
    case ENOPROTOOPT:
    case EPFNOSUPPORT:
    case EPROTONOSUPPORT:
    case EPROTOTYPE:
    case ESOCKTNOSUPPORT:
    case EAFNOSUPPORT: return kNotSupported;
    default: return kUnknown;
  }
}

mc::Value net_error_value(std::string_view code) { return mc::Value::enum_case(std::string(code)); }

// --- addresses ------------------------------------------------------------------------------------------

uint16_t SocketAddress::port() const {
  if (storage.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
}

bool SocketAddress::operator==(const SocketAddress& o) const {
  if (storage.ss_family != o.storage.ss_family) return false;
  if (storage.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<const sockaddr_in6*>(&storage);
    auto* b = reinterpret_cast<const sockaddr_in6*>(&o.storage);
    return a->sin6_port == b->sin6_port && std::memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0 &&
           a->sin6_flowinfo == b->sin6_flowinfo && a->sin6_scope_id == b->sin6_scope_id;
  }
  auto* a = reinterpret_cast<const sockaddr_in*>(&storage);
  auto* b = reinterpret_cast<const sockaddr_in*>(&o.storage);
  return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

SocketAddress SocketAddress::unspecified(SocketFamily family) {
  SocketAddress a;
  if (family == SocketFamily::Ipv6) {
    a.storage.ss_family = AF_INET6;
    a.len = sizeof(sockaddr_in6);
  } else {
    a.storage.ss_family = AF_INET;
    a.len = sizeof(sockaddr_in);
  }
  return a;
}

SocketAddress SocketAddress::ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  SocketAddress s = unspecified(SocketFamily::Ipv4);
  auto* in = reinterpret_cast<sockaddr_in*>(&s.storage);
  in->sin_port = htons(port);
  const uint8_t bytes[4] = {a, b, c, d};
  std::memcpy(&in->sin_addr, bytes, 4);
  return s;
}

namespace {

const mc::Value* field(const mc::Value& record, std::string_view name) {
  const auto& names = record.field_names();
  for (size_t i = 0; i < names.size() && i < record.items().size(); ++i)
    if (names[i] == name) return &record.items()[i];
  return nullptr;
}

Error bad_address() { return Error(ErrorKind::Trap, "invalid ip-socket-address value"); }

// The IPv6 address as the eight 16-bit segments of ipv6-address.
void segments_of(const in6_addr& a, uint16_t out[8]) {
  for (int i = 0; i < 8; ++i) out[i] = uint16_t(a.s6_addr[2 * i] << 8 | a.s6_addr[2 * i + 1]);
}

// The IPv4 address an IPv6 one is a mapping of (::ffff:a.b.c.d), as std's Ipv6Addr::to_canonical sees it.
std::optional<uint32_t> mapped_ipv4(const in6_addr& a) {
  uint16_t s[8];
  segments_of(a, s);
  for (int i = 0; i < 5; ++i)
    if (s[i] != 0) return std::nullopt;
  if (s[5] != 0xffff) return std::nullopt;
  return uint32_t(s[6]) << 16 | s[7];
}

const in6_addr& ipv6_of(const SocketAddress& a) {
  return reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr;
}
uint32_t ipv4_of(const SocketAddress& a) {
  return ntohl(reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr.s_addr);
}

}  // namespace

Result<SocketAddress> socket_address_of(const mc::Value& v) {
  if (v.kind() != mc::TypeKind::Variant || !v.payload()) return bad_address();
  const mc::Value& rec = *v.payload();
  const mc::Value* port = field(rec, "port");
  const mc::Value* address = field(rec, "address");
  if (!port || !address || address->kind() != mc::TypeKind::Tuple) return bad_address();
  const auto& parts = address->items();
  if (v.case_name() == "ipv4") {
    if (parts.size() != 4) return bad_address();
    return SocketAddress::ipv4(uint8_t(parts[0].as_unsigned()), uint8_t(parts[1].as_unsigned()),
                               uint8_t(parts[2].as_unsigned()), uint8_t(parts[3].as_unsigned()),
                               uint16_t(port->as_unsigned()));
  }
  if (v.case_name() == "ipv6") {
    const mc::Value* flow = field(rec, "flow-info");
    const mc::Value* scope = field(rec, "scope-id");
    if (parts.size() != 8 || !flow || !scope) return bad_address();
    SocketAddress s = SocketAddress::unspecified(SocketFamily::Ipv6);
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&s.storage);
    in6->sin6_port = htons(uint16_t(port->as_unsigned()));
    in6->sin6_flowinfo = uint32_t(flow->as_unsigned());  // as std::net passes it (no byte swap)
    in6->sin6_scope_id = uint32_t(scope->as_unsigned());
    for (int i = 0; i < 8; ++i) {
      const uint16_t seg = uint16_t(parts[size_t(i)].as_unsigned());
      in6->sin6_addr.s6_addr[2 * i] = uint8_t(seg >> 8);
      in6->sin6_addr.s6_addr[2 * i + 1] = uint8_t(seg);
    }
    return s;
  }
  return bad_address();
}

mc::Value ip_address_value(const SocketAddress& a) {
  if (a.storage.ss_family == AF_INET6) {
    uint16_t s[8];
    segments_of(ipv6_of(a), s);
    std::vector<mc::Value> segs;
    for (uint16_t x : s) segs.push_back(mc::Value::u16(x));
    return mc::Value::variant("ipv6", mc::Value::tuple(std::move(segs)));
  }
  const uint32_t ip = ipv4_of(a);
  return mc::Value::variant(
      "ipv4", mc::Value::tuple({mc::Value::u8(uint8_t(ip >> 24)), mc::Value::u8(uint8_t(ip >> 16)),
                                mc::Value::u8(uint8_t(ip >> 8)), mc::Value::u8(uint8_t(ip))}));
}

mc::Value socket_address_value(const SocketAddress& a) {
  const mc::Value address = *ip_address_value(a).payload();
  if (a.storage.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a.storage);
    return mc::Value::variant("ipv6", mc::Value::record({{"port", mc::Value::u16(a.port())},
                                                         {"flow-info", mc::Value::u32(in6->sin6_flowinfo)},
                                                         {"address", address},
                                                         {"scope-id", mc::Value::u32(in6->sin6_scope_id)}}));
  }
  return mc::Value::variant("ipv4",
                            mc::Value::record({{"port", mc::Value::u16(a.port())}, {"address", address}}));
}

bool is_valid_address_family(const SocketAddress& a, SocketFamily family) {
  if (family == SocketFamily::Ipv4) return a.storage.ss_family == AF_INET;
  if (a.storage.ss_family != AF_INET6) return false;
  uint16_t s[8];
  segments_of(ipv6_of(a), s);
  const bool high_zero = s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0;
  const bool unspecified = high_zero && s[6] == 0 && s[7] == 0;
  const bool loopback = high_zero && s[6] == 0 && s[7] == 1;
  const bool deprecated_compatible = high_zero && !unspecified && !loopback;
  return !deprecated_compatible && !mapped_ipv4(ipv6_of(a));
}

namespace {
bool ipv4_unicast(uint32_t ip) { return (ip >> 28) != 0xe && ip != 0xffffffffu; }
}  // namespace

bool is_valid_unicast_address(const SocketAddress& a) {
  if (a.storage.ss_family == AF_INET6) {
    const in6_addr& ip = ipv6_of(a);
    if (auto v4 = mapped_ipv4(ip)) return ipv4_unicast(*v4);
    return ip.s6_addr[0] != 0xff;
  }
  return ipv4_unicast(ipv4_of(a));
}

bool is_valid_remote_address(const SocketAddress& a) {
  if (a.port() == 0) return false;
  if (a.storage.ss_family == AF_INET6) {
    const in6_addr& ip = ipv6_of(a);
    if (auto v4 = mapped_ipv4(ip)) return *v4 != 0;
    static const in6_addr any = IN6ADDR_ANY_INIT;
    return std::memcmp(&ip, &any, sizeof any) != 0;
  }
  return ipv4_of(a) != 0;
}

// --- options ---------------------------------------------------------------------------------------------

std::string_view get_hop_limit(int fd, SocketFamily family, uint8_t& out) {
  int v = 0;
  socklen_t len = sizeof v;
  const int rc = family == SocketFamily::Ipv4 ? getsockopt(fd, IPPROTO_IP, IP_TTL, &v, &len)
                                              : getsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, &len);
  if (rc != 0) return net_error_of_errno(errno);
  if (v < 0 || v > 255) return net_error::kNotSupported;
  out = uint8_t(v);
  return {};
}

std::string_view set_hop_limit(int fd, SocketFamily family, uint8_t value) {
  // A hop limit of 0 would let no packet out (wasmtime refuses it).
  if (value == 0) return net_error::kInvalidArgument;
  int v = value;
  const int rc = family == SocketFamily::Ipv4 ? setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof v)
                                              : setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof v);
  return rc == 0 ? std::string_view() : net_error_of_errno(errno);
}

std::string_view get_buffer_size(int fd, int option, uint64_t& out) {
  int v = 0;
  socklen_t len = sizeof v;
  if (getsockopt(fd, SOL_SOCKET, option, &v, &len) != 0) return net_error_of_errno(errno);
  out = uint64_t(v < 0 ? 0 : v) / 2;
  return {};
}

std::string_view set_buffer_size(int fd, int option, uint64_t value) {
  if (value == 0) return net_error::kInvalidArgument;
  // The host takes an int; larger requests are clamped (the kernel clamps further to its limits).
  int v = value > uint64_t(INT_MAX) ? INT_MAX : int(value);
  if (setsockopt(fd, SOL_SOCKET, option, &v, sizeof v) != 0 && errno != ENOBUFS)
    return net_error_of_errno(errno);
  return {};
}

std::optional<SocketFamily> socket_family_of(const mc::Value& v) {
  if (v.kind() != mc::TypeKind::Enum) return std::nullopt;
  if (v.case_name() == "ipv4") return SocketFamily::Ipv4;
  if (v.case_name() == "ipv6") return SocketFamily::Ipv6;
  return std::nullopt;
}

mc::Value socket_family_value(SocketFamily family) {
  return mc::Value::enum_case(family == SocketFamily::Ipv4 ? "ipv4" : "ipv6");
}

// --- the interfaces --------------------------------------------------------------------------------------

namespace {

// network-error-code: the error-code of an error a stream reported (a socket's stream failing), by the host
// errno kept with it; none when the error has none.
Result<mc::Value> network_error_code(Ctx& c, std::span<const mc::Value> args) {
  IoError* e = MOSAIC_TRY(c.get<IoError>(args[0], c.types.error));
  if (e->err == 0) return mc::Value::option(std::nullopt);
  return mc::Value::option(net_error_value(net_error_of_errno(e->err)));
}

// instance-network: a new handle to the one network the guest may use (what it may do with it is decided by
// the permissions, not by the handle).
Result<mc::Value> instance_network(Ctx& c, std::span<const mc::Value>) {
  return c.own(c.types.network, std::make_unique<Network>());
}

constexpr HostFunction kNetworkFunctions[] = {
    {kSocketsNetwork, "network-error-code", 1, network_error_code},
    {"wasi:sockets/instance-network", "instance-network", 0, instance_network},
};

}  // namespace

std::span<const HostFunction> sockets_network_functions() { return kNetworkFunctions; }

void add_sockets_network(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.network = ctx->define_resource(linker, kSocketsNetwork, "network");
  define_functions(ctx, linker, kNetworkFunctions);
}

}  // namespace mosaic::wasi::p2
