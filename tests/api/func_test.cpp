// Host functions, calls from the host and traps, through the public API.

#include <gtest/gtest.h>

#include <cstring>

#include "mosaic/mosaic.h"
#include "wasm_bytes.h"

namespace mosaic::api_test {
namespace {

Module compile(const Engine& engine, const ModuleBytes& m) {
  Bytes bytes = m.build();
  auto r = Module::compile(engine, bytes);
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  return std::move(r).value();
}

Func export_func(Store& store, const Instance& inst, std::string_view name) {
  auto e = inst.get_export(store, name);
  EXPECT_TRUE(e && e->func()) << name;
  return e && e->func() ? *e->func() : Func();
}

TEST(ApiFunc, HostFunctionCalledFromWasm) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32})};
  m.imports = {import_func("env", "add1", 0)};
  m.funcs = {uleb(0)};
  m.exports = {export_("run", 0, 1)};
  // (local.get 0) (call 0) (i32.const 2) (i32.mul)
  m.codes = {code({}, {0x20, 0x00, 0x10, 0x00, 0x41, 0x02, 0x6c, 0x0b})};
  Module module = compile(engine, m);

  int calls = 0;
  Linker linker;
  linker.define_func("env", "add1", store, FuncType{{ValKind::I32}, {ValKind::I32}},
                     [&](Caller&, std::span<const Val> args, std::span<Val> results) -> Result<void> {
                       ++calls;
                       results[0] = Val::i32(args[0].as_i32() + 1);
                       return ok();
                     });
  auto inst = linker.instantiate(store, module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  Func run = export_func(store, *inst, "run");
  Val arg = Val::i32(5);
  auto r = run.call(store, std::span<const Val>(&arg, 1));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].as_i32(), 12);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(run.type(store), (FuncType{{ValKind::I32}, {ValKind::I32}}));
}

TEST(ApiFunc, HostFunctionCalledDirectly) {
  Engine engine;
  Store store(engine);
  Func f =
      Func::create(store, FuncType{{ValKind::I64, ValKind::F64}, {ValKind::F64, ValKind::I64}},
                   [](Caller& caller, std::span<const Val> args, std::span<Val> results) -> Result<void> {
                     EXPECT_FALSE(caller.get_export("memory"));
                     results[0] = Val::f64(args[1].as_f64() * 2);
                     results[1] = Val::i64(args[0].as_i64() - 1);
                     return ok();
                   });
  std::vector<Val> args = {Val::i64(10), Val::f64(1.5)};
  auto r = f.call(store, args);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_f64(), 3.0);
  EXPECT_EQ((*r)[1].as_i64(), 9);
}

TEST(ApiFunc, CallerSeesTheCallingInstancesMemory) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({}, {}), func_type({}, {kI32})};
  m.imports = {import_func("env", "poke", 0)};
  m.funcs = {uleb(1)};
  m.memories = {limits(1)};
  m.exports = {export_("memory", 2, 0), export_("run", 0, 1)};
  // (call 0) (i32.load (i32.const 16))
  m.codes = {code({}, {0x10, 0x00, 0x41, 0x10, 0x28, 0x02, 0x00, 0x0b})};
  Module module = compile(engine, m);

  Func poke = Func::create(store, FuncType{},
                           [](Caller& caller, std::span<const Val>, std::span<Val>) -> Result<void> {
                             auto mem = caller.get_export("memory");
                             if (!mem || !mem->memory()) return Error(ErrorKind::Trap, "no memory");
                             uint32_t v = 0xfeedbeef;
                             std::memcpy(mem->memory()->data(caller.store()) + 16, &v, 4);
                             return ok();
                           });
  Extern imports[] = {poke};
  auto inst = Instance::create(store, module, imports);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = export_func(store, *inst, "run").call(store, {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(uint32_t((*r)[0].as_i32()), 0xfeedbeefu);
}

TEST(ApiFunc, TrapsComeBackAsErrors) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({}, {}), func_type({kI32, kI32}, {kI32})};
  m.funcs = {uleb(0), uleb(1), uleb(0)};
  m.exports = {export_("unreachable", 0, 0), export_("div", 0, 1), export_("recurse", 0, 2)};
  m.codes = {code({}, {0x00, 0x0b}),                          // unreachable
             code({}, {0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b}),  // i32.div_s
             code({}, {0x10, 0x02, 0x0b})};                   // call itself forever
  Module module = compile(engine, m);
  auto inst = Instance::create(store, module, {});
  ASSERT_TRUE(inst) << inst.error().to_string();

  auto r1 = export_func(store, *inst, "unreachable").call(store, {});
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r1.error().message.rfind("unreachable", 0), 0u) << r1.error().message;

  std::vector<Val> args = {Val::i32(1), Val::i32(0)};
  auto r2 = export_func(store, *inst, "div").call(store, args);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r2.error().message.rfind("integer divide by zero", 0), 0u) << r2.error().message;

  auto r3 = export_func(store, *inst, "recurse").call(store, {});
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().kind, ErrorKind::Exhausted);
  EXPECT_EQ(r3.error().message.rfind("call stack exhausted", 0), 0u) << r3.error().message;

  // The store is still usable after traps.
  args = {Val::i32(7), Val::i32(2)};
  auto r4 = export_func(store, *inst, "div").call(store, args);
  ASSERT_TRUE(r4) << r4.error().to_string();
  EXPECT_EQ((*r4)[0].as_i32(), 3);
}

