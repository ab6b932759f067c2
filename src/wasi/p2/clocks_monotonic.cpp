// wasi:clocks/monotonic-clock: CLOCK_MONOTONIC in nanoseconds, and pollables that become ready at an instant
// of it (wasi:io/poll waits for them with the other sources, io.h's deadline_source).

#include <time.h>

#include <cstdint>
#include <limits>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

namespace {

constexpr std::string_view kMonotonic = "wasi:clocks/monotonic-clock";

struct PollableTag {};

uint64_t to_ns(const timespec& ts) { return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec); }

uint64_t monotonic_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return to_ns(ts);
}

mc::Own<PollableTag> new_pollable(Ctx& ctx, std::shared_ptr<PollSource> source) {
  return {{ctx.types.pollable, ctx.add(std::make_unique<Pollable>(std::move(source)))}};
}

}  // namespace

void add_clocks_monotonic(const CtxPtr& ctx, mc::Linker& linker) {
  // now: func() -> instant. The clock's zero is the host's (boot time); only differences mean anything.
  linker.define<uint64_t()>(path(kMonotonic, "now"), [](Store&) { return monotonic_now(); });

  // resolution: func() -> duration.
  linker.define<uint64_t()>(path(kMonotonic, "resolution"), [](Store&) {
    timespec ts{};
    if (::clock_getres(CLOCK_MONOTONIC, &ts) != 0) return uint64_t{1};
    uint64_t ns = to_ns(ts);
    return ns == 0 ? uint64_t{1} : ns;
  });

  // subscribe-instant: func(when: instant) -> pollable. An instant already past is ready at once.
  linker.define<mc::Own<PollableTag>(uint64_t)>(path(kMonotonic, "subscribe-instant"),
                                                [ctx](Store& store, uint64_t when) {
                                                  Ctx& c = ctx_of(store, ctx);
                                                  return new_pollable(c, deadline_source(when));
                                                });

  // subscribe-duration: func(when: duration) -> pollable, ready `when` nanoseconds from now. A duration so
  // long that the instant overflows waits for ever (as wasmtime does) rather than wrapping round to the past.
  linker.define<mc::Own<PollableTag>(uint64_t)>(path(kMonotonic, "subscribe-duration"), [ctx](Store& store,
                                                                                              uint64_t when) {
    Ctx& c = ctx_of(store, ctx);
    if (when == 0) return new_pollable(c, ready_source());
    uint64_t now = monotonic_now();
    uint64_t deadline =
        when > std::numeric_limits<uint64_t>::max() - now ? std::numeric_limits<uint64_t>::max() : now + when;
    return new_pollable(c, deadline_source(deadline));
  });
}

}  // namespace mosaic::wasi::p2
