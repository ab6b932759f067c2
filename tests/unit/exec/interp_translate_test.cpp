// The translator's rewrites (translate.cpp) must keep the stack machine's meaning: operands that alias
// locals, destinations retargeted to locals, constant operands and tests fused with branches.

#include <cstdint>
#include <limits>

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64, kF32 = op::kF32, kF64 = op::kF64, kV128 = op::kV128;
constexpr uint8_t kI32Eqz = 0x45, kI32LtS = 0x48, kI32GtS = 0x4a, kI32Add = 0x6a, kI32Sub = 0x6b, kI32Mul = 0x6c,
                  kI32DivU = 0x6e, kI32RemS = 0x6f, kI64Mul = 0x7e, kI64DivS = 0x7f, kF32Mul = 0x94, kF64Ne = 0x62,
                  kF64Lt = 0x63, kF64Mul = 0xa2;

inline Bytes f32c(float f) {
  const uint32_t b = std::bit_cast<uint32_t>(f);
  return {0x43, uint8_t(b), uint8_t(b >> 8), uint8_t(b >> 16), uint8_t(b >> 24)};
}
inline Bytes f64c(double d) {
  const uint64_t b = std::bit_cast<uint64_t>(d);
  Bytes out = {0x44};
  for (int i = 0; i < 8; ++i) out.push_back(uint8_t(b >> (8 * i)));
  return out;
}

struct Module {
  ModuleBytes m;
  std::vector<std::string> names;
  void add(uint32_t type, const std::string& name, const Bytes& body,
           const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}) {
    m.func(type, body, locals);
    m.exports.push_back(export_func(name, uint32_t(names.size())));
    names.push_back(name);
  }
};

TEST(InterpTranslate, OperandsThatAliasALocalSurviveItsUpdate) {
  Module t;
  t.m.types = {func_type({kI32}, {kI32}), func_type({kI32, kI32}, {kI32})};
  // x - 5 after x := 5 below the read: (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) i32.sub
  t.add(0, "set_below", cat({local_get(0), i32c(5), local_set(0), local_get(0), {kI32Sub, op::kEnd}}));
  // x + (x + 1) with local.tee: (local.get 0) (local.tee 0 (i32.add (local.get 0) (i32.const 1))) i32.add
  t.add(0, "tee", cat({local_get(0), local_get(0), i32c(1), {kI32Add}, local_tee(0), {kI32Add, op::kEnd}}));
  // a * (b + 1) where a := b + 1 is computed above the pending read of a
  t.add(1, "retarget_below",
        cat({local_get(0), local_get(1), i32c(1), {kI32Add}, local_set(0), local_get(0), {kI32Mul, op::kEnd}}));
  // local.get x; local.set x is a no-op; local.get a; local.set b copies
  t.add(1, "copies", cat({local_get(0), local_set(0), local_get(0), local_set(1), local_get(1), {op::kEnd}}));
  // A tee'd value read after the local changes again: (local.tee 0 (x + 1)) (local.set 0 (i32.const 100)) + x
  t.add(0, "tee_then_set", cat({local_get(0), i32c(1), {kI32Add}, local_tee(0), i32c(100), local_set(0),
                                local_get(0), {kI32Add, op::kEnd}}));
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  EXPECT_EQ(ok_results(h.invoke("set_below", {10})), std::vector<uint64_t>{5});
  EXPECT_EQ(ok_results(h.invoke("tee", {10})), std::vector<uint64_t>{21});
  EXPECT_EQ(ok_results(h.invoke("retarget_below", {3, 4})), std::vector<uint64_t>{15});
  EXPECT_EQ(ok_results(h.invoke("copies", {8, 9})), std::vector<uint64_t>{8});
  EXPECT_EQ(ok_results(h.invoke("tee_then_set", {10})), std::vector<uint64_t>{111});
}

