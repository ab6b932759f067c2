// The component Linker (include/mosaic/component/linker.h): host functions and host resources in an imported
// interface (api_host.wat), semver matching of interface names, re-entrance, missing and mistyped imports, and
// composition of components: nested (api_compose.wat) and through Linker::define_instance (api_provider.wat
// and api_consumer.wat), with resources made by one component owned, lent and dropped by another.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <span>

#include "component/runtime/instance_state.h"
#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/store.h"

namespace mosaic::component {
namespace {

// Reads <build>/tests/component/fixtures/NAME.wasm and compiles it; skips the test when the fixtures were not
// built.
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
    var.emplace(std::move(compiled_).value());                                                        \
  }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

Result<std::vector<Value>> call(Store& store, const Instance& inst, std::string_view path, std::vector<Value> args) {
  auto f = inst.get_func(path);
  if (!f) return Error(ErrorKind::Usage, "no export " + std::string(path));
  return f->call(store, args);
}

// Calls `path` and returns its u32 result (or a sentinel after a failed expectation).
uint64_t call_u32(Store& store, const Instance& inst, std::string_view path, std::vector<Value> args = {}) {
  auto r = call(store, inst, path, std::move(args));
  EXPECT_TRUE(r) << path << ": " << r.error().to_string();
  if (!r || r->size() != 1) return 0xdeadbeef;
  EXPECT_EQ((*r)[0].kind(), TypeKind::U32);
  return (*r)[0].as_unsigned();
}

// The host side of `local:api/host`: a log, an adder, counters (a host resource whose rep indexes `counters`)
// and a function that calls back into the instance.
struct Host {
  std::vector<std::string> logs;
  std::vector<uint64_t> counters;
  std::vector<uint32_t> dropped;
  RtResource* counter = nullptr;
  Instance instance;
  std::optional<Error> reenter_error;

  void define(Linker& linker, const std::string& iface, std::string_view skip = "") {
    auto def = [&](const std::string& name, HostCallback cb) {
      if (name != skip) linker.define_func(iface + "#" + name, std::move(cb));
    };
    if (skip != "counter") {
      counter = linker.define_resource(iface + "#counter", [this](Store&, uint32_t rep) -> Result<void> {
        dropped.push_back(rep);
        return ok();
      });
    }
    def("[constructor]counter", [this](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
      counters.push_back(args[0].as_unsigned());
      results.push_back(Value::own({counter, uint32_t(counters.size() - 1)}));
      return ok();
    });
    def("[method]counter.bump", [this](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
      EXPECT_EQ(args[0].kind(), TypeKind::Borrow);
      uint32_t rep = args[0].as_resource().rep;
      if (rep >= counters.size()) return Error(ErrorKind::Trap, "bad counter");
      results.push_back(Value::u32(uint32_t(++counters[rep])));
      return ok();
    });
    def("log", [this](Store&, std::span<const Value> args, std::vector<Value>&) -> Result<void> {
      logs.push_back(args[0].as_string());
      return ok();
    });
    def("add", [](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
      results.push_back(Value::u32(uint32_t(args[0].as_unsigned() + args[1].as_unsigned())));
      return ok();
    });
    def("reenter", [this](Store& store, std::span<const Value>, std::vector<Value>&) -> Result<void> {
      auto r = call(store, instance, "double", {Value::u32(1)});
      if (r) return ok();
      reenter_error = r.error();
      return std::move(r).error();
    });
  }
};

TEST(ComponentApi, HostFunctionsAndResources) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  ASSERT_EQ(c->type().imports.size(), 1u);
  EXPECT_EQ(c->type().imports[0].name, "local:api/host@0.2.10");
  Linker linker;
  Host host;
  host.define(linker, "local:api/host@0.2.10");
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  host.instance = *inst;
  // run(5): log, add(5, 1) = 6, counter(6), bump -> 7, bump -> 8, drop.
  EXPECT_EQ(call_u32(store, *inst, "run", {Value::u32(5)}), 8u);
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(host.logs[0], "hello from the guest");
  ASSERT_EQ(host.counters.size(), 1u);
  EXPECT_EQ(host.counters[0], 8u);
  ASSERT_EQ(host.dropped.size(), 1u);  // the guest's resource.drop ran the host destructor
  EXPECT_EQ(host.dropped[0], 0u);
}

