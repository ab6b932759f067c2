// Streams over host descriptors (fd_stream.h).
//
// Pipe kind (stdio, pipes, terminals, sockets): reads take what the descriptor has; a non-blocking read asks
// poll(2) first, so a descriptor in blocking mode (a terminal's stdin) never blocks it. Writes go straight to
// the descriptor; when it is in non-blocking mode and takes only part (or nothing), the rest is kept and
// written out by flush / blocking-flush / the pollable, so no byte is lost, and check-write permits nothing
// until it is out.
// File kind: pread/pwrite at the stream's own offset, which advances; always ready (like wasmtime's file
// streams, whose work is never "not ready" for longer than one system call).
// Append kind: every write goes to the end of the file as it is then.
//
// A stream that reported a failure is closed afterwards (wasmtime's streams do the same: the error is
// reported once, then `closed`).

#include "wasi/p2/fd_stream.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace mosaic::wasi::p2 {

namespace {

// The most one read returns (the guest may ask for up to 2^64 bytes; a short read is always allowed). A pipe
// holds 64 KiB by default, which is also wasmtime's cap for every stream (MAX_READ_SIZE_ALLOC), so one
// read(2) gives no more. A file gives what is asked, and its bytes reach the guest as one list<u8> copy
// (Value::bytes), so a larger read only saves calls: 1 MiB, a bound on what one call allocates.
constexpr uint64_t kMaxPipeRead = 1u << 16;
constexpr uint64_t kMaxFileRead = 1u << 20;
// What check-write permits (wasmtime's FILE_WRITE_CAPACITY).
constexpr uint64_t kWriteBudget = 1u << 20;

// poll(2) of one descriptor; true when any event (or error) is reported within `timeout_ms`.
bool poll_one(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int n;
  do n = ::poll(&p, 1, timeout_ms);
  while (n < 0 && errno == EINTR);
  return n != 0;  // an error of poll itself is "ready": the next read/write reports the problem
}

class PipeInputStream final : public InputStream {
 public:
  explicit PipeInputStream(std::shared_ptr<FdHolder> fd) : fd_(std::move(fd)) {}

  StreamStatus read(uint64_t len, bool blocking, std::vector<uint8_t>& out) override {
    out.clear();
    if (closed_) return StreamStatus::closed();
    if (len == 0) return StreamStatus::ok();
    if (!blocking && !poll_one(fd_->get(), POLLIN, 0)) return StreamStatus::ok();
    out.resize(size_t(std::min(len, kMaxPipeRead)));
    for (;;) {
      ssize_t n = ::read(fd_->get(), out.data(), out.size());
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
        if (!blocking) {
          out.clear();
          return StreamStatus::ok();
        }
        poll_one(fd_->get(), POLLIN, -1);
        continue;
      }
      int err = errno;
      out.clear();
      closed_ = true;
      return StreamStatus::failed(err, "read");
    }
  }

  std::shared_ptr<PollSource> subscribe() override {
    if (closed_) return ready_source();
    return fd_source(fd_, POLLIN);
  }

 private:
  std::shared_ptr<FdHolder> fd_;
  bool closed_ = false;
};

class FileInputStream final : public InputStream {
 public:
  FileInputStream(std::shared_ptr<FdHolder> fd, uint64_t offset) : fd_(std::move(fd)), offset_(offset) {}

  StreamStatus read(uint64_t len, bool, std::vector<uint8_t>& out) override {
    out.clear();
    if (closed_) return StreamStatus::closed();
    if (len == 0) return StreamStatus::ok();
    if (offset_ > uint64_t(INT64_MAX)) {
      closed_ = true;
      return StreamStatus::failed(EINVAL, "read");
    }
    out.resize(size_t(std::min(len, kMaxFileRead)));
    ssize_t n;
    do n = ::pread(fd_->get(), out.data(), out.size(), off_t(offset_));
    while (n < 0 && errno == EINTR);
    if (n > 0) {
      out.resize(size_t(n));
      offset_ += uint64_t(n);
      return StreamStatus::ok();
    }
    int err = errno;
    out.clear();
    closed_ = true;
    if (n == 0) return StreamStatus::closed();
    return StreamStatus::failed(err, "read");
  }

