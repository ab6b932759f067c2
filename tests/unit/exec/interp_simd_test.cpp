// The interpreter's v128 values (spec 4.4.2 vector instructions): two slots through locals, calls,
// globals and memory, shuffles and lane accesses.

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kV128 = op::kV128;

Bytes simd_module() {
  ModuleBytes m;
  m.types = {func_type({kV128, kV128}, {kV128}), func_type({}, {kV128}), func_type({kI32}, {kV128}),
             func_type({kI32, kV128}, {}), func_type({kV128}, {kV128})};
  m.memories = {{0x00, 1}};
  m.globals = {cat({{kV128, 0x01}, v128c(0x1111, 0x2222), {op::kEnd}})};
  m.func(0, cat({local_get(0), local_get(1), fd(0xae), {op::kEnd}}));  // i32x4.add
  m.func(1, cat({v128c(0x0000000200000001ull, 0x0000000400000003ull), v128c(0x0000001000000010ull, 0x10ull),
                 call(0), {op::kEnd}}));
  Bytes lanes = {0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31};
  m.func(0, cat({local_get(0), local_get(1), fd(0x0d), lanes, {op::kEnd}}));  // i8x16.shuffle
  m.func(2, cat({local_get(0), v128c(0, 0), fd(0x56), memarg(2, 0), {3, op::kEnd}}));  // v128.load32_lane 3
  m.func(3, cat({local_get(0), local_get(1), fd(0x0b), memarg(4, 0), {op::kEnd}}));  // v128.store
  m.func(2, cat({local_get(0), fd(0x00), memarg(4, 0), {op::kEnd}}));               // v128.load
  m.func(3, cat({local_get(0), local_get(1), fd(0x59), memarg(1, 0), {5, op::kEnd}}));  // v128.store16_lane 5
  m.func(4, cat({{op::kGlobalGet, 0}, local_get(0), {op::kGlobalSet, 0, op::kEnd}}));  // swap the global
  const char* names[] = {"add", "call_add", "shuffle", "load_lane", "store", "load", "store_lane", "swap_global"};
  for (uint32_t i = 0; i < std::size(names); ++i) m.exports.push_back(export_func(names[i], i));
  return m.build();
}

TEST(InterpSimd, ArithmeticThroughLocalsAndCalls) {
  Harness h;
  MOSAIC_LOAD(h, simd_module());
  EXPECT_EQ(ok_results(h.invoke("add", {0x0000000100000002ull, 3, 4, 0xffffffff00000005ull})),
            (std::vector<uint64_t>{0x0000000100000006ull, 0xffffffff00000008ull}));
  EXPECT_EQ(ok_results(h.invoke("call_add")), (std::vector<uint64_t>{0x0000001200000011ull, 0x0000000400000013ull}));
}

TEST(InterpSimd, Shuffle) {
  Harness h;
  MOSAIC_LOAD(h, simd_module());
  // a = bytes 0x00..0x0f, b = bytes 0x10..0x1f; the even bytes of a interleaved with the odd bytes of b.
  const uint64_t a0 = 0x0706050403020100ull, a1 = 0x0f0e0d0c0b0a0908ull;
  const uint64_t b0 = 0x1716151413121110ull, b1 = 0x1f1e1d1c1b1a1918ull;
  EXPECT_EQ(ok_results(h.invoke("shuffle", {a0, a1, b0, b1})),
            (std::vector<uint64_t>{0x1706150413021100ull, 0x1f0e1d0c1b0a1908ull}));
}

TEST(InterpSimd, MemoryAccessAndBounds) {
  Harness h;
  MOSAIC_LOAD(h, simd_module());
  ok_results(h.invoke("store", {16, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}));
  EXPECT_EQ(ok_results(h.invoke("load", {16})), (std::vector<uint64_t>{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}));
  EXPECT_EQ(ok_results(h.invoke("load_lane", {20})), (std::vector<uint64_t>{0, 0x0706050400000000ull}));
  ok_results(h.invoke("store_lane", {0, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}));
  EXPECT_EQ(ok_results(h.invoke("load", {0})), (std::vector<uint64_t>{0x0b0a, 0}));
  EXPECT_EQ(ok_results(h.invoke("load", {65520})), (std::vector<uint64_t>{0, 0}));
  EXPECT_TRUE(traps_with(h.invoke("load", {65521}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("store", {65521, 1, 2}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("load_lane", {65533}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("store_lane", {65535, 1, 2}), "out of bounds memory access"));
}

TEST(InterpSimd, Globals) {
  Harness h;
  MOSAIC_LOAD(h, simd_module());
  EXPECT_EQ(ok_results(h.invoke("swap_global", {5, 6})), (std::vector<uint64_t>{0x1111, 0x2222}));
  EXPECT_EQ(ok_results(h.invoke("swap_global", {7, 8})), (std::vector<uint64_t>{5, 6}));
}

}  // namespace
}  // namespace mosaic::exec::interp::test
