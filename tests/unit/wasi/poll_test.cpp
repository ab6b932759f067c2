// poll_oneoff (src/wasi/p1/poll.cpp): clocks, pipes, regular files and bad descriptors, called as a guest
// would, with subscriptions laid out in a fake guest memory.

#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint64_t kIn = 0;      // subscriptions
constexpr uint64_t kOut = 1024;  // events
constexpr uint64_t kNevents = 2048;
constexpr uint64_t kMs = 1'000'000;

struct EventView {
  uint64_t userdata;
  Errno error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

class PollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Ctx>> created = Ctx::create(WasiConfig{});
    ASSERT_TRUE(created);
    ctx_ = std::move(*created);
  }

  template <class T>
  void put(uint64_t at, T v) { std::memcpy(memory_.data() + at, &v, sizeof v); }
  template <class T>
  T get(uint64_t at) const {
    T v{};
    std::memcpy(&v, memory_.data() + at, sizeof v);
    return v;
  }

  void clock(uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags = 0) {
    const uint64_t at = kIn + count_ * kSubscriptionSize;
    std::memset(memory_.data() + at, 0, kSubscriptionSize);
    put(at + kSubscriptionUserdata, userdata);
    put<uint8_t>(at + kSubscriptionTag, kEventClock);
    put(at + kSubscriptionClockId, id);
    put(at + kSubscriptionClockTimeout, timeout);
    put<uint64_t>(at + kSubscriptionClockPrecision, 1000);
    put(at + kSubscriptionClockFlags, flags);
    ++count_;
  }
  void fd(uint64_t userdata, uint8_t type, uint32_t fd) {
    const uint64_t at = kIn + count_ * kSubscriptionSize;
    std::memset(memory_.data() + at, 0, kSubscriptionSize);
    put(at + kSubscriptionUserdata, userdata);
    put(at + kSubscriptionTag, type);
    put(at + kSubscriptionFd, fd);
    ++count_;
  }

  Errno poll() {
    std::memset(memory_.data() + kOut, 0xee, kNevents - kOut);
    const uint64_t args[4] = {kIn, kOut, count_, kNevents};
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), args, std::nullopt};
    return poll_oneoff(c);
  }
  std::vector<EventView> events() const {
    std::vector<EventView> out;
    for (uint32_t i = 0; i < get<uint32_t>(kNevents); ++i) {
      const uint64_t at = kOut + i * kEventSize;
      out.push_back({get<uint64_t>(at + kEventUserdata), static_cast<Errno>(get<uint16_t>(at + kEventError)),
                     get<uint8_t>(at + kEventType), get<uint64_t>(at + kEventNbytes),
                     get<uint16_t>(at + kEventFlags)});
    }
    return out;
  }

  // A pipe whose ends are guest descriptors; returns {read, write}.
  std::pair<uint32_t, uint32_t> pipe_fds() {
    int p[2];
    EXPECT_EQ(pipe2(p, O_CLOEXEC), 0);
    return {add(p[0]), add(p[1])};
  }
  uint32_t add(int host) {
    FdEntry entry;
    entry.host = host;
    return ctx_->insert(std::move(entry));
  }
  int host(uint32_t fd) { return ctx_->get(fd)->host; }

  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_ = std::vector<uint8_t>(4096);
  uint32_t count_ = 0;
};

long elapsed_ms(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
}

TEST_F(PollTest, NoSubscriptionsIsInval) { EXPECT_EQ(poll(), Errno::Inval); }

TEST_F(PollTest, RelativeClockSleeps) {
  clock(42, kClockMonotonic, 10 * kMs);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_GE(elapsed_ms(start), 10);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 42u);
  EXPECT_EQ(ev[0].error, Errno::Success);
  EXPECT_EQ(ev[0].type, kEventClock);
  EXPECT_EQ(ev[0].nbytes, 0u);
  EXPECT_EQ(ev[0].flags, 0u);
  // Only as many events as are ready are written; the rest of `out` is untouched.
  EXPECT_EQ(get<uint8_t>(kOut + kEventSize), 0xee);
}

TEST_F(PollTest, EveryClockId) {
  for (uint32_t id : {kClockRealtime, kClockMonotonic, kClockProcessCputime, kClockThreadCputime}) {
    count_ = 0;
    clock(id, id, 5 * kMs);
    auto start = Clock::now();
    ASSERT_EQ(poll(), Errno::Success) << id;
    EXPECT_GE(elapsed_ms(start), 5) << id;
    EXPECT_LT(elapsed_ms(start), 2000) << id;  // CPU clocks are waited on the monotonic clock
    ASSERT_EQ(events().size(), 1u);
    EXPECT_EQ(events()[0].userdata, id);
  }
}

