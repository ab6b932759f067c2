// args_get, args_sizes_get, environ_get, environ_sizes_get, proc_exit (src/wasi/p1/args_env.cpp, proc.cpp).

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

class ArgsEnvTest : public ::testing::Test {
 protected:
  void make(const WasiConfig& config) {
    Result<std::unique_ptr<Ctx>> created = Ctx::create(config);
    ASSERT_TRUE(created);
    ctx_ = std::move(*created);
  }
  void SetUp() override {
    WasiConfig config;
    config.args = {"app.wasm", "--flag", ""};
    config.env = {"A=1", "EMPTY="};
    make(config);
  }

  Errno call(Errno (*fn)(Call&), std::vector<uint64_t> args, std::optional<Error>* unwind = nullptr) {
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), args.data(), std::nullopt};
    Errno e = fn(c);
    if (unwind != nullptr) *unwind = c.unwind;
    return e;
  }
  uint32_t u32_at(size_t at) const {
    uint32_t v = 0;
    std::memcpy(&v, memory_.data() + at, sizeof v);
    return v;
  }
  std::string string_at(size_t at) const { return std::string(reinterpret_cast<const char*>(memory_.data() + at)); }

  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_ = std::vector<uint8_t>(1024);
};

TEST_F(ArgsEnvTest, ArgsSizes) {
  ASSERT_EQ(call(args_sizes_get, {0, 4}), Errno::Success);
  EXPECT_EQ(u32_at(0), 3u);
  EXPECT_EQ(u32_at(4), 9u + 7u + 1u);  // "app.wasm\0--flag\0\0"
}

TEST_F(ArgsEnvTest, ArgsLaidOutAsArgv) {
  ASSERT_EQ(call(args_get, {100, 200}), Errno::Success);
  EXPECT_EQ(u32_at(100), 200u);
  EXPECT_EQ(u32_at(104), 209u);
  EXPECT_EQ(u32_at(108), 216u);
  EXPECT_EQ(string_at(200), "app.wasm");
  EXPECT_EQ(string_at(209), "--flag");
  EXPECT_EQ(string_at(216), "");
  EXPECT_EQ(std::memcmp(memory_.data() + 200, "app.wasm\0--flag\0\0", 17), 0);
}

TEST_F(ArgsEnvTest, Environ) {
  ASSERT_EQ(call(environ_sizes_get, {0, 4}), Errno::Success);
  EXPECT_EQ(u32_at(0), 2u);
  EXPECT_EQ(u32_at(4), 4u + 7u);  // "A=1\0EMPTY=\0"
  ASSERT_EQ(call(environ_get, {100, 200}), Errno::Success);
  EXPECT_EQ(u32_at(100), 200u);
  EXPECT_EQ(u32_at(104), 204u);
  EXPECT_EQ(string_at(200), "A=1");
  EXPECT_EQ(string_at(204), "EMPTY=");
}

TEST_F(ArgsEnvTest, EmptyLists) {
  make(WasiConfig{});
  std::memset(memory_.data(), 0xff, 8);
  ASSERT_EQ(call(args_sizes_get, {0, 4}), Errno::Success);
  EXPECT_EQ(u32_at(0), 0u);
  EXPECT_EQ(u32_at(4), 0u);
  ASSERT_EQ(call(environ_sizes_get, {0, 4}), Errno::Success);
  EXPECT_EQ(u32_at(0), 0u);
  EXPECT_EQ(u32_at(4), 0u);
  // Nothing to write: any pointers will do.
  EXPECT_EQ(call(args_get, {UINT32_MAX, UINT32_MAX}), Errno::Success);
  EXPECT_EQ(call(environ_get, {UINT32_MAX, UINT32_MAX}), Errno::Success);
}

TEST_F(ArgsEnvTest, SizesOutOfBoundsIsFault) {
  EXPECT_EQ(call(args_sizes_get, {1021, 0}), Errno::Fault);
  EXPECT_EQ(call(args_sizes_get, {0, 1021}), Errno::Fault);
  EXPECT_EQ(call(environ_sizes_get, {UINT32_MAX, 0}), Errno::Fault);
  EXPECT_EQ(call(environ_sizes_get, {0, 1024}), Errno::Fault);
  EXPECT_EQ(call(args_sizes_get, {1016, 1020}), Errno::Success);
}

TEST_F(ArgsEnvTest, GetOutOfBoundsIsFault) {
  // The pointer array ends past the memory.
  EXPECT_EQ(call(args_get, {1016, 0}), Errno::Fault);
  // The strings end past the memory (17 bytes from 1008 run to 1025).
  EXPECT_EQ(call(args_get, {0, 1008}), Errno::Fault);
  EXPECT_EQ(call(args_get, {0, 1007}), Errno::Success);  // exactly fits
  EXPECT_EQ(call(environ_get, {UINT32_MAX - 3, 0}), Errno::Fault);
  EXPECT_EQ(call(environ_get, {0, UINT32_MAX}), Errno::Fault);
}

TEST_F(ArgsEnvTest, ProcExitUnwindsWithTheStatus) {
  std::optional<Error> unwind;
  call(proc_exit, {7}, &unwind);
  ASSERT_TRUE(unwind);
  EXPECT_EQ(unwind->kind, ErrorKind::Exit);
  ASSERT_TRUE(ctx_->exit_code);
  EXPECT_EQ(*ctx_->exit_code, 7u);
}

TEST_F(ArgsEnvTest, ProcExitZero) {
  std::optional<Error> unwind;
  call(proc_exit, {0}, &unwind);
  ASSERT_TRUE(unwind);
  EXPECT_EQ(unwind->kind, ErrorKind::Exit);
  EXPECT_EQ(ctx_->exit_code, std::optional<uint32_t>(0));
}

TEST_F(ArgsEnvTest, OtherCallsDoNotUnwind) {
  std::optional<Error> unwind;
  EXPECT_EQ(call(args_sizes_get, {0, 4}, &unwind), Errno::Success);
  EXPECT_FALSE(unwind);
  EXPECT_FALSE(ctx_->exit_code);
}

}  // namespace
}  // namespace mosaic::wasi::p1
