// The component embedding API (include/mosaic/component): compiling, instantiating and calling exports with
// every kind of argument and result (fixture api_values.wat).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/store.h"

namespace mosaic::component {
namespace {

// Reads <build>/tests/component/fixtures/NAME.wasm; skips the test when the fixtures were not built.
#define LOAD_FIXTURE(var, name)                                                                   \
  std::vector<uint8_t> var;                                                                     \
  {                                                                                             \
    const char* dir = std::getenv("MOSAIC_COMPONENT_FIXTURES");                                 \
    if (!dir || !*dir) GTEST_SKIP() << "MOSAIC_COMPONENT_FIXTURES is not set (needs node and jco)"; \
    std::ifstream in(std::string(dir) + "/" + (name) + ".wasm", std::ios::binary);              \
    ASSERT_TRUE(in) << "missing fixture " << dir << "/" << (name) << ".wasm";                   \
    var.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());           \
  }

// An instance of the api_values fixture in its own store.
struct Values {
  Engine engine;
  Store store{engine};
  std::optional<Component> component;
  Instance instance;

  Func func(std::string_view path) {
    auto f = instance.get_func(path);
    EXPECT_TRUE(f) << "no export " << path;
    return f ? *f : Func();
  }

  // Calls `path` with `args` and returns its one result.
  Value call1(std::string_view path, std::vector<Value> args) {
    Func f = func(path);
    if (!f) return Value();
    auto r = f.call(store, args);
    EXPECT_TRUE(r) << path << ": " << r.error().to_string();
    if (!r) return Value();
    EXPECT_EQ(r->size(), 1u) << path;
    return r->empty() ? Value() : (*r)[0];
  }

  // echo-T(x, pad), for the types passed through memory.
  Value echo_mem(std::string_view path, const Value& x) { return call1(path, {x, pad()}); }

