// wasi:sockets/ip-name-lookup (wit/wasi-0.2.12/sockets/package.wit), after wasmtime's
// crates/wasi/src/sockets/ip_name_lookup.rs and crates/wasi/src/p2/ip_name_lookup.rs.
//
// Without WasiConfig::allow_ip_name_lookup every lookup is permanent-resolver-failure, reported by
// resolve-addresses itself (wasmtime's default). An IP address literal ("127.0.0.1", "::1", "[::1]") resolves
// to itself; a name the host's resolver (getaddrinfo) does not know is name-unresolvable; text that is no
// host name at all is invalid-argument. The lookup is done when resolve-addresses is called, so the stream's
// pollable is always ready.

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <string>
#include <vector>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/sockets_network.h"

namespace mosaic::wasi::p2 {

namespace {

constexpr std::string_view kLookup = "wasi:sockets/ip-name-lookup";
// Host names are at most 253 characters (RFC 1035); longer text is not a name.
constexpr size_t kMaxName = 253;

using Args = std::span<const mc::Value>;
namespace ne = net_error;

class ResolveAddressStream : public Object {
 public:
  std::vector<SocketAddress> addresses;
  size_t next = 0;
};

SocketAddress from_ipv4(const in_addr& a) {
  SocketAddress s = SocketAddress::unspecified(SocketFamily::Ipv4);
  reinterpret_cast<sockaddr_in*>(&s.storage)->sin_addr = a;
  return s;
}

// An IPv6 address, or the IPv4 address it maps (::ffff:a.b.c.d), as std's to_canonical gives it.
SocketAddress from_ipv6(const in6_addr& a) {
  if (IN6_IS_ADDR_V4MAPPED(&a)) {
    in_addr v4;
    std::memcpy(&v4, &a.s6_addr[12], 4);
    return from_ipv4(v4);
  }
  SocketAddress s = SocketAddress::unspecified(SocketFamily::Ipv6);
  reinterpret_cast<sockaddr_in6*>(&s.storage)->sin6_addr = a;
  return s;
}

// A host name as the URL standard's host parser accepts it: no forbidden host code point, not empty.
bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxName) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7f) return false;
    switch (c) {
      case '#':
      case '%':
      case '/':
      case ':':
      case '<':
      case '>':
      case '?':
      case '@':
      case '[':
      case '\\':
      case ']':
      case '^':
      case '|': return false;
      default: break;
    }
  }
  return true;
}

// The addresses of `name`, or the error-code of the failure.
std::string_view resolve(const std::string& name, std::vector<SocketAddress>& out) {
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) {
    out.push_back(from_ipv4(v4));
    return {};
  }
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    const std::string inner = name.substr(1, name.size() - 2);
    if (inet_pton(AF_INET6, inner.c_str(), &v6) != 1) return ne::kInvalidArgument;
    out.push_back(from_ipv6(v6));
    return {};
  }
  if (inet_pton(AF_INET6, name.c_str(), &v6) == 1) {
    out.push_back(from_ipv6(v6));
    return {};
  }
  if (!is_host_name(name)) return ne::kInvalidArgument;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address (std's lookup_host asks the same)
  addrinfo* res = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0) return ne::kNameUnresolvable;
  for (addrinfo* p = res; p; p = p->ai_next) {
    if (p->ai_family == AF_INET)
      out.push_back(from_ipv4(reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr));
    else if (p->ai_family == AF_INET6)
      out.push_back(from_ipv6(reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr));
  }
  freeaddrinfo(res);
  return {};
}

Result<mc::Value> resolve_addresses(Ctx& ctx, Args args) {
  MOSAIC_TRY(ctx.get<Network>(args[0], ctx.types.network));
  if (!ctx.config.allow_ip_name_lookup) return net_err(ne::kPermanentResolverFailure);
  auto stream = std::make_unique<ResolveAddressStream>();
  const std::string_view e = resolve(args[1].as_string(), stream->addresses);
  if (!e.empty()) return net_err(e);
  return net_ok(ctx.own(ctx.types.resolve_address_stream, std::move(stream)));
}

Result<mc::Value> resolve_next_address(Ctx& ctx, Args args) {
  auto* s = MOSAIC_TRY(ctx.get<ResolveAddressStream>(args[0], ctx.types.resolve_address_stream));
  if (s->next >= s->addresses.size()) return net_ok(mc::Value::option(std::nullopt));
  return net_ok(mc::Value::option(ip_address_value(s->addresses[s->next++])));
}

Result<mc::Value> subscribe(Ctx& ctx, Args args) {
  MOSAIC_TRY(ctx.get<ResolveAddressStream>(args[0], ctx.types.resolve_address_stream));
  return ctx.own(ctx.types.pollable, std::make_unique<Pollable>(ready_source()));
}

constexpr HostFunction kLookupFunctions[] = {
    {kLookup, "resolve-addresses", 2, resolve_addresses},
    {kLookup, "[method]resolve-address-stream.resolve-next-address", 1, resolve_next_address},
    {kLookup, "[method]resolve-address-stream.subscribe", 1, subscribe},
};

}  // namespace

std::span<const HostFunction> sockets_ip_name_lookup_functions() { return kLookupFunctions; }

void add_sockets_ip_name_lookup(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.resolve_address_stream = ctx->define_resource(linker, kLookup, "resolve-address-stream");
  define_functions(ctx, linker, kLookupFunctions);
}

}  // namespace mosaic::wasi::p2
