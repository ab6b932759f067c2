// Instantiation (spec 4.5.4) of hand-built modules without function bodies: import matching, globals,
// segments and exports. No code runs, so the interpreter is not involved.

#include <gtest/gtest.h>

#include "exec/link.h"
#include "exec/runtime.h"

namespace mosaic::exec {
namespace {

using binary::ValType;

// Appends bytes to the module and returns their range.
binary::Range add_bytes(binary::Module& m, std::vector<uint8_t> b) {
  binary::Range r{uint32_t(m.bytes.size()), uint32_t(m.bytes.size() + b.size())};
  m.bytes.insert(m.bytes.end(), b.begin(), b.end());
  return r;
}

// Imports global "env" "base" (i32); one function; a 4-element table; a 1..2-page memory; a global
// initialised from the import; an element segment at 1 (ref.null, ref.func 0) and one at `elem_offset`
// (func 0); data "abc" at the imported base and "z" at `data_offset`.
std::shared_ptr<const CompiledModule> make_module(int32_t elem_offset, int32_t data_offset) {
  binary::Module m;
  m.types = {binary::FuncType{}};
  binary::Import imp;
  imp.module = "env";
  imp.name = "base";
  imp.kind = binary::ExternKind::Global;
  imp.global = binary::GlobalType{ValType::I32, false};
  m.imports = {imp};
  m.num_imported_globals = 1;
  m.funcs = {0};
  m.codes.resize(1);
  m.tables = {binary::TableType{ValType::FuncRef, {4, std::nullopt}}};
  m.memories = {binary::MemoryType{{1, 2}}};
  binary::Global g;
  g.type = binary::GlobalType{ValType::I32, true};
  g.init.range = add_bytes(m, {0x23, 0x00, 0x0b});
  m.globals = {g};

  binary::ElemSegment e1;
  e1.mode = binary::SegmentMode::Active;
  e1.offset.range = add_bytes(m, {0x41, 0x01, 0x0b});
  e1.uses_exprs = true;
  e1.exprs = {binary::ConstExpr{add_bytes(m, {0xd0, 0x70, 0x0b})},
              binary::ConstExpr{add_bytes(m, {0xd2, 0x00, 0x0b})}};
  binary::ElemSegment e2;
  e2.mode = binary::SegmentMode::Active;
  e2.offset.range = add_bytes(m, {0x41, uint8_t(elem_offset & 0x3f), 0x0b});
  e2.func_indices = {0};
  binary::ElemSegment passive;
  passive.func_indices = {0, 0};
  binary::ElemSegment declarative;
  declarative.mode = binary::SegmentMode::Declarative;
  declarative.func_indices = {0};
  m.elems = {e1, e2, passive, declarative};

  binary::DataSegment d1;
  d1.mode = binary::SegmentMode::Active;
  d1.offset.range = add_bytes(m, {0x23, 0x00, 0x0b});
  d1.init = add_bytes(m, {'a', 'b', 'c'});
  binary::DataSegment d2;
  d2.mode = binary::SegmentMode::Active;
  // i32.const data_offset (a 3-byte signed LEB128, enough for the tests' offsets)
  uint32_t u = uint32_t(data_offset);
  d2.offset.range = add_bytes(m, {0x41, uint8_t(0x80 | (u & 0x7f)), uint8_t(0x80 | ((u >> 7) & 0x7f)),
                                  uint8_t((u >> 14) & 0x7f), 0x0b});
  d2.init = add_bytes(m, {'z'});
  binary::DataSegment passive_data;
  passive_data.init = add_bytes(m, {'p', 'q'});
  m.datas = {d1, d2, passive_data};

  m.exports = {
      binary::Export{"f", binary::ExternKind::Func, 0}, binary::Export{"t", binary::ExternKind::Table, 0},
      binary::Export{"m", binary::ExternKind::Memory, 0}, binary::Export{"g", binary::ExternKind::Global, 1},
      binary::Export{"base", binary::ExternKind::Global, 0}};

  auto compiled = std::make_shared<CompiledModule>();
  compiled->valid.binary = std::make_shared<const binary::Module>(std::move(m));
  return compiled;
}

GlobalInst* base_global(Store& store, uint64_t value) {
  uint64_t v[2] = {value, 0};
  return store.add_global(binary::GlobalType{ValType::I32, false}, v);
}

TEST(RuntimeInstantiate, AllocatesAndAppliesSegments) {
  Store store(Config{});
  GlobalInst* base = base_global(store, 100);
  auto r = store.instantiate(make_module(3, 1000), {ExternVal{binary::ExternKind::Global, base}});
  ASSERT_TRUE(r) << r.error().to_string();
  Instance& inst = **r;
  ASSERT_EQ(inst.funcs.size(), 1u);
  FuncInst* f = inst.funcs[0];
  EXPECT_EQ(f->instance, &inst);
  EXPECT_EQ(f->defined_index, 0u);
  EXPECT_EQ(f->type_id, inst.type_ids[0]);
  EXPECT_EQ(f->type_id, store.type_id(binary::FuncType{}));

  ASSERT_EQ(inst.globals.size(), 2u);
  EXPECT_EQ(inst.globals[0], base);
  EXPECT_EQ(inst.globals[1]->value[0], 100u);

  const TableInst& t = *inst.tables[0];
  ASSERT_EQ(t.elems.size(), 4u);
  EXPECT_EQ(t.elems[0], 0u);
  EXPECT_EQ(t.elems[1], 0u);
  EXPECT_EQ(t.elems[2], uint64_t(reinterpret_cast<uintptr_t>(f)));
  EXPECT_EQ(t.elems[3], uint64_t(reinterpret_cast<uintptr_t>(f)));

  // Active and declarative segments are dropped; passive ones keep their contents.
  EXPECT_TRUE(inst.elems[0].refs.empty());
  EXPECT_TRUE(inst.elems[1].refs.empty());
  EXPECT_EQ(inst.elems[2].refs.size(), 2u);
  EXPECT_TRUE(inst.elems[3].refs.empty());
  EXPECT_EQ(inst.datas[0].size, 0u);
  EXPECT_EQ(inst.datas[1].size, 0u);
  EXPECT_EQ(inst.datas[2].size, 2u);
  EXPECT_EQ(inst.datas[2].data[0], 'p');

  const MemoryInst& mem = *inst.memories[0];
  EXPECT_EQ(mem.data[100], 'a');
  EXPECT_EQ(mem.data[102], 'c');
  EXPECT_EQ(mem.data[1000], 'z');

  auto e = inst.find_export("g");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, binary::ExternKind::Global);
  EXPECT_EQ(e->ptr, inst.globals[1]);
  EXPECT_EQ(inst.find_export("f")->ptr, f);
  EXPECT_EQ(inst.find_export("base")->ptr, base);
  EXPECT_FALSE(inst.find_export("nope"));
}

TEST(RuntimeInstantiate, ImportsAreChecked) {
  Store store(Config{});
  auto module = make_module(3, 0);
  auto none = store.instantiate(module, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::Unlinkable);

  uint64_t v[2] = {0, 0};
  GlobalInst* mut = store.add_global(binary::GlobalType{ValType::I32, true}, v);
  auto r = store.instantiate(module, {ExternVal{binary::ExternKind::Global, mut}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(r.error().message,
            "incompatible import type for \"env\" \"base\": expected (global i32), got (global (mut i32))");

  FuncInst* f = store.add_host_func(binary::FuncType{}, nullptr);
  auto r2 = store.instantiate(module, {ExternVal{binary::ExternKind::Func, f}});
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().message.rfind("incompatible import type", 0), 0u);
}

TEST(RuntimeInstantiate, ElementOutOfBoundsKeepsEarlierSegments) {
  Store store(Config{});
  GlobalInst* base = base_global(store, 100);
  auto r = store.instantiate(make_module(4, 0), {ExternVal{binary::ExternKind::Global, base}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_EQ(r.error().message, "out of bounds table access");
}

TEST(RuntimeInstantiate, DataOutOfBoundsKeepsEarlierSegments) {
  Store store(Config{});
  GlobalInst* base = base_global(store, 7);
  auto module = make_module(3, 65536);  // one page: "z" at 65536 is out of bounds
  auto r = store.instantiate(module, {ExternVal{binary::ExternKind::Global, base}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST(RuntimeLink, LimitsSubtyping) {
  binary::Module m;
  binary::Import imp;
  imp.module = "a";
  imp.name = "b";
  imp.kind = binary::ExternKind::Memory;
  Store store(Config{});
  MemoryInst* mem = *store.add_memory(binary::MemoryType{{2, 5}});
  auto check = [&](uint64_t min, std::optional<uint64_t> max) {
    imp.memory = binary::MemoryType{{min, max}};
    return bool(match_import(m, imp, ExternVal{binary::ExternKind::Memory, mem}));
  };
  EXPECT_TRUE(check(0, std::nullopt));
  EXPECT_TRUE(check(2, std::nullopt));
  EXPECT_FALSE(check(3, std::nullopt));
  EXPECT_TRUE(check(2, 5));
  EXPECT_TRUE(check(1, 6));
  EXPECT_FALSE(check(2, 4));
  EXPECT_EQ(mem->grow(1), 2);
  EXPECT_TRUE(check(3, std::nullopt));  // the current size counts
  MemoryInst* open = *store.add_memory(binary::MemoryType{{1, std::nullopt}});
  imp.memory = binary::MemoryType{{1, 10}};
  EXPECT_FALSE(match_import(m, imp, ExternVal{binary::ExternKind::Memory, open}));
}

}  // namespace
}  // namespace mosaic::exec