TEST_F(PollTest, UnknownClockOrTagIsInval) {
  clock(1, 4, 0);
  EXPECT_EQ(poll(), Errno::Inval);
  count_ = 0;
  clock(1, kClockMonotonic, 0);
  fd(2, 3, 0);
  EXPECT_EQ(poll(), Errno::Inval);
}

TEST_F(PollTest, AbsoluteClock) {
  // In the past: fires at once.
  clock(1, kClockMonotonic, 0, kSubclockAbstime);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_LT(elapsed_ms(start), 1000);
  ASSERT_EQ(events().size(), 1u);

  // 20 ms from now on the realtime clock.
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  count_ = 0;
  clock(2, kClockRealtime, uint64_t(now.tv_sec) * 1'000'000'000 + uint64_t(now.tv_nsec) + 20 * kMs,
        kSubclockAbstime);
  start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_GE(elapsed_ms(start), 19);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].userdata, 2u);
}

TEST_F(PollTest, NearestClockFiresAlone) {
  clock(1, kClockMonotonic, 10'000 * kMs);
  clock(2, kClockMonotonic, 5 * kMs);
  clock(3, kClockRealtime, 20'000 * kMs);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_LT(elapsed_ms(start), 5000);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 2u);
}

TEST_F(PollTest, HugeTimeoutWithAReadyPipe) {
  auto [r, w] = pipe_fds();
  ASSERT_EQ(write(host(w), "x", 1), 1);
  clock(1, kClockMonotonic, UINT64_MAX);
  fd(2, kEventFdRead, r);
  ASSERT_EQ(poll(), Errno::Success);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].userdata, 2u);
}

TEST_F(PollTest, ReadablePipeBeatsTheClock) {
  auto [r, w] = pipe_fds();
  ASSERT_EQ(write(host(w), "hello", 5), 5);
  clock(1, kClockMonotonic, 10'000 * kMs);
  fd(2, kEventFdRead, r);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_LT(elapsed_ms(start), 5000);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 2u);
  EXPECT_EQ(ev[0].type, kEventFdRead);
  EXPECT_EQ(ev[0].error, Errno::Success);
  EXPECT_EQ(ev[0].nbytes, 5u);
  EXPECT_EQ(ev[0].flags, 0u);
}

TEST_F(PollTest, EmptyPipeTimesOut) {
  auto [r, w] = pipe_fds();
  (void)w;
  fd(1, kEventFdRead, r);
  clock(2, kClockMonotonic, 10 * kMs);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_GE(elapsed_ms(start), 10);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 2u);
  EXPECT_EQ(ev[0].type, kEventClock);
}

TEST_F(PollTest, ClosedWriterIsHangup) {
  auto [r, w] = pipe_fds();
  ASSERT_TRUE(ctx_->remove(w));
  fd(7, kEventFdRead, r);
  ASSERT_EQ(poll(), Errno::Success);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error, Errno::Success);
  EXPECT_EQ(ev[0].flags, kEventFdReadwriteHangup);
  EXPECT_EQ(ev[0].nbytes, 0u);
}

TEST_F(PollTest, ClosedReaderFailsTheWrite) {
  auto [r, w] = pipe_fds();
  ASSERT_TRUE(ctx_->remove(r));
  fd(7, kEventFdWrite, w);
  ASSERT_EQ(poll(), Errno::Success);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, kEventFdWrite);
  EXPECT_EQ(ev[0].error, Errno::Pipe);
}

TEST_F(PollTest, SeveralReadyAtOnceInSubscriptionOrder) {
  auto [r, w] = pipe_fds();
  ASSERT_EQ(write(host(w), "abc", 3), 3);
  fd(1, kEventFdWrite, w);
  clock(2, kClockMonotonic, 0);
  fd(3, kEventFdRead, r);
  fd(4, kEventFdRead, 999);
  ASSERT_EQ(poll(), Errno::Success);
  auto ev = events();
  ASSERT_EQ(ev.size(), 4u);
  for (uint64_t i = 0; i < 4; ++i) EXPECT_EQ(ev[i].userdata, i + 1);
  EXPECT_EQ(ev[0].type, kEventFdWrite);
  EXPECT_EQ(ev[0].error, Errno::Success);
  EXPECT_EQ(ev[1].type, kEventClock);
  EXPECT_EQ(ev[2].nbytes, 3u);
  EXPECT_EQ(ev[3].type, kEventFdRead);
  EXPECT_EQ(ev[3].error, Errno::Badf);
}