TEST(InterpTranslate, AliasesAcrossCallsBlocksAndLoops) {
  Module t;
  t.m.types = {func_type({kI32}, {kI32}), func_type({kI32, kI32}, {kI32})};
  t.add(0, "inc", cat({local_get(0), i32c(1), {kI32Add, op::kEnd}}));
  // (local.get 0) (local.set 0 (call $inc (local.get 0))) (local.get 0) i32.sub  => -1
  t.add(0, "call", cat({local_get(0), local_get(0), call(0), local_set(0), local_get(0), {kI32Sub, op::kEnd}}));
  // (local.get 0) (loop (local.set 0 (x + 1)) (br_if 0 (x < 10))) (local.get 0) i32.sub => x0 - max(10, x0+1)
  t.add(0, "loop", cat({local_get(0), {op::kLoop, op::kEmpty}, local_get(0), i32c(1), {kI32Add}, local_set(0),
                        local_get(0), i32c(10), {kI32LtS}, br_if(0), {op::kEnd}, local_get(0), {kI32Sub, op::kEnd}}));
  // (block (result i32) (local.get 0) (br_if 0 (local.get 1)) drop (i32.const 7)) — the carried value aliases
  t.add(1, "br_if_alias", cat({{op::kBlock, kI32}, local_get(0), local_get(1), br_if(0), {op::kDrop}, i32c(7),
                               {op::kEnd, op::kEnd}}));
  // (block (result i32) (block (result i32) (local.get 0) (br_table 0 1 (local.get 1))) 1 i32.add)
  t.add(1, "br_table_alias", cat({{op::kBlock, kI32, op::kBlock, kI32}, local_get(0), local_get(1),
                                  {op::kBrTable, 1, 0, 1, op::kEnd}, i32c(1), {kI32Add, op::kEnd, op::kEnd}}));
  // (local.get 0) return ; and an if whose arms end with aliases
  t.add(1, "if_alias", cat({local_get(1), {op::kIf, kI32}, local_get(0), {op::kElse}, local_get(1), {op::kEnd},
                            local_get(0), {kI32Add, op::kEnd}}));
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  EXPECT_EQ(ok_results(h.invoke("call", {5})), std::vector<uint64_t>{uint32_t(-1)});
  EXPECT_EQ(ok_results(h.invoke("loop", {3})), std::vector<uint64_t>{uint32_t(3 - 10)});
  EXPECT_EQ(ok_results(h.invoke("loop", {20})), std::vector<uint64_t>{uint32_t(-1)});
  EXPECT_EQ(ok_results(h.invoke("br_if_alias", {4, 1})), std::vector<uint64_t>{4});
  EXPECT_EQ(ok_results(h.invoke("br_if_alias", {4, 0})), std::vector<uint64_t>{7});
  EXPECT_EQ(ok_results(h.invoke("br_table_alias", {4, 0})), std::vector<uint64_t>{5});
  EXPECT_EQ(ok_results(h.invoke("br_table_alias", {4, 1})), std::vector<uint64_t>{4});
  EXPECT_EQ(ok_results(h.invoke("if_alias", {4, 2})), std::vector<uint64_t>{8});
  EXPECT_EQ(ok_results(h.invoke("if_alias", {4, 0})), std::vector<uint64_t>{4});
}

TEST(InterpTranslate, ConstantOperandsOfEveryType) {
  Module t;
  t.m.types = {func_type({kI32}, {kI32}), func_type({kI64}, {kI64}), func_type({kF32}, {kF32}),
               func_type({kF64}, {kF64})};
  t.add(0, "i32_sub", cat({local_get(0), i32c(-7), {kI32Sub, op::kEnd}}));
  t.add(1, "i64_mul", cat({local_get(0), i64c(-3), {kI64Mul, op::kEnd}}));
  t.add(2, "f32_mul", cat({local_get(0), f32c(0.5f), {kF32Mul, op::kEnd}}));
  t.add(3, "f64_mul", cat({local_get(0), f64c(-0.25), {kF64Mul, op::kEnd}}));
  t.add(0, "div_zero", cat({local_get(0), i32c(0), {kI32DivU, op::kEnd}}));
  t.add(0, "rem", cat({local_get(0), i32c(7), {kI32RemS, op::kEnd}}));
  t.add(1, "div_overflow", cat({local_get(0), i64c(-1), {kI64DivS, op::kEnd}}));
  // A constant first operand stays an operand: 100 - x
  t.add(0, "const_first", cat({i32c(100), local_get(0), {kI32Sub, op::kEnd}}));
  // Two constants: 6 * 7 + x
  t.add(0, "two_consts", cat({i32c(6), i32c(7), {kI32Mul}, local_get(0), {kI32Add, op::kEnd}}));
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  EXPECT_EQ(ok_results(h.invoke("i32_sub", {3})), std::vector<uint64_t>{10});
  EXPECT_EQ(ok_results(h.invoke("i64_mul", {5})), std::vector<uint64_t>{uint64_t(-15)});
  EXPECT_EQ(ok_results(h.invoke("f32_mul", {f32_slot(3.0f)})), std::vector<uint64_t>{f32_slot(1.5f)});
  EXPECT_EQ(ok_results(h.invoke("f64_mul", {f64_slot(2.0)})), std::vector<uint64_t>{f64_slot(-0.5)});
  EXPECT_TRUE(traps_with(h.invoke("div_zero", {3}), "integer divide by zero"));
  EXPECT_EQ(ok_results(h.invoke("rem", {uint32_t(-20)})), std::vector<uint64_t>{uint32_t(-6)});
  EXPECT_TRUE(traps_with(h.invoke("div_overflow", {uint64_t(INT64_MIN)}), "integer overflow"));
  EXPECT_EQ(ok_results(h.invoke("div_overflow", {8})), std::vector<uint64_t>{uint64_t(-8)});
  EXPECT_EQ(ok_results(h.invoke("const_first", {1})), std::vector<uint64_t>{99});
  EXPECT_EQ(ok_results(h.invoke("two_consts", {1})), std::vector<uint64_t>{43});
}

