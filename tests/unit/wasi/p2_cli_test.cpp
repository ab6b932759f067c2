// wasi:clocks, wasi:random and wasi:cli/{environment,exit} (src/wasi/p2/clocks_*.cpp, random.cpp, cli_*.cpp),
// called through a component. The test encodes a small component binary that imports one WASI interface as
// an instance and exports that same instance again, so each host function is reached through the Linker
// exactly as a guest's import is: the imported function types are checked against the definitions at
// instantiation, and results against the types when they are returned. Functions whose results are handles
// (streams, pollables, terminals) are exercised by whole programs in tests/api/wasi_p2_test.cpp.

#include <gtest/gtest.h>
#include <pty.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/engine.h"
#include "mosaic/store.h"
#include "wasi/p2/ctx.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

using mc::Value;
using Bytes = std::vector<uint8_t>;

// ---- A minimal component binary encoder (Binary.md) --------------------------------------------------------

void uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
}
void name(Bytes& out, std::string_view s) {
  uleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}
void append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

// Primitive value types.
constexpr uint8_t kBool = 0x7f, kS32 = 0x7a, kU8 = 0x7d, kU32 = 0x79, kU64 = 0x77, kString = 0x73;

// The declarations of an instance type: defined types (indices from 0, in order) and exported functions.
struct InstanceType {
  Bytes decls;
  uint32_t count = 0;
  uint32_t types = 0;

  // A defined value type (its encoding); returns its type index.
  uint32_t define(const Bytes& deftype) {
    decls.push_back(0x01);
    append(decls, deftype);
    ++count;
    return types++;
  }
  // Exports type `idx` under `export_name` (records must be named to appear in a function's type); returns
  // the index of the exported type.
  uint32_t export_type(std::string_view export_name, uint32_t idx) {
    decls.push_back(0x04);
    decls.push_back(0x00);
    name(decls, export_name);
    decls.push_back(0x03);  // type
    decls.push_back(0x00);  // eq
    uleb(decls, idx);
    ++count;
    return types++;
  }
  // func(params) -> result: each param and the result is one encoded value type (a primitive byte or a type
  // index); no result when `result` is empty.
  void func(std::string_view export_name, const std::vector<std::pair<std::string, Bytes>>& params,
            const Bytes& result) {
    Bytes ft{0x40};
    uleb(ft, params.size());
    for (const auto& [n, t] : params) {
      name(ft, n);
      append(ft, t);
    }
    if (result.empty()) {
      ft.push_back(0x01);
      ft.push_back(0x00);
    } else {
      ft.push_back(0x00);
      append(ft, result);
    }
    uint32_t idx = define(ft);
    decls.push_back(0x04);
    decls.push_back(0x00);
    name(decls, export_name);
    decls.push_back(0x01);  // func
    uleb(decls, idx);
    ++count;
  }
};

Bytes type_ref(uint32_t idx) {
  Bytes b;
  uleb(b, idx);
  return b;
}

// (component (import IFACE (instance ...)) (export IFACE (instance 0)))
Bytes reexport_component(std::string_view iface, const InstanceType& it) {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  auto section = [&](uint8_t id, const Bytes& body) {
    out.push_back(id);
    uleb(out, body.size());
    append(out, body);
  };
  Bytes types{0x01, 0x42};
  uleb(types, it.count);
  append(types, it.decls);
  section(7, types);
  Bytes imports{0x01, 0x00};
  name(imports, iface);
  imports.push_back(0x05);  // instance
  imports.push_back(0x00);  // type 0
  section(10, imports);
  Bytes exports{0x01, 0x00};
  name(exports, iface);
  exports.push_back(0x05);  // sort: instance
  exports.push_back(0x00);  // instance 0
  exports.push_back(0x00);  // no type ascription
  section(11, exports);
  return out;
}

// ---- The fixture ---------------------------------------------------------------------------------------------

class WasiP2Cli : public ::testing::Test {
 protected:
  void make_ctx(WasiConfig config = {}) {
    ctx_ = std::make_shared<Ctx>(std::move(config));
    add_io_error(ctx_, linker_);
    add_io_poll(ctx_, linker_);
    add_io_streams(ctx_, linker_);
    add_clocks_monotonic(ctx_, linker_);
    add_clocks_wall(ctx_, linker_);
    add_random(ctx_, linker_);
    add_cli_environment(ctx_, linker_);
    add_cli_exit(ctx_, linker_);
    add_cli_stdio(ctx_, linker_);
    add_cli_terminal(ctx_, linker_);
  }
  void SetUp() override { make_ctx(); }

