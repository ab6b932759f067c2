// Copy-on-write memory images (exec/memory_image.h): a module's memories start from an image, built on its
// second instantiation, with exactly the bytes its active data segments would have copied (spec 4.5.4), and
// every instance gets its own copy of each page it writes. Also the host's memory limit
// (Config::max_memory_bytes).

#include "exec/memory_image.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "interp_harness.h"
#include "support/platform/memory_file.h"
#include "support/platform/virtual_memory.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint64_t kPage = binary::kPageSize;

// Data segments (spec 5.5.14): active in memory 0 at a constant offset, active at an i32 global's value,
// passive.
Bytes active(int32_t offset, const Bytes& bytes) {
  return cat({{0x00}, i32c(offset), {op::kEnd}, uleb(bytes.size()), bytes});
}
Bytes active_at_global(uint32_t global, const Bytes& bytes) {
  return cat({{0x00, op::kGlobalGet}, uleb(global), {op::kEnd}, uleb(bytes.size()), bytes});
}
Bytes passive(const Bytes& bytes) { return cat({{0x01}, uleb(bytes.size()), bytes}); }

Bytes filled(size_t n, uint8_t first) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = uint8_t(first + i * 7);
  return b;
}

// A memory of `min` pages (and `max`, if given), exported as "mem", with the given data segments, and the
// functions "init" (memory.init of segment 0: dest, src, len), "drop1" (data.drop 1), "grow" (memory.grow)
// and "load8" (i32.load8_u).
ModuleBytes memory_module(uint32_t min, std::optional<uint32_t> max, std::vector<Bytes> datas) {
  ModuleBytes m;
  m.types = {func_type({op::kI32, op::kI32, op::kI32}, {}), func_type({op::kI32}, {op::kI32})};
  m.memories = {max ? cat({{0x01}, uleb(min), uleb(*max)}) : cat({{0x00}, uleb(min)})};
  m.exports = {export_entry("mem", 2, 0), export_func("init", 0), export_func("grow", 1),
               export_func("load8", 2)};
  m.func(0, cat({local_get(0), local_get(1), local_get(2), fc(8), {0x00, 0x00}, {op::kEnd}}));
  m.func(1, cat({local_get(0), {0x40, 0x00}, {op::kEnd}}));
  m.func(1, cat({local_get(0), {0x2d}, memarg(0, 0), {op::kEnd}}));
  m.data_count = {uint32_t(datas.size())};
  m.datas = std::move(datas);
  return m;
}

std::shared_ptr<const CompiledModule> compile_bytes(const Bytes& bytes) {
  auto decoded = binary::decode(bytes);
  EXPECT_TRUE(decoded) << decoded.error().to_string();
  if (!decoded) return nullptr;
  auto validated = valid::validate(std::move(*decoded));
  EXPECT_TRUE(validated) << validated.error().to_string();
  if (!validated) return nullptr;
  auto compiled = compile(std::move(*validated));
  EXPECT_TRUE(compiled) << compiled.error().to_string();
  return compiled ? *compiled : nullptr;
}

Config images_config(bool on) {
  Config config;
  config.memory_images = on;
  return config;
}

// One store and one instance of a compiled module.
struct Instantiated {
  std::unique_ptr<Store> store;
  Instance* instance = nullptr;
  Error error;

  explicit Instantiated(const std::shared_ptr<const CompiledModule>& module, Config config = {},
                        const std::vector<ExternVal>& imports = {})
      : store(std::make_unique<Store>(config)) {
    auto r = store->instantiate(module, imports);
    if (r) {
      instance = *r;
    } else {
      error = std::move(r).error();
    }
  }

  MemoryInst* memory() {
    auto e = instance ? instance->find_export("mem") : std::nullopt;
    return e ? static_cast<MemoryInst*>(e->ptr) : nullptr;
  }
  Bytes contents() {
    MemoryInst* mem = memory();
    return mem ? Bytes(mem->data, mem->data + mem->size) : Bytes{};
  }
  Result<std::vector<uint64_t>> invoke(const std::string& name, std::vector<uint64_t> args) {
    auto e = instance->find_export(name);
    if (!e) return Error(ErrorKind::Usage, "no export " + name);
    auto* f = static_cast<FuncInst*>(e->ptr);
    std::vector<uint64_t> results(2);
    Result<void> r = interp::call(*store, f, args.data(), results.data());
    if (!r) return std::move(r).error();
    results.resize(f->type->results.size());
    return results;
  }
};