TEST(InterpTranslate, AddressAddsAndLoadedOperandsFused) {
  constexpr uint8_t kI32Load = 0x28, kI64Load = 0x29, kI32Store = 0x36, kI64Sub = 0x7d;
  Module t;
  t.m.types = {func_type({kI32}, {kI32}), func_type({kI32, kI32}, {kI32}), func_type({kI32, kI32}, {}),
               func_type({kI32, kI64}, {kI64})};
  t.m.memories = {{0x01, 1, 1}};
  // i32.load offset=4 (x + -8): the add wraps at 2^32 before the offset is added
  t.add(0, "load_add", cat({local_get(0), i32c(-8), {kI32Add, kI32Load}, memarg(2, 4), {op::kEnd}}));
  // i32.store (x + 4) v
  t.add(2, "store_add", cat({local_get(0), i32c(4), {kI32Add}, local_get(1), {kI32Store}, memarg(2, 0), {op::kEnd}}));
  t.add(0, "load", cat({local_get(0), {kI32Load}, memarg(2, 0), {op::kEnd}}));
  // b - mem[a] and mem[a] - b: the loaded value as the second and as the first operand
  t.add(1, "sub_mem_second", cat({local_get(1), local_get(0), {kI32Load}, memarg(2, 0), {kI32Sub, op::kEnd}}));
  t.add(1, "sub_mem_first", cat({local_get(0), {kI32Load}, memarg(2, 0), local_get(1), {kI32Sub, op::kEnd}}));
  t.add(3, "i64_sub_mem_first", cat({local_get(0), {kI64Load}, memarg(3, 0), local_get(1), {kI64Sub, op::kEnd}}));
  t.add(1, "lt_mem_first", cat({local_get(0), {kI32Load}, memarg(2, 0), local_get(1), {kI32LtS, op::kEnd}}));
  // a + (b << 2) and (b << 33) + a (the shift count is taken mod 32; the sum wraps)
  t.add(1, "add_shl", cat({local_get(0), local_get(1), i32c(2), {0x74, kI32Add, op::kEnd}}));
  t.add(1, "shl_add", cat({local_get(1), i32c(33), {0x74}, local_get(0), {kI32Add, op::kEnd}}));
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  ok_results(h.invoke("store_add", {0x100, 0x11223344}));
  EXPECT_EQ(ok_results(h.invoke("load", {0x104})), std::vector<uint64_t>{0x11223344});
  EXPECT_EQ(ok_results(h.invoke("load_add", {0x108})), std::vector<uint64_t>{0x11223344});
  EXPECT_TRUE(traps_with(h.invoke("load_add", {4}), "out of bounds memory access"));
  ok_results(h.invoke("store_add", {0xfffffffc, 7}));  // wraps to address 0
  EXPECT_EQ(ok_results(h.invoke("load", {0})), std::vector<uint64_t>{7});
  EXPECT_EQ(ok_results(h.invoke("sub_mem_second", {0x104, 0x11223345})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("sub_mem_first", {0x104, 0x11223343})), std::vector<uint64_t>{1});
  EXPECT_TRUE(traps_with(h.invoke("sub_mem_first", {65533, 0}), "out of bounds memory access"));
  EXPECT_EQ(ok_results(h.invoke("i64_sub_mem_first", {0x100, 1})), std::vector<uint64_t>{0x11223343ffffffffull});
  EXPECT_EQ(ok_results(h.invoke("lt_mem_first", {0x104, 0x11223345})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("lt_mem_first", {0x104, 0})), std::vector<uint64_t>{0});
  EXPECT_EQ(ok_results(h.invoke("add_shl", {0x1000, 3})), std::vector<uint64_t>{0x100c});
  EXPECT_EQ(ok_results(h.invoke("add_shl", {0xfffffff0, 0x40000005})), std::vector<uint64_t>{4});
  EXPECT_EQ(ok_results(h.invoke("shl_add", {1, 0x80000003})), std::vector<uint64_t>{7});
}

