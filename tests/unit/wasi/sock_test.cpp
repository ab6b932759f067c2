// sock_accept, sock_recv, sock_send, sock_shutdown (src/wasi/p1/sock.cpp) over a loopback listener that
// Ctx::create binds (WasiConfig::tcp_listen, port 0), with a client socket made here.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

constexpr uint32_t kListener = 3;  // the first --tcplisten descriptor
constexpr uint64_t kIovecs = 0;    // iovec arrays are built here
constexpr uint64_t kBuffers = 256;
constexpr uint64_t kResult = 2048;  // fd / size results
constexpr uint64_t kFlags = 2056;

class SockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WasiConfig config;
    config.tcp_listen = {"127.0.0.1:0"};
    Result<std::unique_ptr<Ctx>> created = Ctx::create(config);
    ASSERT_TRUE(created);
    ctx_ = std::move(*created);
    ASSERT_NE(ctx_->get(kListener), nullptr);
    sockaddr_in address{};
    socklen_t len = sizeof address;
    ASSERT_EQ(getsockname(ctx_->get(kListener)->host, reinterpret_cast<sockaddr*>(&address), &len), 0);
    address_ = address;
  }
  void TearDown() override {
    for (int fd : clients_) close(fd);
  }

  // A client connected to the listener (the connection waits in the backlog until accepted).
  int connect_client() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(connect(fd, reinterpret_cast<const sockaddr*>(&address_), sizeof address_), 0);
    clients_.push_back(fd);
    return fd;
  }

  Errno call(Errno (*fn)(Call&), std::vector<uint64_t> args) {
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), args.data(), std::nullopt};
    return fn(c);
  }
  template <class T>
  T get(uint64_t at) const {
    T v{};
    std::memcpy(&v, memory_.data() + at, sizeof v);
    return v;
  }
  template <class T>
  void put(uint64_t at, T v) { std::memcpy(memory_.data() + at, &v, sizeof v); }

  // Lays out an iovec array of buffers with these lengths at kIovecs, buffers from kBuffers on.
  uint32_t iovecs(const std::vector<uint32_t>& lengths) {
    uint64_t buf = kBuffers;
    for (size_t i = 0; i < lengths.size(); ++i) {
      put<uint32_t>(kIovecs + i * 8, static_cast<uint32_t>(buf));
      put<uint32_t>(kIovecs + i * 8 + 4, lengths[i]);
      buf += lengths[i];
    }
    return static_cast<uint32_t>(lengths.size());
  }
  std::string bytes(uint64_t at, size_t n) const {
    return std::string(reinterpret_cast<const char*>(memory_.data() + at), n);
  }

  // Accepts the next connection; returns the guest descriptor.
  uint32_t accept_one(uint32_t flags = 0) {
    EXPECT_EQ(call(sock_accept, {kListener, flags, kResult}), Errno::Success);
    return get<uint32_t>(kResult);
  }

  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_ = std::vector<uint8_t>(4096);
  sockaddr_in address_{};
  std::vector<int> clients_;
};

TEST_F(SockTest, ListenerIsDescriptorThree) {
  const FdEntry* listener = ctx_->get(kListener);
  EXPECT_EQ(listener->type, Filetype::SocketStream);
  EXPECT_NE(listener->rights_base & rights::kSockAccept, 0u);
  EXPECT_NE(address_.sin_port, 0);
}

