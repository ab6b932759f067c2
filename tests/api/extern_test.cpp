// Memories, tables and globals created and used by the host; module and instance exports.

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

TEST(ApiExtern, MemoryCreateGrowAndLimits) {
  Engine engine;
  Store store(engine);
  auto mem = Memory::create(store, MemoryType{{1, 3}});
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->size(store), 1u);
  EXPECT_EQ(mem->data_size(store), 65536u);
  mem->data(store)[65535] = 9;
  auto old = mem->grow(store, 2);
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, 1u);
  EXPECT_EQ(mem->size(store), 3u);
  EXPECT_EQ(mem->data(store)[65535], 9);
  EXPECT_EQ(mem->data(store)[3 * 65536 - 1], 0);
  EXPECT_FALSE(mem->grow(store, 1));
  EXPECT_EQ(mem->type(store).limits, (Limits{3, 3}));
  EXPECT_FALSE(Memory::create(store, MemoryType{{2, 1}}));
  EXPECT_FALSE(Memory::create(store, MemoryType{{65537, std::nullopt}}));
}

TEST(ApiExtern, ZeroPageMemory) {
  Engine engine;
  Store store(engine);
  auto fixed = Memory::create(store, MemoryType{{0, 0}});
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->data_size(store), 0u);
  EXPECT_FALSE(fixed->grow(store, 1));
  auto grow0 = fixed->grow(store, 0);
  ASSERT_TRUE(grow0);
  EXPECT_EQ(*grow0, 0u);
  auto open = Memory::create(store, MemoryType{{0, std::nullopt}});
  ASSERT_TRUE(open);
  auto old = open->grow(store, 1);
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, 0u);
  open->data(store)[100] = 1;
  EXPECT_EQ(open->data_size(store), 65536u);
}

TEST(ApiExtern, TableCreateGetSetGrow) {
  Engine engine;
  Store store(engine);
  auto table = Table::create(store, TableType{ValKind::ExternRef, {2, 4}}, Val::externref(5));
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(store), 2u);
  auto v = table->get(store, 1);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->as_ref().host, 5u);
  ASSERT_TRUE(table->set(store, 0, Val::null_ref(ValKind::ExternRef)));
  EXPECT_TRUE(table->get(store, 0)->is_null());
  EXPECT_FALSE(table->set(store, 0, Val::i32(1)));                        // wrong type
  EXPECT_FALSE(table->set(store, 2, Val::null_ref(ValKind::ExternRef)));  // out of bounds
  EXPECT_FALSE(table->get(store, 2));
  auto old = table->grow(store, 2, Val::externref(6));
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, 2u);
  EXPECT_EQ(table->get(store, 3)->as_ref().host, 6u);
  EXPECT_FALSE(table->grow(store, 1, Val::null_ref(ValKind::ExternRef)));
  EXPECT_FALSE(Table::create(store, TableType{ValKind::I32, {1, std::nullopt}}, Val::i32(0)));
  EXPECT_FALSE(Table::create(store, TableType{ValKind::FuncRef, {1, std::nullopt}}, Val::externref(1)));
}

TEST(ApiExtern, Globals) {
  Engine engine;
  Store store(engine);
  auto c = Global::create(store, GlobalType{ValKind::F64, false}, Val::f64(2.5));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->get(store).as_f64(), 2.5);
  auto e = c->set(store, Val::f64(1));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::Usage);
  auto m = Global::create(store, GlobalType{ValKind::I64, true}, Val::i64(-1));
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->set(store, Val::i64(40)));
  EXPECT_EQ(m->get(store).as_i64(), 40);
  EXPECT_FALSE(m->set(store, Val::i32(1)));
  EXPECT_FALSE(Global::create(store, GlobalType{ValKind::I32, false}, Val::i64(0)));
  V128 bytes{};
  for (uint8_t i = 0; i < 16; ++i) bytes[i] = i;
  auto v = Global::create(store, GlobalType{ValKind::V128, false}, Val::v128(bytes));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->get(store).as_v128(), bytes);
}

TEST(ApiExtern, ModuleAndInstanceExports) {
  Engine engine;
  Store store(engine);
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI64})};
  m.imports = {import_global("env", "imported", kF32, false)};
  m.funcs = {uleb(0)};
  m.tables = {cat({{kFuncRef}, limits(1, 2)})};
  m.memories = {limits(0)};
  // (global (mut i64) (i64.const -3))
  m.globals = {cat({{kI64, 0x01}, {0x42, 0x7d}, {0x0b}})};
  m.exports = {export_("fn", 0, 0), export_("table", 1, 0), export_("memory", 2, 0),
               export_("imported", 3, 0), export_("counter", 3, 1)};
  m.codes = {code({}, {0x20, 0x00, 0xac, 0x0b})};  // i64.extend_i32_s
  Module module = compile(engine, m);

  auto imports = module.imports();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "imported");
  EXPECT_EQ(imports[0].type.kind, ExternKind::Global);
  EXPECT_EQ(imports[0].type.global.content, ValKind::F32);

  auto exports = module.exports();
  ASSERT_EQ(exports.size(), 5u);
  EXPECT_EQ(exports[0].name, "fn");
  EXPECT_EQ(exports[0].type.func, (FuncType{{ValKind::I32}, {ValKind::I64}}));
  EXPECT_EQ(exports[1].type.kind, ExternKind::Table);
  EXPECT_EQ(exports[1].type.table.limits, (Limits{1, 2}));
  EXPECT_EQ(exports[2].type.kind, ExternKind::Memory);
  EXPECT_EQ(exports[3].type.global.content, ValKind::F32);
  EXPECT_EQ(exports[4].type.global.content, ValKind::I64);
  EXPECT_TRUE(exports[4].type.global.is_mutable);
  EXPECT_FALSE(module.name());

  auto imported = Global::create(store, GlobalType{ValKind::F32, false}, Val::f32(0.5f));
  ASSERT_TRUE(imported);
  Extern values[] = {*imported};
  auto inst = Instance::create(store, module, values);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto list = inst->exports(store);
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0].first, "fn");
  EXPECT_EQ(list[3].second.global()->impl(), imported->impl());
  EXPECT_EQ(inst->get_export(store, "counter")->global()->get(store).as_i64(), -3);
  EXPECT_FALSE(inst->get_export(store, "missing"));
  auto fn = inst->get_export(store, "fn");
  ASSERT_TRUE(fn && fn->func());
  Val arg = Val::i32(-2);
  auto r = fn->func()->call(store, std::span<const Val>(&arg, 1));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i64(), -2);

  // Wrong import count and kinds are Unlinkable.
  auto none = Instance::create(store, module, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::Unlinkable);
  auto mem = Memory::create(store, MemoryType{{0, std::nullopt}});
  ASSERT_TRUE(mem);
  Extern wrong[] = {*mem};
  auto bad = Instance::create(store, module, wrong);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(bad.error().message.rfind("incompatible import type", 0), 0u);
}

}  // namespace
}  // namespace mosaic::api_test
