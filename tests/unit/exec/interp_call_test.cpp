// The interpreter's calls (spec 4.4.10): direct and indirect calls, host functions and re-entry, the
// bounds on recursion ("call stack exhausted"), and trap backtraces.

#include "exec/interp/stack.h"
#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64;
constexpr uint8_t kI32Add = 0x6a, kI32Sub = 0x6b, kI32Eqz = 0x45;

// (func $runaway (call $runaway)) and (func $down (param i32) (result i32)): recursion n deep.
Bytes recursion_module() {
  ModuleBytes m;
  m.types = {func_type({}, {}), func_type({kI32}, {kI32})};
  m.func(0, cat({call(0), {op::kEnd}}));
  m.func(1, cat({local_get(0), {kI32Eqz, op::kIf, kI32}, i32c(0), {op::kElse}, local_get(0), i32c(1), {kI32Sub},
                 call(1), i32c(1), {kI32Add, op::kEnd, op::kEnd}}));
  m.exports = {export_func("runaway", 0), export_func("down", 1)};
  return cat({m.build(), name_section({{0, "runaway"}})});
}

TEST(InterpCall, RunawayRecursionTrapsWithoutCrashing) {
  Harness h;
  MOSAIC_LOAD(h, recursion_module());
  auto r = h.invoke("runaway");
  ASSERT_TRUE(traps_with(r, "call stack exhausted"));
  EXPECT_EQ(r.error().kind, ErrorKind::Exhausted);
  ASSERT_FALSE(r.error().backtrace.empty());
  EXPECT_EQ(r.error().backtrace[0], "runaway");
  // The stack is usable again after the trap.
  EXPECT_EQ(ok_results(h.invoke("down", {1000})), std::vector<uint64_t>{1000});
}

TEST(InterpCall, DeepRecursionWithinTheLimitSucceeds) {
  Harness h;
  MOSAIC_LOAD(h, recursion_module());
  EXPECT_EQ(ok_results(h.invoke("down", {90000})), std::vector<uint64_t>{90000});
}

TEST(InterpCall, CallDepthLimitFromConfig) {
  Config config;
  config.max_call_depth = 100;
  Harness h(config);
  MOSAIC_LOAD(h, recursion_module());
  EXPECT_EQ(ok_results(h.invoke("down", {98})), std::vector<uint64_t>{98});
  EXPECT_TRUE(traps_with(h.invoke("down", {100}), "call stack exhausted"));
}

TEST(InterpCall, SlotLimitFromConfig) {
  Config config;
  config.max_stack_bytes = 4096;  // 512 slots
  Harness h(config);
  MOSAIC_LOAD(h, recursion_module());
  EXPECT_EQ(ok_results(h.invoke("down", {50})), std::vector<uint64_t>{50});
  EXPECT_TRUE(traps_with(h.invoke("down", {1000}), "call stack exhausted"));
  EXPECT_EQ(ok_results(h.invoke("down", {50})), std::vector<uint64_t>{50});
}

// Imports "env" "f" (i32 i64) -> (i64) and calls it: f(x, y) + 1.
Bytes host_caller_module() {
  ModuleBytes m;
  m.types = {func_type({kI32, kI64}, {kI64})};
  m.imports = {cat({name("env"), name("f"), {0x00}, uleb(0)})};
  m.func(0, cat({local_get(0), local_get(1), call(0), i64c(1), {0x7c, op::kEnd}}));
  m.exports = {export_func("g", 1)};
  return m.build();
}

TEST(InterpCall, HostFunctionsReceiveArgumentsAndReturnResults) {
  Harness h;
  Instance* seen_caller = nullptr;
  FuncInst* f = h.store().add_host_func(
      binary::FuncType{{binary::ValType::I32, binary::ValType::I64}, {binary::ValType::I64}},
      [&](Store&, Instance* caller, const uint64_t* args, uint64_t* results) -> Result<void> {
        seen_caller = caller;
        results[0] = args[0] * 1000 + args[1];
        return ok();
      });
  MOSAIC_LOAD(h, host_caller_module(), {ExternVal{binary::ExternKind::Func, f}});
  EXPECT_EQ(ok_results(h.invoke("g", {7, 5})), std::vector<uint64_t>{7006});
  EXPECT_EQ(seen_caller, h.instance());
}

