// wasi:sockets (src/wasi/p2/sockets_*.cpp), called through the interfaces' function tables: address values and
// the address checks, errno -> error-code, the permissions (nothing reaches the network without
// inherit_network; protocols and name lookup switched off), the tcp-socket state machine and its error codes
// (concurrency-conflict, not-in-progress, invalid-state, would-block ...), a loopback connection with data
// both ways, socket options, UDP datagrams, name lookup, and misuse (bad handles, sending more than permitted:
// traps). Everything happens on 127.0.0.1.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "mosaic/component/linker.h"
#include "wasi/p2/ctx.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/sockets_network.h"

namespace mosaic::wasi::p2 {
namespace {

using mc::Value;

Value ipv4_address(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  return Value::variant("ipv4", Value::record({{"port", Value::u16(port)},
                                               {"address", Value::tuple({Value::u8(a), Value::u8(b), Value::u8(c),
                                                                         Value::u8(d)})}}));
}

Value ipv6_address(std::vector<uint16_t> segs, uint16_t port) {
  std::vector<Value> parts;
  for (uint16_t s : segs) parts.push_back(Value::u16(s));
  return Value::variant("ipv6", Value::record({{"port", Value::u16(port)},
                                               {"flow-info", Value::u32(0)},
                                               {"address", Value::tuple(std::move(parts))},
                                               {"scope-id", Value::u32(0)}}));
}

Value loopback(uint16_t port) { return ipv4_address(127, 0, 0, 1, port); }

TEST(P2SocketsAddress, RoundTripsIpv4AndIpv6) {
  const Value v4 = ipv4_address(127, 0, 0, 1, 8080);
  SocketAddress a = socket_address_of(v4).value();
  EXPECT_EQ(a.family(), SocketFamily::Ipv4);
  EXPECT_EQ(a.port(), 8080);
  EXPECT_EQ(socket_address_value(a), v4);
  EXPECT_EQ(ip_address_value(a), Value::variant("ipv4", Value::tuple({Value::u8(127), Value::u8(0), Value::u8(0),
                                                                      Value::u8(1)})));

  const Value v6 = ipv6_address({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x42}, 443);
  SocketAddress b = socket_address_of(v6).value();
  EXPECT_EQ(b.family(), SocketFamily::Ipv6);
  EXPECT_EQ(b.port(), 443);
  EXPECT_EQ(socket_address_value(b), v6);

  EXPECT_FALSE(socket_address_of(Value::u32(1)));  // not an ip-socket-address: a trap
}

TEST(P2SocketsAddress, ChecksFamilyUnicastAndRemote) {
  const SocketAddress v4 = socket_address_of(loopback(1)).value();
  const SocketAddress v6 = socket_address_of(ipv6_address({0, 0, 0, 0, 0, 0, 0, 1}, 1)).value();
  const SocketAddress mapped = socket_address_of(ipv6_address({0, 0, 0, 0, 0, 0xffff, 0x7f00, 1}, 1)).value();
  const SocketAddress compat = socket_address_of(ipv6_address({0, 0, 0, 0, 0, 0, 0x7f00, 1}, 1)).value();
  EXPECT_TRUE(is_valid_address_family(v4, SocketFamily::Ipv4));
  EXPECT_FALSE(is_valid_address_family(v4, SocketFamily::Ipv6));
  EXPECT_TRUE(is_valid_address_family(v6, SocketFamily::Ipv6));
  EXPECT_FALSE(is_valid_address_family(v6, SocketFamily::Ipv4));
  EXPECT_FALSE(is_valid_address_family(mapped, SocketFamily::Ipv6));
  EXPECT_FALSE(is_valid_address_family(compat, SocketFamily::Ipv6));

  EXPECT_TRUE(is_valid_unicast_address(v4));
  EXPECT_FALSE(is_valid_unicast_address(socket_address_of(ipv4_address(224, 0, 0, 1, 1)).value()));
  EXPECT_FALSE(is_valid_unicast_address(socket_address_of(ipv4_address(255, 255, 255, 255, 1)).value()));
  EXPECT_FALSE(is_valid_unicast_address(socket_address_of(ipv6_address({0xff02, 0, 0, 0, 0, 0, 0, 1}, 1)).value()));

  EXPECT_TRUE(is_valid_remote_address(v4));
  EXPECT_FALSE(is_valid_remote_address(socket_address_of(loopback(0)).value()));
  EXPECT_FALSE(is_valid_remote_address(socket_address_of(ipv4_address(0, 0, 0, 0, 80)).value()));
  EXPECT_FALSE(is_valid_remote_address(socket_address_of(ipv6_address({0, 0, 0, 0, 0, 0, 0, 0}, 80)).value()));
}

TEST(P2SocketsErrno, MapsAsWasmtime) {
  EXPECT_EQ(net_error_of_errno(EAGAIN), net_error::kWouldBlock);
  EXPECT_EQ(net_error_of_errno(EACCES), net_error::kAccessDenied);
  EXPECT_EQ(net_error_of_errno(EADDRINUSE), net_error::kAddressInUse);
  EXPECT_EQ(net_error_of_errno(EADDRNOTAVAIL), net_error::kAddressNotBindable);
  EXPECT_EQ(net_error_of_errno(ECONNREFUSED), net_error::kConnectionRefused);
  EXPECT_EQ(net_error_of_errno(ENETUNREACH), net_error::kRemoteUnreachable);
  EXPECT_EQ(net_error_of_errno(EMFILE), net_error::kNewSocketLimit);
  EXPECT_EQ(net_error_of_errno(EMSGSIZE), net_error::kDatagramTooLarge);
  EXPECT_EQ(net_error_of_errno(ENOTCONN), net_error::kInvalidState);
  EXPECT_EQ(net_error_of_errno(EPIPE), net_error::kUnknown);
}

class P2Sockets : public ::testing::Test {
 protected:
  void make_ctx(WasiConfig config) {
    ctx_ = std::make_shared<Ctx>(std::move(config));
    ctx_->types.error = ctx_->define_resource(linker_, "wasi:io/error", "error");
    ctx_->types.pollable = ctx_->define_resource(linker_, "wasi:io/poll", "pollable");
    ctx_->types.input_stream = ctx_->define_resource(linker_, "wasi:io/streams", "input-stream");
    ctx_->types.output_stream = ctx_->define_resource(linker_, "wasi:io/streams", "output-stream");
    add_sockets_network(ctx_, linker_);
    add_sockets_tcp(ctx_, linker_);
    add_sockets_udp(ctx_, linker_);
    add_sockets_ip_name_lookup(ctx_, linker_);
    network_ = borrow(call("instance-network", {}));
  }
  void SetUp() override { make_ctx(WasiConfig{}); }
  void allow_network() {
    WasiConfig c;
    c.inherit_network = true;
    make_ctx(c);
  }

