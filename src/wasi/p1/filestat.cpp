#include "wasi/p1/filestat.h"

#include <cstring>

#include "wasi/p1/ctx.h"

namespace mosaic::wasi::p1 {
namespace {

uint64_t nanoseconds(const struct timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(t.tv_nsec);
}

struct timespec timespec_of(uint64_t ns) {
  struct timespec t {};
  t.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
  t.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
  return t;
}

}  // namespace

Errno write_filestat(const GuestMemory& memory, uint32_t ptr, const struct stat& st) {
  auto out = memory.bytes(ptr, kFilestatSize);
  if (!out) return Errno::Fault;
  uint8_t buf[kFilestatSize] = {};
  auto put64 = [&](uint32_t offset, uint64_t v) { std::memcpy(buf + offset, &v, sizeof v); };
  put64(kFilestatDev, static_cast<uint64_t>(st.st_dev));
  put64(kFilestatIno, static_cast<uint64_t>(st.st_ino));
  buf[kFilestatFiletype] = static_cast<uint8_t>(filetype_of(st.st_mode));
  put64(kFilestatNlink, static_cast<uint64_t>(st.st_nlink));
  put64(kFilestatSizeField, static_cast<uint64_t>(st.st_size));
  put64(kFilestatAtim, nanoseconds(st.st_atim));
  put64(kFilestatMtim, nanoseconds(st.st_mtim));
  put64(kFilestatCtim, nanoseconds(st.st_ctim));
  std::memcpy(out->data(), buf, kFilestatSize);
  return Errno::Success;
}

Errno set_times_of(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec (&out)[2]) {
  constexpr uint32_t kKnown = kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow;
  if ((fstflags & ~kKnown) != 0) return Errno::Inval;
  if ((fstflags & kFstAtim) && (fstflags & kFstAtimNow)) return Errno::Inval;
  if ((fstflags & kFstMtim) && (fstflags & kFstMtimNow)) return Errno::Inval;
  auto pick = [](uint64_t ns, bool set, bool now) {
    if (set) return timespec_of(ns);
    struct timespec t {};
    t.tv_nsec = now ? UTIME_NOW : UTIME_OMIT;
    return t;
  };
  out[0] = pick(atim, fstflags & kFstAtim, fstflags & kFstAtimNow);
  out[1] = pick(mtim, fstflags & kFstMtim, fstflags & kFstMtimNow);
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