TEST(InterpCall, HostErrorsBecomeTrapsWithTheWasmBacktrace) {
  Harness h;
  FuncInst* f = h.store().add_host_func(
      binary::FuncType{{binary::ValType::I32, binary::ValType::I64}, {binary::ValType::I64}},
      [](Store&, Instance*, const uint64_t*, uint64_t*) -> Result<void> {
        return Error(ErrorKind::Trap, "host says no");
      });
  MOSAIC_LOAD(h, host_caller_module(), {ExternVal{binary::ExternKind::Func, f}});
  auto r = h.invoke("g", {1, 2});
  ASSERT_TRUE(traps_with(r, "host says no"));
  EXPECT_EQ(r.error().backtrace, std::vector<std::string>{"func[1]"});
}

TEST(InterpCall, HostFunctionsMayCallBackIntoWasm) {
  // wasm g(x, y) = host(x, y) + 1; host(x, y) = x == 0 ? y : g(x - 1, y + 10) * 2.
  Harness h;
  FuncInst* g = nullptr;
  FuncInst* f = h.store().add_host_func(
      binary::FuncType{{binary::ValType::I32, binary::ValType::I64}, {binary::ValType::I64}},
      [&](Store& store, Instance*, const uint64_t* args, uint64_t* results) -> Result<void> {
        if (args[0] == 0) {
          results[0] = args[1];
          return ok();
        }
        uint64_t inner_args[2] = {args[0] - 1, args[1] + 10};
        uint64_t inner = 0;
        MOSAIC_TRY(interp::call(store, g, inner_args, &inner));
        results[0] = inner * 2;
        return ok();
      });
  MOSAIC_LOAD(h, host_caller_module(), {ExternVal{binary::ExternKind::Func, f}});
  g = h.func("g");
  // g(0, 5) = 6; g(1, 5) = g(0, 15) * 2 + 1 = 33; g(2, 5) = g(1, 15) * 2 + 1 = (g(0,25)*2+1)*2+1 = 107.
  EXPECT_EQ(ok_results(h.invoke("g", {0, 5})), std::vector<uint64_t>{6});
  EXPECT_EQ(ok_results(h.invoke("g", {1, 5})), std::vector<uint64_t>{33});
  EXPECT_EQ(ok_results(h.invoke("g", {2, 5})), std::vector<uint64_t>{107});
  // Unbounded host <-> wasm recursion is bounded too.
  auto r = h.invoke("g", {1000000, 0});
  ASSERT_TRUE(traps_with(r, "call stack exhausted"));
  EXPECT_EQ(ok_results(h.invoke("g", {1, 5})), std::vector<uint64_t>{33});
}

TEST(InterpCall, TrapsInsideReentryCarryEveryWasmFrame) {
  // g calls the host, which calls back into g with x - 1; at x == 0 the host calls $boom (unreachable).
  ModuleBytes m;
  m.types = {func_type({kI32, kI64}, {kI64}), func_type({}, {})};
  m.imports = {cat({name("env"), name("f"), {0x00}, uleb(0)})};
  m.func(0, cat({local_get(0), local_get(1), call(0), {op::kEnd}}));
  m.func(1, {op::kUnreachable, op::kEnd});
  m.exports = {export_func("g", 1), export_func("boom", 2)};
  Harness h;
  FuncInst* g = nullptr;
  FuncInst* boom = nullptr;
  FuncInst* f = h.store().add_host_func(
      binary::FuncType{{binary::ValType::I32, binary::ValType::I64}, {binary::ValType::I64}},
      [&](Store& store, Instance*, const uint64_t* args, uint64_t* results) -> Result<void> {
        if (args[0] == 0) return interp::call(store, boom, nullptr, nullptr);
        uint64_t inner_args[2] = {args[0] - 1, 0};
        return interp::call(store, g, inner_args, results);
      });
  MOSAIC_LOAD(h, cat({m.build(), name_section({{1, "g"}, {2, "boom"}})}), {ExternVal{binary::ExternKind::Func, f}});
  g = h.func("g");
  boom = h.func("boom");
  auto r = h.invoke("g", {2, 0});
  ASSERT_TRUE(traps_with(r, "unreachable"));
  EXPECT_EQ(r.error().backtrace, (std::vector<std::string>{"boom", "g", "g", "g"}));
  EXPECT_EQ(h.store().stack()->nesting, 0u);
}

