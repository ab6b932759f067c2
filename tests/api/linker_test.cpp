// Linking modules to each other and to the host, and the failures of instantiation (spec 4.5.4).

#include <gtest/gtest.h>

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

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

int32_t call_i32(Store& store, const Instance& inst, std::string_view name, std::vector<Val> args = {}) {
  auto e = inst.get_export(store, name);
  EXPECT_TRUE(e && e->func()) << name;
  if (!e || !e->func()) return -1;
  auto r = e->func()->call(store, args);
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  return r && r->size() == 1 ? (*r)[0].as_i32() : -1;
}

// Exports a function returning 42, a memory (1..5 pages) with "hi" at 0, a table of 4 funcrefs holding
// that function at index 1, and a mutable i32 global = 7.
Module provider(const Engine& engine) {
  ModuleBytes m;
  m.types = {func_type({}, {kI32})};
  m.funcs = {uleb(0)};
  m.tables = {cat({{kFuncRef}, limits(4)})};
  m.memories = {limits(1, 5)};
  m.globals = {cat({{kI32, 0x01}, i32_const(7), {0x0b}})};
  m.exports = {export_("f", 0, 0), export_("tab", 1, 0), export_("mem", 2, 0), export_("g", 3, 0)};
  m.elems = {elem_active(1, {0})};
  m.codes = {code({}, cat({i32_const(42), {0x0b}}))};
  m.datas = {data_active(0, "hi")};
  return compile(engine, m);
}

TEST(ApiLinker, TwoModulesShareFunctionMemoryTableAndGlobal) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto a = linker.instantiate(store, provider(engine));
  ASSERT_TRUE(a) << a.error().to_string();
  linker.define_instance(store, "A", *a);

  ModuleBytes m;
  m.types = {func_type({}, {kI32})};
  m.imports = {import_func("A", "f", 0), import_table("A", "tab", kFuncRef, limits(4)),
               import_memory("A", "mem", limits(1)), import_global("A", "g", kI32, true)};
  m.funcs = {uleb(0), uleb(0), uleb(0), uleb(0)};
  m.exports = {export_("call_f", 0, 1), export_("indirect", 0, 2), export_("load", 0, 3),
               export_("bump", 0, 4)};
  m.codes = {
      code({}, {0x10, 0x00, 0x0b}),                    // call 0
      code({}, {0x41, 0x01, 0x11, 0x00, 0x00, 0x0b}),  // call_indirect type 0 table 0 at 1
      code({}, {0x41, 0x00, 0x2d, 0x00, 0x01, 0x0b}),  // i32.load8_u offset=1 -> 'i'
      code({}, {0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x23, 0x00, 0x0b}),  // g += 1; g
  };
  auto b = linker.instantiate(store, compile(engine, m));
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(call_i32(store, *b, "call_f"), 42);
  EXPECT_EQ(call_i32(store, *b, "indirect"), 42);
  EXPECT_EQ(call_i32(store, *b, "load"), 'i');
  EXPECT_EQ(call_i32(store, *b, "bump"), 8);
  auto g = a->get_export(store, "g");
  ASSERT_TRUE(g && g->global());
  EXPECT_EQ(g->global()->get(store).as_i32(), 8);
}

TEST(ApiLinker, UnknownImportNamesModuleAndField) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({}, {})};
  m.imports = {import_func("nowhere", "nothing", 0)};
  Linker linker;
  auto r = linker.instantiate(store, compile(engine, m));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(r.error().message, "unknown import: \"nowhere\" \"nothing\"");
}

TEST(ApiLinker, IncompatibleImportTypes) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto a = linker.instantiate(store, provider(engine));
  ASSERT_TRUE(a) << a.error().to_string();
  linker.define_instance(store, "A", *a);

  auto expect_incompatible = [&](ModuleBytes m) {
    auto r = linker.instantiate(store, compile(engine, m));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(starts_with(r.error().message, "incompatible import type")) << r.error().message;
  };
  auto expect_ok = [&](ModuleBytes m) {
    auto r = linker.instantiate(store, compile(engine, m));
    EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  };
  ModuleBytes m;
  m.types = {func_type({}, {kI64})};
  m.imports = {import_func("A", "f", 0)};
  expect_incompatible(m);  // result type differs
  m.imports = {import_memory("A", "f", limits(1))};
  expect_incompatible(m);  // kind differs
  m.imports = {import_memory("A", "mem", limits(2))};
  expect_incompatible(m);  // min 1 < 2
  m.imports = {import_memory("A", "mem", limits(0, 4))};
  expect_incompatible(m);  // max 5 > 4
  m.imports = {import_memory("A", "mem", limits(1, 6))};
  expect_ok(m);  // max 5 <= 6
  m.imports = {import_memory("A", "mem", limits(0))};
  expect_ok(m);
  m.imports = {import_table("A", "tab", kExternRef, limits(4))};
  expect_incompatible(m);  // element type differs
  m.imports = {import_table("A", "tab", kFuncRef, limits(3, 10))};
  expect_incompatible(m);  // the table has no max
  m.imports = {import_global("A", "g", kI32, false)};
  expect_incompatible(m);  // mutability differs
  m.imports = {import_global("A", "g", kI64, true)};
  expect_incompatible(m);  // value type differs
}

