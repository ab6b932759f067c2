// `call` (canon lift, synchronous) and `canon_lower`, with core functions made by Func::create standing in
// for guest code.

#include <algorithm>

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

using V = Value;
using Bytes = std::vector<uint8_t>;

const std::string kText = "héllo ✓ 𝄞";

FuncTypePtr func_type(std::vector<Field> params, ValTypePtr result) {
  auto ft = std::make_shared<FuncType>();
  ft->params = std::move(params);
  ft->result = std::move(result);
  return ft;
}

class ComponentCanonCall : public ComponentCanon {
 protected:
  // B exports echo: (s: string) -> string, whose core function stores (ptr, len) at 16 and returns 16.
  void SetUp() override {
    echo_core = mosaic::Func::create(
        store, mosaic::FuncType{{ValKind::I32, ValKind::I32}, {ValKind::I32}},
        [this](Caller&, std::span<const Val> a, std::span<Val> r) -> Result<void> {
          b_may_enter_during_call = b.inst.may_enter;
          b.put32(16, uint32_t(a[0].as_i32()));
          b.put32(20, uint32_t(a[1].as_i32()));
          r[0] = Val::i32(16);
          return ok();
        });
    post_return = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                       [this](Caller&, std::span<const Val> a, std::span<Val>) -> Result<void> {
                                         post_return_args.push_back(a[0].as_i32());
                                         may_leave_in_post_return = b.inst.may_leave;
                                         return ok();
                                       });
    echo.type = func_type({{"s", prim(TypeKind::String)}}, prim(TypeKind::String));
    echo.resources = &b.resources;
    echo.inst = &b.inst;
    echo.core = echo_core;
    echo.opts = b.opts;
    echo.opts.post_return = post_return;
    echo.name = "echo";
  }
  Result<std::vector<Val>> core_call(const mosaic::Func& f, std::vector<Val> args) { return f.call(store, args); }

  Guest a{store}, b{store};
  mosaic::Func echo_core, post_return;
  rt::ComponentFunc echo;
  bool b_may_enter_during_call = true;
  bool may_leave_in_post_return = true;
  std::vector<int32_t> post_return_args;
};

TEST_F(ComponentCanonCall, CallLiftedFunction) {
  std::vector<Value> args = {V::string(kText)};
  auto r = call(store, echo, args, nullptr);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, std::vector<Value>{V::string(kText)});
  EXPECT_EQ(b.calls, (std::vector<ReallocCall>{{0, 0, 1, 15}}));  // the argument went through B's realloc
  EXPECT_FALSE(b_may_enter_during_call);
  EXPECT_TRUE(b.inst.may_enter);
  EXPECT_EQ(post_return_args, std::vector<int32_t>{16});  // post-return gets the core results
  EXPECT_FALSE(may_leave_in_post_return);
  EXPECT_TRUE(b.inst.may_leave);
}

TEST_F(ComponentCanonCall, CallChecksArguments) {
  std::vector<Value> wrong = {V::u32(1)};
  expect_usage(call(store, echo, wrong, nullptr));
  expect_usage(call(store, echo, std::vector<Value>{}, nullptr));
  EXPECT_TRUE(b.inst.may_enter);
}

TEST_F(ComponentCanonCall, CallTrapsWhenTheCalleeCannotBeEntered) {
  std::vector<Value> args = {V::string("x")};
  b.inst.may_enter = false;
  expect_trap(call(store, echo, args, nullptr), "cannot enter component instance");
  b.inst.may_enter = true;
  // definitions.py's entering_set: the callee and its ancestors that are not the caller's.
  ComponentInstance parent;
  a.inst.parent = &parent;
  b.inst.parent = &parent;
  parent.may_enter = false;
  expect_trap(call(store, echo, args, nullptr), "cannot enter component instance");  // from the host: parent too
  auto r = call(store, echo, args, &a.inst);  // from a sibling: the shared parent is not entered
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(parent.may_enter);
  EXPECT_TRUE(b.inst.may_enter);
}

TEST_F(ComponentCanonCall, CoreTrapLeavesTheInstance) {
  echo.core = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32, ValKind::I32}, {ValKind::I32}},
                                   [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                     return mosaic::trap("unreachable");
                                   });
  std::vector<Value> args = {V::string("x")};
  expect_trap(call(store, echo, args, nullptr), "unreachable");
  EXPECT_TRUE(b.inst.may_enter);
  EXPECT_TRUE(post_return_args.empty());
}

