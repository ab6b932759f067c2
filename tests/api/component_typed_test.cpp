// Typed component functions (include/mosaic/component/typed.h): C++ types for WIT types, on exports
// (api_values.wat) and host functions (api_host.wat).

#include "mosaic/component/typed.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "mosaic/store.h"

namespace mosaic::component {

namespace typed_test {
struct Point {
  int32_t x = 0;
  int32_t y = 0;
};
enum class Color { Red, Green, Blue };
struct CounterTag {};
struct Misnamed {
  int32_t x = 0;
  int32_t z = 0;
};
}  // namespace typed_test

MOSAIC_WIT_RECORD(typed_test::Point, x, y)
MOSAIC_WIT_RECORD(typed_test::Misnamed, x, z)
MOSAIC_WIT_ENUM(typed_test::Color, "red", "green", "blue")

namespace {

using typed_test::Color;
using typed_test::Point;
using Pad = std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                       uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t>;

#define LOAD_COMPONENT(var, engine, name)                                                         \
  std::optional<Component> var;                                                                 \
  {                                                                                             \
    const char* dir = std::getenv("MOSAIC_COMPONENT_FIXTURES");                                 \
    if (!dir || !*dir) GTEST_SKIP() << "MOSAIC_COMPONENT_FIXTURES is not set (needs node and jco)"; \
    std::ifstream in(std::string(dir) + "/" + (name) + ".wasm", std::ios::binary);              \
    ASSERT_TRUE(in) << "missing fixture " << dir << "/" << (name) << ".wasm";                   \
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()); \
    auto compiled_ = Component::compile(engine, bytes);                                         \
    ASSERT_TRUE(compiled_) << (name) << ": " << compiled_.error().to_string();                  \
    var.emplace(std::move(compiled_).value());                                                  \
  }

TEST(ComponentApi, TypedExports) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_values");
  Linker linker;
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();

  auto add = inst->get_typed_func<uint32_t(uint32_t, uint32_t)>("add");
  ASSERT_TRUE(add) << add.error().to_string();
  auto sum = add->call(store, 40, 2);
  ASSERT_TRUE(sum) << sum.error().to_string();
  EXPECT_EQ(*sum, 42u);

  auto s8 = inst->get_typed_func<int8_t(int8_t)>("echo-s8");
  ASSERT_TRUE(s8);
  EXPECT_EQ(*s8->call(store, -5), -5);
  auto ch = inst->get_typed_func<char32_t(char32_t)>("echo-char");
  ASSERT_TRUE(ch);
  EXPECT_EQ(*ch->call(store, U'\u00e9'), U'\u00e9');
  auto f64 = inst->get_typed_func<double(double)>("echo-f64");
  ASSERT_TRUE(f64);
  EXPECT_EQ(*f64->call(store, 0.5), 0.5);

  auto str = inst->get_typed_func<std::string(std::string, Pad)>("echo-string");
  ASSERT_TRUE(str) << str.error().to_string();
  EXPECT_EQ(*str->call(store, "typed", Pad{}), "typed");
  auto list = inst->get_typed_func<std::vector<std::string>(std::vector<std::string>, Pad)>("echo-list");
  ASSERT_TRUE(list) << list.error().to_string();
  std::vector<std::string> words{"a", "bc"};
  EXPECT_EQ(*list->call(store, words, Pad{}), words);
  auto opt = inst->get_typed_func<std::optional<std::string>(std::optional<std::string>, Pad)>("echo-option");
  ASSERT_TRUE(opt) << opt.error().to_string();
  EXPECT_EQ(*opt->call(store, std::optional<std::string>("x"), Pad{}), std::optional<std::string>("x"));
  EXPECT_EQ(*opt->call(store, std::nullopt, Pad{}), std::nullopt);
  using Res = WitResult<uint32_t, std::string>;
  auto res = inst->get_typed_func<Res(Res, Pad)>("echo-result");
  ASSERT_TRUE(res) << res.error().to_string();
  auto r = res->call(store, Res::err("no"), Pad{});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->is_ok());
  EXPECT_EQ(r->error(), "no");
  using Pair = std::tuple<uint8_t, std::string>;
  auto tup = inst->get_typed_func<Pair(Pair, Pad)>("echo-tuple");
  ASSERT_TRUE(tup) << tup.error().to_string();
  EXPECT_EQ(*tup->call(store, Pair{3, "three"}, Pad{}), (Pair{3, "three"}));

  auto rec = inst->get_typed_func<Point(Point, Pad)>("local:api/values#echo-record");
  ASSERT_TRUE(rec) << rec.error().to_string();
  auto p = rec->call(store, Point{-1, 2}, Pad{});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->x, -1);
  EXPECT_EQ(p->y, 2);
  auto en = inst->get_typed_func<Color(Color)>("local:api/values#echo-enum");
  ASSERT_TRUE(en) << en.error().to_string();
  EXPECT_EQ(*en->call(store, Color::Blue), Color::Blue);
  auto fl = inst->get_typed_func<WitFlags(WitFlags)>("local:api/values#echo-flags");
  ASSERT_TRUE(fl) << fl.error().to_string();
  EXPECT_EQ(fl->call(store, WitFlags{{"write"}})->set, std::vector<std::string>{"write"});
  auto nothing = inst->get_typed_func<void()>("nothing");
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->call(store));
}