TEST(InterpTranslate, TestsFusedWithBranches) {
  Module t;
  t.m.types = {func_type({kI32}, {kI32}), func_type({kI32, kI32}, {kI32}), func_type({kF64, kF64}, {kI32})};
  // count up to 10: (loop (br_if 0 (i32.lt_s (local.tee 0 (x + 1)) (i32.const 10)))) x
  t.add(0, "count", cat({{op::kLoop, op::kEmpty}, local_get(0), i32c(1), {kI32Add}, local_tee(0), i32c(10),
                         {kI32LtS}, br_if(0), {op::kEnd}, local_get(0), {op::kEnd}}));
  // max(a, b) with if on a register test
  t.add(1, "max", cat({local_get(0), local_get(1), {kI32GtS, op::kIf, kI32}, local_get(0), {op::kElse},
                       local_get(1), {op::kEnd, op::kEnd}}));
  // if on a constant test: a > 5 ? 1 : 2
  t.add(0, "gt5", cat({local_get(0), i32c(5), {kI32GtS, op::kIf, kI32}, i32c(1), {op::kElse}, i32c(2),
                       {op::kEnd, op::kEnd}}));
  // eqz feeding if and br_if
  t.add(0, "eqz_if", cat({local_get(0), {kI32Eqz, op::kIf, kI32}, i32c(1), {op::kElse}, i32c(2),
                          {op::kEnd, op::kEnd}}));
  t.add(0, "eqz_br_if", cat({{op::kBlock, op::kEmpty}, local_get(0), {kI32Eqz}, br_if(0), i32c(3), {op::kReturn,
                             op::kEnd}, i32c(4), {op::kEnd}}));
  // float tests with NaN: a < b, a != b
  t.add(2, "f64_lt", cat({{op::kBlock, op::kEmpty}, local_get(0), local_get(1), {kF64Lt}, br_if(0), i32c(0),
                          {op::kReturn, op::kEnd}, i32c(1), {op::kEnd}}));
  t.add(2, "f64_ne", cat({local_get(0), local_get(1), {kF64Ne, op::kIf, kI32}, i32c(1), {op::kElse}, i32c(0),
                          {op::kEnd, op::kEnd}}));
  // A test whose result is also kept: (br_if 0 (local.tee 1 (a < b))) leaves the result in local 1
  t.add(1, "test_kept", cat({{op::kBlock, op::kEmpty}, local_get(0), local_get(1), {kI32LtS}, local_tee(1),
                             br_if(0), {op::kEnd}, local_get(1), {op::kEnd}}));
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  EXPECT_EQ(ok_results(h.invoke("count", {0})), std::vector<uint64_t>{10});
  EXPECT_EQ(ok_results(h.invoke("count", {50})), std::vector<uint64_t>{51});
  EXPECT_EQ(ok_results(h.invoke("max", {3, 9})), std::vector<uint64_t>{9});
  EXPECT_EQ(ok_results(h.invoke("max", {uint32_t(-3), uint32_t(-9)})), std::vector<uint64_t>{uint32_t(-3)});
  EXPECT_EQ(ok_results(h.invoke("gt5", {6})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("gt5", {5})), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("eqz_if", {0})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("eqz_if", {7})), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("eqz_br_if", {0})), std::vector<uint64_t>{4});
  EXPECT_EQ(ok_results(h.invoke("eqz_br_if", {7})), std::vector<uint64_t>{3});
  const uint64_t nan = f64_slot(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(ok_results(h.invoke("f64_lt", {f64_slot(1.0), f64_slot(2.0)})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("f64_lt", {nan, f64_slot(2.0)})), std::vector<uint64_t>{0});
  EXPECT_EQ(ok_results(h.invoke("f64_ne", {nan, nan})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("f64_ne", {f64_slot(2.0), f64_slot(2.0)})), std::vector<uint64_t>{0});
  EXPECT_EQ(ok_results(h.invoke("test_kept", {1, 2})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("test_kept", {2, 1})), std::vector<uint64_t>{0});
}

TEST(InterpTranslate, V128LocalsAsOperands) {
  Module t;
  t.m.types = {func_type({kV128, kV128}, {kV128})};
  // (local.tee 2 (i64x2.add a b)) then a + local 2 (v128 aliases and retargeting)
  t.add(0, "f", cat({local_get(0), local_get(1), fd(0xce), {0x01}, local_tee(2), local_get(0), fd(0xce), {0x01},
                     {op::kEnd}}),
        {{1, kV128}});
  Harness h;
  MOSAIC_LOAD(h, t.m.build());
  EXPECT_EQ(ok_results(h.invoke("f", {1, 2, 10, 20})), (std::vector<uint64_t>{12, 24}));
}

}  // namespace
}  // namespace mosaic::exec::interp::test