TEST_F(PollTest, BadDescriptorIsAnEventNotAFailure) {
  fd(5, kEventFdWrite, 1234);
  clock(6, kClockMonotonic, 10'000 * kMs);
  auto start = Clock::now();
  ASSERT_EQ(poll(), Errno::Success);
  EXPECT_LT(elapsed_ms(start), 5000);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 5u);
  EXPECT_EQ(ev[0].type, kEventFdWrite);
  EXPECT_EQ(ev[0].error, Errno::Badf);
}

TEST_F(PollTest, MissingRightIsNotCapable) {
  auto [r, w] = pipe_fds();
  (void)w;
  ctx_->get(r)->rights_base &= ~rights::kPollFdReadwrite;
  fd(1, kEventFdRead, r);
  ASSERT_EQ(poll(), Errno::Success);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].error, Errno::NotCapable);
}

TEST_F(PollTest, RegularFileIsAlwaysReady) {
  char path[] = "/tmp/mosaic-poll-XXXXXX";
  int file = mkstemp(path);
  ASSERT_GE(file, 0);
  unlink(path);
  std::string data(100, 'x');
  ASSERT_EQ(write(file, data.data(), data.size()), 100);
  ASSERT_EQ(lseek(file, 30, SEEK_SET), 30);
  uint32_t f = add(file);
  fd(1, kEventFdRead, f);
  fd(2, kEventFdWrite, f);
  ASSERT_EQ(poll(), Errno::Success);
  auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].error, Errno::Success);
  EXPECT_EQ(ev[0].nbytes, 70u);  // from the position to the end
  EXPECT_EQ(ev[0].flags, 0u);
  EXPECT_EQ(ev[1].error, Errno::Success);
  EXPECT_EQ(ev[1].type, kEventFdWrite);

  // At the end: still ready, nothing left to read.
  ASSERT_EQ(lseek(file, 0, SEEK_END), 100);
  count_ = 0;
  fd(1, kEventFdRead, f);
  ASSERT_EQ(poll(), Errno::Success);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].nbytes, 0u);
}

TEST_F(PollTest, DirectoryIsBadf) {
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dir, 0);
  fd(1, kEventFdRead, add(dir));
  ASSERT_EQ(poll(), Errno::Success);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].error, Errno::Badf);
}

TEST_F(PollTest, OutOfBoundsIsFault) {
  clock(1, kClockMonotonic, 0);
  Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), nullptr, std::nullopt};
  const uint64_t in_past_end[4] = {4096 - 47, kOut, 1, kNevents};
  c.args = in_past_end;
  EXPECT_EQ(poll_oneoff(c), Errno::Fault);
  const uint64_t out_past_end[4] = {kIn, 4096 - 31, 1, kNevents};
  c.args = out_past_end;
  EXPECT_EQ(poll_oneoff(c), Errno::Fault);
  const uint64_t nevents_past_end[4] = {kIn, kOut, 1, 4093};
  c.args = nevents_past_end;
  EXPECT_EQ(poll_oneoff(c), Errno::Fault);
  const uint64_t too_many[4] = {kIn, kOut, UINT32_MAX, kNevents};
  c.args = too_many;
  EXPECT_EQ(poll_oneoff(c), Errno::Inval);  // past the cap on subscriptions, before any bounds check
  const uint64_t beyond_memory[4] = {kIn, kOut, 1000, kNevents};
  c.args = beyond_memory;
  EXPECT_EQ(poll_oneoff(c), Errno::Fault);
}

void on_alarm(int) {}

TEST_F(PollTest, SignalDoesNotShortenTheWait) {
  struct sigaction action {};
  action.sa_handler = on_alarm;  // no SA_RESTART: ppoll fails with EINTR
  struct sigaction old {};
  ASSERT_EQ(sigaction(SIGALRM, &action, &old), 0);
  itimerval timer{};
  timer.it_value.tv_usec = 5000;
  timer.it_interval.tv_usec = 5000;
  ASSERT_EQ(setitimer(ITIMER_REAL, &timer, nullptr), 0);
  auto [r, w] = pipe_fds();
  (void)w;
  fd(1, kEventFdRead, r);
  clock(2, kClockMonotonic, 40 * kMs);
  auto start = Clock::now();
  Errno e = poll();
  long waited = elapsed_ms(start);
  timer = itimerval{};
  setitimer(ITIMER_REAL, &timer, nullptr);
  sigaction(SIGALRM, &old, nullptr);
  ASSERT_EQ(e, Errno::Success);
  EXPECT_GE(waited, 40);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].userdata, 2u);
}

}  // namespace
}  // namespace mosaic::wasi::p1
