// list<u8> held as bytes (Value::bytes): equality with u8 items, lifting and lowering in one copy (canonical
// ABI, component to component, the values fixture), the typed API, WAVE text, and the traps that stay.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "canon/canon_harness.h"
#include "component/text/wave.h"
#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/component/typed.h"

namespace mosaic::component {
namespace {

using canon::test::expect_trap;
using canon::test::expect_usage;
using canon::test::fixed_list_of;
using canon::test::Guest;
using canon::test::list_of;
using canon::test::prim;
using canon::test::ReallocCall;
using canon::test::record_of;
using Bytes = std::vector<uint8_t>;

Value u8_items(const Bytes& bytes) {
  std::vector<Value> items;
  for (uint8_t b : bytes) items.push_back(Value::u8(b));
  return Value::list(std::move(items));
}

// n bytes that are not all alike.
Bytes pattern(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = uint8_t(i * 131 + (i >> 8));
  return b;
}

TEST(ValueBytes, HeldAsBytes) {
  Value v = Value::bytes({1, 2, 255});
  EXPECT_EQ(v.kind(), TypeKind::List);
  EXPECT_TRUE(v.is_bytes());
  EXPECT_TRUE(v.items().empty());
  ASSERT_EQ(v.as_bytes().size(), 3u);
  EXPECT_EQ(v.as_bytes()[2], 255);
  EXPECT_FALSE(u8_items({1, 2}).is_bytes());
  EXPECT_FALSE(Value::list({}).is_bytes());
  EXPECT_FALSE(Value::string("ab").is_bytes());
  EXPECT_TRUE(Value::bytes({}).is_bytes());
  // Copies and moves keep the bytes.
  Value copy = v;
  EXPECT_TRUE(copy.is_bytes());
  EXPECT_EQ(Bytes(copy.as_bytes().begin(), copy.as_bytes().end()), (Bytes{1, 2, 255}));
  Value moved = std::move(copy);
  EXPECT_EQ(Bytes(moved.as_bytes().begin(), moved.as_bytes().end()), (Bytes{1, 2, 255}));
}

TEST(ValueBytes, EqualToTheSameListOfU8Items) {
  EXPECT_EQ(Value::bytes({1, 2, 3}), u8_items({1, 2, 3}));
  EXPECT_EQ(u8_items({1, 2, 3}), Value::bytes({1, 2, 3}));
  EXPECT_EQ(Value::bytes({1, 2, 3}), Value::bytes({1, 2, 3}));
  EXPECT_EQ(Value::bytes({}), Value::list({}));
  EXPECT_EQ(Value::list({}), Value::bytes({}));
  EXPECT_NE(Value::bytes({1, 2, 3}), u8_items({1, 2, 4}));
  EXPECT_NE(Value::bytes({1, 2, 3}), u8_items({1, 2}));
  EXPECT_NE(Value::bytes({1, 2}), Value::bytes({1, 2, 0}));
  EXPECT_NE(Value::bytes({1, 2}), Value::list({Value::u16(1), Value::u16(2)}));  // not u8 values
  EXPECT_NE(Value::bytes({1}), Value::list({Value::s8(1)}));
  EXPECT_NE(Value::bytes({1}), Value::fixed_list({Value::u8(1)}));  // another kind
  EXPECT_NE(Value::bytes({'a'}), Value::string("a"));
  EXPECT_EQ(Value::option(Value::bytes({7})), Value::option(u8_items({7})));  // nested
}

TEST(ValueBytes, ToBytesAndViewBytesReadBothForms) {
  Bytes out;
  ASSERT_TRUE(Value::bytes({9, 8}).to_bytes(out));
  EXPECT_EQ(out, (Bytes{9, 8}));
  ASSERT_TRUE(u8_items({7, 6, 5}).to_bytes(out));
  EXPECT_EQ(out, (Bytes{7, 6, 5}));
  EXPECT_FALSE(Value::list({Value::u16(1)}).to_bytes(out));
  EXPECT_FALSE(Value::u8(1).to_bytes(out));

  Value bytes = Value::bytes({4, 5, 6});
  Bytes scratch;
  auto view = bytes.view_bytes(scratch);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->data(), bytes.as_bytes().data());  // no copy
  EXPECT_TRUE(scratch.empty());
  Value items = u8_items({4, 5});
  view = items.view_bytes(scratch);
  ASSERT_TRUE(view);
  EXPECT_EQ(Bytes(view->begin(), view->end()), (Bytes{4, 5}));
  EXPECT_FALSE(Value::string("x").view_bytes(scratch));
}

TEST(ValueBytes, WavePrintsAsBefore) {
  EXPECT_EQ(text::print_value(Value::bytes({1, 2, 3})), "[1, 2, 3]");
  EXPECT_EQ(text::print_value(Value::bytes({1, 2, 3})), text::print_value(u8_items({1, 2, 3})));
  EXPECT_EQ(text::print_value(Value::bytes({})), "[]");
  EXPECT_EQ(text::print_value(Value::bytes({0, 255})), "[0, 255]");
  EXPECT_EQ(text::print_value(Value::record({{"data", Value::bytes({10})}})), "{data: [10]}");
}

TEST(ValueBytes, WaveParsesListU8AsBytes) {
  auto v = text::parse_value("[1, 2, 255]", list_of(prim(TypeKind::U8)));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->is_bytes());
  EXPECT_EQ(*v, u8_items({1, 2, 255}));
  auto e = text::parse_value("[]", list_of(prim(TypeKind::U8)));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->is_bytes());
  EXPECT_FALSE(text::parse_value("[256]", list_of(prim(TypeKind::U8))));
  auto other = text::parse_value("[1]", list_of(prim(TypeKind::U16)));
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->is_bytes());
}

