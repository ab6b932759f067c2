// wasi:io/poll: pollables and `poll`, and the poll sources the other interfaces build pollables from.
//
// A source is asked whether it is ready now; when none of a `poll` list is, one host ppoll(2) waits on every
// descriptor the sources name, with the nearest deadline as its timeout, and then the sources are asked again
// (a descriptor's readiness is the source's to judge, and a deadline passes by the clock, not by the
// timeout).

#include <poll.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

namespace {

constexpr std::string_view kPoll = "wasi:io/poll";

uint64_t monotonic_now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

class ReadySource final : public PollSource {
 public:
  bool ready(PollWait&) override { return true; }
};

class DeadlineSource final : public PollSource {
 public:
  explicit DeadlineSource(uint64_t deadline_ns) : deadline_ns_(deadline_ns) {}
  bool ready(PollWait& wait) override {
    if (monotonic_now_ns() >= deadline_ns_) return true;
    wait.deadline_ns = deadline_ns_;
    return false;
  }

 private:
  uint64_t deadline_ns_;
};

class FdSource final : public PollSource {
 public:
  FdSource(std::shared_ptr<const FdHolder> fd, short events) : fd_(std::move(fd)), events_(events) {}
  bool ready(PollWait& wait) override {
    pollfd p{fd_->get(), events_, 0};
    int n;
    do n = ::poll(&p, 1, 0);
    while (n < 0 && errno == EINTR);
    // An error or hang-up is "ready": the next operation reports it rather than waiting forever.
    if (n != 0) return true;
    wait.fd = fd_->get();
    wait.events = events_;
    return false;
  }

 private:
  std::shared_ptr<const FdHolder> fd_;
  short events_;
};

}  // namespace

std::shared_ptr<PollSource> ready_source() { return std::make_shared<ReadySource>(); }

std::shared_ptr<PollSource> deadline_source(uint64_t deadline_ns) {
  return std::make_shared<DeadlineSource>(deadline_ns);
}

std::shared_ptr<PollSource> fd_source(std::shared_ptr<const FdHolder> fd, short events) {
  return std::make_shared<FdSource>(std::move(fd), events);
}

Result<std::vector<uint32_t>> poll_sources(std::span<PollSource* const> sources) {
  if (sources.empty()) return Error(ErrorKind::Trap, "empty poll list");
  std::vector<pollfd> fds;
  for (;;) {
    std::vector<uint32_t> ready;
    fds.clear();
    std::optional<uint64_t> deadline;
    for (size_t i = 0; i < sources.size(); ++i) {
      PollWait wait;
      if (sources[i]->ready(wait)) {
        ready.push_back(uint32_t(i));
        continue;
      }
      if (wait.fd >= 0) fds.push_back({wait.fd, wait.events, 0});
      if (wait.deadline_ns && (!deadline || *wait.deadline_ns < *deadline)) deadline = wait.deadline_ns;
    }
    if (!ready.empty()) return ready;

    // Nothing ready: wait for a descriptor or the nearest deadline (no timeout when there is none).
    timespec timeout{};
    timespec* timeout_ptr = nullptr;
    if (deadline) {
      uint64_t now = monotonic_now_ns();
      uint64_t left = *deadline > now ? *deadline - now : 0;
      timeout.tv_sec = time_t(left / 1'000'000'000u);
      timeout.tv_nsec = long(left % 1'000'000'000u);
      timeout_ptr = &timeout;
    }
    int n = ::ppoll(fds.data(), fds.size(), timeout_ptr, nullptr);
    if (n < 0 && errno != EINTR && errno != EAGAIN)
      return Error(ErrorKind::Io, std::string("poll failed: ") + std::strerror(errno));
  }
}

void add_io_poll(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.pollable = ctx->define_resource(linker, kPoll, "pollable");

  linker.define_func(
      path(kPoll, "[method]pollable.ready"),
      [ctx](Store& store, std::span<const mc::Value> args, std::vector<mc::Value>& results) -> Result<void> {
        Ctx& c = ctx_of(store, ctx);
        if (args.size() != 1) return Error(ErrorKind::Usage, "pollable.ready: expected 1 argument");
        Pollable* p = MOSAIC_TRY(c.get<Pollable>(args[0], c.types.pollable));
        PollWait wait;
        results.push_back(mc::Value::make_bool(p->source->ready(wait)));
        return ok();
      });

  linker.define_func(
      path(kPoll, "[method]pollable.block"),
      [ctx](Store& store, std::span<const mc::Value> args, std::vector<mc::Value>&) -> Result<void> {
        Ctx& c = ctx_of(store, ctx);
        if (args.size() != 1) return Error(ErrorKind::Usage, "pollable.block: expected 1 argument");
        Pollable* p = MOSAIC_TRY(c.get<Pollable>(args[0], c.types.pollable));
        PollSource* source = p->source.get();
        MOSAIC_TRY(poll_sources(std::span<PollSource* const>(&source, 1)));
        return ok();
      });

  // poll: func(in: list<borrow<pollable>>) -> list<u32>. The list's length is a u32 in the canonical ABI, so
  // every index fits; the same pollable may appear more than once (each of its indices is reported).
  linker.define_func(
      path(kPoll, "poll"),
      [ctx](Store& store, std::span<const mc::Value> args, std::vector<mc::Value>& results) -> Result<void> {
        Ctx& c = ctx_of(store, ctx);
        if (args.size() != 1 || args[0].kind() != mc::TypeKind::List)
          return Error(ErrorKind::Usage, "poll: expected a list of pollables");
        std::vector<PollSource*> sources;
        sources.reserve(args[0].items().size());
        for (const mc::Value& handle : args[0].items()) {
          Pollable* p = MOSAIC_TRY(c.get<Pollable>(handle, c.types.pollable));
          sources.push_back(p->source.get());
        }
        std::vector<uint32_t> ready = MOSAIC_TRY(poll_sources(sources));
        std::vector<mc::Value> out;
        out.reserve(ready.size());
        for (uint32_t i : ready) out.push_back(mc::Value::u32(i));
        results.push_back(mc::Value::list(std::move(out)));
        return ok();
      });
}

}  // namespace mosaic::wasi::p2
