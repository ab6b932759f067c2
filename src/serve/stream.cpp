#include "serve/stream.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace mosaic::serve {

namespace {

int poll_timeout_ms(const std::optional<Clock::time_point>& deadline) {
  if (!deadline) return -1;
  auto left = *deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Rounded up, so that a wait never ends before the deadline.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(ms);
}

}  // namespace

Stream::Stream(tcp::socket socket) : socket_(std::move(socket)) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  error_code ec;
  socket_.non_blocking(true, ec);
  // Responses are written in few, whole pieces: Nagle's algorithm would only hold back the last one.
  socket_.set_option(tcp::no_delay(true), ec);
}

Stream::Stream(Stream&& other) noexcept
    : socket_(std::move(other.socket_)),
      wake_fd_(std::exchange(other.wake_fd_, -1)),
      cancelled_(other.cancelled_.load()),
      deadline_(other.deadline_) {}

Stream::~Stream() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::optional<Stream> Stream::connect(net::io_context& io, const tcp::resolver::results_type& endpoints,
                                      Clock::time_point deadline, error_code& ec) {
  ec = net::error::host_not_found;
  for (const auto& entry : endpoints) {
    tcp::socket socket(io);
    socket.open(entry.endpoint().protocol(), ec);
    if (ec) continue;
    socket.non_blocking(true, ec);
    if (ec) continue;
    // A non-blocking connect, then poll for writability: Asio's synchronous connect has no timeout.
    int fd = socket.native_handle();
    if (::connect(fd, entry.endpoint().data(), static_cast<socklen_t>(entry.endpoint().size())) != 0) {
      if (errno != EINPROGRESS) {
        ec = error_code(errno, boost::system::system_category());
        continue;
      }
      pollfd p{fd, POLLOUT, 0};
      int r;
      do {
        r = ::poll(&p, 1, poll_timeout_ms(deadline));
      } while (r < 0 && errno == EINTR);
      if (r == 0) {
        ec = net::error::timed_out;
        return std::nullopt;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        ec = error_code(err, boost::system::system_category());
        continue;
      }
    }
    ec = {};
    return Stream(std::move(socket));
  }
  return std::nullopt;
}

void Stream::cancel(unsigned directions) {
  cancelled_.fetch_or(directions);
  uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]]
    auto n = ::write(wake_fd_, &one, sizeof one);
}

bool Stream::ready(Direction direction, error_code& ec) {
  if (cancelled_.load() & direction) {
    ec = net::error::operation_aborted;
    return false;
  }
  if (deadline_ && Clock::now() >= *deadline_) {
    ec = net::error::timed_out;
    return false;
  }
  return true;
}

bool Stream::wait(Direction direction, error_code& ec) {
  for (;;) {
    pollfd fds[2] = {{socket_.native_handle(), short(direction == kRead ? POLLIN : POLLOUT), 0},
                     {wake_fd_, POLLIN, 0}};
    int r = ::poll(fds, wake_fd_ >= 0 ? 2 : 1, poll_timeout_ms(deadline_));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      ec = error_code(errno, boost::system::system_category());
      return false;
    }
    if (fds[1].revents & POLLIN) {
      // A cancellation: of this direction, or of the other one (then the wake-up is consumed here).
      if (!ready(direction, ec)) return false;
      uint64_t count;
      [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
    }
    if (fds[0].revents) return true;  // ready, or an error the next operation reports
    if (!ready(direction, ec)) return false;
  }
}

void Stream::close(bool reset) {
  error_code ec;
  if (!socket_.is_open()) return;
  if (reset) {
    socket_.set_option(net::socket_base::linger(true, 0), ec);
  } else {
    socket_.shutdown(tcp::socket::shutdown_send, ec);
  }
  socket_.close(ec);
}

}  // namespace mosaic::serve
