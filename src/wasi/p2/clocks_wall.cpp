// wasi:clocks/wall-clock (CLOCK_REALTIME as a datetime since the Unix epoch) and wasi:clocks/timezone (an
// @unstable interface: the host answers UTC for every instant, so a guest never learns the host's zone).

#include <time.h>

#include <cstdint>
#include <string>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

// record datetime { seconds: u64, nanoseconds: u32 }
struct Datetime {
  uint64_t seconds = 0;
  uint32_t nanoseconds = 0;
};

// record timezone-display { utc-offset: s32, name: string, in-daylight-saving-time: bool }
struct TimezoneDisplay {
  int32_t utc_offset = 0;
  std::string name;
  bool in_daylight_saving_time = false;
};

}  // namespace
}  // namespace mosaic::wasi::p2

namespace mosaic::component {
MOSAIC_WIT_RECORD(mosaic::wasi::p2::Datetime, seconds, nanoseconds);
MOSAIC_WIT_RECORD(mosaic::wasi::p2::TimezoneDisplay, utc_offset, name, in_daylight_saving_time);
}  // namespace mosaic::component

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kWall = "wasi:clocks/wall-clock";
constexpr std::string_view kTimezone = "wasi:clocks/timezone";

// A datetime cannot be before the epoch (seconds is unsigned): a host clock set earlier reads as the epoch.
Datetime to_datetime(const timespec& ts) {
  if (ts.tv_sec < 0) return {};
  return {uint64_t(ts.tv_sec), uint32_t(ts.tv_nsec)};
}

}  // namespace

void add_clocks_wall(const CtxPtr&, mc::Linker& linker) {
  // now: func() -> datetime. Not monotonic: the host's clock may be set back.
  linker.define<Datetime()>(path(kWall, "now"), [](Store&) {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return to_datetime(ts);
  });

  // resolution: func() -> datetime (a duration, written as a datetime).
  linker.define<Datetime()>(path(kWall, "resolution"), [](Store&) {
    timespec ts{};
    if (::clock_getres(CLOCK_REALTIME, &ts) != 0 || (ts.tv_sec == 0 && ts.tv_nsec == 0))
      return Datetime{0, 1};
    return to_datetime(ts);
  });

  // timezone.display: func(when: datetime) -> timezone-display. Always UTC, no daylight saving.
  linker.define<TimezoneDisplay(Datetime)>(path(kTimezone, "display"), [](Store&, const Datetime&) {
    return TimezoneDisplay{0, "UTC", false};
  });

  // timezone.utc-offset: func(when: datetime) -> s32, in seconds: UTC's is 0.
  linker.define<int32_t(Datetime)>(path(kTimezone, "utc-offset"), [](Store&, const Datetime&) { return 0; });
}

}  // namespace mosaic::wasi::p2