TEST_F(SockTest, AcceptRecvSend) {
  int client = connect_client();
  uint32_t conn = accept_one();
  EXPECT_EQ(conn, 4u);
  const FdEntry* entry = ctx_->get(conn);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->type, Filetype::SocketStream);
  EXPECT_EQ(entry->rights_base & rights::kSockAccept, 0u);
  EXPECT_NE(entry->rights_base & rights::kSockShutdown, 0u);
  EXPECT_EQ(fcntl(entry->host, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(fcntl(entry->host, F_GETFL) & O_NONBLOCK, 0);

  ASSERT_EQ(send(client, "hello", 5, 0), 5);
  // Two buffers: "he" and the rest.
  uint32_t n = iovecs({2, 10});
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 5u);
  EXPECT_EQ(get<uint16_t>(kFlags), 0u);
  EXPECT_EQ(bytes(kBuffers, 5), "hello");

  std::memcpy(memory_.data() + kBuffers, "world!", 6);
  n = iovecs({3, 3});
  ASSERT_EQ(call(sock_send, {conn, kIovecs, n, 0, kResult}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 6u);
  char got[6] = {};
  ASSERT_EQ(recv(client, got, sizeof got, MSG_WAITALL), 6);
  EXPECT_EQ(std::string(got, 6), "world!");
}

TEST_F(SockTest, AcceptsInOrderAtTheLowestFreeDescriptor) {
  connect_client();
  connect_client();
  EXPECT_EQ(accept_one(), 4u);
  EXPECT_EQ(accept_one(), 5u);
  ASSERT_TRUE(ctx_->remove(4));
  connect_client();
  EXPECT_EQ(accept_one(), 4u);
}

TEST_F(SockTest, Peek) {
  int client = connect_client();
  uint32_t conn = accept_one();
  ASSERT_EQ(send(client, "abc", 3, 0), 3);
  uint32_t n = iovecs({16});
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, kRiflagRecvPeek, kResult, kFlags}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 3u);
  std::memset(memory_.data() + kBuffers, 0, 16);
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 3u);
  EXPECT_EQ(bytes(kBuffers, 3), "abc");
}

TEST_F(SockTest, WaitAll) {
  int client = connect_client();
  uint32_t conn = accept_one();
  ASSERT_EQ(send(client, "ab", 2, 0), 2);
  std::thread late([client] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    (void)send(client, "cd", 2, 0);
  });
  uint32_t n = iovecs({4});
  Errno e = call(sock_recv, {conn, kIovecs, n, kRiflagRecvWaitall, kResult, kFlags});
  late.join();
  ASSERT_EQ(e, Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 4u);
  EXPECT_EQ(bytes(kBuffers, 4), "abcd");
}

TEST_F(SockTest, NonblockingAccept) {
  connect_client();
  uint32_t conn = accept_one(kFdflagNonblock);
  EXPECT_NE(fcntl(ctx_->get(conn)->host, F_GETFL) & O_NONBLOCK, 0);
  uint32_t n = iovecs({8});
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::Again);
}

TEST_F(SockTest, NonblockingListenerWithNothingPending) {
  const int listener = ctx_->get(kListener)->host;
  ASSERT_EQ(fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK), 0);
  EXPECT_EQ(call(sock_accept, {kListener, 0, kResult}), Errno::Again);
}

TEST_F(SockTest, AcceptErrors) {
  EXPECT_EQ(call(sock_accept, {99, 0, kResult}), Errno::Badf);
  EXPECT_EQ(call(sock_accept, {1, 0, kResult}), ctx_->get(1)->type == Filetype::SocketStream
                                                      ? Errno::NotCapable
                                                      : Errno::NotSock);
  EXPECT_EQ(call(sock_accept, {kListener, kFdflagAppend, kResult}), Errno::Inval);
  connect_client();
  // A bad result pointer does not cost the guest its connection.
  EXPECT_EQ(call(sock_accept, {kListener, 0, 4093}), Errno::Fault);
  uint32_t conn = accept_one();
  EXPECT_EQ(conn, 4u);
  // A connection accepts nothing.
  EXPECT_EQ(call(sock_accept, {conn, 0, kResult}), Errno::NotCapable);
}

