// The interpreter's memory and table instructions (spec 4.4.6, 4.4.7): loads and stores with their bounds,
// memory.size/grow, bulk memory, and the table instructions, each trapping before it writes anything.

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64;

enum MemFunc : uint32_t { kStore32, kLoad32, kLoadOff, kLoad8S, kLoad64From32U, kGrow, kSize, kFill, kCopy, kInit,
                          kDrop, kBigOffset, kStore64 };

// One memory of 1..2 pages and a passive data segment "hello".
Bytes memory_module() {
  ModuleBytes m;
  m.types = {func_type({kI32, kI32}, {}), func_type({kI32}, {kI32}), func_type({kI32}, {kI64}), func_type({}, {kI32}),
             func_type({kI32, kI32, kI32}, {}), func_type({}, {}), func_type({kI32, kI64}, {})};
  m.memories = {{0x01, 1, 2}};
  m.func(0, cat({local_get(0), local_get(1), {0x36}, memarg(2, 0), {op::kEnd}}));      // store32
  m.func(1, cat({local_get(0), {0x28}, memarg(2, 0), {op::kEnd}}));                     // load32
  m.func(1, cat({local_get(0), {0x28}, memarg(2, 65532), {op::kEnd}}));                 // load32 offset=65532
  m.func(1, cat({local_get(0), {0x2c}, memarg(0, 0), {op::kEnd}}));                     // i32.load8_s
  m.func(2, cat({local_get(0), {0x35}, memarg(2, 0), {op::kEnd}}));                     // i64.load32_u
  m.func(1, cat({local_get(0), {0x40, 0x00, op::kEnd}}));                               // memory.grow
  m.func(3, {0x3f, 0x00, op::kEnd});                                                    // memory.size
  m.func(4, cat({local_get(0), local_get(1), local_get(2), fc(11), {0x00, op::kEnd}}));  // memory.fill
  m.func(4, cat({local_get(0), local_get(1), local_get(2), fc(10), {0x00, 0x00, op::kEnd}}));  // memory.copy
  m.func(4, cat({local_get(0), local_get(1), local_get(2), fc(8), {0x00, 0x00, op::kEnd}}));   // memory.init 0
  m.func(5, cat({fc(9), {0x00, op::kEnd}}));                                            // data.drop 0
  m.func(1, cat({local_get(0), {0x28}, memarg(2, 0xffffffff), {op::kEnd}}));            // load32 offset=2^32-1
  m.func(6, cat({local_get(0), local_get(1), {0x37}, memarg(3, 0), {op::kEnd}}));      // i64.store
  const char* names[] = {"store32", "load32", "load_off", "load8_s", "load64_32u", "grow", "size",
                         "fill",    "copy",   "init",     "drop",    "big_offset", "store64"};
  for (uint32_t i = 0; i < std::size(names); ++i) m.exports.push_back(export_func(names[i], i));
  m.data_count = {1};
  m.datas = {cat({{0x01}, name("hello")})};
  return m.build();
}

TEST(InterpMemory, LoadsAndStores) {
  Harness h;
  MOSAIC_LOAD(h, memory_module());
  ok_results(h.invoke("store32", {100, 0xdeadbeef}));
  EXPECT_EQ(ok_results(h.invoke("load32", {100})), std::vector<uint64_t>{0xdeadbeef});
  EXPECT_EQ(ok_results(h.invoke("load8_s", {100})), std::vector<uint64_t>{0xffffffef});
  EXPECT_EQ(ok_results(h.invoke("load64_32u", {100})), std::vector<uint64_t>{0xdeadbeef});
  ok_results(h.invoke("store64", {200, 0x0102030405060708ull}));
  EXPECT_EQ(ok_results(h.invoke("load32", {204})), std::vector<uint64_t>{0x01020304});
}