// A table of 4: [0] = $add1 (i32)->(i32), [1] = $i64 ()->(i64), [2] = null, [3] = $add1 again.
// call(x, i) = call_indirect (type 0) x i.
Bytes indirect_module() {
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32}), func_type({}, {kI64}), func_type({kI32, kI32}, {kI32})};
  m.tables = {cat({{op::kFuncRef, 0x00}, uleb(4)})};
  m.func(0, cat({local_get(0), i32c(1), {kI32Add, op::kEnd}}));
  m.func(1, cat({i64c(9), {op::kEnd}}));
  m.func(2, cat({local_get(0), local_get(1), {0x11}, uleb(0), uleb(0), {op::kEnd}}));
  // Active segment at 0 with functions 0, 1 (flags 0), and one at 3 with function 0.
  m.elems = {cat({{0x00}, i32c(0), {op::kEnd}, uleb(2), uleb(0), uleb(1)}),
             cat({{0x00}, i32c(3), {op::kEnd}, uleb(1), uleb(0)})};
  m.exports = {export_func("call", 2)};
  return m.build();
}

TEST(InterpCall, CallIndirectAndItsTraps) {
  Harness h;
  MOSAIC_LOAD(h, indirect_module());
  EXPECT_EQ(ok_results(h.invoke("call", {41, 0})), std::vector<uint64_t>{42});
  EXPECT_EQ(ok_results(h.invoke("call", {1, 3})), std::vector<uint64_t>{2});
  EXPECT_TRUE(traps_with(h.invoke("call", {0, 1}), "indirect call type mismatch"));
  EXPECT_TRUE(traps_with(h.invoke("call", {0, 2}), "uninitialized element"));
  EXPECT_TRUE(traps_with(h.invoke("call", {0, 4}), "undefined element"));
  EXPECT_TRUE(traps_with(h.invoke("call", {0, 0xffffffff}), "undefined element"));
}

TEST(InterpCall, BacktraceListsFramesInnermostFirst) {
  // $outer calls $mid calls $inner, which traps (integer divide by zero).
  ModuleBytes m;
  m.types = {func_type({}, {kI32})};
  m.func(0, cat({call(1), {op::kEnd}}));
  m.func(0, cat({call(2), {op::kEnd}}));
  m.func(0, cat({i32c(1), i32c(0), {0x6d, op::kEnd}}));
  m.exports = {export_func("outer", 0)};
  Harness h;
  MOSAIC_LOAD(h, cat({m.build(), name_section({{0, "outer"}, {2, "inner"}})}));
  auto r = h.invoke("outer");
  ASSERT_TRUE(traps_with(r, "integer divide by zero"));
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().backtrace, (std::vector<std::string>{"inner", "func[1]", "outer"}));
}

TEST(InterpCall, CallsAcrossInstancesUseTheCalleesInstance) {
  // Module A exports $get reading its own global 0 (= 77) and memory; B imports and calls it.
  ModuleBytes a;
  a.types = {func_type({}, {kI32})};
  a.globals = {cat({{kI32, 0x00}, i32c(77), {op::kEnd}})};
  a.func(0, cat({{op::kGlobalGet}, uleb(0), {op::kEnd}}));
  a.exports = {export_func("get", 0)};
  Harness h;
  MOSAIC_LOAD(h, a.build());
  FuncInst* get = h.func("get");

  ModuleBytes b;
  b.types = {func_type({}, {kI32})};
  b.imports = {cat({name("a"), name("get"), {0x00}, uleb(0)})};
  b.globals = {cat({{kI32, 0x00}, i32c(5), {op::kEnd}})};
  b.func(0, cat({call(0), {op::kGlobalGet}, uleb(0), {kI32Add, op::kEnd}}));
  b.exports = {export_func("f", 1)};
  MOSAIC_LOAD(h, b.build(), {ExternVal{binary::ExternKind::Func, get}});
  EXPECT_EQ(ok_results(h.invoke("f")), std::vector<uint64_t>{82});
}

}  // namespace
}  // namespace mosaic::exec::interp::test