TEST_F(SockTest, RecvSendErrors) {
  connect_client();
  uint32_t conn = accept_one();
  uint32_t n = iovecs({8});
  EXPECT_EQ(call(sock_recv, {99, kIovecs, n, 0, kResult, kFlags}), Errno::Badf);
  EXPECT_EQ(call(sock_send, {99, kIovecs, n, 0, kResult}), Errno::Badf);
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  FdEntry pipe_entry;
  pipe_entry.host = p[0];
  uint32_t not_sock = ctx_->insert(std::move(pipe_entry));
  close(p[1]);
  EXPECT_EQ(call(sock_recv, {not_sock, kIovecs, n, 0, kResult, kFlags}), Errno::NotSock);
  EXPECT_EQ(call(sock_send, {not_sock, kIovecs, n, 0, kResult}), Errno::NotSock);
  EXPECT_EQ(call(sock_shutdown, {not_sock, kSdflagRd}), Errno::NotSock);
  // Unknown riflags.
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, n, 4, kResult, kFlags}), Errno::Inval);
  // Out of bounds: the iovec array, a buffer, the results.
  EXPECT_EQ(call(sock_recv, {conn, 4090, 1, 0, kResult, kFlags}), Errno::Fault);
  put<uint32_t>(kIovecs, 4000);
  put<uint32_t>(kIovecs + 4, 200);
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, 1, 0, kResult, kFlags}), Errno::Fault);
  EXPECT_EQ(call(sock_send, {conn, kIovecs, 1, 0, kResult}), Errno::Fault);
  n = iovecs({8});
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, n, 0, 4093, kFlags}), Errno::Fault);
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, 4095}), Errno::Fault);
  EXPECT_EQ(call(sock_send, {conn, kIovecs, n, 0, UINT32_MAX}), Errno::Fault);
  // Rights.
  ctx_->get(conn)->rights_base &= ~(rights::kFdRead | rights::kFdWrite);
  EXPECT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::NotCapable);
  EXPECT_EQ(call(sock_send, {conn, kIovecs, n, 0, kResult}), Errno::NotCapable);
}

TEST_F(SockTest, EmptyBuffersTransferNothing) {
  connect_client();
  uint32_t conn = accept_one();
  EXPECT_EQ(call(sock_send, {conn, kIovecs, 0, 0, kResult}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 0u);
}

TEST_F(SockTest, PeerClosedIsEndOfFileThenPipe) {
  int client = connect_client();
  uint32_t conn = accept_one();
  close(client);
  clients_.clear();
  uint32_t n = iovecs({8});
  put<uint32_t>(kResult, 99);
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 0u);
  // Writing to a closed peer: the first write may still go out (and draw a reset); later ones fail with
  // pipe or connreset, and no SIGPIPE ends the test process.
  Errno e = Errno::Success;
  for (int i = 0; i < 50 && e == Errno::Success; ++i) {
    e = call(sock_send, {conn, kIovecs, n, 0, kResult});
    if (e == Errno::Success) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(e == Errno::Pipe || e == Errno::ConnReset) << errno_name(e);
}

TEST_F(SockTest, Shutdown) {
  int client = connect_client();
  uint32_t conn = accept_one();
  EXPECT_EQ(call(sock_shutdown, {conn, 0}), Errno::Inval);
  EXPECT_EQ(call(sock_shutdown, {conn, 4}), Errno::Inval);
  EXPECT_EQ(call(sock_shutdown, {conn, kSdflagRd | kSdflagWr | 8}), Errno::Inval);
  ASSERT_EQ(call(sock_shutdown, {conn, kSdflagWr}), Errno::Success);
  char c = 0;
  EXPECT_EQ(recv(client, &c, 1, 0), 0);  // end of file at the client
  // Still readable after shutting down the write side.
  ASSERT_EQ(send(client, "z", 1, 0), 1);
  uint32_t n = iovecs({4});
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult, kFlags}), Errno::Success);
  EXPECT_EQ(get<uint32_t>(kResult), 1u);
  EXPECT_EQ(call(sock_shutdown, {conn, kSdflagRd | kSdflagWr}), Errno::Success);
  EXPECT_EQ(call(sock_shutdown, {conn, kSdflagRd}), Errno::Success);
}

TEST_F(SockTest, ShutdownErrors) {
  // The wasi-testsuite's sock_shutdown-invalid_fd and sock_shutdown-not_sock.
  EXPECT_EQ(call(sock_shutdown, {99, kSdflagRd}), Errno::Badf);
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  FdEntry pipe_entry;
  pipe_entry.host = p[1];
  uint32_t not_sock = ctx_->insert(std::move(pipe_entry));
  close(p[0]);
  EXPECT_EQ(call(sock_shutdown, {not_sock, kSdflagRd}), Errno::NotSock);
  ctx_->get(kListener)->rights_base &= ~rights::kSockShutdown;
  EXPECT_EQ(call(sock_shutdown, {kListener, kSdflagRd}), Errno::NotCapable);
}