// The memory's bytes from the copy path, and from an image (the module's second instantiation), which must
// be equal; and the image must really have been used.
void expect_image_equals_copy(const ModuleBytes& module_bytes) {
  auto module = compile_bytes(module_bytes.build());
  ASSERT_TRUE(module);
  Instantiated copied(module, images_config(false));
  ASSERT_TRUE(copied.instance) << copied.error.to_string();
  EXPECT_EQ(copied.memory()->image, nullptr);

  Instantiated first(module);
  ASSERT_TRUE(first.instance) << first.error.to_string();
  EXPECT_EQ(first.memory()->image, nullptr) << "the first instantiation copies";
  Instantiated second(module);
  ASSERT_TRUE(second.instance) << second.error.to_string();
  ASSERT_NE(second.memory()->image, nullptr) << "the second instantiation maps the image";

  Bytes expected = copied.contents();
  EXPECT_EQ(first.contents(), expected);
  Bytes actual = second.contents();
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(actual[i], expected[i]) << "byte " << i;
  }
}

TEST(MemoryImage, SeveralSegments) {
  expect_image_equals_copy(
      memory_module(3, std::nullopt,
                    {active(0, filled(100, 1)), active(5000, filled(3000, 2)), active(70000, filled(9, 3))}));
}

TEST(MemoryImage, OverlappingSegmentsLaterWins) {
  expect_image_equals_copy(
      memory_module(1, std::nullopt,
                    {active(10, filled(500, 1)), active(200, filled(100, 9)), active(0, filled(20, 200))}));
}

TEST(MemoryImage, SegmentsAcrossPageBoundaries) {
  // Across a host page (4096) and a wasm page (65536), and one filling a whole host page exactly.
  expect_image_equals_copy(
      memory_module(2, 2,
                    {active(4090, filled(20, 5)), active(int32_t(kPage) - 3, filled(9, 77)),
                     active(8192, filled(4096, 11))}));
}

TEST(MemoryImage, SegmentAtTheVeryEnd) {
  expect_image_equals_copy(
      memory_module(2, std::nullopt, {active(int32_t(2 * kPage) - 17, filled(17, 40)), active(0, {1})}));
}

TEST(MemoryImage, ZeroLengthSegments) {
  // Zero-length segments anywhere in bounds, even at the very end, write nothing.
  expect_image_equals_copy(
      memory_module(1, std::nullopt,
                    {active(int32_t(kPage), {}), active(3, {}), active(100, filled(10, 1)), active(0, {})}));
}

TEST(MemoryImage, LeadingAndTrailingZerosAndGaps) {
  // Zero bytes at both ends of the written range, and whole zero pages between two segments.
  Bytes zeros_then_data(9000, 0);
  zeros_then_data.back() = 0x5a;
  expect_image_equals_copy(
      memory_module(4, std::nullopt,
                    {active(int32_t(kPage), zeros_then_data), active(int32_t(3 * kPage), filled(10, 3)),
                     active(300, Bytes(5000, 0))}));
}

TEST(MemoryImage, SegmentsOfOnlyZeros) {
  expect_image_equals_copy(
      memory_module(1, std::nullopt, {active(0, Bytes(70, 0)), active(4096, Bytes(4096, 0))}));
}

TEST(MemoryImage, InstancesAreIndependent) {
  auto module = compile_bytes(memory_module(2, std::nullopt, {active(16, filled(8000, 1))}).build());
  ASSERT_TRUE(module);
  const Bytes expected = Instantiated(module, images_config(false)).contents();
  Instantiated a(module), b(module);
  ASSERT_TRUE(a.instance && b.instance);
  ASSERT_NE(b.memory()->image, nullptr);
  // Writes into an imaged page, a zero page of the image's range and a page past it.
  b.memory()->data[16] = 0xee;
  b.memory()->data[4096 + 17] ^= 0xff;
  b.memory()->data[kPage + 1] = 0x11;
  // Another instance in the same store, and one in a later store: both see the original bytes.
  auto c = b.store->instantiate(module, {});
  ASSERT_TRUE(c);
  auto c_mem = static_cast<MemoryInst*>((*c)->find_export("mem")->ptr);
  EXPECT_EQ(Bytes(c_mem->data, c_mem->data + c_mem->size), expected);
  EXPECT_EQ(a.contents(), expected);
  Instantiated later(module);
  EXPECT_EQ(later.contents(), expected);
  EXPECT_EQ(b.memory()->data[16], 0xee);
  EXPECT_EQ(b.memory()->data[kPage + 1], 0x11);
  // A write through wasm code of one instance either.
  EXPECT_EQ(ok_results(later.invoke("load8", {16})), std::vector<uint64_t>{expected[16]});
}