TEST(ComponentApi, HostResourceHandlesCrossTheBoundary) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  Linker linker;
  Host host;
  host.define(linker, "local:api/host@0.2.10");
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  // The guest makes a counter and returns the own handle: the host receives its rep and type.
  auto made = call(store, *inst, "local:api/guest#make-counter", {Value::u32(10)});
  ASSERT_TRUE(made) << made.error().to_string();
  ASSERT_EQ(made->size(), 1u);
  Value own = (*made)[0];
  EXPECT_EQ(own.kind(), TypeKind::Own);
  EXPECT_EQ(own.as_resource().type, host.counter);
  EXPECT_EQ(own.as_resource().rep, 0u);
  // Lent to the guest: the host keeps it.
  EXPECT_EQ(call_u32(store, *inst, "local:api/guest#peek-counter", {Value::borrow(own.as_resource())}), 11u);
  EXPECT_EQ(call_u32(store, *inst, "local:api/guest#peek-counter", {Value::borrow(own.as_resource())}), 12u);
  EXPECT_TRUE(host.dropped.empty());
  // A callee that keeps a borrow handle traps as the call returns (CanonicalABI.md: Task.return_ requires
  // num_borrows == 0); the handle stays the host's.
  auto leak = call(store, *inst, "local:api/guest#leak-borrow", {Value::borrow(own.as_resource())});
  ASSERT_FALSE(leak);
  EXPECT_EQ(leak.error().kind, ErrorKind::Trap);
  EXPECT_TRUE(contains(leak.error().message, "borrow handles still remain")) << leak.error().message;
  EXPECT_TRUE(host.dropped.empty());
  // Given to the guest: it bumps and drops it, running the host destructor.
  EXPECT_EQ(call_u32(store, *inst, "local:api/guest#take-counter", {own}), 13u);
  ASSERT_EQ(host.dropped.size(), 1u);
  EXPECT_EQ(host.dropped[0], 0u);
  // A handle of another resource type is rejected before it reaches the guest.
  Linker other;
  RtResource* foreign = other.define_resource("x#y");
  auto bad = call(store, *inst, "local:api/guest#take-counter", {Value::own({foreign, 0})});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().kind, ErrorKind::Unlinkable);
}

TEST(ComponentApi, ReentranceTraps) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  Linker linker;
  Host host;
  host.define(linker, "local:api/host@0.2.10");
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  host.instance = *inst;
  // call-reenter -> host `reenter` -> `double` of the same instance, which is on the stack: CanonicalABI.md
  // "may_enter" traps.
  auto r = call(store, *inst, "call-reenter", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  ASSERT_TRUE(host.reenter_error);
  EXPECT_EQ(host.reenter_error->kind, ErrorKind::Trap);
  EXPECT_TRUE(contains(host.reenter_error->message, "cannot enter component instance"))
      << host.reenter_error->message;
  // Once the call has unwound, the instance can be entered again.
  EXPECT_EQ(call_u32(store, *inst, "double", {Value::u32(21)}), 42u);
}

