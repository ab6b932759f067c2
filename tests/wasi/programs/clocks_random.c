// clocks & random: clock_res_get / clock_time_get for the realtime, monotonic, process- and thread-CPU clocks
// (resolutions > 0, monotonic never goes back, CPU time advances with work, realtime is a plausible date),
// an invalid clock id is EINVAL, libc's clock_gettime/time agree; random_get fills large buffers with
// varied, non-repeating bytes.
#include "common.h"
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *clock_names[] = {"realtime", "monotonic", "process_cputime", "thread_cputime"};

// Reads a clock; failures are counted.
static __wasi_timestamp_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  __wasi_errno_t e = __wasi_clock_time_get(id, 1, &t);
  CHECK(e == 0, "clock_time_get(%d): %s", (int)id, errno_name(e));
  return t;
}

static volatile uint64_t sink;
static void burn(void) {
  uint64_t x = 1;
  for (int i = 0; i < 2000000; i++) x = x * 6364136223846793005ull + 1442695040888963407ull;
  sink = x;
}

int main(void) {
  for (int id = 0; id < 4; id++) {
    __wasi_timestamp_t res = 0, t = 0;
    __wasi_errno_t e1 = __wasi_clock_res_get(id, &res);
    __wasi_errno_t e2 = __wasi_clock_time_get(id, 1, &t);
    printf("%s: res_get %s, time_get %s\n", clock_names[id], errno_name(e1), errno_name(e2));
    CHECK(e1 != 0 || res > 0, "%s resolution > 0", clock_names[id]);
    CHECK(e1 != 0 || res <= 1000000000ull, "%s resolution <= 1s", clock_names[id]);
    printf("%s: resolution in (0, 1s]: %s\n", clock_names[id], res > 0 && res <= 1000000000ull ? "yes" : "no");
  }
  __wasi_timestamp_t t;
  printf("clock 4: %s\n", errno_name(__wasi_clock_time_get(4, 1, &t)));
  printf("clock 4 res: %s\n", errno_name(__wasi_clock_res_get(4, &t)));

  // Realtime: after 2020-01-01 and before 2100.
  __wasi_timestamp_t real = 0;
  CHECK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &real) == 0, "realtime");
  printf("realtime plausible: %s\n", real > 1577836800ull * 1000000000ull && real < 4102444800ull * 1000000000ull
                                        ? "yes" : "no");
  time_t wall = time(NULL);
  CHECK(llabs((long long)wall - (long long)(real / 1000000000ull)) <= 2, "time() agrees with realtime");

  // Monotonic never goes back over many reads, and advances over a busy loop.
  __wasi_timestamp_t prev = 0, first = 0;
  CHECK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &first) == 0, "monotonic");
  prev = first;
  int backwards = 0;
  for (int i = 0; i < 10000; i++) {
    __wasi_timestamp_t m = now(__WASI_CLOCKID_MONOTONIC);
    if (m < prev) backwards++;
    prev = m;
  }
  printf("monotonic went backwards: %d times\n", backwards);

  // CPU clocks advance with work.
  __wasi_timestamp_t p0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID), th0 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
  __wasi_timestamp_t m0 = now(__WASI_CLOCKID_MONOTONIC);
  burn();
  __wasi_timestamp_t p1 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID), th1 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
  __wasi_timestamp_t m1 = now(__WASI_CLOCKID_MONOTONIC);
  printf("process cputime advanced: %s\n", p1 > p0 ? "yes" : "no");
  printf("thread cputime advanced: %s\n", th1 > th0 ? "yes" : "no");
  printf("monotonic advanced: %s\n", m1 > m0 ? "yes" : "no");

  // libc's view.
  struct timespec ts, res;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0, "clock_gettime monotonic");
  CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0), "clock_getres monotonic");
  CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1577836800, "clock_gettime realtime");
  CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0, "clock_gettime process cputime");

  // random_get: a large buffer, a second one differs, bytes are spread out.
  enum { SIZE = 1 << 20 };
  unsigned char *a = malloc(SIZE), *b = malloc(SIZE);
  memset(a, 0, SIZE);
  memset(b, 0, SIZE);
  printf("random_get 1 MiB: %s\n", errno_name(__wasi_random_get(a, SIZE)));
  printf("random_get again: %s\n", errno_name(__wasi_random_get(b, SIZE)));
  printf("random_get 0 bytes: %s\n", errno_name(__wasi_random_get(b + SIZE, 0)));
  unsigned counts[256] = {0};
  size_t zeros_run = 0, longest_zeros = 0;
  for (size_t i = 0; i < SIZE; i++) {
    counts[a[i]]++;
    zeros_run = a[i] ? 0 : zeros_run + 1;
    if (zeros_run > longest_zeros) longest_zeros = zeros_run;
  }
  unsigned lo = SIZE, hi = 0;
  for (int v = 0; v < 256; v++) {
    if (counts[v] < lo) lo = counts[v];
    if (counts[v] > hi) hi = counts[v];
  }
  // Expected 4096 per value; a real random source stays well within [3000, 5200].
  printf("byte histogram within bounds: %s\n", lo > 3000 && hi < 5200 ? "yes" : "no");
  printf("longest run of zeros < 8: %s\n", longest_zeros < 8 ? "yes" : "no");
  printf("two buffers differ: %s\n", memcmp(a, b, SIZE) ? "yes" : "no");
  // The tail of the buffer is filled as well as the head.
  size_t nonzero_tail = 0;
  for (size_t i = SIZE - 64; i < SIZE; i++) nonzero_tail += a[i] != 0;
  printf("tail filled: %s\n", nonzero_tail > 32 ? "yes" : "no");
  // libc's getentropy goes through random_get too.
  unsigned char small[256] = {0};
  CHECK(getentropy(small, sizeof small) == 0, "getentropy");
  int nz = 0;
  for (int i = 0; i < 256; i++) nz += small[i] != 0;
  CHECK(nz > 200, "getentropy bytes are not mostly zero");
  free(a);
  free(b);
  return finish();
}