TEST(MemoryImage, PagesInstancesWroteArePrivateFromTheStart) {
  // Three image pages: the samples write the second; after kSamples of them, a new instance has that page
  // as its own copy before anything touches it, and the other two are still the file's (not even mapped).
  const uint64_t host_page = support::platform::page_size();
  auto module = compile_bytes(memory_module(1, std::nullopt, {active(0, filled(3 * host_page, 1))}).build());
  ASSERT_TRUE(module);
  const Bytes expected = Instantiated(module, images_config(false)).contents();
  { Instantiated first(module); }  // the first instantiation copies
  for (uint32_t i = 0; i < MemoryImage::kSamples; ++i) {
    Instantiated sample(module);
    ASSERT_NE(sample.memory()->image, nullptr);
    sample.memory()->data[host_page + 5] ^= 0xff;
  }
  Instantiated fresh(module);
  MemoryInst* mem = fresh.memory();
  ASSERT_NE(mem->image, nullptr);
  std::vector<bool> written = support::platform::MemoryFile::written_pages(mem->data, 3 * host_page);
  if (written.empty()) GTEST_SKIP() << "/proc/self/pagemap is not readable here";
  EXPECT_EQ(written, (std::vector<bool>{false, true, false}));
  // Prefaulting changes no byte.
  EXPECT_EQ(fresh.contents(), expected);
}

TEST(MemoryImage, AMemoryKeepsItsImageAfterTheModuleIsGone) {
  // The store ends its instances (and with them the last reference to the module) before its memories, and a
  // memory reports the pages it wrote to its image when it ends: the image must still be there (ASan).
  auto module = compile_bytes(memory_module(1, std::nullopt, {active(0, filled(100, 1))}).build());
  ASSERT_TRUE(module);
  { Instantiated first(module); }
  Instantiated second(module);
  ASSERT_NE(second.memory()->image, nullptr);
  second.memory()->data[3] ^= 0xff;
  module.reset();
}

TEST(MemoryImage, ActiveSegmentsAreDroppedAndPassiveOnesKept) {
  // Segment 0 is passive: memory.init copies it after instantiation. Segment 1 is active, so it is dropped
  // (spec 4.5.4): memory.init from it traps unless its length is 0.
  ModuleBytes m = memory_module(1, std::nullopt, {passive(filled(50, 100)), active(40, filled(30, 1))});
  m.func(0, cat({local_get(0), local_get(1), local_get(2), fc(8), {0x01, 0x00}, {op::kEnd}}));
  m.exports.push_back(export_func("init1", 3));
  auto module = compile_bytes(m.build());
  ASSERT_TRUE(module);
  for (int round = 0; round < 3; ++round) {
    Instantiated inst(module);
    ASSERT_TRUE(inst.instance) << inst.error.to_string();
    EXPECT_EQ(inst.memory()->image != nullptr, round > 0);
    EXPECT_EQ(inst.memory()->data[40], 1);
    EXPECT_EQ(inst.memory()->data[1000], 0);
    ASSERT_TRUE(inst.invoke("init", {1000, 5, 20}));
    for (int i = 0; i < 20; ++i) EXPECT_EQ(inst.memory()->data[1000 + i], uint8_t(100 + (5 + i) * 7));
    EXPECT_TRUE(traps_with(inst.invoke("init1", {0, 0, 1}), "out of bounds memory access"));
    EXPECT_TRUE(inst.invoke("init1", {0, 0, 0}));
    EXPECT_EQ(inst.instance->datas[1].size, 0u);
    EXPECT_EQ(inst.instance->datas[0].size, 50u);
  }
}