  // Instantiates the re-exporting component for `iface` (e.g. "wasi:clocks/wall-clock"); false on failure.
  ::testing::AssertionResult instantiate(std::string_view iface, const InstanceType& it) {
    iface_ = std::string(iface) + "@0.2.12";
    Bytes bytes = reexport_component(iface_, it);
    auto c = mc::Component::compile(engine_, bytes);
    if (!c) return ::testing::AssertionFailure() << "compile: " << c.error().to_string();
    component_.emplace(std::move(c).value());
    auto i = linker_.instantiate(store_, *component_);
    if (!i) return ::testing::AssertionFailure() << "instantiate: " << i.error().to_string();
    instance_ = std::move(i).value();
    return ::testing::AssertionSuccess();
  }
  Result<std::vector<Value>> try_call(std::string_view fn, std::vector<Value> args = {}) {
    auto f = instance_.get_func(iface_ + "#" + std::string(fn));
    if (!f) return Error(ErrorKind::Usage, "no export " + std::string(fn));
    return f->call(store_, args);
  }
  // The one result of `fn` (the test fails on an error).
  Value call1(std::string_view fn, std::vector<Value> args = {}) {
    auto r = try_call(fn, std::move(args));
    EXPECT_TRUE(r) << fn << ": " << r.error().to_string();
    if (!r || r->size() != 1) {
      ADD_FAILURE() << fn << ": expected one result";
      return Value::make_bool(false);
    }
    return (*r)[0];
  }

  static std::string field_names(const Value& record) {
    std::string s;
    for (const std::string& n : record.field_names()) s += n + ",";
    return s;
  }

  Engine engine_;
  Store store_{engine_};
  mc::Linker linker_;
  std::shared_ptr<Ctx> ctx_;
  std::string iface_;
  std::optional<mc::Component> component_;
  mc::Instance instance_;
};

// record datetime { seconds: u64, nanoseconds: u32 }, exported as "datetime"; returns its index.
uint32_t datetime_type(InstanceType& it) {
  Bytes rec{0x72, 0x02};
  name(rec, "seconds");
  rec.push_back(kU64);
  name(rec, "nanoseconds");
  rec.push_back(kU32);
  return it.export_type("datetime", it.define(rec));
}

