// The streams of a connected tcp-socket; see sockets_tcp_stream.h.

#include "wasi/p2/sockets_tcp_stream.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace mosaic::wasi::p2 {

bool fd_ready(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

namespace {

class SocketFdSource : public PollSource {
 public:
  SocketFdSource(std::shared_ptr<FdHolder> fd, short events) : fd_(std::move(fd)), events_(events) {}
  bool ready(PollWait& wait) override {
    if (fd_ready(fd_->get(), events_)) return true;
    wait.fd = fd_->get();
    wait.events = events_;
    return false;
  }

 private:
  std::shared_ptr<FdHolder> fd_;
  short events_;
};

class TcpInputStream : public InputStream {
 public:
  explicit TcpInputStream(std::shared_ptr<FdHolder> fd) : fd_(std::move(fd)) {}
  ~TcpInputStream() override {
    if (!closed_) ::shutdown(fd_->get(), SHUT_RD);
  }

  StreamStatus read(uint64_t len, bool blocking, std::vector<uint8_t>& out) override {
    out.clear();
    if (closed_) return StreamStatus::closed();
    if (len == 0) return StreamStatus::ok();
    out.resize(size_t(std::min(len, kSocketChunk)));
    for (;;) {
      const ssize_t n = ::recv(fd_->get(), out.data(), out.size(), MSG_DONTWAIT);
      if (n > 0) {
        out.resize(size_t(n));
        return StreamStatus::ok();
      }
      if (n == 0) {
        out.clear();
        closed_ = true;
        return StreamStatus::closed();
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (blocking) {
          fd_ready(fd_->get(), POLLIN, -1);
          continue;
        }
        out.clear();
        return StreamStatus::ok();
      }
      const int err = errno;
      out.clear();
      closed_ = true;
      return StreamStatus::failed(err, std::strerror(err));
    }
  }

  std::shared_ptr<PollSource> subscribe() override {
    if (closed_) return ready_source();
    return std::make_shared<SocketFdSource>(fd_, POLLIN);
  }

 private:
  std::shared_ptr<FdHolder> fd_;
  bool closed_ = false;
};

class TcpOutputStream : public OutputStream {
 public:
  explicit TcpOutputStream(std::shared_ptr<FdHolder> fd) : fd_(std::move(fd)) {}
  ~TcpOutputStream() override {
    // What was written but not yet sent is sent first, within a bound (a peer that reads nothing must not
    // hold the host), then the peer is told the stream ended.
    if (status_.is_ok()) {
      for (int i = 0; i < 100 && !pending_.empty() && status_.is_ok(); ++i) {
        fd_ready(fd_->get(), POLLOUT, 10);
        drain();
      }
    }
    ::shutdown(fd_->get(), SHUT_WR);
  }

  StreamStatus check_write(uint64_t& permitted) override {
    permitted = 0;
    drain();
    if (!status_.is_ok()) return status_;
    if (pending_.empty() && fd_ready(fd_->get(), POLLOUT)) permitted = kSocketChunk;
    permit_ = permitted;
    return StreamStatus::ok();
  }

  StreamStatus write(std::span<const uint8_t> bytes) override {
    if (!status_.is_ok()) return status_;
    if (bytes.size() > permit_)
      return StreamStatus::failed(0, "not permitted to write " + std::to_string(bytes.size()) + " bytes");
    permit_ -= bytes.size();
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    drain();
    return status_;
  }

  StreamStatus flush() override {
    drain();
    return status_;
  }

  StreamStatus blocking_flush() override {
    drain();
    while (status_.is_ok() && !pending_.empty()) {
      fd_ready(fd_->get(), POLLOUT, -1);
      drain();
    }
    return status_;
  }

  std::shared_ptr<PollSource> subscribe() override {
    if (!status_.is_ok()) return ready_source();
    return std::make_shared<SocketFdSource>(fd_, POLLOUT);
  }

 private:
  // Sends what is pending without blocking.
  void drain() {
    while (status_.is_ok() && !pending_.empty()) {
      const ssize_t n = ::send(fd_->get(), pending_.data(), pending_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        pending_.erase(pending_.begin(), pending_.begin() + n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      // A peer that is gone closes the stream (wasmtime: ConnectionBroken is Closed); other errors fail it.
      const int err = n < 0 ? errno : EPIPE;
      pending_.clear();
      status_ = err == EPIPE ? StreamStatus::closed() : StreamStatus::failed(err, std::strerror(err));
    }
  }

  std::shared_ptr<FdHolder> fd_;
  std::vector<uint8_t> pending_;
  uint64_t permit_ = 0;
  StreamStatus status_;
};

}  // namespace

std::shared_ptr<PollSource> socket_fd_source(std::shared_ptr<FdHolder> fd, short events) {
  return std::make_shared<SocketFdSource>(std::move(fd), events);
}

std::unique_ptr<InputStream> tcp_input_stream(std::shared_ptr<FdHolder> fd) {
  return std::make_unique<TcpInputStream>(std::move(fd));
}

std::unique_ptr<OutputStream> tcp_output_stream(std::shared_ptr<FdHolder> fd) {
  return std::make_unique<TcpOutputStream>(std::move(fd));
}

}  // namespace mosaic::wasi::p2