TEST(MemoryImage, OutOfBoundsSegmentTrapsEveryTime) {
  // The first segment fits and the second does not: no image, and every instantiation traps.
  auto module = compile_bytes(
      memory_module(1, std::nullopt, {active(0, filled(10, 1)), active(int32_t(kPage) - 4, filled(5, 1))})
          .build());
  ASSERT_TRUE(module);
  for (int round = 0; round < 3; ++round) {
    Instantiated inst(module);
    EXPECT_EQ(inst.instance, nullptr);
    EXPECT_EQ(inst.error.kind, ErrorKind::Uninstantiable);
    EXPECT_EQ(inst.error.message, "out of bounds memory access");
  }
}

TEST(MemoryImage, OffsetFromAnImportedGlobal) {
  // One segment's offset is an imported global's value: that memory gets no image, the copy stays exact, and
  // an out-of-bounds value still traps.
  ModuleBytes m =
      memory_module(1, std::nullopt, {active(0, filled(4, 1)), active_at_global(0, filled(6, 9))});
  m.imports = {cat({name("env"), name("base"), {0x03, op::kI32, 0x00}})};
  m.funcs.clear();
  m.codes.clear();
  m.exports = {export_entry("mem", 2, 0)};
  auto module = compile_bytes(m.build());
  ASSERT_TRUE(module);
  for (int round = 0; round < 3; ++round) {
    Store store{Config{}};
    uint64_t base[2] = {uint64_t(round == 2 ? kPage - 2 : 100 + round), 0};
    GlobalInst* g = store.add_global(binary::GlobalType{binary::ValType::I32, false}, base);
    auto inst = store.instantiate(module, {ExternVal{binary::ExternKind::Global, g}});
    if (round == 2) {
      ASSERT_FALSE(inst);
      EXPECT_EQ(inst.error().message, "out of bounds memory access");
      continue;
    }
    ASSERT_TRUE(inst) << inst.error().to_string();
    auto* mem = static_cast<MemoryInst*>((*inst)->find_export("mem")->ptr);
    EXPECT_EQ(mem->image, nullptr);
    EXPECT_EQ(mem->data[0], 1);
    EXPECT_EQ(mem->data[base[0] + 5], uint8_t(9 + 5 * 7));
  }
}

TEST(MemoryImage, ImportedMemoryIsNeverImaged) {
  ModuleBytes m;
  m.imports = {cat({name("env"), name("mem"), {0x02, 0x00, 0x01}})};
  m.exports = {export_entry("mem", 2, 0)};
  m.datas = {active(8, filled(30, 3))};
  auto module = compile_bytes(m.build());
  ASSERT_TRUE(module);
  Store store{Config{}};
  MemoryInst* mem = *store.add_memory(binary::MemoryType{{1, std::nullopt}});
  for (int round = 0; round < 3; ++round) {
    mem->data[8] = 0;
    ASSERT_TRUE(store.instantiate(module, {ExternVal{binary::ExternKind::Memory, mem}}));
    EXPECT_EQ(mem->image, nullptr);
    EXPECT_EQ(mem->data[8], 3);
  }
}

TEST(MemoryImage, GrowthAfterTheImageReadsZeros) {
  auto module = compile_bytes(memory_module(1, 4, {active(int32_t(kPage) - 8, filled(8, 1))}).build());
  ASSERT_TRUE(module);
  Instantiated first(module);
  Instantiated inst(module);
  ASSERT_TRUE(inst.instance);
  ASSERT_NE(inst.memory()->image, nullptr);
  EXPECT_EQ(ok_results(inst.invoke("grow", {2})), std::vector<uint64_t>{1});
  MemoryInst* mem = inst.memory();
  ASSERT_EQ(mem->size, 3 * kPage);
  EXPECT_EQ(mem->data[kPage - 1], uint8_t(1 + 7 * 7));
  for (uint64_t i = kPage; i < mem->size; ++i) ASSERT_EQ(mem->data[i], 0) << i;
  mem->data[2 * kPage] = 5;
  EXPECT_EQ(ok_results(inst.invoke("load8", {2 * kPage})), std::vector<uint64_t>{5});
  EXPECT_EQ(ok_results(inst.invoke("grow", {2})), std::vector<uint64_t>{uint64_t(-1) & 0xffffffff});
}