TEST(ComponentApi, MissingImportsAreUnlinkable) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  {
    Linker empty;
    auto r = empty.instantiate(store, *c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "missing import `local:api/host@0.2.10`")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "instance")) << r.error().message;  // the expected type
  }
  {
    Linker linker;
    Host host;
    host.define(linker, "local:api/host@0.2.10", "add");
    auto r = linker.instantiate(store, *c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "missing import `local:api/host@0.2.10#add`")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "func(a: u32, b: u32) -> u32")) << r.error().message;
  }
  {
    Linker linker;
    Host host;
    host.define(linker, "local:api/host@0.2.10", "counter");
    auto r = linker.instantiate(store, *c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "local:api/host@0.2.10#counter")) << r.error().message;
  }
  {
    // A definition of the wrong kind: a resource where a function is imported.
    Linker linker;
    Host host;
    host.define(linker, "local:api/host@0.2.10", "log");
    linker.define_resource("local:api/host@0.2.10#log");
    auto r = linker.instantiate(store, *c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "local:api/host@0.2.10#log")) << r.error().message;
  }
}

// A world's named types are top-level type imports bound to value types: nothing to define for them.
TEST(ComponentApi, ValueTypeImportsNeedNoDefinition) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_type_import");
  Linker linker;
  linker.define_func("describe", [](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
    results.push_back(Value::u32(args[0].case_name() == "high" ? 10 : 1));
    return ok();
  });
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = call(store, *inst, "twice", {Value::enum_case("high")});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0], Value::u32(20));
  // The function is still required.
  Linker empty;
  auto missing = empty.instantiate(store, *c);
  ASSERT_FALSE(missing);
  EXPECT_TRUE(contains(missing.error().message, "missing import `describe`")) << missing.error().message;
}

TEST(ComponentApi, SemverMatching) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  // 0.x: the same major and minor, any patch; the exact version is preferred.
  for (const char* version : {"0.2.12", "0.2.0", "0.2.10"}) {
    Linker linker;
    Host host;
    host.define(linker, std::string("local:api/host@") + version);
    auto inst = linker.instantiate(store, *c);
    ASSERT_TRUE(inst) << version << ": " << inst.error().to_string();
    EXPECT_EQ(call_u32(store, *inst, "run", {Value::u32(1)}), 4u) << version;
  }
  for (const char* name : {"local:api/host@0.3.0", "local:api/host@1.2.10", "local:api/host",
                           "local:api/other@0.2.10", "local:api/host@0.2.10-rc1"}) {
    Linker linker;
    Host host;
    host.define(linker, name);
    auto r = linker.instantiate(store, *c);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable) << name;
    EXPECT_TRUE(contains(r.error().message, "missing import `local:api/host@0.2.10`")) << r.error().message;
  }
  {
    // Two candidates: the exact one wins over a newer patch.
    Linker linker;
    Host exact, newer;
    newer.define(linker, "local:api/host@0.2.13");
    exact.define(linker, "local:api/host@0.2.10");
    auto inst = linker.instantiate(store, *c);
    ASSERT_TRUE(inst) << inst.error().to_string();
    EXPECT_EQ(call_u32(store, *inst, "run", {Value::u32(1)}), 4u);
    EXPECT_EQ(exact.logs.size(), 1u);
    EXPECT_TRUE(newer.logs.empty());
  }
}