TEST_F(ComponentCanonCall, PostReturnCannotLeave) {
  RtResource r;
  r.impl = &b.inst;
  auto new_r = canon_resource_new(store, &r, &b.inst);
  echo.opts.post_return = mosaic::Func::create(
      store, mosaic::FuncType{{ValKind::I32}, {}},
      [&](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
        std::array<Val, 1> rep = {Val::i32(1)};
        MOSAIC_TRY(new_r.call(store, rep));
        return ok();
      });
  std::vector<Value> args = {V::string("x")};
  expect_trap(call(store, echo, args, nullptr), "cannot leave component instance");
  EXPECT_TRUE(b.inst.may_leave);
}

TEST_F(ComponentCanonCall, BorrowsMustBeDroppedBeforeReturning) {
  auto res = std::make_shared<ResourceType>();
  RtResource host_r;  // a host resource: lowering a borrow of it makes a borrow handle in B
  host_r.name = "r";
  b.resources[res.get()] = &host_r;
  auto drop = canon_resource_drop(store, &host_r, &b.inst);
  bool drop_it = false;
  rt::ComponentFunc f;
  f.type = func_type({{"r", handle_of(TypeKind::Borrow, res)}}, nullptr);
  f.resources = &b.resources;
  f.inst = &b.inst;
  f.opts = b.opts;
  f.core = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                [&](Caller&, std::span<const Val> a, std::span<Val>) -> Result<void> {
                                  if (!drop_it) return ok();
                                  std::array<Val, 1> i = {a[0]};
                                  MOSAIC_TRY(drop.call(store, i));
                                  return ok();
                                });
  std::vector<Value> args = {V::borrow({&host_r, 7})};
  expect_trap(call(store, f, args, nullptr), "borrow handles still remain at the end of the call");
  EXPECT_EQ(b.inst.handles.live(), 0u);  // the stale borrow handle does not outlive its call
  drop_it = true;
  auto r = call(store, f, args, nullptr);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->empty());
}

TEST_F(ComponentCanonCall, HostFunctions) {
  rt::ComponentFunc h;
  h.name = "greet";
  h.type = func_type({{"n", prim(TypeKind::U32)}}, prim(TypeKind::String));
  h.host = [](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
    results.push_back(V::string(std::string(args[0].as_unsigned(), '!')));
    return ok();
  };
  std::vector<Value> args = {V::u32(3)};
  EXPECT_EQ(*call(store, h, args, nullptr), std::vector<Value>{V::string("!!!")});
  expect_usage(call(store, h, std::vector<Value>{V::s32(3)}, nullptr));
  // A host function's result is checked against its type.
  h.host = [](Store&, std::span<const Value>, std::vector<Value>& results) -> Result<void> {
    results.push_back(V::u32(1));
    return ok();
  };
  expect_usage(call(store, h, args, nullptr));
  h.host = [](Store&, std::span<const Value>, std::vector<Value>&) -> Result<void> { return ok(); };
  expect_usage(call(store, h, args, nullptr));
  h.host = [](Store&, std::span<const Value>, std::vector<Value>&) -> Result<void> { return mosaic::trap("boom"); };
  expect_trap(call(store, h, args, nullptr), "boom");
}