TEST(ComponentApi, TypedSignatureMismatchIsUsageError) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_values");
  Linker linker;
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto expect_usage = [](const auto& r, std::string_view what) {
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().kind, ErrorKind::Usage) << what;
  };
  expect_usage(inst->get_typed_func<int32_t(uint32_t, uint32_t)>("add"), "result type");
  expect_usage(inst->get_typed_func<uint32_t(uint32_t)>("add"), "arity");
  expect_usage(inst->get_typed_func<void(uint32_t, uint32_t)>("add"), "missing result");
  expect_usage(inst->get_typed_func<typed_test::Misnamed(typed_test::Misnamed, Pad)>("local:api/values#echo-record"),
               "field names");
  expect_usage(inst->get_typed_func<void()>("no-such"), "missing export");
  auto r = inst->get_typed_func<uint32_t(uint32_t)>("add");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("func(a: u32, b: u32) -> u32"), std::string::npos) << r.error().message;
}

TEST(ComponentApi, TypedHostFunctions) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  const std::string iface = "local:api/host@0.2.10";
  std::vector<std::string> logs;
  std::vector<uint32_t> counters;
  std::vector<uint32_t> dropped;
  auto make_linker = [&](bool wrong_add) {
    Linker linker;
    RtResource* counter = linker.define_resource(iface + "#counter", [&](Store&, uint32_t rep) -> Result<void> {
      dropped.push_back(rep);
      return ok();
    });
    linker.define<Own<typed_test::CounterTag>(uint32_t)>(iface + "#[constructor]counter",
                                                         [&, counter](Store&, uint32_t start) {
                                                           counters.push_back(start);
                                                           return Own<typed_test::CounterTag>{
                                                               {counter, uint32_t(counters.size() - 1)}};
                                                         });
    linker.define<uint32_t(Borrow<typed_test::CounterTag>)>(
        iface + "#[method]counter.bump",
        [&](Store&, Borrow<typed_test::CounterTag> c) -> Result<uint32_t> {
          if (c.ref.rep >= counters.size()) return Error(ErrorKind::Trap, "bad counter");
          return ++counters[c.ref.rep];
        });
    linker.define<void(std::string)>(iface + "#log", [&](Store&, const std::string& s) { logs.push_back(s); });
    if (wrong_add) {
      linker.define<uint64_t(uint32_t, uint32_t)>(iface + "#add", [](Store&, uint32_t a, uint32_t b) {
        return uint64_t(a) + b;
      });
    } else {
      linker.define<uint32_t(uint32_t, uint32_t)>(iface + "#add", [](Store&, uint32_t a, uint32_t b) { return a + b; });
    }
    linker.define<void()>(iface + "#reenter", [](Store&) {});
    return linker;
  };
  Linker linker = make_linker(false);
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto run = inst->get_typed_func<uint32_t(uint32_t)>("run");
  ASSERT_TRUE(run) << run.error().to_string();
  auto r = run->call(store, 5);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, 8u);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0], "hello from the guest");
  EXPECT_EQ(dropped, std::vector<uint32_t>{0});

  Linker bad = make_linker(true);
  auto fail = bad.instantiate(store, *c);
  ASSERT_FALSE(fail);
  EXPECT_EQ(fail.error().kind, ErrorKind::Usage);
  EXPECT_NE(fail.error().message.find("#add"), std::string::npos) << fail.error().message;
}

}  // namespace
}  // namespace mosaic::component