TEST(ComponentApi, HostFunctionResultsAreChecked) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_host");
  Linker linker;
  Host host;
  host.define(linker, "local:api/host@0.2.10");
  // `add` returns a string where its type says u32.
  linker.define_func("local:api/host@0.2.10#add", [](Store&, std::span<const Value>, std::vector<Value>& results) {
    results.push_back(Value::string("oops"));
    return Result<void>();
  });
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = call(store, *inst, "run", {Value::u32(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Usage) << r.error().to_string();
  // A host function's own trap reaches the caller as a trap.
  linker.define_func("local:api/host@0.2.10#add", [](Store&, std::span<const Value>, std::vector<Value>&) {
    return Result<void>(Error(ErrorKind::Trap, "host says no"));
  });
  auto inst2 = linker.instantiate(store, *c);
  ASSERT_TRUE(inst2) << inst2.error().to_string();
  r = call(store, *inst2, "run", {Value::u32(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_TRUE(contains(r.error().message, "host says no")) << r.error().message;
}

TEST(ComponentApi, NestedComposition) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(c, engine, "api_compose");
  Linker linker;
  auto inst = linker.instantiate(store, *c);
  ASSERT_TRUE(inst) << inst.error().to_string();
  std::vector<std::string> paths = inst->func_paths();
  EXPECT_NE(std::find(paths.begin(), paths.end(), "local:api/store#live"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "run"), paths.end());
  EXPECT_EQ(call_u32(store, *inst, "run"), 14u);
  EXPECT_EQ(call_u32(store, *inst, "local:api/store#live"), 0u);
  // The host uses the provider's interface directly: make, lend, give back.
  auto made = call(store, *inst, "local:api/store#[constructor]thing", {Value::u32(9)});
  ASSERT_TRUE(made) << made.error().to_string();
  Value thing = (*made)[0];
  EXPECT_EQ(thing.kind(), TypeKind::Own);
  EXPECT_EQ(call_u32(store, *inst, "local:api/store#live"), 1u);
  EXPECT_EQ(call_u32(store, *inst, "local:api/store#[method]thing.get", {Value::borrow(thing.as_resource())}), 9u);
  EXPECT_EQ(call_u32(store, *inst, "local:api/store#take", {thing}), 9u);
  EXPECT_EQ(call_u32(store, *inst, "local:api/store#live"), 0u);
}

TEST(ComponentApi, CompositionThroughDefineInstance) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(provider, engine, "api_provider");
  LOAD_COMPONENT(consumer, engine, "api_consumer");
  Linker none;
  auto p = none.instantiate(store, *provider);
  ASSERT_TRUE(p) << p.error().to_string();
  for (const char* name : {"", "local:api/store"}) {
    Linker linker;
    linker.define_instance(name, *p);
    auto c = linker.instantiate(store, *consumer);
    ASSERT_TRUE(c) << "define_instance(\"" << name << "\"): " << c.error().to_string();
    EXPECT_EQ(call_u32(store, *c, "run"), 14u);
    // A thing made by the provider, owned by the consumer's table, then by the host.
    auto made = call(store, *c, "local:api/consumer#make", {Value::u32(3)});
    ASSERT_TRUE(made) << made.error().to_string();
    Value thing = (*made)[0];
    EXPECT_EQ(call_u32(store, *p, "local:api/store#live"), 1u);
    EXPECT_EQ(call_u32(store, *c, "local:api/consumer#inspect", {Value::borrow(thing.as_resource())}), 3u);
    // The host's handle is the provider's own type: the provider accepts it directly.
    EXPECT_EQ(call_u32(store, *p, "local:api/store#[method]thing.get", {Value::borrow(thing.as_resource())}), 3u);
    EXPECT_EQ(call_u32(store, *c, "local:api/consumer#give", {thing}), 3u);
    EXPECT_EQ(call_u32(store, *p, "local:api/store#live"), 0u);
  }
}

TEST(ComponentApi, ResourcesOfDifferentInstancesDiffer) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(provider, engine, "api_provider");
  LOAD_COMPONENT(consumer, engine, "api_consumer");
  Linker none;
  auto p1 = none.instantiate(store, *provider);
  auto p2 = none.instantiate(store, *provider);
  ASSERT_TRUE(p1 && p2);
  Linker linker;
  linker.define_instance("", *p1);
  auto c = linker.instantiate(store, *consumer);
  ASSERT_TRUE(c) << c.error().to_string();
  // A thing of the second provider instance is another type (resource types are generative per instance).
  auto made = call(store, *p2, "local:api/store#[constructor]thing", {Value::u32(4)});
  ASSERT_TRUE(made) << made.error().to_string();
  Value thing = (*made)[0];
  auto r = call(store, *c, "local:api/consumer#give", {thing});
  ASSERT_FALSE(r);
  EXPECT_EQ(call_u32(store, *p2, "local:api/store#take", {thing}), 4u);
}

TEST(ComponentApi, DefineInstanceTypeMismatch) {
  Engine engine;
  Store store(engine);
  LOAD_COMPONENT(consumer, engine, "api_consumer");
  LOAD_COMPONENT(values, engine, "api_values");
  LOAD_COMPONENT(host_c, engine, "api_host");
  Linker none;
  auto v = none.instantiate(store, *values);
  ASSERT_TRUE(v) << v.error().to_string();
  {
    // api_values has no `local:api/store` export: its whole export list stands in, and lacks `thing`.
    Linker linker;
    linker.define_instance("local:api/store", *v);
    auto r = linker.instantiate(store, *consumer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "local:api/store#thing")) << r.error().message;
  }
  {
    // One function of an interface from another component: api_values' add(a: u32, b: u32) -> u32 is api_host's
    // `add`, checked by type.
    Linker linker;
    Host host;
    host.define(linker, "local:api/host@0.2.10", "add");
    linker.define_instance("local:api/host@0.2.10#add", *v);
    auto inst = linker.instantiate(store, *host_c);
    ASSERT_TRUE(inst) << inst.error().to_string();
    EXPECT_EQ(call_u32(store, *inst, "run", {Value::u32(1)}), 4u);
  }
  {
    // api_values has no `log`: its whole instance is offered where a function is imported.
    Linker linker;
    Host host;
    host.define(linker, "local:api/host@0.2.10", "log");
    linker.define_instance("local:api/host@0.2.10#log", *v);
    auto r = linker.instantiate(store, *host_c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_TRUE(contains(r.error().message, "type mismatch for import `local:api/host@0.2.10#log`"))
        << r.error().message;
  }
}

// Run-time type equality, which checks functions another component's instance offers for an import: names and
// structure must agree, and resource types are the same when they map to the same run-time resource.
TEST(ComponentApi, RuntimeTypeEquality) {
  auto prim = [](TypeKind k) { return ValType::primitive(k); };
  auto make = [](ValType t) { return std::make_shared<const ValType>(std::move(t)); };
  auto res_a = std::make_shared<const ResourceType>(ResourceType{"a", false, std::nullopt});
  auto res_b = std::make_shared<const ResourceType>(ResourceType{"b", false, std::nullopt});
  ValType own_a;
  own_a.kind = TypeKind::Own;
  own_a.resource = res_a;
  ValType own_b = own_a;
  own_b.resource = res_b;
  FuncType fa{{{"x", make(own_a)}}, prim(TypeKind::U32), false};
  FuncType fb{{{"x", make(own_b)}}, prim(TypeKind::U32), false};
  RtResource r1, r2;
  rt::ResourceMap ma{{res_a.get(), &r1}};
  rt::ResourceMap mb{{res_b.get(), &r1}};
  EXPECT_TRUE(rt::same_func_type(fa, ma, fb, mb));
  mb[res_b.get()] = &r2;
  EXPECT_FALSE(rt::same_func_type(fa, ma, fb, mb));
  FuncType renamed = fa;
  renamed.params[0].name = "y";
  EXPECT_FALSE(rt::same_func_type(fa, ma, renamed, ma));
  FuncType no_result = fa;
  no_result.result = nullptr;
  EXPECT_FALSE(rt::same_func_type(fa, ma, no_result, ma));
  ValType rec;
  rec.kind = TypeKind::Record;
  rec.fields = {{"p", prim(TypeKind::S32)}};
  ValType rec2 = rec;
  rec2.fields[0].type = prim(TypeKind::U32);
  EXPECT_TRUE(rt::same_type(make(rec), ma, make(rec), mb));
  EXPECT_FALSE(rt::same_type(make(rec), ma, make(rec2), mb));
  EXPECT_EQ(rt::type_to_string(fa), "func(x: own<a>) -> u32");
  EXPECT_EQ(rt::type_to_string(make(rec)), "record { p: s32 }");
}

}  // namespace
}  // namespace mosaic::component
