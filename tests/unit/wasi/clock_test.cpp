// clock_res_get, clock_time_get, random_get (src/wasi/p1/clock.cpp, random.cpp), called as a guest would.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

class ClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Ctx>> created = Ctx::create(WasiConfig{});
    ASSERT_TRUE(created);
    ctx_ = std::move(*created);
  }

  Errno call(Errno (*fn)(Call&), std::vector<uint64_t> args) {
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), args.data(), std::nullopt};
    return fn(c);
  }
  uint64_t u64_at(size_t at) const {
    uint64_t v = 0;
    std::memcpy(&v, memory_.data() + at, sizeof v);
    return v;
  }

  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_ = std::vector<uint8_t>(4096);
};

TEST_F(ClockTest, ResolutionOfEveryClock) {
  for (uint32_t id : {kClockRealtime, kClockMonotonic, kClockProcessCputime, kClockThreadCputime}) {
    std::fill(memory_.begin(), memory_.end(), 0);
    EXPECT_EQ(call(clock_res_get, {id, 8}), Errno::Success) << id;
    EXPECT_GT(u64_at(8), 0u) << id;
    EXPECT_LE(u64_at(8), 1'000'000'000u) << id;
  }
}

TEST_F(ClockTest, TimeOfEveryClock) {
  for (uint32_t id : {kClockRealtime, kClockMonotonic, kClockProcessCputime, kClockThreadCputime}) {
    std::fill(memory_.begin(), memory_.end(), 0);
    EXPECT_EQ(call(clock_time_get, {id, 0, 16}), Errno::Success) << id;
    EXPECT_GT(u64_at(16), 0u) << id;
  }
}

TEST_F(ClockTest, RealtimeIsNanosecondsSinceTheEpoch) {
  ASSERT_EQ(call(clock_time_get, {kClockRealtime, 1, 0}), Errno::Success);
  const uint64_t ns = u64_at(0);
  const uint64_t host = static_cast<uint64_t>(time(nullptr));
  EXPECT_NEAR(static_cast<double>(ns / 1'000'000'000), static_cast<double>(host), 2.0);
}

TEST_F(ClockTest, MonotonicNeverGoesBack) {
  ASSERT_EQ(call(clock_time_get, {kClockMonotonic, 0, 0}), Errno::Success);
  const uint64_t first = u64_at(0);
  ASSERT_EQ(call(clock_time_get, {kClockMonotonic, 0, 0}), Errno::Success);
  EXPECT_LE(first, u64_at(0));
}

TEST_F(ClockTest, PrecisionIsAHint) {
  EXPECT_EQ(call(clock_time_get, {kClockMonotonic, UINT64_MAX, 0}), Errno::Success);
}

TEST_F(ClockTest, UnknownClockIsInval) {
  EXPECT_EQ(call(clock_res_get, {4, 0}), Errno::Inval);
  EXPECT_EQ(call(clock_time_get, {4, 0, 0}), Errno::Inval);
  EXPECT_EQ(call(clock_time_get, {UINT32_MAX, 0, 0}), Errno::Inval);
}

TEST_F(ClockTest, OutOfBoundsIsFault) {
  EXPECT_EQ(call(clock_res_get, {kClockMonotonic, 4090}), Errno::Fault);
  EXPECT_EQ(call(clock_time_get, {kClockMonotonic, 0, 4089}), Errno::Fault);
  EXPECT_EQ(call(clock_time_get, {kClockRealtime, 0, UINT32_MAX}), Errno::Fault);
  EXPECT_EQ(call(clock_time_get, {kClockRealtime, 0, 4088}), Errno::Success);  // the last 8 bytes
}

TEST_F(ClockTest, RandomFillsTheWholeBuffer) {
  // Larger than one getrandom(2) call returns at once (256 bytes unless the pool is ready, 32 MiB max).
  std::vector<uint8_t> big(1 << 20);
  Call c{*ctx_, GuestMemory(big.data(), big.size()), nullptr, std::nullopt};
  const uint64_t args[2] = {0, big.size()};
  c.args = args;
  ASSERT_EQ(random_get(c), Errno::Success);
  // Every 4 KiB block has some non-zero byte (all zeros by chance: 2^-32768).
  for (size_t block = 0; block < big.size(); block += 4096)
    EXPECT_TRUE(std::any_of(big.begin() + block, big.begin() + block + 4096, [](uint8_t b) { return b != 0; }));
}

TEST_F(ClockTest, RandomEdges) {
  EXPECT_EQ(call(random_get, {0, 0}), Errno::Success);
  EXPECT_EQ(call(random_get, {4096, 0}), Errno::Success);  // empty, at the end
  EXPECT_EQ(call(random_get, {4096, 1}), Errno::Fault);
  EXPECT_EQ(call(random_get, {0, 4097}), Errno::Fault);
  EXPECT_EQ(call(random_get, {UINT32_MAX, UINT32_MAX}), Errno::Fault);
}

}  // namespace
}  // namespace mosaic::wasi::p1