TEST(ValueBytes, CheckValueAcceptsBothForms) {
  ValTypePtr bytes_t = list_of(prim(TypeKind::U8));
  EXPECT_TRUE(canon::check_value(Value::bytes({1, 2}), bytes_t));
  EXPECT_TRUE(canon::check_value(u8_items({1, 2}), bytes_t));
  EXPECT_TRUE(canon::check_value(Value::bytes({}), bytes_t));
  // Bytes are u8 values: not values of another element type, but an empty list is a list of anything.
  expect_usage(canon::check_value(Value::bytes({1}), list_of(prim(TypeKind::S8))));
  EXPECT_TRUE(canon::check_value(Value::bytes({}), list_of(prim(TypeKind::String))));
  expect_usage(canon::check_value(Value::bytes({1}), prim(TypeKind::String)));
  // A fixed-size list<u8, 2> takes two bytes.
  EXPECT_TRUE(canon::check_value(Value::bytes({1, 2}), fixed_list_of(prim(TypeKind::U8), 2)));
  expect_usage(canon::check_value(Value::bytes({1, 2, 3}), fixed_list_of(prim(TypeKind::U8), 2)));
  // Nested in a record.
  ValTypePtr rec = record_of({{"data", bytes_t}});
  EXPECT_TRUE(canon::check_value(Value::record({{"data", Value::bytes({3})}}), rec));
}

// The canonical ABI over one guest memory (canon_harness.h).
class ValueBytesCanon : public canon::test::ComponentCanon {
 protected:
  ValTypePtr bytes_t = list_of(prim(TypeKind::U8));
};

TEST_F(ValueBytesCanon, LiftGivesBytes) {
  Guest g(store);
  std::memcpy(g.data() + 100, "\x01\x02\xff", 3);
  auto cx = g.cx();
  std::vector<Val> flat = {Val::i32(100), Val::i32(3)};
  canon::CoreValueIter vi{flat, 0};
  auto v = canon::lift_flat(cx, vi, bytes_t);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->is_bytes());
  EXPECT_EQ(*v, Value::bytes({1, 2, 255}));
  // Through memory (load_list): (ptr, len) at 8.
  g.put32(8, 101);
  g.put32(12, 2);
  auto m = canon::load(cx, 8, bytes_t);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->is_bytes());
  EXPECT_EQ(*m, Value::bytes({2, 255}));
  // Empty, at the very end of memory.
  std::vector<Val> empty = {Val::i32(65536), Val::i32(0)};
  canon::CoreValueIter ve{empty, 0};
  auto e = canon::lift_flat(cx, ve, bytes_t);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(*e, Value::bytes({}));
}