TEST_F(WasiP2Cli, WallClockNowIsTheHostsRealtime) {
  InstanceType it;
  uint32_t dt = datetime_type(it);
  it.func("now", {}, type_ref(dt));
  it.func("resolution", {}, type_ref(dt));
  ASSERT_TRUE(instantiate("wasi:clocks/wall-clock", it));

  timespec before{}, after{};
  ::clock_gettime(CLOCK_REALTIME, &before);
  Value now = call1("now");
  ::clock_gettime(CLOCK_REALTIME, &after);
  ASSERT_EQ(now.kind(), mc::TypeKind::Record);
  EXPECT_EQ(field_names(now), "seconds,nanoseconds,");
  uint64_t s = now.items()[0].as_unsigned();
  uint64_t ns = now.items()[1].as_unsigned();
  EXPECT_LT(ns, 1'000'000'000u);
  uint64_t t = s * 1'000'000'000u + ns;
  EXPECT_GE(t, uint64_t(before.tv_sec) * 1'000'000'000u + uint64_t(before.tv_nsec));
  EXPECT_LE(t, uint64_t(after.tv_sec) * 1'000'000'000u + uint64_t(after.tv_nsec));

  Value res = call1("resolution");
  uint64_t res_ns = res.items()[0].as_unsigned() * 1'000'000'000u + res.items()[1].as_unsigned();
  EXPECT_GT(res_ns, 0u);
  EXPECT_LE(res_ns, 1'000'000'000u);
}

TEST_F(WasiP2Cli, MonotonicClockNeverGoesBack) {
  InstanceType it;
  it.func("now", {}, {kU64});
  it.func("resolution", {}, {kU64});
  ASSERT_TRUE(instantiate("wasi:clocks/monotonic-clock", it));
  timespec host{};
  ::clock_gettime(CLOCK_MONOTONIC, &host);
  uint64_t prev = call1("now").as_unsigned();
  // The same clock as the host's CLOCK_MONOTONIC (pollables' deadlines are on it).
  EXPECT_GE(prev, uint64_t(host.tv_sec) * 1'000'000'000u + uint64_t(host.tv_nsec));
  for (int i = 0; i < 100; ++i) {
    uint64_t t = call1("now").as_unsigned();
    EXPECT_GE(t, prev);
    prev = t;
  }
  uint64_t res = call1("resolution").as_unsigned();
  EXPECT_GT(res, 0u);
  EXPECT_LE(res, 1'000'000'000u);
}

TEST_F(WasiP2Cli, TimezoneIsUtc) {
  InstanceType it;
  uint32_t dt = datetime_type(it);
  Bytes rec{0x72, 0x03};
  name(rec, "utc-offset");
  rec.push_back(kS32);
  name(rec, "name");
  rec.push_back(kString);
  name(rec, "in-daylight-saving-time");
  rec.push_back(kBool);
  uint32_t display = it.export_type("timezone-display", it.define(rec));
  it.func("display", {{"when", type_ref(dt)}}, type_ref(display));
  it.func("utc-offset", {{"when", type_ref(dt)}}, {kS32});
  ASSERT_TRUE(instantiate("wasi:clocks/timezone", it));

  Value when = Value::record({{"seconds", Value::u64(1'700'000'000)}, {"nanoseconds", Value::u32(5)}});
  Value d = call1("display", {when});
  EXPECT_EQ(d, Value::record({{"utc-offset", Value::s32(0)},
                              {"name", Value::string("UTC")},
                              {"in-daylight-saving-time", Value::make_bool(false)}}));
  EXPECT_EQ(call1("utc-offset", {when}), Value::s32(0));
}

// list<u8> bytes as a string, and the number of distinct byte values in it.
std::string to_bytes(const Value& list) {
  std::vector<uint8_t> bytes;
  EXPECT_TRUE(list.to_bytes(bytes));
  return std::string(bytes.begin(), bytes.end());
}
size_t distinct(const std::string& s) { return std::set<char>(s.begin(), s.end()).size(); }

TEST_F(WasiP2Cli, RandomBytesAreFreshAndOfTheAskedLength) {
  InstanceType it;
  uint32_t list = it.define({0x70, kU8});
  it.func("get-random-bytes", {{"len", {kU64}}}, type_ref(list));
  it.func("get-random-u64", {}, {kU64});
  ASSERT_TRUE(instantiate("wasi:random/random", it));

  EXPECT_EQ(call1("get-random-bytes", {Value::u64(0)}), Value::bytes({}));
  std::string a = to_bytes(call1("get-random-bytes", {Value::u64(4096)}));
  std::string b = to_bytes(call1("get-random-bytes", {Value::u64(4096)}));
  ASSERT_EQ(a.size(), 4096u);
  ASSERT_EQ(b.size(), 4096u);
  EXPECT_NE(a, b);
  EXPECT_GT(distinct(a), 200u);  // 4096 uniform bytes take nearly all 256 values
  EXPECT_EQ(to_bytes(call1("get-random-bytes", {Value::u64(3)})).size(), 3u);

  std::set<uint64_t> values;
  for (int i = 0; i < 8; ++i) values.insert(call1("get-random-u64").as_unsigned());
  EXPECT_EQ(values.size(), 8u);
}

TEST_F(WasiP2Cli, HugeRandomRequestsTrapWithoutAllocating) {
  InstanceType it;
  uint32_t list = it.define({0x70, kU8});
  it.func("get-random-bytes", {{"len", {kU64}}}, type_ref(list));
  ASSERT_TRUE(instantiate("wasi:random/random", it));
  for (uint64_t len : {uint64_t(1) << 40, ~uint64_t(0), (uint64_t(64) << 20) + 1}) {
    auto r = try_call("get-random-bytes", {Value::u64(len)});
    ASSERT_FALSE(r) << len;
    EXPECT_EQ(r.error().kind, ErrorKind::Trap);
    EXPECT_NE(r.error().message.find("requested len " + std::to_string(len) + " exceeds limit"), std::string::npos)
        << r.error().message;
  }
}

TEST_F(WasiP2Cli, InsecureRandomAndSeed) {
  {
    InstanceType it;
    uint32_t list = it.define({0x70, kU8});
    it.func("get-insecure-random-bytes", {{"len", {kU64}}}, type_ref(list));
    it.func("get-insecure-random-u64", {}, {kU64});
    ASSERT_TRUE(instantiate("wasi:random/insecure", it));
    std::string a = to_bytes(call1("get-insecure-random-bytes", {Value::u64(1001)}));
    std::string b = to_bytes(call1("get-insecure-random-bytes", {Value::u64(1001)}));
    ASSERT_EQ(a.size(), 1001u);
    EXPECT_NE(a, b);
    EXPECT_GT(distinct(a), 200u);
    EXPECT_NE(a.substr(993), std::string(8, '\0'));  // the tail, past the last whole word, is filled too
    EXPECT_EQ(call1("get-insecure-random-bytes", {Value::u64(0)}), Value::bytes({}));
    EXPECT_NE(call1("get-insecure-random-u64"), call1("get-insecure-random-u64"));
    auto r = try_call("get-insecure-random-bytes", {Value::u64(uint64_t(1) << 33)});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  }
  {
    InstanceType it;
    uint32_t tuple = it.define({0x6f, 0x02, kU64, kU64});
    it.func("insecure-seed", {}, type_ref(tuple));
    ASSERT_TRUE(instantiate("wasi:random/insecure-seed", it));
    Value s1 = call1("insecure-seed");
    ASSERT_EQ(s1.kind(), mc::TypeKind::Tuple);
    ASSERT_EQ(s1.items().size(), 2u);
    EXPECT_FALSE(s1.items()[0].as_unsigned() == 0 && s1.items()[1].as_unsigned() == 0);
    EXPECT_EQ(call1("insecure-seed"), s1);  // fixed for the guest's life
  }
}

InstanceType environment_type() {
  InstanceType it;
  uint32_t pair = it.define({0x6f, 0x02, kString, kString});
  Bytes list{0x70};
  uleb(list, pair);
  uint32_t env = it.define(list);
  uint32_t args = it.define({0x70, kString});
  uint32_t cwd = it.define({0x6b, kString});
  it.func("get-environment", {}, type_ref(env));
  it.func("get-arguments", {}, type_ref(args));
  it.func("initial-cwd", {}, type_ref(cwd));
  return it;
}

TEST_F(WasiP2Cli, EnvironmentArgumentsAndCwd) {
  WasiConfig config;
  config.args = {"prog.wasm", "a b", "ünï"};
  config.env = {"A=1", "B=x=y", "EMPTY=", "NOVALUE"};
  make_ctx(config);
  ASSERT_TRUE(instantiate("wasi:cli/environment", environment_type()));
  auto pair = [](std::string k, std::string v) {
    return Value::tuple({Value::string(std::move(k)), Value::string(std::move(v))});
  };
  EXPECT_EQ(call1("get-environment"),
            Value::list({pair("A", "1"), pair("B", "x=y"), pair("EMPTY", ""), pair("NOVALUE", "")}));
  EXPECT_EQ(call1("get-arguments"),
            Value::list({Value::string("prog.wasm"), Value::string("a b"), Value::string("ünï")}));
  EXPECT_EQ(call1("initial-cwd"), Value::option(std::nullopt));
}

TEST_F(WasiP2Cli, EmptyEnvironment) {
  ASSERT_TRUE(instantiate("wasi:cli/environment", environment_type()));
  EXPECT_EQ(call1("get-environment"), Value::list({}));
  EXPECT_EQ(call1("get-arguments"), Value::list({}));
}

TEST_F(WasiP2Cli, ExitEndsTheCallWithItsStatus) {
  InstanceType it;
  uint32_t status = it.define({0x6a, 0x00, 0x00});  // result (no payloads)
  it.func("exit", {{"status", type_ref(status)}}, {});
  it.func("exit-with-code", {{"status-code", {kU8}}}, {});
  ASSERT_TRUE(instantiate("wasi:cli/exit", it));
  EXPECT_FALSE(ctx_->exit_code);

  auto r = try_call("exit", {Value::ok(std::nullopt)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(ctx_->exit_code, 0u);

  r = try_call("exit", {Value::err(std::nullopt)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(ctx_->exit_code, 1u);

  r = try_call("exit-with-code", {Value::u8(42)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(ctx_->exit_code, 42u);
  r = try_call("exit-with-code", {Value::u8(255)});
  ASSERT_FALSE(r);
  EXPECT_EQ(ctx_->exit_code, 255u);
}

TEST_F(WasiP2Cli, ImportsOfTheWrongTypeAreRefused) {
  // now: func() -> u32 is not the host's u64: a Usage error at instantiation naming the function.
  InstanceType it;
  it.func("now", {}, {kU32});
  auto ok = instantiate("wasi:clocks/monotonic-clock", it);
  ASSERT_FALSE(ok);
  EXPECT_NE(std::string(ok.message()).find("now"), std::string::npos) << ok.message();
}

// A component importing a resource-exporting interface (`owner`: e.g. wasi:io/poll with its `pollable` and
// a method taking borrow<pollable>) and an interface whose functions return own<that resource> (`user`), both
// exported again. `owner_methods` are (name, result) methods taking the borrowed resource as `self`; `user_funcs`
// are (name, param types) functions returning the resource (option<own<..>> when `optional`).
struct HandleComponent {
  std::string owner, resource, user;
  std::vector<std::pair<std::string, uint8_t>> owner_methods;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> user_funcs;
  bool optional = false;

  Bytes encode() const {
    Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    auto section = [&](uint8_t id, const Bytes& body) {
      out.push_back(id);
      uleb(out, body.size());
      append(out, body);
    };
    // type 0: the owner's instance type.
    {
      InstanceType it;
      it.decls.push_back(0x04);
      it.decls.push_back(0x00);
      name(it.decls, resource);
      it.decls.push_back(0x03);
      it.decls.push_back(0x01);  // (sub resource)
      ++it.count;
      uint32_t res = it.types++;
      uint32_t borrow = it.define({0x68, uint8_t(res)});
      for (const auto& [m, result] : owner_methods) it.func(m, {{"self", type_ref(borrow)}}, {result});
      Bytes types{0x01, 0x42};
      uleb(types, it.count);
      append(types, it.decls);
      section(7, types);
    }
    Bytes imp{0x01, 0x00};
    name(imp, owner);
    imp.push_back(0x05);
    imp.push_back(0x00);
    section(10, imp);  // instance 0
    Bytes alias{0x01, 0x03, 0x00, 0x00};  // type 1 = instance 0's export `resource`
    name(alias, resource);
    section(6, alias);
    // type 2: the user's instance type, with the resource aliased from the enclosing component's type 1.
    {
      InstanceType it;
      it.decls.insert(it.decls.end(), {0x02, 0x03, 0x02, 0x01, 0x01});  // alias outer 1 1 (type)
      ++it.count;
      uint32_t outer = it.types++;
      uint32_t res = it.export_type(resource, outer);
      uint32_t own = it.define({0x69, uint8_t(res)});
      uint32_t result = optional ? it.define({0x6b, uint8_t(own)}) : own;
      for (const auto& [f, params] : user_funcs) {
        std::vector<std::pair<std::string, Bytes>> ps;
        for (size_t i = 0; i < params.size(); ++i) ps.push_back({"p" + std::to_string(i), {params[i]}});
        it.func(f, ps, type_ref(result));
      }
      Bytes types{0x01, 0x42};
      uleb(types, it.count);
      append(types, it.decls);
      section(7, types);
    }
    Bytes imp2{0x01, 0x00};
    name(imp2, user);
    imp2.push_back(0x05);
    imp2.push_back(0x02);
    section(10, imp2);  // instance 1
    Bytes exports{0x02, 0x00};
    name(exports, owner);
    exports.insert(exports.end(), {0x05, 0x00, 0x00});
    exports.push_back(0x00);
    name(exports, user);
    exports.insert(exports.end(), {0x05, 0x01, 0x00});
    section(11, exports);
    return out;
  }
};

class WasiP2Handles : public WasiP2Cli {
 protected:
  ::testing::AssertionResult instantiate_handles(const HandleComponent& hc) {
    auto c = mc::Component::compile(engine_, hc.encode());
    if (!c) return ::testing::AssertionFailure() << "compile: " << c.error().to_string();
    component_.emplace(std::move(c).value());
    auto i = linker_.instantiate(store_, *component_);
    if (!i) return ::testing::AssertionFailure() << "instantiate: " << i.error().to_string();
    instance_ = std::move(i).value();
    return ::testing::AssertionSuccess();
  }
  Value call_at(const std::string& iface, std::string_view fn, std::vector<Value> args = {}) {
    auto f = instance_.get_func(iface + "#" + std::string(fn));
    EXPECT_TRUE(f) << "no export " << fn;
    if (!f) return Value::make_bool(false);
    auto r = f->call(store_, args);
    EXPECT_TRUE(r) << fn << ": " << r.error().to_string();
    if (!r || r->size() != 1) return Value::make_bool(false);
    return (*r)[0];
  }
};

TEST_F(WasiP2Handles, MonotonicPollables) {
  HandleComponent hc{"wasi:io/poll@0.2.12", "pollable", "wasi:clocks/monotonic-clock@0.2.12",
                     {{"[method]pollable.ready", kBool}},
                     {{"subscribe-duration", {kU64}}, {"subscribe-instant", {kU64}}}};
  ASSERT_TRUE(instantiate_handles(hc));
  auto ready = [&](const Value& own) {
    EXPECT_EQ(own.kind(), mc::TypeKind::Own);
    EXPECT_EQ(own.as_resource().type, ctx_->types.pollable);
    return call_at(hc.owner, "[method]pollable.ready", {Value::borrow(own.as_resource())}).as_bool();
  };
  const std::string& clock = hc.user;
  EXPECT_TRUE(ready(call_at(clock, "subscribe-duration", {Value::u64(0)})));
  EXPECT_FALSE(ready(call_at(clock, "subscribe-duration", {Value::u64(3600'000'000'000u)})));
  // A duration past the end of the clock waits for ever; it must not wrap round to a past instant.
  EXPECT_FALSE(ready(call_at(clock, "subscribe-duration", {Value::u64(~uint64_t(0))})));
  EXPECT_TRUE(ready(call_at(clock, "subscribe-instant", {Value::u64(0)})));
  EXPECT_FALSE(ready(call_at(clock, "subscribe-instant", {Value::u64(~uint64_t(0))})));

  // An instant 30 ms ahead becomes ready.
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t soon = uint64_t(now.tv_sec) * 1'000'000'000u + uint64_t(now.tv_nsec) + 30'000'000u;
  Value p = call_at(clock, "subscribe-instant", {Value::u64(soon)});
  EXPECT_FALSE(ready(p));
  timespec pause{0, 40'000'000};
  ::nanosleep(&pause, nullptr);
  EXPECT_TRUE(ready(p));
}

TEST_F(WasiP2Handles, StdioStreamsAreHandles) {
  HandleComponent out{"wasi:io/streams@0.2.12", "output-stream", "wasi:cli/stdout@0.2.12", {}, {{"get-stdout", {}}}};
  ASSERT_TRUE(instantiate_handles(out));
  size_t before = ctx_->live();
  Value a = call_at(out.user, "get-stdout");
  Value b = call_at(out.user, "get-stdout");
  EXPECT_EQ(a.as_resource().type, ctx_->types.output_stream);
  EXPECT_NE(a.as_resource().rep, b.as_resource().rep);  // a new handle each time
  EXPECT_EQ(ctx_->live(), before + 2);
}

TEST_F(WasiP2Handles, TerminalsOnlyForTerminals) {
  // The test's standard streams may be anything; a pipe is certainly not a terminal.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  WasiConfig config;
  config.stdin_fd = fds[0];
  config.stdout_fd = fds[1];
  config.stderr_fd = -1;
  make_ctx(config);
  HandleComponent out{"wasi:cli/terminal-output@0.2.12", "terminal-output", "wasi:cli/terminal-stdout@0.2.12",
                      {}, {{"get-terminal-stdout", {}}}, /*optional=*/true};
  ASSERT_TRUE(instantiate_handles(out));
  EXPECT_EQ(call_at(out.user, "get-terminal-stdout"), Value::option(std::nullopt));
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_F(WasiP2Handles, TerminalWhenATerminal) {
  int master = -1, slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) GTEST_SKIP() << "no pseudo-terminal";
  WasiConfig config;
  config.stdin_fd = slave;
  make_ctx(config);
  HandleComponent in{"wasi:cli/terminal-input@0.2.12", "terminal-input", "wasi:cli/terminal-stdin@0.2.12",
                     {}, {{"get-terminal-stdin", {}}}, /*optional=*/true};
  ASSERT_TRUE(instantiate_handles(in));
  Value t = call_at(in.user, "get-terminal-stdin");
  ASSERT_TRUE(t.is_some());
  EXPECT_EQ(t.payload()->kind(), mc::TypeKind::Own);
  EXPECT_EQ(t.payload()->as_resource().type, ctx_->types.terminal_input);
  EXPECT_NE(ctx_->find(t.payload()->as_resource().rep), nullptr);
  ::close(slave);
  ::close(master);
}

TEST_F(WasiP2Cli, TerminalResourceTypesAreDefined) {
  EXPECT_NE(ctx_->types.terminal_input, nullptr);
  EXPECT_NE(ctx_->types.terminal_output, nullptr);
  EXPECT_NE(ctx_->types.terminal_input, ctx_->types.terminal_output);
}

}  // namespace
}  // namespace mosaic::wasi::p2
