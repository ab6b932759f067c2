#pragma once
// The WASI clocks (wasi_snapshot_preview1 `clockid`) on the host's POSIX clocks; shared by clock.cpp
// (clock_res_get, clock_time_get) and poll.cpp (clock subscriptions).

#include <time.h>

#include <cstdint>
#include <optional>

#include "wasi/p1/abi.h"

namespace mosaic::wasi::p1 {

// The host clock a WASI clockid names: realtime, monotonic, process_cputime_id, thread_cputime_id;
// nullopt for any other id (errno inval).
std::optional<clockid_t> host_clock(uint32_t id);

// A timespec as WASI `timestamp` nanoseconds; Overflow for a time before the epoch or past 2^64 ns.
Errno timestamp_of(const timespec& ts, uint64_t& out);

// The current time of a host clock, in nanoseconds.
Errno clock_now(clockid_t clock, uint64_t& out);

}  // namespace mosaic::wasi::p1