TEST_F(ValueBytesCanon, LiftOutOfBoundsTraps) {
  Guest g(store);
  auto cx = g.cx();
  for (auto [ptr, len] :
       {std::pair<uint32_t, uint32_t>{65530, 7}, {65537, 0}, {0, 65537}, {0xFFFFFFFF, 2}, {1, 0xFFFFFFFF}}) {
    std::vector<Val> flat = {Val::i32(int32_t(ptr)), Val::i32(int32_t(len))};
    canon::CoreValueIter vi{flat, 0};
    expect_trap(canon::lift_flat(cx, vi, bytes_t), "list pointer/length out of bounds of memory");
  }
  // At a component-to-component boundary the adapter's words.
  auto acx = g.cx();
  acx.adapter = true;
  std::vector<Val> flat = {Val::i32(65530), Val::i32(7)};
  canon::CoreValueIter vi{flat, 0};
  expect_trap(canon::lift_flat(acx, vi, bytes_t), "list content out-of-bounds");
}

TEST_F(ValueBytesCanon, LowerBytesIsOneAllocationAndCopy) {
  Guest g(store);
  auto cx = g.cx();
  Bytes data = pattern(1000);
  std::vector<Val> out;
  ASSERT_TRUE(canon::lower_flat(cx, Value::bytes(data), bytes_t, out));
  ASSERT_EQ(out.size(), 2u);
  ASSERT_EQ(g.calls.size(), 1u);
  EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 1, 1000}));
  uint32_t ptr = uint32_t(out[0].as_i32());
  EXPECT_EQ(uint32_t(out[1].as_i32()), 1000u);
  EXPECT_EQ(g.bytes(ptr, 1000), data);
  // u8 items still lower, to the same bytes.
  out.clear();
  ASSERT_TRUE(canon::lower_flat(cx, u8_items({5, 6, 7}), bytes_t, out));
  EXPECT_EQ(g.bytes(uint32_t(out[0].as_i32()), 3), (Bytes{5, 6, 7}));
  // Through memory (store_list).
  ASSERT_TRUE(canon::store(cx, Value::bytes({9, 8, 7, 6}), bytes_t, 16));
  EXPECT_EQ(g.get32(20), 4u);
  EXPECT_EQ(g.bytes(g.get32(16), 4), (Bytes{9, 8, 7, 6}));
  // Empty: a zero-length allocation, as for any list.
  size_t calls = g.calls.size();
  out.clear();
  ASSERT_TRUE(canon::lower_flat(cx, Value::bytes({}), bytes_t, out));
  EXPECT_EQ(uint32_t(out[1].as_i32()), 0u);
  EXPECT_EQ(g.calls.size(), calls + 1);
}

TEST_F(ValueBytesCanon, LowerChecksTheElementTypeAndRealloc) {
  Guest g(store);
  auto cx = g.cx();
  std::vector<Val> out;
  expect_usage(canon::lower_flat(cx, Value::bytes({1}), list_of(prim(TypeKind::U16)), out));
  EXPECT_TRUE(g.calls.empty());  // refused before allocating
  expect_usage(canon::lower_flat(cx, Value::list({Value::u8(1), Value::u16(2)}), bytes_t, out));
  out.clear();
  EXPECT_TRUE(canon::lower_flat(cx, Value::bytes({}), list_of(prim(TypeKind::String)), out));
  // realloc answering past the end of memory, or at the edge, traps rather than writing there.
  g.forced = 65535;
  out.clear();
  expect_trap(canon::lower_flat(cx, Value::bytes({1, 2}), bytes_t, out),
              "realloc return: beyond end of memory");
  g.forced = 0xFFFFFFFF;
  expect_trap(canon::lower_flat(cx, Value::bytes({1}), bytes_t, out), "realloc return: beyond end of memory");
  g.forced = 65534;
  out.clear();
  ASSERT_TRUE(canon::lower_flat(cx, Value::bytes({1, 2}), bytes_t, out));
  EXPECT_EQ(g.bytes(65534, 2), (Bytes{1, 2}));
}

