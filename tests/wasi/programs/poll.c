// poll_oneoff: relative clock sleeps (nanosleep, usleep, poll with no fds) last at least what was asked;
// several clock subscriptions at once report only the one that expired first, with its userdata; an
// absolute-time subscription on the monotonic clock; a regular file is always ready for reading and writing
// (poll() on a file plus a timeout returns at once); zero subscriptions is EINVAL. Uses /sandbox.
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t = 0;
  CHECK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) == 0, "monotonic clock");
  return t;
}

static const unsigned long long MS = 1000000ull;

int main(void) {
  // nanosleep / usleep / poll(NULL, 0, t).
  __wasi_timestamp_t t0 = mono();
  struct timespec ts = {0, 50 * 1000000};
  printf("nanosleep 50ms: %d\n", nanosleep(&ts, NULL));
  __wasi_timestamp_t el = mono() - t0;
  printf("elapsed >= 50ms: %s\n", el >= 50 * MS ? "yes" : "no");
  CHECK(el < 5000 * MS, "nanosleep took %llu ms", (unsigned long long)(el / MS));
  t0 = mono();
  printf("usleep 20000: %d\n", usleep(20000));
  printf("elapsed >= 20ms: %s\n", mono() - t0 >= 20 * MS ? "yes" : "no");
  t0 = mono();
  printf("poll(NULL, 0, 30): %d\n", poll(NULL, 0, 30));
  printf("elapsed >= 30ms: %s\n", mono() - t0 >= 30 * MS ? "yes" : "no");
  ts.tv_nsec = 0;
  printf("nanosleep 0: %d\n", nanosleep(&ts, NULL));

  // Two clock subscriptions: 10ms and 10s. Only the first fires.
  __wasi_subscription_t subs[3];
  __wasi_event_t events[3];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1111;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 10000 * MS;
  subs[1] = subs[0];
  subs[1].userdata = 2222;
  subs[1].u.u.clock.timeout = 10 * MS;
  __wasi_size_t n = 0;
  t0 = mono();
  __wasi_errno_t err = __wasi_poll_oneoff(subs, events, 2, &n);
  el = mono() - t0;
  printf("two clocks: %s, nevents %lu, userdata %llu, error %s, type %s\n", errno_name(err), (unsigned long)n,
         (unsigned long long)events[0].userdata, errno_name(events[0].error),
         events[0].type == __WASI_EVENTTYPE_CLOCK ? "clock" : "other");
  printf("elapsed >= 10ms and < 5s: %s\n", el >= 10 * MS && el < 5000 * MS ? "yes" : "no");

  // An absolute deadline on the monotonic clock, 20ms from now.
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 77;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  t0 = mono();
  subs[0].u.u.clock.timeout = t0 + 20 * MS;
  subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  err = __wasi_poll_oneoff(subs, events, 1, &n);
  printf("abstime: %s, nevents %lu, userdata %llu\n", errno_name(err), (unsigned long)n,
         (unsigned long long)events[0].userdata);
  printf("reached the deadline: %s\n", mono() >= t0 + 20 * MS ? "yes" : "no");
  // A deadline in the past fires at once.
  subs[0].u.u.clock.timeout = 1;
  t0 = mono();
  err = __wasi_poll_oneoff(subs, events, 1, &n);
  printf("abstime in the past: %s, nevents %lu, fast: %s\n", errno_name(err), (unsigned long)n,
         mono() - t0 < 1000 * MS ? "yes" : "no");

  // A regular file is always ready, so a 10s timeout alongside it does not wait.
  int fd = open("/sandbox/p.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "data", 4);
  lseek(fd, 0, SEEK_SET);
  struct pollfd pfd[2] = {{fd, POLLIN, 0}, {fd, POLLOUT, 0}};
  t0 = mono();
  int r = poll(pfd, 2, 10000);
  printf("poll file: %d, revents in %s, out %s, fast: %s\n", r, pfd[0].revents == POLLIN ? "POLLIN" : "other",
         pfd[1].revents == POLLOUT ? "POLLOUT" : "other", mono() - t0 < 5000 * MS ? "yes" : "no");
  struct pollfd both = {fd, POLLIN | POLLOUT, 0};
  printf("poll file in|out: %d, revents %s\n", poll(&both, 1, 0),
         both.revents == (POLLIN | POLLOUT) ? "POLLIN|POLLOUT" : "other");

  // Raw: fd_read and fd_write subscriptions on the file plus a long clock: both fd events, no clock event.
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 10;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = fd;
  subs[1].userdata = 20;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = fd;
  subs[2].userdata = 30;
  subs[2].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[2].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[2].u.u.clock.timeout = 10000 * MS;
  memset(events, 0, sizeof events);
  t0 = mono();
  err = __wasi_poll_oneoff(subs, events, 3, &n);
  unsigned long long sum = 0;
  int fd_events_ok = 1;
  for (__wasi_size_t i = 0; i < n && i < 3; i++) {
    sum += events[i].userdata;
    fd_events_ok &= events[i].error == 0 &&
                    events[i].type == (events[i].userdata == 10 ? __WASI_EVENTTYPE_FD_READ : __WASI_EVENTTYPE_FD_WRITE);
  }
  printf("file subscriptions: %s, nevents %lu, userdata sum %llu, types and errors right: %s, fast: %s\n",
         errno_name(err), (unsigned long)n, sum, fd_events_ok ? "yes" : "no",
         mono() - t0 < 5000 * MS ? "yes" : "no");
  close(fd);

  // Zero subscriptions.
  printf("no subscriptions: %s\n", errno_name(__wasi_poll_oneoff(subs, events, 0, &n)));
  return finish();
}
