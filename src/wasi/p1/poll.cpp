// poll_oneoff (wasi_snapshot_preview1, "Poll"): waits until at least one subscription is ready, then writes
// one event per ready subscription, in subscription order.
//
// - clock: relative to now, or at an absolute time (subclockflags::subscription_clock_abstime), on any of
//   the four clocks; the precision is ignored. The call waits with ppoll(2) until the nearest deadline and
//   fires a subscription once its clock has reached its deadline. The CPU-time clocks do not advance while
//   the process sleeps, so their remaining time is measured on the monotonic clock instead.
// - fd_read / fd_write: regular files are always ready (fd_read reports the bytes between the position and
//   the end of the file); directories are not pollable (errno badf, as wasmtime); pipes, sockets and
//   terminals go through ppoll(2), with eventrwflags::fd_readwrite_hangup when the peer has gone (POLLHUP,
//   or POLLRDHUP for a TCP peer's FIN) and nbytes from FIONREAD. A descriptor that cannot be polled gives an
//   event with its error (badf, notcapable), not a failed call; so does POLLERR (the socket's error, or
//   epipe for a pipe without reader).
// - An unknown eventtype or clockid fails the whole call with inval, as in wasmtime; so does
//   nsubscriptions == 0 (it would wait forever) and more than kMaxSubscriptions (65536) subscriptions.

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "wasi/p1/call.h"
#include "wasi/p1/clock.h"