TEST_F(ValueBytesCanon, FixedListOfU8FromBytes) {
  Guest g(store);
  auto cx = g.cx();
  ValTypePtr t = fixed_list_of(prim(TypeKind::U8), 3);
  std::vector<Val> out;
  ASSERT_TRUE(canon::lower_flat(cx, Value::bytes({1, 2, 3}), t, out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].as_i32(), 3);
  ASSERT_TRUE(canon::store(cx, Value::bytes({4, 5, 6}), t, 40));
  EXPECT_EQ(g.bytes(40, 3), (Bytes{4, 5, 6}));
  auto back = canon::load(cx, 40, t);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind(), TypeKind::FixedList);
  EXPECT_EQ(back->items().size(), 3u);
  out.clear();
  expect_usage(canon::lower_flat(cx, Value::bytes({1, 2}), t, out));
  expect_usage(canon::store(cx, Value::bytes({1, 2, 3}), fixed_list_of(prim(TypeKind::S8), 3), 40));
}

TEST_F(ValueBytesCanon, ComponentToComponentCopiesBytes) {
  // A calls B's echo-bytes(b: list<u8>) -> list<u8> through a lowered import: lifted from A's memory as
  // bytes, lowered into B's in one allocation, and back.
  Guest a(store), b(store);
  mosaic::Func core =
      mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32, ValKind::I32}, {ValKind::I32}},
                           [&b](Caller&, std::span<const Val> args, std::span<Val> r) -> Result<void> {
                             b.put32(16, uint32_t(args[0].as_i32()));
                             b.put32(20, uint32_t(args[1].as_i32()));
                             r[0] = Val::i32(16);
                             return ok();
                           });
  rt::ComponentFunc echo;
  auto ft = std::make_shared<FuncType>();
  ft->params = {{"b", bytes_t}};
  ft->result = bytes_t;
  echo.type = ft;
  echo.resources = &b.resources;
  echo.inst = &b.inst;
  echo.core = core;
  echo.opts = b.opts;
  echo.name = "echo-bytes";
  mosaic::Func f = canon::canon_lower(store, &echo, a.opts, &a.inst);
  Bytes data = pattern(5000);
  std::memcpy(a.data() + 100, data.data(), data.size());
  std::vector<Val> args = {Val::i32(100), Val::i32(int32_t(data.size())), Val::i32(8)};
  auto r = f.call(store, args);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(b.calls.size(), 1u);
  EXPECT_EQ(b.calls[0], (ReallocCall{0, 0, 1, 5000}));
  ASSERT_EQ(a.calls.size(), 1u);
  EXPECT_EQ(a.calls[0], (ReallocCall{0, 0, 1, 5000}));
  EXPECT_EQ(a.get32(12), 5000u);
  EXPECT_EQ(a.bytes(a.get32(8), 5000), data);
  // A list that runs past A's memory traps with the adapter's words.
  args = {Val::i32(65000), Val::i32(1000), Val::i32(8)};
  expect_trap(f.call(store, args), "list content out-of-bounds");
}

// Reads <build>/tests/component/fixtures/NAME.wasm; skips the test when the fixtures were not built.
#define LOAD_FIXTURE(var, name)                                                                     \
  std::vector<uint8_t> var;                                                                         \
  {                                                                                                 \
    const char* dir = std::getenv("MOSAIC_COMPONENT_FIXTURES");                                     \
    if (!dir || !*dir) GTEST_SKIP() << "MOSAIC_COMPONENT_FIXTURES is not set (needs node and jco)"; \
    std::ifstream in(std::string(dir) + "/" + (name) + ".wasm", std::ios::binary);                  \
    ASSERT_TRUE(in) << "missing fixture " << dir << "/" << (name) << ".wasm";                       \
    var.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());               \
  }

// An instance of the values fixture (tests/component/fixtures/values.wat) in its own store.
struct ValuesInstance {
  explicit ValuesInstance(Engine& engine, const Component& c) : store(engine) {
    auto i = Linker().instantiate(store, c);
    EXPECT_TRUE(i) << i.error().to_string();
    if (i) instance = *i;
  }
  Result<Value> call1(std::string_view name, std::vector<Value> args) {
    auto f = instance.get_func(std::string("local:test/values#") + std::string(name));
    if (!f) return Error(ErrorKind::Usage, "no export " + std::string(name));
    std::vector<Value> r = MOSAIC_TRY(f->call(store, args));
    if (r.size() != 1) return Error(ErrorKind::Usage, "expected one result");
    return r[0];
  }
  Store store;
  Instance instance;
};