TEST(InterpMemory, BoundsOfLoadsAndStores) {
  Harness h;
  MOSAIC_LOAD(h, memory_module());
  EXPECT_EQ(ok_results(h.invoke("load32", {65532})), std::vector<uint64_t>{0});
  EXPECT_TRUE(traps_with(h.invoke("load32", {65533}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("load32", {0xffffffff}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("load_off", {0})), std::vector<uint64_t>{0});
  EXPECT_TRUE(traps_with(h.invoke("load_off", {1}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("big_offset", {0}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("big_offset", {0xffffffff}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("store32", {65533, 1}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("store64", {65529, 1}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("load32", {65532})), std::vector<uint64_t>{0});
}

TEST(InterpMemory, GrowAndSize) {
  Harness h;
  MOSAIC_LOAD(h, memory_module());
  EXPECT_EQ(ok_results(h.invoke("size")), std::vector<uint64_t>{1});
  EXPECT_TRUE(traps_with(h.invoke("load32", {65536}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("grow", {1})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("size")), std::vector<uint64_t>{2});
  ok_results(h.invoke("store32", {131068, 7}));
  EXPECT_EQ(ok_results(h.invoke("load32", {131068})), std::vector<uint64_t>{7});
  EXPECT_EQ(ok_results(h.invoke("grow", {1})), std::vector<uint64_t>{0xffffffff});
  EXPECT_EQ(ok_results(h.invoke("grow", {0})), std::vector<uint64_t>{2});
}

TEST(InterpMemory, FillAndCopy) {
  Harness h;
  MOSAIC_LOAD(h, memory_module());
  ok_results(h.invoke("fill", {10, 0xab, 4}));
  EXPECT_EQ(ok_results(h.invoke("load32", {10})), std::vector<uint64_t>{0xabababab});
  // Out of bounds: nothing is written.
  EXPECT_TRUE(traps_with(h.invoke("fill", {65530, 1, 7}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("load32", {65530})), std::vector<uint64_t>{0});
  ok_results(h.invoke("fill", {65536, 1, 0}));  // zero bytes at the end: fine
  EXPECT_TRUE(traps_with(h.invoke("fill", {65537, 1, 0}), "out of bounds memory access"));

  ok_results(h.invoke("store32", {0, 0x04030201}));
  ok_results(h.invoke("copy", {1, 0, 4}));  // overlapping, upwards
  EXPECT_EQ(ok_results(h.invoke("load32", {1})), std::vector<uint64_t>{0x04030201});
  ok_results(h.invoke("copy", {0, 1, 4}));  // overlapping, downwards
  EXPECT_EQ(ok_results(h.invoke("load32", {0})), std::vector<uint64_t>{0x04030201});
  EXPECT_TRUE(traps_with(h.invoke("copy", {65535, 0, 2}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("copy", {0, 65535, 2}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("load32", {65532})), std::vector<uint64_t>{0});
}

TEST(InterpMemory, InitAndDataDrop) {
  Harness h;
  MOSAIC_LOAD(h, memory_module());
  ok_results(h.invoke("init", {100, 1, 4}));
  EXPECT_EQ(ok_results(h.invoke("load32", {100})), std::vector<uint64_t>{0x6f6c6c65});  // "ello"
  EXPECT_TRUE(traps_with(h.invoke("init", {0, 3, 3}), "out of bounds memory access"));
  EXPECT_TRUE(traps_with(h.invoke("init", {65535, 0, 2}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("load32", {0})), std::vector<uint64_t>{0});
  ok_results(h.invoke("drop"));
  ok_results(h.invoke("init", {0, 0, 0}));
  EXPECT_TRUE(traps_with(h.invoke("init", {0, 0, 1}), "out of bounds memory access"));
  ok_results(h.invoke("drop"));
}

enum TableFunc : uint32_t { kInc, kIsNull, kSetFunc, kTableSize, kTableGrow, kTableFill, kTableCopy, kTableInit,
                            kElemDrop, kCallAt };

// Table 0: funcref 2..10, empty. A passive segment [inc, inc].
Bytes table_module() {
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32}), func_type({kI32}, {}), func_type({}, {kI32}), func_type({kI32, kI32}, {}),
             func_type({kI32, kI32, kI32}, {}), func_type({}, {})};
  m.tables = {{op::kFuncRef, 0x01, 2, 10}};
  m.func(0, cat({local_get(0), i32c(1), {0x6a, op::kEnd}}));                                  // inc
  m.func(0, cat({local_get(0), {0x25, 0x00, op::kRefIsNull, op::kEnd}}));                     // is_null
  m.func(1, cat({local_get(0), {op::kRefFunc, 0x00, 0x26, 0x00, op::kEnd}}));                  // set_func
  m.func(2, cat({fc(16), {0x00, op::kEnd}}));                                                 // table.size
  m.func(0, cat({{op::kRefNull, op::kFuncRef}, local_get(0), fc(15), {0x00, op::kEnd}}));      // table.grow
  m.func(3, cat({local_get(0), {op::kRefFunc, 0x00}, local_get(1), fc(17), {0x00, op::kEnd}}));  // table.fill
  m.func(4, cat({local_get(0), local_get(1), local_get(2), fc(14), {0x00, 0x00, op::kEnd}}));   // table.copy
  m.func(4, cat({local_get(0), local_get(1), local_get(2), fc(12), {0x00, 0x00, op::kEnd}}));   // table.init 0 0
  m.func(5, cat({fc(13), {0x00, op::kEnd}}));                                                 // elem.drop 0
  m.func(0, cat({i32c(5), local_get(0), {0x11, 0x00, 0x00, op::kEnd}}));                       // call_indirect
  const char* names[] = {"inc", "is_null", "set_func", "size", "grow", "fill", "copy", "init", "drop", "call_at"};
  for (uint32_t i = 0; i < std::size(names); ++i) m.exports.push_back(export_func(names[i], i));
  m.elems = {cat({{0x01, 0x00}, uleb(2), uleb(0), uleb(0)})};
  return m.build();
}

TEST(InterpTable, GetSetSizeGrow) {
  Harness h;
  MOSAIC_LOAD(h, table_module());
  EXPECT_EQ(ok_results(h.invoke("size")), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("is_null", {1})), std::vector<uint64_t>{1});
  ok_results(h.invoke("set_func", {1}));
  EXPECT_EQ(ok_results(h.invoke("is_null", {1})), std::vector<uint64_t>{0});
  EXPECT_EQ(ok_results(h.invoke("call_at", {1})), std::vector<uint64_t>{6});
  EXPECT_TRUE(traps_with(h.invoke("is_null", {2}), "out of bounds table access"));
  EXPECT_TRUE(traps_with(h.invoke("set_func", {2}), "out of bounds table access"));
  EXPECT_EQ(ok_results(h.invoke("grow", {3})), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("size")), std::vector<uint64_t>{5});
  EXPECT_EQ(ok_results(h.invoke("is_null", {4})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("grow", {6})), std::vector<uint64_t>{0xffffffff});
  EXPECT_EQ(ok_results(h.invoke("size")), std::vector<uint64_t>{5});
}

TEST(InterpTable, FillCopyInitDrop) {
  Harness h;
  MOSAIC_LOAD(h, table_module());
  EXPECT_TRUE(traps_with(h.invoke("fill", {1, 2}), "out of bounds table access"));
  EXPECT_EQ(ok_results(h.invoke("is_null", {1})), std::vector<uint64_t>{1});
  ok_results(h.invoke("fill", {1, 1}));
  EXPECT_EQ(ok_results(h.invoke("is_null", {1})), std::vector<uint64_t>{0});
  ok_results(h.invoke("copy", {0, 1, 1}));
  EXPECT_EQ(ok_results(h.invoke("call_at", {0})), std::vector<uint64_t>{6});
  EXPECT_TRUE(traps_with(h.invoke("copy", {1, 0, 2}), "out of bounds table access"));

  Harness h2;
  MOSAIC_LOAD(h2, table_module());
  EXPECT_TRUE(traps_with(h2.invoke("init", {1, 0, 2}), "out of bounds table access"));
  EXPECT_EQ(ok_results(h2.invoke("is_null", {1})), std::vector<uint64_t>{1});
  ok_results(h2.invoke("init", {0, 0, 2}));
  EXPECT_EQ(ok_results(h2.invoke("call_at", {1})), std::vector<uint64_t>{6});
  ok_results(h2.invoke("drop"));
  ok_results(h2.invoke("init", {0, 0, 0}));
  EXPECT_TRUE(traps_with(h2.invoke("init", {0, 0, 1}), "out of bounds table access"));
}

}  // namespace
}  // namespace mosaic::exec::interp::test
