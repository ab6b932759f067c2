#pragma once
// Stream: a blocking TCP stream (Beast's SyncReadStream and SyncWriteStream) whose reads and writes end at
// a deadline, or when another thread cancels them. The socket is non-blocking underneath; a blocked
// operation waits in poll() on the socket and on an eventfd that cancel() signals. Asio's own synchronous
// operations wait without a timeout and cannot be interrupted, which a request deadline and a graceful
// shutdown both need.
//
// One thread does the I/O; deadline, cancel and the flags may be used from any thread.

#include <atomic>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <optional>
#include <system_error>

namespace mosaic::serve {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

class Stream {
 public:
  enum Direction : unsigned { kRead = 1, kWrite = 2, kBoth = 3 };

  // Takes an open, connected socket.
  explicit Stream(tcp::socket socket);
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Connects to the first endpoint that accepts before the deadline. The error of the last attempt
  // (timed_out at the deadline).
  static std::optional<Stream> connect(net::io_context& io, const tcp::resolver::results_type& endpoints,
                                       Clock::time_point deadline, error_code& ec);
  Stream(Stream&& other) noexcept;

  tcp::socket& socket() { return socket_; }
  using executor_type = tcp::socket::executor_type;
  executor_type get_executor() { return socket_.get_executor(); }

  // Reads and writes after `deadline` fail with timed_out (none: no deadline).
  void set_deadline(std::optional<Clock::time_point> deadline) { deadline_ = deadline; }
  // Makes current and later operations in `directions` fail with operation_aborted (thread-safe).
  void cancel(unsigned directions);
  unsigned cancelled() const { return cancelled_.load(); }

  template <class MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers, error_code& ec) {
    for (;;) {
      if (!ready(kRead, ec)) return 0;
      size_t n = socket_.read_some(buffers, ec);
      if (ec != net::error::would_block) return n;
      if (!wait(kRead, ec)) return 0;
    }
  }
  template <class MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers) {
    error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  template <class ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers, error_code& ec) {
    for (;;) {
      if (!ready(kWrite, ec)) return 0;
      size_t n = socket_.write_some(buffers, ec);
      if (ec != net::error::would_block) return n;
      if (!wait(kWrite, ec)) return 0;
    }
  }
  template <class ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers) {
    error_code ec;
    size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  // Ends the connection: a FIN after what was written (or a reset when `reset`), then closes.
  void close(bool reset = false);

 private:
  bool ready(Direction direction, error_code& ec);
  // Waits until the socket is ready in `direction`; false with ec set on deadline or cancellation.
  bool wait(Direction direction, error_code& ec);

  tcp::socket socket_;
  int wake_fd_ = -1;  // eventfd, signalled by cancel()
  std::atomic<unsigned> cancelled_{0};
  std::optional<Clock::time_point> deadline_;
};

}  // namespace mosaic::serve