  std::shared_ptr<PollSource> subscribe() override { return ready_source(); }

 private:
  std::shared_ptr<FdHolder> fd_;
  uint64_t offset_;
  bool closed_ = false;
};

// The state of a Pipe output stream, shared with its pollables (which write out what is kept).
struct PipeWriter {
  std::shared_ptr<FdHolder> fd;
  bool socket = false;           // written with send(MSG_NOSIGNAL): a gone peer is EPIPE, never SIGPIPE
  std::vector<uint8_t> pending;  // accepted bytes the descriptor has not taken yet
  size_t pending_start = 0;
  int error = 0;  // a failure not reported yet
  bool closed = false;
  uint64_t budget = 0;  // what the last check-write permitted and writes have not used

  size_t pending_size() const { return pending.size() - pending_start; }

  // One write(2)/send(2) of `bytes`: the count taken, or -1 with errno.
  ssize_t write_some(const uint8_t* bytes, size_t len) const {
    ssize_t n;
    do n = socket ? ::send(fd->get(), bytes, len, MSG_NOSIGNAL) : ::write(fd->get(), bytes, len);
    while (n < 0 && errno == EINTR);
    return n;
  }

  // Writes out what is kept, as far as the descriptor takes it now (false: a write failed, `error` is set).
  bool drain() {
    while (pending_size() > 0) {
      ssize_t n = write_some(pending.data() + pending_start, pending_size());
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        fail(errno);
        return false;
      }
      pending_start += size_t(n);
    }
    if (pending_size() == 0) {
      pending.clear();
      pending_start = 0;
    }
    return true;
  }

  void fail(int err) {
    error = err;
    pending.clear();
    pending_start = 0;
  }

  // The failure to report (then the stream is closed), or closed, or ok.
  StreamStatus status() {
    if (error != 0) {
      StreamStatus s = StreamStatus::failed(error, "write");
      error = 0;
      closed = true;
      return s;
    }
    if (closed) return StreamStatus::closed();
    return StreamStatus::ok();
  }
};

class PipeWriteSource final : public PollSource {
 public:
  explicit PipeWriteSource(std::shared_ptr<PipeWriter> w) : w_(std::move(w)) {}
  bool ready(PollWait& wait) override {
    if (w_->error != 0 || w_->closed) return true;
    if (!w_->drain()) return true;
    if (w_->pending_size() == 0 && poll_one(w_->fd->get(), POLLOUT, 0)) return true;
    wait.fd = w_->fd->get();
    wait.events = POLLOUT;
    return false;
  }

 private:
  std::shared_ptr<PipeWriter> w_;
};

class PipeOutputStream final : public OutputStream {
 public:
  explicit PipeOutputStream(std::shared_ptr<FdHolder> fd) : w_(std::make_shared<PipeWriter>()) {
    struct stat st {};
    w_->socket = ::fstat(fd->get(), &st) == 0 && S_ISSOCK(st.st_mode);
    w_->fd = std::move(fd);
  }

  StreamStatus check_write(uint64_t& permitted) override {
    permitted = 0;
    w_->drain();
    StreamStatus s = w_->status();
    if (!s.is_ok()) return s;
    // Writable (or in error: the write reports it) and nothing kept: a write may go out now.
    if (w_->pending_size() == 0 && poll_one(w_->fd->get(), POLLOUT, 0)) permitted = kWriteBudget;
    w_->budget = permitted;
    return StreamStatus::ok();
  }

  StreamStatus write(std::span<const uint8_t> bytes) override {
    StreamStatus s = w_->status();
    if (!s.is_ok()) return s;
    if (bytes.size() > w_->budget) return StreamStatus::failed(0, "write exceeded budget");
    w_->budget -= bytes.size();
    size_t done = 0;
    if (w_->pending_size() == 0) {
      while (done < bytes.size()) {
        ssize_t n = w_->write_some(bytes.data() + done, bytes.size() - done);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK) break;
          w_->fail(errno);
          return w_->status();
        }
        done += size_t(n);
      }
    }
    // The descriptor (non-blocking) took only part: keep the rest for flush.
    w_->pending.insert(w_->pending.end(), bytes.begin() + ptrdiff_t(done), bytes.end());
    return StreamStatus::ok();
  }

  StreamStatus flush() override {
    w_->drain();
    return w_->status();
  }

  StreamStatus blocking_flush() override {
    while (w_->drain() && w_->pending_size() > 0) poll_one(w_->fd->get(), POLLOUT, -1);
    return w_->status();
  }

  std::shared_ptr<PollSource> subscribe() override { return std::make_shared<PipeWriteSource>(w_); }

 private:
  std::shared_ptr<PipeWriter> w_;
};

