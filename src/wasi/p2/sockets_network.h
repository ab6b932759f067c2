#pragma once
// What wasi:sockets' interfaces share (wit/wasi-0.2.12/sockets/package.wit, interface network): the network
// resource, error-code values and the host errno behind them, ip-address / ip-socket-address values and the
// host socket addresses they stand for, the address checks every socket operation makes, and the permission
// rule.
//
// Permissions follow wasmtime's defaults: creating a socket needs its protocol allowed (WasiConfig::allow_tcp,
// allow_udp; else access-denied, wasmtime's "TCP is not allowed"), and every use of an address (bind, connect,
// listen, accept, send, receive) needs WasiConfig::inherit_network (wasmtime's socket_addr_check, which
// denies every address unless the network is inherited; else access-denied).

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "wasi/p2/ctx.h"
#include "wasi/p2/host_function.h"

namespace mosaic::wasi::p2 {

inline constexpr std::string_view kSocketsNetwork = "wasi:sockets/network";

// wasi:sockets/network#network: a capability with no state of its own (instance-network hands one out).
class Network : public Object {};

enum class SocketFamily : uint8_t { Ipv4, Ipv6 };

// error-code's case names.
namespace net_error {
inline constexpr std::string_view kUnknown = "unknown";
inline constexpr std::string_view kAccessDenied = "access-denied";
inline constexpr std::string_view kNotSupported = "not-supported";
inline constexpr std::string_view kInvalidArgument = "invalid-argument";
inline constexpr std::string_view kOutOfMemory = "out-of-memory";
inline constexpr std::string_view kTimeout = "timeout";
inline constexpr std::string_view kConcurrencyConflict = "concurrency-conflict";
inline constexpr std::string_view kNotInProgress = "not-in-progress";
inline constexpr std::string_view kWouldBlock = "would-block";
inline constexpr std::string_view kInvalidState = "invalid-state";
inline constexpr std::string_view kNewSocketLimit = "new-socket-limit";
inline constexpr std::string_view kAddressNotBindable = "address-not-bindable";
inline constexpr std::string_view kAddressInUse = "address-in-use";
inline constexpr std::string_view kRemoteUnreachable = "remote-unreachable";
inline constexpr std::string_view kConnectionRefused = "connection-refused";
inline constexpr std::string_view kConnectionReset = "connection-reset";
inline constexpr std::string_view kConnectionAborted = "connection-aborted";
inline constexpr std::string_view kDatagramTooLarge = "datagram-too-large";
inline constexpr std::string_view kNameUnresolvable = "name-unresolvable";
inline constexpr std::string_view kTemporaryResolverFailure = "temporary-resolver-failure";
inline constexpr std::string_view kPermanentResolverFailure = "permanent-resolver-failure";
}  // namespace net_error

// The error-code of a host errno (wasmtime's From<Errno> for ErrorCode: EAGAIN would-block, EMFILE
// new-socket-limit, EPIPE and anything unlisted unknown ...).
std::string_view net_error_of_errno(int err);

// An error-code (or its errno) as the Value of the error-code enum, and as an `err` result.
mc::Value net_error_value(std::string_view code);
inline mc::Value net_err(std::string_view code) { return mc::Value::err(net_error_value(code)); }
inline mc::Value net_err_errno(int err) { return net_err(net_error_of_errno(err)); }
inline mc::Value net_ok(std::optional<mc::Value> payload = std::nullopt) { return mc::Value::ok(std::move(payload)); }

// A host socket address (IPv4 or IPv6).
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t len = 0;

  SocketFamily family() const { return storage.ss_family == AF_INET6 ? SocketFamily::Ipv6 : SocketFamily::Ipv4; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  uint16_t port() const;
  bool operator==(const SocketAddress& o) const;

  // 0.0.0.0:0 or [::]:0, what a socket that is not bound reports.
  static SocketAddress unspecified(SocketFamily family);
  static SocketAddress ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);
};

// ip-socket-address <-> host address. A Value that is no ip-socket-address is a Trap (lifted arguments are
// checked against the WIT type, so only a host caller can get this wrong).
Result<SocketAddress> socket_address_of(const mc::Value& v);
mc::Value socket_address_value(const SocketAddress& a);
// ip-address of an IPv4 or IPv6 host address (the port is not part of it).
mc::Value ip_address_value(const SocketAddress& a);

// The checks wasmtime makes of an address before using it (crates/wasi/src/sockets/mod.rs):
// - the address is of the socket's family; an IPv6 socket takes no IPv4-mapped (::ffff:a.b.c.d) nor
//   deprecated IPv4-compatible (::a.b.c.d) address;
bool is_valid_address_family(const SocketAddress& a, SocketFamily family);
// - a unicast address: neither multicast nor the IPv4 broadcast address (IPv4-mapped addresses judged as IPv4);
bool is_valid_unicast_address(const SocketAddress& a);
// - a remote address: a port, and an address that is not the unspecified one.
bool is_valid_remote_address(const SocketAddress& a);

// Whether the guest may use addresses at all (see the top of this file).
inline bool network_permitted(const Ctx& ctx) { return ctx.config.inherit_network; }

// Socket options shared by tcp-socket and udp-socket (crates/wasi/src/sockets/mod.rs): errors are error-code
// names; "" is success.
std::string_view get_hop_limit(int fd, SocketFamily family, uint8_t& out);
std::string_view set_hop_limit(int fd, SocketFamily family, uint8_t value);
// SO_RCVBUF / SO_SNDBUF: Linux reports twice what was set (its bookkeeping), so the value read is halved.
std::string_view get_buffer_size(int fd, int option, uint64_t& out);
std::string_view set_buffer_size(int fd, int option, uint64_t value);

// The argument the address-family enum names.
std::optional<SocketFamily> socket_family_of(const mc::Value& v);
mc::Value socket_family_value(SocketFamily family);

// Each interface file lists its functions (every function of wasi:sockets has exactly one result).

std::span<const HostFunction> sockets_network_functions();         // network, instance-network
std::span<const HostFunction> sockets_tcp_functions();             // tcp, tcp-create-socket
std::span<const HostFunction> sockets_udp_functions();             // udp, udp-create-socket
std::span<const HostFunction> sockets_ip_name_lookup_functions();  // ip-name-lookup

}  // namespace mosaic::wasi::p2