// A host function lowered into guest A: (s: string) -> string, upper-casing ASCII.
class ComponentCanonLower : public ComponentCanonCall {
 protected:
  void SetUp() override {
    ComponentCanonCall::SetUp();
    upper.name = "upper";
    upper.type = func_type({{"s", prim(TypeKind::String)}}, prim(TypeKind::String));
    upper.host = [](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
      std::string s = args[0].as_string();
      std::transform(s.begin(), s.end(), s.begin(), [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
      results.push_back(V::string(s));
      return ok();
    };
  }
  rt::ComponentFunc upper;
};

TEST_F(ComponentCanonLower, LowerHostFunction) {
  auto f = canon_lower(store, &upper, a.opts, &a.inst);
  EXPECT_EQ(f.type(store), (mosaic::FuncType{{ValKind::I32, ValKind::I32, ValKind::I32}, {}}));
  std::memcpy(a.data() + 100, "héllo", 6);
  ASSERT_TRUE(core_call(f, {Val::i32(100), Val::i32(6), Val::i32(200)}).has_value());
  uint32_t p = a.get32(200), n = a.get32(204);
  EXPECT_EQ(n, 6u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(a.data() + p), n), "HéLLO");
  EXPECT_EQ(a.calls, (std::vector<ReallocCall>{{0, 0, 1, 6}}));
}

TEST_F(ComponentCanonLower, LowerTraps) {
  auto f = canon_lower(store, &upper, a.opts, &a.inst);
  a.inst.may_leave = false;
  expect_trap(core_call(f, {Val::i32(100), Val::i32(1), Val::i32(200)}), "cannot leave component instance");
  a.inst.may_leave = true;
  expect_trap(core_call(f, {Val::i32(100), Val::i32(1), Val::i32(202)}), "pointer not aligned");
  expect_trap(core_call(f, {Val::i32(100), Val::i32(1), Val::i32(65536)}), "pointer out of bounds");
  a.data()[100] = 0xFF;
  expect_trap(core_call(f, {Val::i32(100), Val::i32(1), Val::i32(200)}), "invalid utf-8");
  expect_trap(core_call(f, {Val::i32(65535), Val::i32(2), Val::i32(200)}),
              "string pointer/length out of bounds of memory");
}

TEST_F(ComponentCanonLower, LowerManyParamsAndResults) {
  rt::ComponentFunc sum;
  std::vector<Field> params;
  for (int i = 0; i < 17; ++i) params.push_back({"p" + std::to_string(i), prim(TypeKind::U32)});
  sum.type = func_type(params, tuple_of({prim(TypeKind::U32), prim(TypeKind::U64)}));
  sum.host = [](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
    uint64_t total = 0;
    for (const auto& v : args) total += v.as_unsigned();
    results.push_back(V::tuple({V::u32(uint32_t(args.size())), V::u64(total)}));
    return ok();
  };
  auto f = canon_lower(store, &sum, a.opts, &a.inst);
  // 17 flat params: one pointer to them; a 2-value result: an out-pointer.
  EXPECT_EQ(f.type(store), (mosaic::FuncType{{ValKind::I32, ValKind::I32}, {}}));
  for (uint32_t i = 0; i < 17; ++i) a.put32(100 + 4 * i, i + 1);
  ASSERT_TRUE(core_call(f, {Val::i32(100), Val::i32(304)}).has_value());
  EXPECT_EQ(a.get32(304), 17u);
  EXPECT_EQ(a.get32(312), 153u);  // 1 + 2 + ... + 17, at offset 8 (u64 alignment)
  expect_trap(core_call(f, {Val::i32(102), Val::i32(304)}), "pointer not aligned");
  expect_trap(core_call(f, {Val::i32(65532), Val::i32(304)}), "pointer out of bounds");
}

TEST_F(ComponentCanonLower, LowerLendsBorrowedHandlesForTheCall) {
  auto res = std::make_shared<ResourceType>();
  RtResource r;
  r.name = "r";
  r.impl = &b.inst;
  a.resources[res.get()] = &r;
  uint32_t lends_during = 99;
  std::optional<Value> seen;
  rt::ComponentFunc take;
  take.type = func_type({{"r", handle_of(TypeKind::Borrow, res)}}, prim(TypeKind::U32));
  take.resources = &a.resources;
  take.host = [&](Store&, std::span<const Value> args, std::vector<Value>& results) -> Result<void> {
    seen = args[0];
    lends_during = (*a.inst.handles.get(1))->num_lends;
    results.push_back(V::u32(args[0].as_resource().rep));
    return ok();
  };
  auto f = canon_lower(store, &take, a.opts, &a.inst);
  uint32_t i = *a.inst.handles.add({&r, 77, true});
  auto out = core_call(f, {Val::i32(int32_t(i))});
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ((*out)[0].as_i32(), 77);
  EXPECT_EQ(seen, V::borrow({&r, 77}));
  EXPECT_EQ(lends_during, 1u);
  EXPECT_EQ((*a.inst.handles.get(i))->num_lends, 0u);  // released when the call returns
  // Also when the callee traps.
  take.host = [](Store&, std::span<const Value>, std::vector<Value>&) -> Result<void> { return mosaic::trap("no"); };
  expect_trap(core_call(f, {Val::i32(int32_t(i))}), "no");
  EXPECT_EQ((*a.inst.handles.get(i))->num_lends, 0u);
  expect_trap(core_call(f, {Val::i32(5)}), "unknown handle index 5");
}

TEST_F(ComponentCanonLower, ComponentToComponentTranscodes) {
  // A (UTF-16) calls B's echo (UTF-8) through a lowered import.
  Guest a16(store, ast::StringEncoding::Utf16);
  auto f = canon_lower(store, &echo, a16.opts, &a16.inst);
  std::u16string text = u"héllo ✓ 𝄞";
  std::memcpy(a16.data() + 100, text.data(), 20);
  auto out = core_call(f, {Val::i32(100), Val::i32(10), Val::i32(200)});
  ASSERT_TRUE(out.has_value()) << out.error().message;
  // Into B: store_utf16_to_utf8 from 10 code units.
  ASSERT_EQ(b.calls.size(), 3u);
  EXPECT_EQ(b.calls[0], (ReallocCall{0, 0, 1, 10}));
  EXPECT_EQ(b.calls[1], (ReallocCall{b.calls[1].old_ptr, 10, 1, 30}));
  EXPECT_EQ(b.calls[2], (ReallocCall{b.calls[2].old_ptr, 30, 1, 15}));
  // Back into A: store_utf8_to_utf16 from 15 bytes.
  ASSERT_EQ(a16.calls.size(), 2u);
  EXPECT_EQ(a16.calls[0], (ReallocCall{0, 0, 2, 30}));
  EXPECT_EQ(a16.calls[1], (ReallocCall{a16.calls[1].old_ptr, 30, 2, 20}));
  uint32_t p = a16.get32(200), n = a16.get32(204);
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(0, std::memcmp(a16.data() + p, text.data(), 20));
  EXPECT_EQ(post_return_args, std::vector<int32_t>{16});
  EXPECT_TRUE(b.inst.may_enter);
  EXPECT_TRUE(a16.inst.may_leave);
}

TEST_F(ComponentCanonLower, ComponentToComponentTraps) {
  auto f = canon_lower(store, &echo, a.opts, &a.inst);
  std::memcpy(a.data() + 100, "abc", 3);
  // The adapter's words at a component-to-component boundary.
  expect_trap(core_call(f, {Val::i32(100), Val::i32(3), Val::i32(201)}), "unaligned pointer");
  expect_trap(core_call(f, {Val::i32(65535), Val::i32(2), Val::i32(200)}), "string content out-of-bounds");
  b.forced = 0xFFFFFFF0;
  expect_trap(core_call(f, {Val::i32(100), Val::i32(3), Val::i32(200)}), "string content out-of-bounds");
  b.forced.reset();
  // B cannot be re-entered while it is on the stack.
  b.inst.may_enter = false;
  expect_trap(core_call(f, {Val::i32(100), Val::i32(3), Val::i32(200)}), "cannot enter component instance");
  b.inst.may_enter = true;
  // B returning a bad string pointer.
  echo.core = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32, ValKind::I32}, {ValKind::I32}},
                                   [this](Caller&, std::span<const Val>, std::span<Val> r) -> Result<void> {
                                     b.put32(16, 65530);
                                     b.put32(20, 100);
                                     r[0] = Val::i32(16);
                                     return ok();
                                   });
  expect_trap(core_call(f, {Val::i32(100), Val::i32(3), Val::i32(200)}), "string content out-of-bounds");
  echo.core = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32, ValKind::I32}, {ValKind::I32}},
                                   [](Caller&, std::span<const Val>, std::span<Val> r) -> Result<void> {
                                     r[0] = Val::i32(18);  // a misaligned return pointer
                                     return ok();
                                   });
  expect_trap(core_call(f, {Val::i32(100), Val::i32(3), Val::i32(200)}), "unaligned pointer");
  EXPECT_TRUE(b.inst.may_enter);
  EXPECT_TRUE(a.inst.may_leave);
}