  Result<Value> try_call(std::string_view item, std::vector<Value> args) {
    for (auto table : {sockets_network_functions(), sockets_tcp_functions(), sockets_udp_functions(),
                       sockets_ip_name_lookup_functions()}) {
      for (const HostFunction& fn : table) {
        if (fn.item != item) continue;
        EXPECT_EQ(fn.params, args.size()) << item;
        return fn.call(*ctx_, args);
      }
    }
    ADD_FAILURE() << "no function " << item;
    return Error(ErrorKind::Usage, "no such function");
  }
  Value call(std::string_view item, std::vector<Value> args) {
    Result<Value> r = try_call(item, std::move(args));
    EXPECT_TRUE(r) << item << ": " << (r ? "" : r.error().to_string());
    return r ? std::move(r).value() : Value::make_bool(false);
  }
  static Value borrow(const Value& own) { return Value::borrow(own.as_resource()); }
  static std::string err_of(const Value& result) {
    if (result.kind() != mc::TypeKind::Result || !result.is_err() || !result.payload()) return "(not an error)";
    return result.payload()->case_name();
  }
  static bool is_ok(const Value& result) { return result.kind() == mc::TypeKind::Result && !result.is_err(); }
  static const Value& payload(const Value& result) { return *result.payload(); }

  Value tcp(const char* family = "ipv4") {
    Value r = call("create-tcp-socket", {Value::enum_case(family)});
    EXPECT_TRUE(is_ok(r)) << err_of(r);
    return borrow(payload(r));
  }
  Value udp() {
    Value r = call("create-udp-socket", {Value::enum_case("ipv4")});
    EXPECT_TRUE(is_ok(r)) << err_of(r);
    return borrow(payload(r));
  }
  // A TCP socket listening on 127.0.0.1 (ephemeral port); its port in `port`.
  Value listener(uint16_t& port) {
    Value s = tcp();
    EXPECT_TRUE(is_ok(call("[method]tcp-socket.start-bind", {s, network_, loopback(0)})));
    EXPECT_TRUE(is_ok(call("[method]tcp-socket.finish-bind", {s})));
    EXPECT_TRUE(is_ok(call("[method]tcp-socket.start-listen", {s})));
    EXPECT_TRUE(is_ok(call("[method]tcp-socket.finish-listen", {s})));
    Value addr = call("[method]tcp-socket.local-address", {s});
    EXPECT_TRUE(is_ok(addr));
    port = socket_address_of(payload(addr)).value().port();
    return s;
  }
  // Waits (at most 5 s) until the pollable of `item`(handle) is ready.
  void wait(std::string_view subscribe, const Value& handle) {
    Value p = call(subscribe, {handle});
    auto* pollable = ctx_->get<Pollable>(p, ctx_->types.pollable).value();
    for (int i = 0; i < 500; ++i) {
      PollWait w;
      if (pollable->source->ready(w)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << subscribe << " never became ready";
  }

  mc::Linker linker_;
  std::shared_ptr<Ctx> ctx_;
  Value network_;
};

TEST_F(P2Sockets, NothingReachesTheNetworkByDefault) {
  Value s = tcp();
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-bind", {s, network_, loopback(0)})), "access-denied");
  // A denied bind leaves the socket unbound.
  EXPECT_EQ(err_of(call("[method]tcp-socket.local-address", {s})), "invalid-state");

  // A host listener, to prove no connection reaches it: start-connect succeeds, finish-connect is denied.
  const int host = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(host, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(host, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(host, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(host, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  Value c = tcp();
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.start-connect", {c, network_, loopback(ntohs(addr.sin_port))})));
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-connect", {c})), "access-denied");
  // The socket is closed with that error from then on.
  EXPECT_EQ(err_of(call("[method]tcp-socket.keep-alive-enabled", {c})), "access-denied");
  EXPECT_EQ(err_of(call("[method]tcp-socket.remote-address", {c})), "access-denied");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_LT(::accept(host, nullptr, nullptr), 0);  // nobody came
  ::close(host);

  Value u = udp();
  EXPECT_EQ(err_of(call("[method]udp-socket.start-bind", {u, network_, loopback(0)})), "access-denied");
  EXPECT_EQ(err_of(call("[method]udp-socket.stream", {u, Value::option(loopback(9))})), "invalid-state");

  EXPECT_EQ(err_of(call("resolve-addresses", {network_, Value::string("localhost")})), "permanent-resolver-failure");
}

TEST_F(P2Sockets, ProtocolsCanBeSwitchedOff) {
  WasiConfig c;
  c.inherit_network = true;
  c.allow_tcp = false;
  c.allow_udp = false;
  make_ctx(c);
  EXPECT_EQ(err_of(call("create-tcp-socket", {Value::enum_case("ipv4")})), "access-denied");
  EXPECT_EQ(err_of(call("create-udp-socket", {Value::enum_case("ipv6")})), "access-denied");
  EXPECT_EQ(ctx_->live(), 1u);  // only the network handle
}

TEST_F(P2Sockets, TcpStateMachine) {
  allow_network();
  Value s = tcp();
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-bind", {s})), "not-in-progress");
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-connect", {s})), "not-in-progress");
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-listen", {s})), "not-in-progress");
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-listen", {s})), "invalid-state");  // not bound
  EXPECT_EQ(err_of(call("[method]tcp-socket.accept", {s})), "invalid-state");
  EXPECT_EQ(err_of(call("[method]tcp-socket.shutdown", {s, Value::enum_case("both")})), "invalid-state");
  // Addresses the socket cannot take.
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-bind", {s, network_, ipv6_address({0, 0, 0, 0, 0, 0, 0, 1}, 0)})),
            "invalid-argument");
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-bind", {s, network_, ipv4_address(224, 0, 0, 1, 0)})),
            "invalid-argument");
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-connect", {s, network_, loopback(0)})), "invalid-argument");
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-connect", {s, network_, ipv4_address(0, 0, 0, 0, 80)})),
            "invalid-argument");

  EXPECT_TRUE(is_ok(call("[method]tcp-socket.start-bind", {s, network_, loopback(0)})));
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-bind", {s, network_, loopback(0)})), "concurrency-conflict");
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-listen", {s})), "concurrency-conflict");
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.finish-bind", {s})));
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-bind", {s, network_, loopback(0)})), "invalid-state");  // bound
  EXPECT_EQ(call("[method]tcp-socket.is-listening", {s}), Value::make_bool(false));
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.start-listen", {s})));
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.finish-listen", {s})));
  EXPECT_EQ(call("[method]tcp-socket.is-listening", {s}), Value::make_bool(true));
  EXPECT_EQ(err_of(call("[method]tcp-socket.accept", {s})), "would-block");  // nobody waiting
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-connect", {s, network_, loopback(1)})), "invalid-state");
  EXPECT_EQ(err_of(call("[method]tcp-socket.remote-address", {s})), "invalid-state");
  EXPECT_EQ(call("[method]tcp-socket.address-family", {s}), Value::enum_case("ipv4"));
}

TEST_F(P2Sockets, TcpLoopbackConnectionCarriesDataBothWays) {
  allow_network();
  uint16_t port = 0;
  Value l = listener(port);
  ASSERT_NE(port, 0);

  Value c = tcp();
  ASSERT_TRUE(is_ok(call("[method]tcp-socket.start-connect", {c, network_, loopback(port)})));
  EXPECT_EQ(err_of(call("[method]tcp-socket.start-connect", {c, network_, loopback(port)})), "concurrency-conflict");
  EXPECT_EQ(err_of(call("[method]tcp-socket.local-address", {c})), "invalid-state");  // connecting
  wait("[method]tcp-socket.subscribe", c);
  Value connected = call("[method]tcp-socket.finish-connect", {c});
  ASSERT_TRUE(is_ok(connected)) << err_of(connected);
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-connect", {c})), "not-in-progress");
  Value remote = call("[method]tcp-socket.remote-address", {c});
  ASSERT_TRUE(is_ok(remote));
  EXPECT_EQ(payload(remote), loopback(port));

  wait("[method]tcp-socket.subscribe", l);
  Value accepted = call("[method]tcp-socket.accept", {l});
  ASSERT_TRUE(is_ok(accepted)) << err_of(accepted);
  const auto& a = payload(accepted).items();
  ASSERT_EQ(a.size(), 3u);
  Value client_local = call("[method]tcp-socket.local-address", {c});
  Value server_remote = call("[method]tcp-socket.remote-address", {borrow(a[0])});
  ASSERT_TRUE(is_ok(client_local) && is_ok(server_remote));
  EXPECT_EQ(payload(client_local), payload(server_remote));

  auto* client_out = ctx_->get<OutputStream>(payload(connected).items()[1], ctx_->types.output_stream).value();
  auto* client_in = ctx_->get<InputStream>(payload(connected).items()[0], ctx_->types.input_stream).value();
  auto* server_in = ctx_->get<InputStream>(a[1], ctx_->types.input_stream).value();
  auto* server_out = ctx_->get<OutputStream>(a[2], ctx_->types.output_stream).value();

  std::vector<uint8_t> got;
  EXPECT_TRUE(server_in->read(16, /*blocking=*/false, got).is_ok());
  EXPECT_TRUE(got.empty());  // nothing sent yet

  uint64_t permitted = 0;
  ASSERT_TRUE(client_out->check_write(permitted).is_ok());
  EXPECT_EQ(permitted, 64u * 1024);
  const std::string ping = "ping";
  ASSERT_TRUE(client_out->write({reinterpret_cast<const uint8_t*>(ping.data()), ping.size()}).is_ok());
  ASSERT_TRUE(client_out->blocking_flush().is_ok());
  // Writing more than check-write permitted is misuse.
  EXPECT_FALSE(client_out->write(std::vector<uint8_t>(64 * 1024 + 1)).is_ok());
  ASSERT_TRUE(server_in->read(16, /*blocking=*/true, got).is_ok());
  EXPECT_EQ(std::string(got.begin(), got.end()), "ping");

  const std::string pong = "pong";
  ASSERT_TRUE(server_out->check_write(permitted).is_ok());
  ASSERT_TRUE(server_out->write({reinterpret_cast<const uint8_t*>(pong.data()), pong.size()}).is_ok());
  ASSERT_TRUE(server_out->blocking_flush().is_ok());
  ASSERT_TRUE(client_in->read(16, /*blocking=*/true, got).is_ok());
  EXPECT_EQ(std::string(got.begin(), got.end()), "pong");

  // shutdown(send) on the server: the client reads the end of the stream.
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.shutdown", {borrow(a[0]), Value::enum_case("send")})));
  EXPECT_EQ(client_in->read(16, /*blocking=*/true, got).kind, StreamStatus::Kind::Closed);
}

TEST_F(P2Sockets, ConnectionRefusedIsReportedByFinishConnect) {
  allow_network();
  uint16_t port = 0;
  {
    // A port that was just free: bound by a host socket then closed.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port = ntohs(addr.sin_port);
    ::close(fd);
  }
  Value c = tcp();
  ASSERT_TRUE(is_ok(call("[method]tcp-socket.start-connect", {c, network_, loopback(port)})));
  wait("[method]tcp-socket.subscribe", c);
  EXPECT_EQ(err_of(call("[method]tcp-socket.finish-connect", {c})), "connection-refused");
  EXPECT_EQ(err_of(call("[method]tcp-socket.hop-limit", {c})), "connection-refused");
}

TEST_F(P2Sockets, TcpOptions) {
  Value s = tcp();  // options need no permission
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-keep-alive-enabled", {s, Value::make_bool(true)})));
  EXPECT_EQ(call("[method]tcp-socket.keep-alive-enabled", {s}), Value::ok(Value::make_bool(true)));
  EXPECT_EQ(err_of(call("[method]tcp-socket.set-keep-alive-idle-time", {s, Value::u64(0)})), "invalid-argument");
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-keep-alive-idle-time", {s, Value::u64(30'000'000'000)})));
  EXPECT_EQ(call("[method]tcp-socket.keep-alive-idle-time", {s}), Value::ok(Value::u64(30'000'000'000)));
  // Below a second is a second (wasmtime's clamp).
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-keep-alive-interval", {s, Value::u64(1)})));
  EXPECT_EQ(call("[method]tcp-socket.keep-alive-interval", {s}), Value::ok(Value::u64(1'000'000'000)));
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-keep-alive-count", {s, Value::u32(1000)})));
  EXPECT_EQ(call("[method]tcp-socket.keep-alive-count", {s}), Value::ok(Value::u32(127)));
  EXPECT_EQ(err_of(call("[method]tcp-socket.set-hop-limit", {s, Value::u8(0)})), "invalid-argument");
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-hop-limit", {s, Value::u8(42)})));
  EXPECT_EQ(call("[method]tcp-socket.hop-limit", {s}), Value::ok(Value::u8(42)));
  EXPECT_EQ(err_of(call("[method]tcp-socket.set-receive-buffer-size", {s, Value::u64(0)})), "invalid-argument");
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-send-buffer-size", {s, Value::u64(1u << 20)})));
  Value size = call("[method]tcp-socket.send-buffer-size", {s});
  ASSERT_TRUE(is_ok(size));
  EXPECT_GT(payload(size).as_unsigned(), 0u);
  EXPECT_EQ(err_of(call("[method]tcp-socket.set-listen-backlog-size", {s, Value::u64(0)})), "invalid-argument");
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-listen-backlog-size", {s, Value::u64(~0ull)})));

  Value v6 = tcp("ipv6");
  EXPECT_EQ(call("[method]tcp-socket.address-family", {v6}), Value::enum_case("ipv6"));
  EXPECT_TRUE(is_ok(call("[method]tcp-socket.set-hop-limit", {v6, Value::u8(7)})));
  EXPECT_EQ(call("[method]tcp-socket.hop-limit", {v6}), Value::ok(Value::u8(7)));
}

TEST_F(P2Sockets, UdpDatagramsBetweenTwoSockets) {
  allow_network();
  Value a = udp();
  Value b = udp();
  EXPECT_EQ(err_of(call("[method]udp-socket.stream", {a, Value::option(std::nullopt)})), "invalid-state");  // unbound
  for (const Value& s : {a, b}) {
    ASSERT_TRUE(is_ok(call("[method]udp-socket.start-bind", {s, network_, loopback(0)})));
    EXPECT_EQ(err_of(call("[method]udp-socket.start-bind", {s, network_, loopback(0)})), "concurrency-conflict");
    ASSERT_TRUE(is_ok(call("[method]udp-socket.finish-bind", {s})));
  }
  EXPECT_EQ(err_of(call("[method]udp-socket.finish-bind", {a})), "not-in-progress");
  Value b_addr = call("[method]udp-socket.local-address", {b});
  ASSERT_TRUE(is_ok(b_addr));
  EXPECT_EQ(err_of(call("[method]udp-socket.remote-address", {a})), "invalid-state");

  Value sa = call("[method]udp-socket.stream", {a, Value::option(std::nullopt)});
  Value sb = call("[method]udp-socket.stream", {b, Value::option(std::nullopt)});
  ASSERT_TRUE(is_ok(sa) && is_ok(sb));
  // A second pair while the first is alive is misuse.
  EXPECT_FALSE(try_call("[method]udp-socket.stream", {a, Value::option(std::nullopt)}));
  Value a_out = borrow(payload(sa).items()[1]);
  Value b_in = borrow(payload(sb).items()[0]);

  auto datagram = [&](std::optional<Value> to) {
    std::vector<Value> bytes;
    for (char ch : std::string("hello")) bytes.push_back(Value::u8(uint8_t(ch)));
    return Value::record({{"data", Value::list(std::move(bytes))}, {"remote-address", Value::option(std::move(to))}});
  };
  // send before check-send permits anything: a trap.
  EXPECT_FALSE(try_call("[method]outgoing-datagram-stream.send", {a_out, Value::list({datagram(payload(b_addr))})}));
  Value permit = call("[method]outgoing-datagram-stream.check-send", {a_out});
  ASSERT_TRUE(is_ok(permit));
  EXPECT_EQ(payload(permit).as_unsigned(), 16u);
  // Without a remote address on an unconnected socket: invalid-argument.
  EXPECT_EQ(err_of(call("[method]outgoing-datagram-stream.send", {a_out, Value::list({datagram(std::nullopt)})})),
            "invalid-argument");
  call("[method]outgoing-datagram-stream.check-send", {a_out});
  Value sent = call("[method]outgoing-datagram-stream.send", {a_out, Value::list({datagram(payload(b_addr))})});
  ASSERT_TRUE(is_ok(sent)) << err_of(sent);
  EXPECT_EQ(payload(sent).as_unsigned(), 1u);

  wait("[method]incoming-datagram-stream.subscribe", b_in);
  Value got = call("[method]incoming-datagram-stream.receive", {b_in, Value::u64(10)});
  ASSERT_TRUE(is_ok(got));
  ASSERT_EQ(payload(got).items().size(), 1u);
  const Value& d = payload(got).items()[0];
  EXPECT_EQ(d.items()[0], Value::bytes({'h', 'e', 'l', 'l', 'o'}));
  Value a_addr = call("[method]udp-socket.local-address", {a});
  EXPECT_EQ(d.items()[1], payload(a_addr));
  // Nothing more: an empty list, not would-block.
  EXPECT_EQ(call("[method]incoming-datagram-stream.receive", {b_in, Value::u64(10)}), Value::ok(Value::list({})));
}

TEST_F(P2Sockets, NameLookup) {
  WasiConfig c;
  c.allow_ip_name_lookup = true;
  make_ctx(c);
  Value r = call("resolve-addresses", {network_, Value::string("127.0.0.1")});
  ASSERT_TRUE(is_ok(r)) << err_of(r);
  Value stream = borrow(payload(r));
  EXPECT_EQ(call("[method]resolve-address-stream.resolve-next-address", {stream}),
            Value::ok(Value::option(Value::variant(
                "ipv4", Value::tuple({Value::u8(127), Value::u8(0), Value::u8(0), Value::u8(1)})))));
  EXPECT_EQ(call("[method]resolve-address-stream.resolve-next-address", {stream}), Value::ok(Value::option(std::nullopt)));

  Value local = call("resolve-addresses", {network_, Value::string("localhost")});
  ASSERT_TRUE(is_ok(local)) << err_of(local);
  EXPECT_TRUE(is_ok(call("[method]resolve-address-stream.resolve-next-address", {borrow(payload(local))})));

  EXPECT_EQ(err_of(call("resolve-addresses", {network_, Value::string("a b")})), "invalid-argument");
  EXPECT_EQ(err_of(call("resolve-addresses", {network_, Value::string("[zz]")})), "invalid-argument");
  EXPECT_EQ(err_of(call("resolve-addresses", {network_, Value::string(std::string(300, 'a'))})), "invalid-argument");
}

TEST_F(P2Sockets, BadHandlesAreTraps) {
  Value s = tcp();
  // A network handle where a socket is expected, a socket where the network is.
  EXPECT_FALSE(try_call("[method]tcp-socket.finish-bind", {network_}));
  EXPECT_FALSE(try_call("[method]tcp-socket.start-bind", {s, s, loopback(0)}));
  EXPECT_FALSE(try_call("[method]udp-socket.finish-bind", {s}));
  EXPECT_FALSE(try_call("[method]tcp-socket.finish-bind", {Value::borrow({ctx_->types.tcp_socket, 999})}));
}

}  // namespace
}  // namespace mosaic::wasi::p2