class FileOutputStream final : public OutputStream {
 public:
  FileOutputStream(std::shared_ptr<FdHolder> fd, bool append, uint64_t offset)
      : fd_(std::move(fd)), append_(append), offset_(offset) {}

  StreamStatus check_write(uint64_t& permitted) override {
    permitted = 0;
    StreamStatus s = status();
    if (s.is_ok()) permitted = kWriteBudget;
    return s;
  }

  StreamStatus write(std::span<const uint8_t> bytes) override {
    StreamStatus s = status();
    if (!s.is_ok()) return s;
    // Like wasmtime's file streams, a write need not follow a check-write, but it is never more than one
    // check-write permits.
    if (bytes.size() > kWriteBudget) return StreamStatus::failed(0, "write exceeded budget");
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = append_ ? append_some(bytes.subspan(done)) : write_at(bytes.subspan(done));
      if (n < 0) {
        error_ = errno;
        return status();
      }
      done += size_t(n);
      if (!append_) offset_ += uint64_t(n);
    }
    return StreamStatus::ok();
  }

  StreamStatus flush() override { return status(); }
  StreamStatus blocking_flush() override { return status(); }
  std::shared_ptr<PollSource> subscribe() override { return ready_source(); }

 private:
  ssize_t write_at(std::span<const uint8_t> bytes) {
    if (offset_ > uint64_t(INT64_MAX) - bytes.size()) {
      errno = EFBIG;
      return -1;
    }
    ssize_t n;
    do n = ::pwrite(fd_->get(), bytes.data(), bytes.size(), off_t(offset_));
    while (n < 0 && errno == EINTR);
    if (n == 0) {  // a regular file takes something or fails; do not spin
      errno = EIO;
      return -1;
    }
    return n;
  }

  // At the end of the file as it is now: RWF_APPEND does the seek and the write in one step, whatever the
  // descriptor's own O_APPEND flag; where the kernel lacks it, the size is asked first.
  ssize_t append_some(std::span<const uint8_t> bytes) {
    iovec iov{const_cast<uint8_t*>(bytes.data()), bytes.size()};
    ssize_t n;
    do n = ::pwritev2(fd_->get(), &iov, 1, -1, RWF_APPEND);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL)) {
      struct stat st {};
      if (::fstat(fd_->get(), &st) != 0) return -1;
      offset_ = uint64_t(st.st_size);
      return write_at(bytes);
    }
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    return n;
  }

  StreamStatus status() {
    if (error_ != 0) {
      StreamStatus s = StreamStatus::failed(error_, "write");
      error_ = 0;
      closed_ = true;
      return s;
    }
    if (closed_) return StreamStatus::closed();
    return StreamStatus::ok();
  }

  std::shared_ptr<FdHolder> fd_;
  bool append_;
  uint64_t offset_;
  int error_ = 0;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<InputStream> fd_input_stream(std::shared_ptr<FdHolder> fd, FdStreamKind kind,
                                             uint64_t offset) {
  if (kind == FdStreamKind::Pipe) return std::make_unique<PipeInputStream>(std::move(fd));
  return std::make_unique<FileInputStream>(std::move(fd), offset);
}

std::unique_ptr<OutputStream> fd_output_stream(std::shared_ptr<FdHolder> fd, FdStreamKind kind,
                                               uint64_t offset) {
  switch (kind) {
    case FdStreamKind::Pipe: return std::make_unique<PipeOutputStream>(std::move(fd));
    case FdStreamKind::File: return std::make_unique<FileOutputStream>(std::move(fd), false, offset);
    case FdStreamKind::Append: return std::make_unique<FileOutputStream>(std::move(fd), true, offset);
  }
  return nullptr;
}

}  // namespace mosaic::wasi::p2
