// clock_res_get, clock_time_get (wasi_snapshot_preview1, "Clock"): the four WASI clocks read from
// clock_getres(2) / clock_gettime(2).

#include "wasi/p1/clock.h"

#include <cerrno>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

std::optional<clockid_t> host_clock(uint32_t id) {
  switch (id) {
    case kClockRealtime: return CLOCK_REALTIME;
    case kClockMonotonic: return CLOCK_MONOTONIC;
    case kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

Errno timestamp_of(const timespec& ts, uint64_t& out) {
  if (ts.tv_sec < 0) return Errno::Overflow;
  constexpr uint64_t kNanosPerSecond = 1'000'000'000;
  uint64_t seconds = static_cast<uint64_t>(ts.tv_sec);
  if (seconds > (UINT64_MAX - static_cast<uint64_t>(ts.tv_nsec)) / kNanosPerSecond) return Errno::Overflow;
  out = seconds * kNanosPerSecond + static_cast<uint64_t>(ts.tv_nsec);
  return Errno::Success;
}

Errno clock_now(clockid_t clock, uint64_t& out) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return last_host_errno();
  return timestamp_of(ts, out);
}

// clock_res_get(id: clockid) -> timestamp: the resolution of a clock.
Errno clock_res_get(Call& call) {
  std::optional<clockid_t> clock = host_clock(call.u32(0));
  if (!clock) return Errno::Inval;
  const uint32_t out = call.u32(1);
  if (!call.memory.in_bounds(out, sizeof(uint64_t))) return Errno::Fault;
  timespec ts{};
  if (clock_getres(*clock, &ts) != 0) return last_host_errno();
  uint64_t resolution = 0;
  if (Errno e = timestamp_of(ts, resolution); e != Errno::Success) return e;
  call.memory.store<uint64_t>(out, resolution);
  return Errno::Success;
}

// clock_time_get(id: clockid, precision: timestamp) -> timestamp: the time of a clock. The precision is
// a hint that the host may ignore; we always read the clock at its full resolution.
Errno clock_time_get(Call& call) {
  std::optional<clockid_t> clock = host_clock(call.u32(0));
  if (!clock) return Errno::Inval;
  const uint32_t out = call.u32(2);
  if (!call.memory.in_bounds(out, sizeof(uint64_t))) return Errno::Fault;
  uint64_t now = 0;
  if (Errno e = clock_now(*clock, now); e != Errno::Success) return e;
  call.memory.store<uint64_t>(out, now);
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