TEST_F(ComponentCanonLower, ReentryThroughAnImportTraps) {
  // B's export calls an import that is lifted from A while A is on the stack (A called B).
  rt::ComponentFunc a_export;
  a_export.type = func_type({}, nullptr);
  a_export.inst = &a.inst;
  a_export.opts = a.opts;
  a_export.core = mosaic::Func::create(store, mosaic::FuncType{{}, {}},
                                       [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> { return ok(); });
  auto import_in_b = canon_lower(store, &a_export, b.opts, &b.inst);
  rt::ComponentFunc b_export;
  b_export.type = func_type({}, nullptr);
  b_export.inst = &b.inst;
  b_export.opts = b.opts;
  b_export.core = mosaic::Func::create(store, mosaic::FuncType{{}, {}},
                                       [&](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                         MOSAIC_TRY(import_in_b.call(store, std::vector<Val>{}));
                                         return ok();
                                       });
  auto import_in_a = canon_lower(store, &b_export, a.opts, &a.inst);
  a.inst.may_enter = false;  // A is running (the host called into it)
  expect_trap(core_call(import_in_a, {}), "cannot enter component instance");
  EXPECT_TRUE(b.inst.may_enter);
  a.inst.may_enter = true;  // when A is not on the stack the same chain works
  EXPECT_TRUE(core_call(import_in_a, {}).has_value());
}

}  // namespace
}  // namespace mosaic::component::canon::test