  static Value pad() {
    std::vector<Value> items;
    for (int i = 0; i < 16; ++i) items.push_back(Value::u64(uint64_t(i)));
    return Value::tuple(std::move(items));
  }
};

// Declares `v`, a Values instance (skips the test without fixtures).
#define VALUES(v)                                                  \
  LOAD_FIXTURE(v##_bytes, "api_values");                           \
  Values v;                                                        \
  {                                                                \
    auto c = Component::compile(v.engine, v##_bytes);              \
    ASSERT_TRUE(c) << c.error().to_string();                       \
    v.component.emplace(std::move(c).value());                     \
    Linker linker;                                                 \
    auto i = linker.instantiate(v.store, *v.component);            \
    ASSERT_TRUE(i) << i.error().to_string();                       \
    v.instance = *i;                                               \
  }

TEST(ComponentApi, CompileRejectsBadInput) {
  Engine engine;
  std::vector<uint8_t> garbage = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0xff};
  auto r = Component::compile(engine, garbage);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << r.error().to_string();
  EXPECT_TRUE(Component::is_component(garbage));
  std::vector<uint8_t> core = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  EXPECT_FALSE(Component::is_component(core));
  EXPECT_FALSE(Component::compile(engine, core));
  EXPECT_FALSE(Component::compile(engine, std::vector<uint8_t>{}));
}

TEST(ComponentApi, TypeListsExports) {
  VALUES(v);
  const ComponentType& t = v.component->type();
  EXPECT_TRUE(t.imports.empty());
  ASSERT_FALSE(t.exports.empty());
  // (jco's encoder puts explicit exports before the inline ones.)
  EXPECT_EQ(t.exports.front().name, "local:api/values");
  EXPECT_EQ(t.exports.front().type.kind, ExternKind::Instance);
  EXPECT_EQ(t.exports.back().name, "boom");
  EXPECT_EQ(t.exports.back().type.kind, ExternKind::Func);
}

TEST(ComponentApi, FuncPathsNameEveryFunctionExport) {
  VALUES(v);
  std::vector<std::string> paths = v.instance.func_paths();
  ASSERT_GE(paths.size(), 5u);
  EXPECT_EQ(paths.front(), "local:api/values#add");
  EXPECT_EQ(paths.back(), "boom");
  EXPECT_NE(std::find(paths.begin(), paths.end(), "local:api/values#add"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "local:api/values#echo-record"), paths.end());
  EXPECT_FALSE(v.instance.get_func("no-such-func"));
  EXPECT_FALSE(v.instance.get_func("local:api/values"));  // an instance, not a function
  EXPECT_FALSE(v.instance.get_func("local:api/values#"));
  Func add = v.func("local:api/values#add");
  ASSERT_TRUE(add);
  ASSERT_EQ(add.type().params.size(), 2u);
  EXPECT_EQ(add.type().params[0].name, "a");
  EXPECT_EQ(add.type().result->kind, TypeKind::U32);
  EXPECT_EQ(v.call1("local:api/values#add", {Value::u32(40), Value::u32(2)}), Value::u32(42));
}

TEST(ComponentApi, Scalars) {
  VALUES(v);
  EXPECT_EQ(v.call1("echo-bool", {Value::make_bool(true)}), Value::make_bool(true));
  EXPECT_EQ(v.call1("echo-bool", {Value::make_bool(false)}), Value::make_bool(false));
  EXPECT_EQ(v.call1("echo-s8", {Value::s8(-128)}).as_signed(), -128);
  EXPECT_EQ(v.call1("echo-u8", {Value::u8(255)}).as_unsigned(), 255u);
  EXPECT_EQ(v.call1("echo-s16", {Value::s16(-32768)}).as_signed(), -32768);
  EXPECT_EQ(v.call1("echo-u16", {Value::u16(65535)}).as_unsigned(), 65535u);
  EXPECT_EQ(v.call1("echo-s32", {Value::s32(INT32_MIN)}).as_signed(), INT32_MIN);
  EXPECT_EQ(v.call1("echo-u32", {Value::u32(UINT32_MAX)}).as_unsigned(), UINT32_MAX);
  EXPECT_EQ(v.call1("echo-s64", {Value::s64(INT64_MIN)}).as_signed(), INT64_MIN);
  EXPECT_EQ(v.call1("echo-u64", {Value::u64(UINT64_MAX)}).as_unsigned(), UINT64_MAX);
  EXPECT_EQ(v.call1("echo-f32", {Value::f32(1.5f)}).as_f32(), 1.5f);
  EXPECT_EQ(v.call1("echo-f64", {Value::f64(-2.25)}).as_f64(), -2.25);
  EXPECT_TRUE(std::isnan(v.call1("echo-f64", {Value::f64(std::nan(""))}).as_f64()));
  EXPECT_EQ(v.call1("echo-char", {Value::make_char(U'\U0001F600')}).as_char(), U'\U0001F600');
  EXPECT_EQ(v.call1("add", {Value::u32(UINT32_MAX), Value::u32(2)}), Value::u32(1));
  EXPECT_EQ(v.call1("echo-s8", {Value::s8(-1)}).kind(), TypeKind::S8);
}

TEST(ComponentApi, StringsAndLists) {
  VALUES(v);
  EXPECT_EQ(v.echo_mem("echo-string", Value::string("")).as_string(), "");
  EXPECT_EQ(v.echo_mem("echo-string", Value::string("h\xC3\xA9llo \xF0\x9F\x98\x80")).as_string(),
            "h\xC3\xA9llo \xF0\x9F\x98\x80");
  EXPECT_EQ(v.call1("len", {Value::string("four")}), Value::u32(4));
  Value list = Value::list({Value::string("a"), Value::string("bc"), Value::string("")});
  EXPECT_EQ(v.echo_mem("echo-list", list), list);
  Value empty = Value::list({});
  EXPECT_EQ(v.echo_mem("echo-list", empty), empty);
  Value tuple = Value::tuple({Value::u8(7), Value::string("seven")});
  EXPECT_EQ(v.echo_mem("echo-tuple", tuple), tuple);
}

TEST(ComponentApi, OptionsAndResults) {
  VALUES(v);
  Value some = Value::option(Value::string("x"));
  EXPECT_EQ(v.echo_mem("echo-option", some), some);
  Value none = Value::option(std::nullopt);
  Value got = v.echo_mem("echo-option", none);
  EXPECT_EQ(got.kind(), TypeKind::Option);
  EXPECT_FALSE(got.is_some());
  Value ok = Value::ok(Value::u32(3));
  EXPECT_EQ(v.echo_mem("echo-result", ok), ok);
  Value err = Value::err(Value::string("bad"));
  got = v.echo_mem("echo-result", err);
  EXPECT_TRUE(got.is_err());
  ASSERT_TRUE(got.payload());
  EXPECT_EQ(got.payload()->as_string(), "bad");
}

TEST(ComponentApi, RecordsVariantsEnumsFlags) {
  VALUES(v);
  Value point = Value::record({{"x", Value::s32(-3)}, {"y", Value::s32(4)}});
  EXPECT_EQ(v.echo_mem("local:api/values#echo-record", point), point);
  for (const Value& x : {Value::variant("none", std::nullopt), Value::variant("circle", Value::u32(9)),
                         Value::variant("label", Value::string("tag"))}) {
    EXPECT_EQ(v.echo_mem("local:api/values#echo-variant", x), x) << x.case_name();
  }
  EXPECT_EQ(v.call1("local:api/values#echo-enum", {Value::enum_case("blue")}), Value::enum_case("blue"));
  Value flags = Value::flags({"read", "exec"});
  EXPECT_EQ(v.call1("local:api/values#echo-flags", {flags}), flags);
  EXPECT_EQ(v.call1("local:api/values#echo-flags", {Value::flags({})}), Value::flags({}));
}

TEST(ComponentApi, ArgumentsAreChecked) {
  VALUES(v);
  Func add = v.func("add");
  ASSERT_TRUE(add);
  auto r = add.call(v.store, std::vector<Value>{Value::u32(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_NE(r.error().message.find("argument"), std::string::npos) << r.error().message;
  r = add.call(v.store, std::vector<Value>{Value::u32(1), Value::string("2")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage) << r.error().to_string();
  r = v.func("local:api/values#echo-enum").call(v.store, std::vector<Value>{Value::enum_case("purple")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage) << r.error().to_string();
  r = v.func("local:api/values#echo-flags").call(v.store, std::vector<Value>{Value::flags({"delete"})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage) << r.error().to_string();
  // The instance stays usable after rejected calls.
  EXPECT_EQ(v.call1("add", {Value::u32(1), Value::u32(2)}), Value::u32(3));
  EXPECT_FALSE(Func().call(v.store, {}));
}

TEST(ComponentApi, NoResultAndTrap) {
  VALUES(v);
  auto r = v.func("nothing").call(v.store, {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->empty());
  r = v.func("boom").call(v.store, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_NE(r.error().message.find("unreachable"), std::string::npos) << r.error().message;
  // A trap leaves the instance callable (this is not a poisoned instance in the synchronous ABI).
  EXPECT_EQ(v.call1("add", {Value::u32(2), Value::u32(2)}), Value::u32(4));
}

TEST(ComponentApi, InstantiateTwiceGivesIndependentInstances) {
  VALUES(v);
  Linker linker;
  auto second = linker.instantiate(v.store, *v.component);
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_NE(second->impl(), v.instance.impl());
  auto f = second->get_func("echo-u32");
  ASSERT_TRUE(f);
  auto r = f->call(v.store, std::vector<Value>{Value::u32(5)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0], Value::u32(5));
}

}  // namespace
}  // namespace mosaic::component