TEST(ApiFunc, HostTrapPropagatesThroughWasm) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({}, {})};
  m.imports = {import_func("env", "fail", 0)};
  m.funcs = {uleb(0)};
  m.exports = {export_("run", 0, 1)};
  m.codes = {code({}, {0x10, 0x00, 0x0b})};
  Module module = compile(engine, m);
  Func fail =
      Func::create(store, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
        return trap("host says no");
      });
  Extern imports[] = {fail};
  auto inst = Instance::create(store, module, imports);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = export_func(store, *inst, "run").call(store, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_TRUE(is_trap(r.error()));
  EXPECT_EQ(r.error().message.rfind("host says no", 0), 0u) << r.error().message;
}

TEST(ApiFunc, ArgumentTypesAreChecked) {
  Engine engine;
  Store store(engine);
  Func f = Func::create(store, FuncType{{ValKind::I32}, {}},
                        [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> { return ok(); });
  Val wrong = Val::i64(1);
  auto r = f.call(store, std::span<const Val>(&wrong, 1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  auto r2 = f.call(store, {});
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().kind, ErrorKind::Usage);
}

TEST(ApiFunc, ReferencesRoundTrip) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({kExternRef, kFuncRef}, {kFuncRef, kExternRef})};
  m.funcs = {uleb(0)};
  m.exports = {export_("swap", 0, 0)};
  m.codes = {code({}, {0x20, 0x01, 0x20, 0x00, 0x0b})};
  Module module = compile(engine, m);
  auto inst = Instance::create(store, module, {});
  ASSERT_TRUE(inst) << inst.error().to_string();
  Func swap = export_func(store, *inst, "swap");
  std::vector<Val> args = {Val::externref(1234), Val::funcref(swap.impl())};
  auto r = swap.call(store, args);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_ref().func, swap.impl());
  EXPECT_FALSE((*r)[1].is_null());
  EXPECT_EQ((*r)[1].as_ref().host, 1234u);
  args = {Val::null_ref(ValKind::ExternRef), Val::null_ref(ValKind::FuncRef)};
  r = swap.call(store, args);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE((*r)[0].is_null());
  EXPECT_TRUE((*r)[1].is_null());
  // externref 0 is not null.
  args = {Val::externref(0), Val::null_ref(ValKind::FuncRef)};
  r = swap.call(store, args);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE((*r)[1].is_null());
  EXPECT_EQ((*r)[1].as_ref().host, 0u);
}

TEST(ApiFunc, HostFunctionCallsBackIntoWasm) {
  Engine engine;
  Store store(engine);
  // (func $fact (export "fact") (param i32) (result i32)
  //   (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
  //     (else (i32.mul (local.get 0) (call $host (i32.sub (local.get 0) (i32.const 1)))))))
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32})};
  m.imports = {import_func("env", "host", 0)};
  m.funcs = {uleb(0)};
  m.exports = {export_("fact", 0, 1)};
  m.codes = {code({}, {0x20, 0x00, 0x45, 0x04, kI32, 0x41, 0x01, 0x05, 0x20, 0x00,
                       0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x6c, 0x0b, 0x0b})};
  Module module = compile(engine, m);
  Func fact;
  int depth = 0;
  Func host =
      Func::create(store, FuncType{{ValKind::I32}, {ValKind::I32}},
                   [&](Caller& caller, std::span<const Val> args, std::span<Val> results) -> Result<void> {
                     ++depth;
                     auto r = MOSAIC_TRY(fact.call(caller.store(), args));
                     results[0] = r[0];
                     return ok();
                   });
  Extern imports[] = {host};
  auto inst = Instance::create(store, module, imports);
  ASSERT_TRUE(inst) << inst.error().to_string();
  fact = export_func(store, *inst, "fact");
  Val arg = Val::i32(6);
  auto r = fact.call(store, std::span<const Val>(&arg, 1));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), 720);
  EXPECT_EQ(depth, 6);
}

TEST(ApiFunc, StoreMoveKeepsHostFunctionsWorking) {
  Engine engine;
  Store first(engine);
  Func f = Func::create(first, FuncType{{}, {ValKind::I32}},
                        [](Caller& caller, std::span<const Val>, std::span<Val> results) -> Result<void> {
                          results[0] = Val::i32(int32_t(caller.store().engine().config().max_call_depth));
                          return ok();
                        });
  Store second(std::move(first));
  auto r = f.call(second, {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(uint32_t((*r)[0].as_i32()), Config{}.max_call_depth);
}

}  // namespace
}  // namespace mosaic::api_test