namespace mosaic::wasi::p1 {
namespace {

constexpr uint64_t kNanosPerSecond = 1'000'000'000;

// One event as the guest sees it (the `event` record).
struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  uint8_t type = kEventClock;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

// A clock subscription: fires once `clock` reads `deadline` nanoseconds or more.
struct ClockWait {
  size_t sub = 0;
  uint64_t userdata = 0;
  clockid_t clock = CLOCK_MONOTONIC;
  uint64_t deadline = 0;
};

// An fd_read / fd_write subscription on a descriptor that ppoll watches (pollfds[i] for fd_waits[i]).
struct FdWait {
  size_t sub = 0;
  uint64_t userdata = 0;
  uint8_t type = kEventFdRead;
};

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

void store_event(const GuestMemory& memory, uint64_t at, const Event& e) {
  uint8_t bytes[kEventSize] = {};
  std::memcpy(bytes + kEventUserdata, &e.userdata, sizeof e.userdata);
  const uint16_t error = static_cast<uint16_t>(e.error);
  std::memcpy(bytes + kEventError, &error, sizeof error);
  bytes[kEventType] = e.type;
  std::memcpy(bytes + kEventNbytes, &e.nbytes, sizeof e.nbytes);
  std::memcpy(bytes + kEventFlags, &e.flags, sizeof e.flags);
  memory.write(at, std::span<const uint8_t>(bytes, kEventSize));
}

// The clock subscription at `sub`: its host clock and deadline. CPU-time deadlines become monotonic ones.
Errno clock_wait(const GuestMemory& memory, uint64_t at, size_t sub, uint64_t userdata, ClockWait& out) {
  uint32_t id = 0;
  uint64_t timeout = 0;
  uint16_t flags = 0;
  memory.load(at + kSubscriptionClockId, id);
  memory.load(at + kSubscriptionClockTimeout, timeout);
  memory.load(at + kSubscriptionClockFlags, flags);
  std::optional<clockid_t> clock = host_clock(id);
  if (!clock) return Errno::Inval;
  uint64_t now = 0;
  if (Errno e = clock_now(*clock, now); e != Errno::Success) return e;
  uint64_t deadline = (flags & kSubclockAbstime) ? timeout : saturating_add(now, timeout);
  if (*clock == CLOCK_PROCESS_CPUTIME_ID || *clock == CLOCK_THREAD_CPUTIME_ID) {
    const uint64_t remaining = deadline > now ? deadline - now : 0;
    clock = CLOCK_MONOTONIC;
    if (Errno e = clock_now(*clock, now); e != Errno::Success) return e;
    deadline = saturating_add(now, remaining);
  }
  out = ClockWait{sub, userdata, *clock, deadline};
  return Errno::Success;
}

// The bytes a stream descriptor has ready to read (FIONREAD), or 1 when the host cannot tell (a listening
// socket with a connection waiting).
uint64_t readable_bytes(int host) {
  int n = 0;
  if (ioctl(host, FIONREAD, &n) != 0 || n < 0) return 1;
  return static_cast<uint64_t>(n);
}

// An fd_read / fd_write subscription: an event now (regular file, or an error), or else a pollfd for ppoll.
std::optional<Event> fd_subscription(Ctx& ctx, size_t sub, uint64_t userdata, uint8_t type, uint32_t fd,
                                     std::vector<FdWait>& waits, std::vector<pollfd>& pollfds) {
  Event event{userdata, Errno::Success, type, 0, 0};
  const FdEntry* entry = ctx.get(fd);
  struct stat st {};
  if (entry == nullptr) {
    event.error = Errno::Badf;
  } else if ((entry->rights_base & rights::kPollFdReadwrite) == 0) {
    event.error = Errno::NotCapable;
  } else if (fstat(entry->host, &st) != 0) {
    event.error = last_host_errno();
  } else if (S_ISDIR(st.st_mode)) {
    event.error = Errno::Badf;
  } else if (S_ISREG(st.st_mode)) {
    if (type == kEventFdRead) {
      const off_t position = lseek(entry->host, 0, SEEK_CUR);
      event.nbytes = position >= 0 && st.st_size > position ? static_cast<uint64_t>(st.st_size - position) : 0;
    } else {
      event.nbytes = 1;  // a regular file takes any write at once; wasmtime reports 1
    }
  } else {
    waits.push_back(FdWait{sub, userdata, type});
    // POLLRDHUP: a TCP peer that has shut down its side is a hangup for a reader, as for a pipe's (POLLHUP).
    pollfds.push_back(
        pollfd{entry->host, static_cast<short>(type == kEventFdRead ? POLLIN | POLLRDHUP : POLLOUT), 0});
    return std::nullopt;
  }
  return event;
}

// The error behind POLLERR: a socket's pending error, or else a pipe whose reader has gone (epipe).
Errno poll_error(int host, uint8_t type) {
  int error = 0;
  socklen_t len = sizeof error;
  if (getsockopt(host, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error != 0) return from_host_errno(error);
  return type == kEventFdWrite ? Errno::Pipe : Errno::Io;
}

// The event of a descriptor ppoll found ready.
Event fd_event(const FdWait& wait, const pollfd& p) {
  Event event{wait.userdata, Errno::Success, wait.type, 0, 0};
  if (p.revents & POLLNVAL) {
    event.error = Errno::Badf;
  } else if (p.revents & POLLERR) {
    event.error = poll_error(p.fd, wait.type);
  } else {
    if (p.revents & (POLLHUP | POLLRDHUP)) event.flags = kEventFdReadwriteHangup;
    if (wait.type == kEventFdRead) {
      event.nbytes = readable_bytes(p.fd);
      if ((p.revents & POLLHUP) && !(p.revents & POLLIN)) event.nbytes = 0;
    } else {
      event.nbytes = (p.revents & POLLOUT) ? 1 : 0;
    }
  }
  return event;
}

}  // namespace

inline constexpr uint32_t kMaxSubscriptions = 1u << 16;

// poll_oneoff(in: ConstPointer<subscription>, out: Pointer<event>, nsubscriptions: size) -> size
Errno poll_oneoff(Call& call) {
  const uint64_t in = call.u32(0);
  const uint64_t out = call.u32(1);
  const uint32_t nsubscriptions = call.u32(2);
  const uint64_t nevents_at = call.u32(3);
  // Waiting for nothing would wait forever; wasmtime refuses it too.
  if (nsubscriptions == 0) return Errno::Inval;
  // The host keeps state per subscription: a cap keeps one call from costing the host more memory and time
  // than any real program needs (a 4 GiB guest could otherwise ask for 89 million).
  if (nsubscriptions > kMaxSubscriptions) return Errno::Inval;
  if (!call.memory.in_bounds(in, uint64_t{nsubscriptions} * kSubscriptionSize) ||
      !call.memory.in_bounds(out, uint64_t{nsubscriptions} * kEventSize) ||
      !call.memory.in_bounds(nevents_at, sizeof(uint32_t)))
    return Errno::Fault;

  // Events known before waiting (regular files, errors), by subscription index.
  std::vector<std::optional<Event>> immediate(nsubscriptions);
  bool any_immediate = false;
  std::vector<ClockWait> clocks;
  std::vector<FdWait> fd_waits;
  std::vector<pollfd> pollfds;
  for (size_t i = 0; i < nsubscriptions; ++i) {
    const uint64_t at = in + i * kSubscriptionSize;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    call.memory.load(at + kSubscriptionUserdata, userdata);
    call.memory.load(at + kSubscriptionTag, tag);
    if (tag == kEventClock) {
      ClockWait wait;
      if (Errno e = clock_wait(call.memory, at, i, userdata, wait); e != Errno::Success) return e;
      clocks.push_back(wait);
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      uint32_t fd = 0;
      call.memory.load(at + kSubscriptionFd, fd);
      immediate[i] = fd_subscription(call.ctx, i, userdata, tag, fd, fd_waits, pollfds);
      any_immediate = any_immediate || immediate[i].has_value();
    } else {
      return Errno::Inval;
    }
  }

  for (;;) {
    // The nearest deadline bounds the wait; anything ready already makes it a non-blocking look.
    bool ready = any_immediate;
    uint64_t nearest = UINT64_MAX;
    for (const ClockWait& c : clocks) {
      uint64_t now = 0;
      if (Errno e = clock_now(c.clock, now); e != Errno::Success) return e;
      if (now >= c.deadline) ready = true;
      else if (c.deadline - now < nearest) nearest = c.deadline - now;
    }
    timespec timeout{};
    const timespec* wait = nullptr;
    if (!ready && nearest != UINT64_MAX) {
      timeout.tv_sec = static_cast<time_t>(nearest / kNanosPerSecond);
      timeout.tv_nsec = static_cast<long>(nearest % kNanosPerSecond);
      wait = &timeout;
    } else if (ready) {
      wait = &timeout;  // zero: collect whatever else is ready too
    }
    if (ppoll(pollfds.data(), pollfds.size(), wait, nullptr) < 0) {
      if (errno == EINTR) continue;  // the deadlines stay put: the next round waits only what is left
      return last_host_errno();
    }

    // Every ready subscription; each gives at most one event.
    std::vector<std::optional<Event>> events = immediate;
    for (const ClockWait& c : clocks) {
      uint64_t now = 0;
      if (Errno e = clock_now(c.clock, now); e != Errno::Success) return e;
      if (now >= c.deadline) events[c.sub] = Event{c.userdata, Errno::Success, kEventClock, 0, 0};
    }
    for (size_t f = 0; f < pollfds.size(); ++f) {
      if (pollfds[f].revents != 0) events[fd_waits[f].sub] = fd_event(fd_waits[f], pollfds[f]);
    }
    uint32_t count = 0;
    for (const std::optional<Event>& e : events) {
      if (e) store_event(call.memory, out + uint64_t{count++} * kEventSize, *e);
    }
    // None: woke a little early (timer slack, or the realtime clock moved back); wait again.
    if (count == 0) continue;
    call.memory.store<uint32_t>(nevents_at, count);
    return Errno::Success;
  }
}

}  // namespace mosaic::wasi::p1
