// wasi:random/random (the host's cryptographically secure source, getrandom(2)), wasi:random/insecure (a fast
// pseudo-random generator seeded from it) and wasi:random/insecure-seed (one value fixed for the guest's
// life, for hash-table seeding and the like, as the WIT asks).

#include <sys/random.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kRandom = "wasi:random/random";
constexpr std::string_view kInsecure = "wasi:random/insecure";
constexpr std::string_view kInsecureSeed = "wasi:random/insecure-seed";

// The most bytes one call may ask for: wasmtime's default (max_random_size), a trap above it, so that a guest
// cannot make the host allocate without bound. The result is held as bytes (Value::bytes), one byte each.
constexpr uint64_t kMaxRandomBytes = 64u << 20;

Result<void> check_len(uint64_t len) {
  if (len > kMaxRandomBytes)
    return Error(ErrorKind::Trap, "requested len " + std::to_string(len) + " exceeds limit " +
                                      std::to_string(kMaxRandomBytes));
  return ok();
}

// Fills `out` from getrandom(2), which blocks only until the kernel's pool is first initialised.
Result<void> secure_fill(uint8_t* out, size_t len) {
  while (len > 0) {
    ssize_t n = ::getrandom(out, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorKind::Io, std::string("getrandom failed: ") + std::strerror(errno));
    }
    out += n;
    len -= size_t(n);
  }
  return ok();
}

Result<uint64_t> secure_u64() {
  uint64_t v = 0;
  MOSAIC_TRY(secure_fill(reinterpret_cast<uint8_t*>(&v), sizeof v));
  return v;
}

// xoshiro256**: fast, statistically good, and not secure (insecure's contract).
class InsecureRng {
 public:
  explicit InsecureRng(const uint64_t seed[4]) {
    for (int i = 0; i < 4; ++i) s_[i] = seed[i];
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0)
      s_[0] = 0x9e3779b97f4a7c15u;  // the all-zero state is a fixed point
  }
  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

struct RandomState {
  std::unique_ptr<InsecureRng> insecure;
  std::tuple<uint64_t, uint64_t> seed{0, 0};
};

}  // namespace

void add_random(const CtxPtr&, mc::Linker& linker) {
  // The insecure generator and the insecure seed are drawn from the secure source once, per linker.
  auto state = std::make_shared<RandomState>();
  uint64_t words[6] = {};
  if (!secure_fill(reinterpret_cast<uint8_t*>(words), sizeof words)) {
    // No getrandom(2): fall back on the clock's bits, which is acceptable for these two insecure interfaces.
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    for (int i = 0; i < 6; ++i)
      words[i] = uint64_t(ts.tv_nsec) * 0x9e3779b97f4a7c15u + uint64_t(ts.tv_sec) + i;
  }
  state->insecure = std::make_unique<InsecureRng>(words);
  state->seed = {words[4], words[5]};

  // get-random-bytes: func(len: u64) -> list<u8>.
  linker.define<std::vector<uint8_t>(uint64_t)>(path(kRandom, "get-random-bytes"),
                                                [](Store&, uint64_t len) -> Result<std::vector<uint8_t>> {
                                                  MOSAIC_TRY(check_len(len));
                                                  std::vector<uint8_t> bytes(static_cast<size_t>(len));
                                                  MOSAIC_TRY(secure_fill(bytes.data(), bytes.size()));
                                                  return bytes;
                                                });
  // get-random-u64: func() -> u64.
  linker.define<uint64_t()>(path(kRandom, "get-random-u64"), [](Store&) { return secure_u64(); });

  // get-insecure-random-bytes: func(len: u64) -> list<u8>.
  linker.define<std::vector<uint8_t>(uint64_t)>(
      path(kInsecure, "get-insecure-random-bytes"),
      [state](Store&, uint64_t len) -> Result<std::vector<uint8_t>> {
        MOSAIC_TRY(check_len(len));
        std::vector<uint8_t> bytes(static_cast<size_t>(len));
        for (size_t i = 0; i < bytes.size(); i += 8) {
          uint64_t v = state->insecure->next();
          std::memcpy(bytes.data() + i, &v, std::min<size_t>(8, bytes.size() - i));
        }
        return bytes;
      });
  // get-insecure-random-u64: func() -> u64.
  linker.define<uint64_t()>(path(kInsecure, "get-insecure-random-u64"),
                            [state](Store&) { return state->insecure->next(); });

  // insecure-seed: func() -> tuple<u64, u64>. The same value on every call.
  linker.define<std::tuple<uint64_t, uint64_t>()>(path(kInsecureSeed, "insecure-seed"),
                                                  [state](Store&) { return state->seed; });
}

}  // namespace mosaic::wasi::p2