TEST(ApiLinker, HostDefinedItems) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto mem = Memory::create(store, MemoryType{{1, 2}});
  ASSERT_TRUE(mem);
  auto glob = Global::create(store, GlobalType{ValKind::I32, false}, Val::i32(0x100));
  ASSERT_TRUE(glob);
  linker.define("host", "mem", *mem);
  linker.define("host", "base", *glob);

  ModuleBytes m;
  m.types = {func_type({}, {kI32})};
  m.imports = {import_memory("host", "mem", limits(1)), import_global("host", "base", kI32, false)};
  m.funcs = {uleb(0)};
  m.exports = {export_("load", 0, 0)};
  m.codes = {code({}, {0x23, 0x00, 0x28, 0x02, 0x00, 0x0b})};  // i32.load (global.get 0)
  // Data at the global's value: offset expressions may read imported globals.
  m.datas = {cat({{0x00, 0x23, 0x00, 0x0b}, name("\x01\x02\x03\x04")})};
  auto inst = linker.instantiate(store, compile(engine, m));
  ASSERT_TRUE(inst) << inst.error().to_string();
  EXPECT_EQ(call_i32(store, *inst, "load"), 0x04030201);
  EXPECT_EQ(mem->data(store)[0x100], 1);
}

TEST(ApiLinker, ElementSegmentsBeforeAFailurePersist) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto a = linker.instantiate(store, provider(engine));
  ASSERT_TRUE(a) << a.error().to_string();
  linker.define_instance(store, "A", *a);

  ModuleBytes m;
  m.types = {func_type({}, {kI32})};
  m.imports = {import_table("A", "tab", kFuncRef, limits(4))};
  m.funcs = {uleb(0)};
  m.elems = {elem_active(2, {0}), elem_active(3, {0, 0})};  // the second is out of bounds
  m.codes = {code({}, cat({i32_const(99), {0x0b}}))};
  auto r = linker.instantiate(store, compile(engine, m));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_EQ(r.error().message, "out of bounds table access");

  // Table slot 2 holds the failed instance's function, which still works.
  auto tab = a->get_export(store, "tab");
  ASSERT_TRUE(tab && tab->table());
  auto v = tab->table()->get(store, 2);
  ASSERT_TRUE(v);
  ASSERT_FALSE(v->is_null());
  auto result = Func(v->as_ref().func).call(store, {});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ((*result)[0].as_i32(), 99);
  auto v3 = tab->table()->get(store, 3);
  ASSERT_TRUE(v3);
  EXPECT_TRUE(v3->is_null());
}

TEST(ApiLinker, DataSegmentsBeforeAFailurePersist) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto a = linker.instantiate(store, provider(engine));
  ASSERT_TRUE(a) << a.error().to_string();
  linker.define_instance(store, "A", *a);

  ModuleBytes m;
  m.imports = {import_memory("A", "mem", limits(1))};
  m.datas = {data_active(100, "abc"), data_active(65535, "zz")};
  auto r = linker.instantiate(store, compile(engine, m));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
  auto mem = a->get_export(store, "mem");
  ASSERT_TRUE(mem && mem->memory());
  EXPECT_EQ(mem->memory()->data(store)[100], 'a');
  EXPECT_EQ(mem->memory()->data(store)[65535], 0);
}

TEST(ApiLinker, StartFunctionRunsAndItsTrapFailsInstantiation) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto a = linker.instantiate(store, provider(engine));
  ASSERT_TRUE(a) << a.error().to_string();
  linker.define_instance(store, "A", *a);

  // start: g := 100
  ModuleBytes ok_module;
  ok_module.types = {func_type({}, {})};
  ok_module.imports = {import_global("A", "g", kI32, true)};
  ok_module.funcs = {uleb(0)};
  ok_module.start = 0;
  ok_module.codes = {code({}, cat({i32_const(100), {0x24, 0x00, 0x0b}}))};
  auto r1 = linker.instantiate(store, compile(engine, ok_module));
  ASSERT_TRUE(r1) << r1.error().to_string();
  EXPECT_EQ(a->get_export(store, "g")->global()->get(store).as_i32(), 100);

  // data "X" at 7, then the start function traps: the data stays.
  ModuleBytes trapping;
  trapping.types = {func_type({}, {})};
  trapping.imports = {import_memory("A", "mem", limits(1))};
  trapping.funcs = {uleb(0)};
  trapping.start = 0;
  trapping.codes = {code({}, {0x00, 0x0b})};
  trapping.datas = {data_active(7, "X")};
  auto r2 = linker.instantiate(store, compile(engine, trapping));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().kind, ErrorKind::Uninstantiable);
  EXPECT_TRUE(starts_with(r2.error().message, "unreachable")) << r2.error().message;
  EXPECT_EQ(a->get_export(store, "mem")->memory()->data(store)[7], 'X');
}

TEST(ApiLinker, LaterDefinitionsReplaceEarlierOnes) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto g1 = Global::create(store, GlobalType{ValKind::I32, false}, Val::i32(1));
  auto g2 = Global::create(store, GlobalType{ValKind::I32, false}, Val::i32(2));
  ASSERT_TRUE(g1 && g2);
  linker.define("m", "g", *g1);
  linker.define("m", "g", *g2);
  auto got = linker.get("m", "g");
  ASSERT_TRUE(got && got->global());
  EXPECT_EQ(got->global()->get(store).as_i32(), 2);
  EXPECT_FALSE(linker.get("m", "h"));
}

}  // namespace
}  // namespace mosaic::api_test