TEST_F(SockTest, ShutdownOfTheListenerStopsIt) {
  // Linux lets a listener be shut down (it stops listening); the guest may do that to its own socket.
  EXPECT_EQ(call(sock_shutdown, {kListener, kSdflagRd | kSdflagWr}), Errno::Success);
  EXPECT_EQ(call(sock_accept, {kListener, 0, kResult}), Errno::Inval);
}

TEST_F(SockTest, PollSeesAPendingConnectionAndData) {
  // The listener is readable once a client waits in its backlog.
  constexpr uint64_t kIn = 512;
  constexpr uint64_t kOut = 1024;
  auto subscribe_read = [&](uint64_t at, uint32_t fd) {
    std::memset(memory_.data() + at, 0, kSubscriptionSize);
    put<uint64_t>(at + kSubscriptionUserdata, fd);
    put<uint8_t>(at + kSubscriptionTag, kEventFdRead);
    put<uint32_t>(at + kSubscriptionFd, fd);
  };
  std::memset(memory_.data() + kIn, 0, kSubscriptionSize);
  put<uint8_t>(kIn + kSubscriptionTag, kEventClock);
  put<uint32_t>(kIn + kSubscriptionClockId, kClockMonotonic);
  put<uint64_t>(kIn + kSubscriptionClockTimeout, 20'000'000);
  subscribe_read(kIn + kSubscriptionSize, kListener);
  ASSERT_EQ(call(poll_oneoff, {kIn, kOut, 2, kResult}), Errno::Success);
  ASSERT_EQ(get<uint32_t>(kResult), 1u);
  EXPECT_EQ(get<uint8_t>(kOut + kEventType), kEventClock);  // nothing pending yet

  // From here on something is ready at once; a long clock keeps a slow machine from adding a clock event.
  put<uint64_t>(kIn + kSubscriptionClockTimeout, 10'000'000'000);
  int client = connect_client();
  ASSERT_EQ(call(poll_oneoff, {kIn, kOut, 2, kResult}), Errno::Success);
  ASSERT_EQ(get<uint32_t>(kResult), 1u);
  EXPECT_EQ(get<uint64_t>(kOut + kEventUserdata), kListener);
  EXPECT_EQ(get<uint16_t>(kOut + kEventError), 0u);

  uint32_t conn = accept_one();
  ASSERT_EQ(send(client, "1234567", 7, 0), 7);
  subscribe_read(kIn + kSubscriptionSize, conn);
  ASSERT_EQ(call(poll_oneoff, {kIn, kOut, 2, kResult}), Errno::Success);
  ASSERT_EQ(get<uint32_t>(kResult), 1u);
  EXPECT_EQ(get<uint64_t>(kOut + kEventUserdata), conn);
  EXPECT_EQ(get<uint64_t>(kOut + kEventNbytes), 7u);
  EXPECT_EQ(get<uint16_t>(kOut + kEventFlags), 0u);

  // The peer closes: a hangup, with nothing left to read.
  close(client);
  clients_.clear();
  uint32_t n = iovecs({16});
  ASSERT_EQ(call(sock_recv, {conn, kIovecs, n, 0, kResult + 8, kFlags}), Errno::Success);
  ASSERT_EQ(call(poll_oneoff, {kIn, kOut, 2, kResult}), Errno::Success);
  ASSERT_EQ(get<uint32_t>(kResult), 1u);
  EXPECT_EQ(get<uint64_t>(kOut + kEventUserdata), conn);
  EXPECT_EQ(get<uint64_t>(kOut + kEventNbytes), 0u);
  EXPECT_EQ(get<uint16_t>(kOut + kEventFlags), kEventFdReadwriteHangup);
}

}  // namespace
}  // namespace mosaic::wasi::p1