TEST(MemoryImage, ManyThreadsInstantiateOneModule) {
  auto module = compile_bytes(
      memory_module(2, std::nullopt, {active(0, filled(5000, 1)), active(int32_t(kPage) + 3, filled(700, 2))})
          .build());
  ASSERT_TRUE(module);
  const Bytes expected = Instantiated(module, images_config(false)).contents();
  std::atomic<int> mismatches{0}, imaged{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Instantiated inst(module);
        if (!inst.instance) {
          ++failures;
          continue;
        }
        if (inst.memory()->image) ++imaged;
        if (inst.contents() != expected) ++mismatches;
        inst.memory()->data[t * 100 + i] = uint8_t(0xf0 + t);  // a private copy of the page
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(imaged.load(), 39);  // all but the module's first instantiation
}

TEST(MemoryImage, ImagesOffCopiesAlways) {
  auto module = compile_bytes(memory_module(1, std::nullopt, {active(0, filled(10, 1))}).build());
  ASSERT_TRUE(module);
  for (int round = 0; round < 3; ++round) {
    Instantiated inst(module, images_config(false));
    ASSERT_TRUE(inst.instance);
    EXPECT_EQ(inst.memory()->image, nullptr);
    EXPECT_EQ(inst.memory()->data[9], uint8_t(1 + 9 * 7));
  }
}

TEST(MemoryImage, BuildSkipsMemoriesItCannotImage) {
  // Built directly: a memory with a segment past its initial size gets no image; one with only empty
  // segments gets an image without a file.
  auto oob = compile_bytes(memory_module(1, std::nullopt, {active(int32_t(kPage), {1})}).build());
  auto empty = compile_bytes(memory_module(1, std::nullopt, {active(0, {}), active(7, Bytes(3, 0))}).build());
  ASSERT_TRUE(oob && empty);
  Instance probe;
  probe.module = oob;
  ModuleImages::Images images = ModuleImages::build(probe);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0], nullptr);
  probe.module = empty;
  images = ModuleImages::build(probe);
  ASSERT_EQ(images.size(), 1u);
  ASSERT_NE(images[0], nullptr);
  EXPECT_FALSE(images[0]->file);
  EXPECT_EQ(images[0]->size(), 0u);
}

// Config::max_memory_bytes: a memory that starts larger fails instantiation; memory.grow stops at it.
TEST(MemoryLimit, InitialSizeAboveTheLimitFails) {
  Config config;
  config.max_memory_bytes = 2 * kPage;
  auto big = compile_bytes(memory_module(3, std::nullopt, {passive({})}).build());
  ASSERT_TRUE(big);
  Instantiated inst(big, config);
  EXPECT_EQ(inst.instance, nullptr);
  EXPECT_EQ(inst.error.kind, ErrorKind::Exhausted);
  EXPECT_NE(inst.error.message.find("exceeds the limit of 131072 bytes"), std::string::npos)
      << inst.error.message;
  // At the limit exactly is fine.
  auto fits = compile_bytes(memory_module(2, std::nullopt, {passive({})}).build());
  Instantiated ok_inst(fits, config);
  EXPECT_TRUE(ok_inst.instance) << ok_inst.error.to_string();
}

TEST(MemoryLimit, GrowPastTheLimitReturnsMinusOne) {
  Config config;
  config.max_memory_bytes = 3 * kPage + 100;  // rounds down to 3 pages
  auto module = compile_bytes(memory_module(1, std::nullopt, {active(0, {7})}).build());
  ASSERT_TRUE(module);
  Instantiated inst(module, config);
  ASSERT_TRUE(inst.instance) << inst.error.to_string();
  EXPECT_EQ(ok_results(inst.invoke("grow", {3})), std::vector<uint64_t>{0xffffffff});
  EXPECT_EQ(ok_results(inst.invoke("grow", {2})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(inst.invoke("grow", {1})), std::vector<uint64_t>{0xffffffff});
  EXPECT_EQ(inst.memory()->pages(), 3u);
  EXPECT_LE(inst.memory()->reserved, 3 * kPage);
  // A memory the host creates obeys the limit too.
  EXPECT_EQ(inst.store->add_memory(binary::MemoryType{{4, std::nullopt}}).error().kind, ErrorKind::Exhausted);
}

TEST(MemoryLimit, DefaultAllowsFourGiB) {
  auto mem = MemoryInst::create(binary::MemoryType{{1, std::nullopt}}, Config{}.max_memory_bytes);
  ASSERT_TRUE(mem);
  EXPECT_EQ((*mem)->max_pages, binary::kMaxPages);
}

}  // namespace
}  // namespace mosaic::exec::interp::test