#define VALUES_COMPONENT(engine, component)                \
  LOAD_FIXTURE(values_wasm, "values");                     \
  Engine engine;                                           \
  auto compiled = Component::compile(engine, values_wasm); \
  ASSERT_TRUE(compiled) << compiled.error().to_string();   \
  const Component& component = *compiled;

TEST(ValueBytesFixture, EchoRoundTrips) {
  VALUES_COMPONENT(engine, component);
  ValuesInstance v(engine, component);
  for (size_t n : {size_t(0), size_t(1), size_t(1) << 20}) {
    Bytes data = pattern(n);
    auto r = v.call1("echo-bytes", {Value::bytes(data)});
    ASSERT_TRUE(r) << n << ": " << r.error().to_string();
    EXPECT_TRUE(r->is_bytes()) << n;
    EXPECT_EQ(r->as_bytes().size(), n);
    EXPECT_TRUE(*r == Value::bytes(data)) << n;  // (EXPECT_EQ would print a MiB on failure)
  }
  // u8 items go in as before and come back as bytes.
  auto r = v.call1("echo-bytes", {u8_items({0, 1, 255})});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->is_bytes());
  EXPECT_EQ(*r, Value::bytes({0, 1, 255}));
  // The guest computes on what was lowered.
  auto sum = v.call1("sum-bytes", {Value::bytes({255, 255, 255, 3})});
  ASSERT_TRUE(sum);
  EXPECT_EQ(*sum, Value::u32(768));
  Bytes big = pattern(size_t(1) << 20);
  uint32_t expected = 0;
  for (uint8_t b : big) expected += b;
  sum = v.call1("sum-bytes", {Value::bytes(big)});
  ASSERT_TRUE(sum);
  EXPECT_EQ(*sum, Value::u32(expected));
  // The wrong element type is a Usage error, not a trap.
  auto bad = v.call1("echo-bytes", {Value::list({Value::u16(1)})});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
}

TEST(ValueBytesFixture, LiftedFromOneInstanceLoweredIntoAnother) {
  VALUES_COMPONENT(engine, component);
  ValuesInstance a(engine, component), b(engine, component);
  Bytes data = pattern(size_t(1) << 20);
  auto reversed = a.call1("reverse-bytes", {Value::bytes(data)});
  ASSERT_TRUE(reversed) << reversed.error().to_string();
  ASSERT_TRUE(reversed->is_bytes());
  auto back = b.call1("reverse-bytes", {*reversed});
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_TRUE(*back == Value::bytes(data));
  Bytes r(reversed->as_bytes().begin(), reversed->as_bytes().end());
  EXPECT_EQ(r.front(), data.back());
  EXPECT_EQ(r.back(), data.front());
}

TEST(ValueBytesFixture, TypedVectorOfU8) {
  VALUES_COMPONENT(engine, component);
  ValuesInstance v(engine, component);
  auto echo =
      v.instance.get_typed_func<std::vector<uint8_t>(std::vector<uint8_t>)>("local:test/values#echo-bytes");
  ASSERT_TRUE(echo) << echo.error().to_string();
  Bytes data = pattern(70000);
  auto r = echo->call(v.store, data);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, data);
  auto e = echo->call(v.store, Bytes{});
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->empty());
}

TEST(ValueBytes, TypedConversions) {
  Value v = WitType<std::vector<uint8_t>>::to_value(Bytes{1, 2, 3});
  EXPECT_TRUE(v.is_bytes());
  auto back = WitType<std::vector<uint8_t>>::from_value(v);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (Bytes{1, 2, 3}));
  auto from_items = WitType<std::vector<uint8_t>>::from_value(u8_items({4, 5}));
  ASSERT_TRUE(from_items);
  EXPECT_EQ(*from_items, (Bytes{4, 5}));
  // Bytes are u8 values: a vector of another element type does not take them (unless there are none).
  EXPECT_FALSE(WitType<std::vector<int8_t>>::from_value(Value::bytes({1})));
  auto none = WitType<std::vector<uint16_t>>::from_value(Value::bytes({}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // Other vectors keep their items.
  EXPECT_FALSE(WitType<std::vector<uint16_t>>::to_value(std::vector<uint16_t>{1, 2}).is_bytes());
}

}  // namespace
}  // namespace mosaic::component
