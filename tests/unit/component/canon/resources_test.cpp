// Handles and resources: the handle table, lift_own / lift_borrow / lower_own / lower_borrow, and the
// resource.new / resource.rep / resource.drop built-ins with destructors.

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

using V = Value;
using rt::ResourceHandle;

class ComponentCanonResources : public ComponentCanon {
 protected:
  void SetUp() override {
    rt_a.name = "a";
    rt_a.impl = &g.inst;
    rt_b.name = "b";
    rt_b.impl = &g.inst;
    g.resources[res_a.get()] = &rt_a;
    g.resources[res_b.get()] = &rt_b;
    own_a = handle_of(TypeKind::Own, res_a);
    borrow_a = handle_of(TypeKind::Borrow, res_a);
  }
  Result<Value> lift1(const ValTypePtr& t, uint32_t i, CallScope* scope = nullptr) {
    auto cx = g.cx(scope);
    std::array<Val, 1> flat = {Val::i32(int32_t(i))};
    CoreValueIter vi{flat, 0};
    return lift_flat(cx, vi, t);
  }
  Result<std::vector<Val>> call1(const mosaic::Func& f, uint32_t arg) {
    std::array<Val, 1> args = {Val::i32(int32_t(arg))};
    return f.call(store, args);
  }

  Guest g{store};
  std::shared_ptr<ResourceType> res_a = std::make_shared<ResourceType>(), res_b = std::make_shared<ResourceType>();
  RtResource rt_a, rt_b;
  ValTypePtr own_a, borrow_a;
};

TEST_F(ComponentCanon, HandleTableAddGetRemove) {
  rt::HandleTable t;
  RtResource r;
  EXPECT_EQ(*t.add({&r, 10, true}), 1u);  // index 0 is never used
  EXPECT_EQ(*t.add({&r, 20, true}), 2u);
  EXPECT_EQ((*t.get(2))->rep, 20u);
  EXPECT_EQ(t.remove(1)->rep, 10u);
  expect_trap(t.get(1), "unknown handle index 1");
  expect_trap(t.remove(1), "unknown handle index 1");
  EXPECT_EQ(*t.add({&r, 30, true}), 1u);  // the freed slot is reused
  EXPECT_EQ(t.live(), 2u);
  expect_trap(t.get(0), "unknown handle index 0");
  expect_trap(t.get(5), "unknown handle index 5");
  expect_trap(t.remove(0xFFFFFFFF), "unknown handle index 4294967295");
  // A handle keeps its address while the table grows (lenders point at handles).
  ResourceHandle* first = *t.get(1);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(t.add({&r, uint32_t(i), true}).has_value());
  EXPECT_EQ(*t.get(1), first);
}

TEST_F(ComponentCanonResources, OwnHandlesMoveBetweenTableAndValue) {
  auto cx = g.cx();
  std::vector<Val> out;
  ASSERT_TRUE(lower_flat(cx, V::own({&rt_a, 42}), own_a, out));
  ASSERT_EQ(out.size(), 1u);
  uint32_t i = uint32_t(out[0].as_i32());
  EXPECT_EQ(i, 1u);
  ResourceHandle* h = *g.inst.handles.get(i);
  EXPECT_TRUE(h->own);
  EXPECT_EQ(h->rep, 42u);
  EXPECT_EQ(*lift1(own_a, i), V::own({&rt_a, 42}));
  EXPECT_EQ(g.inst.handles.live(), 0u);  // lifting an own handle takes it out of the table
  expect_trap(lift1(own_a, i), "unknown handle index 1");
}

TEST_F(ComponentCanonResources, LiftChecksResourceTypeAndKind) {
  uint32_t b = *g.inst.handles.add({&rt_b, 7, true});
  expect_trap(lift1(own_a, b),
              "handle index 1 used with the wrong type, expected guest-defined resource but found a different "
              "guest-defined resource");
  expect_trap(lift1(borrow_a, b), "used with the wrong type");
  CallScope scope;
  uint32_t borrowed = *g.inst.handles.add({&rt_a, 8, false, &scope});
  expect_trap(lift1(own_a, borrowed), "cannot lift own resource from a borrow");
  // A handle of a host resource where a guest resource is expected.
  RtResource host;
  host.name = "host";
  uint32_t hh = *g.inst.handles.add({&host, 1, true});
  expect_trap(lift1(own_a, hh), "expected guest-defined resource but found host-defined resource");
}

TEST_F(ComponentCanonResources, LiftBorrowLendsTheHandle) {
  uint32_t i = *g.inst.handles.add({&rt_a, 5, true});
  CallScope scope;
  EXPECT_EQ(*lift1(borrow_a, i, &scope), V::borrow({&rt_a, 5}));
  ResourceHandle* h = *g.inst.handles.get(i);
  EXPECT_EQ(h->num_lends, 1u);
  ASSERT_EQ(scope.lenders.size(), 1u);
  EXPECT_EQ(scope.lenders[0], h);
  // While lent, the owner cannot give it away.
  expect_trap(lift1(own_a, i), "cannot remove owned resource while borrowed");
  EXPECT_EQ(g.inst.handles.live(), 1u);
}

TEST_F(ComponentCanonResources, LowerBorrow) {
  CallScope scope;
  // Into the instance that defines the resource: the representation itself.
  {
    auto cx = g.cx(&scope);
    std::vector<Val> out;
    ASSERT_TRUE(lower_flat(cx, V::borrow({&rt_a, 99}), borrow_a, out));
    EXPECT_EQ(out[0].as_i32(), 99);
    EXPECT_EQ(scope.num_borrows, 0u);
  }
  // Into another instance: a borrow handle counted in the call's scope.
  Guest other(store);
  other.resources[res_a.get()] = &rt_a;
  auto cx = other.cx(&scope);
  std::vector<Val> out;
  ASSERT_TRUE(lower_flat(cx, V::borrow({&rt_a, 99}), borrow_a, out));
  uint32_t i = uint32_t(out[0].as_i32());
  ResourceHandle* h = *other.inst.handles.get(i);
  EXPECT_FALSE(h->own);
  EXPECT_EQ(h->rep, 99u);
  EXPECT_EQ(h->borrow_scope, &scope);
  EXPECT_EQ(scope.num_borrows, 1u);
  // Without a call there is nothing to scope the borrow to.
  auto no_scope = other.cx();
  expect_usage(lower_flat(no_scope, V::borrow({&rt_a, 1}), borrow_a, out));
}

TEST_F(ComponentCanonResources, LowerChecksTheValuesResourceType) {
  auto cx = g.cx();
  std::vector<Val> out;
  expect_usage(lower_flat(cx, V::own({&rt_b, 1}), own_a, out));
  // A resource type the instance does not know.
  auto unknown = handle_of(TypeKind::Own, std::make_shared<ResourceType>());
  expect_usage(lower_flat(cx, V::own({&rt_a, 1}), unknown, out));
}

TEST_F(ComponentCanonResources, NewRepDrop) {
  std::vector<uint32_t> dropped;
  bool may_enter_in_dtor = true;
  rt_a.dtor = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                   [&](Caller&, std::span<const Val> a, std::span<Val>) -> Result<void> {
                                     dropped.push_back(uint32_t(a[0].as_i32()));
                                     may_enter_in_dtor = g.inst.may_enter;
                                     return ok();
                                   });
  auto new_a = canon_resource_new(store, &rt_a, &g.inst);
  auto rep_a = canon_resource_rep(store, &rt_a, &g.inst);
  auto drop_a = canon_resource_drop(store, &rt_a, &g.inst);
  auto drop_b = canon_resource_drop(store, &rt_b, &g.inst);
  auto h = call1(new_a, 1234);
  ASSERT_TRUE(h.has_value()) << h.error().message;
  uint32_t i = uint32_t((*h)[0].as_i32());
  EXPECT_EQ(i, 1u);
  EXPECT_EQ((*call1(rep_a, i))[0].as_i32(), 1234);
  expect_trap(call1(drop_b, i), "used with the wrong type");
  ASSERT_TRUE(call1(drop_a, i).has_value());
  EXPECT_EQ(dropped, std::vector<uint32_t>{1234});
  EXPECT_TRUE(may_enter_in_dtor);  // dropped inside its own instance: nothing is entered
  expect_trap(call1(drop_a, i), "unknown handle index 1");
  expect_trap(call1(rep_a, i), "unknown handle index 1");
  expect_trap(call1(rep_a, 5), "unknown handle index 5");
}

TEST_F(ComponentCanonResources, BuiltinsCheckMayLeave) {
  auto new_a = canon_resource_new(store, &rt_a, &g.inst);
  auto rep_a = canon_resource_rep(store, &rt_a, &g.inst);
  auto drop_a = canon_resource_drop(store, &rt_a, &g.inst);
  uint32_t i = uint32_t((*call1(new_a, 1))[0].as_i32());
  g.inst.may_leave = false;  // e.g. inside post-return
  expect_trap(call1(new_a, 2), "cannot leave component instance");
  expect_trap(call1(drop_a, i), "cannot leave component instance");
  EXPECT_TRUE(call1(rep_a, i).has_value());  // resource.rep has no such check
  g.inst.may_leave = true;
  EXPECT_TRUE(call1(drop_a, i).has_value());
}

TEST_F(ComponentCanonResources, DropOfALentHandleTraps) {
  auto drop_a = canon_resource_drop(store, &rt_a, &g.inst);
  uint32_t i = *g.inst.handles.add({&rt_a, 5, true});
  CallScope scope;
  ASSERT_TRUE(lift1(borrow_a, i, &scope).has_value());
  expect_trap(call1(drop_a, i), "cannot remove owned resource while borrowed");
  EXPECT_EQ(g.inst.handles.live(), 1u);  // still there
}

TEST_F(ComponentCanonResources, DropOfABorrowHandleEndsTheBorrow) {
  Guest other(store);
  other.resources[res_a.get()] = &rt_a;
  CallScope scope;
  auto cx = other.cx(&scope);
  std::vector<Val> out;
  ASSERT_TRUE(lower_flat(cx, V::borrow({&rt_a, 3}), borrow_a, out));
  EXPECT_EQ(scope.num_borrows, 1u);
  bool dtor_ran = false;
  rt_a.dtor = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                   [&](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                     dtor_ran = true;
                                     return ok();
                                   });
  auto drop = canon_resource_drop(store, &rt_a, &other.inst);
  ASSERT_TRUE(call1(drop, uint32_t(out[0].as_i32())).has_value());
  EXPECT_EQ(scope.num_borrows, 0u);
  EXPECT_FALSE(dtor_ran);  // dropping a borrow never destroys the resource
}

TEST_F(ComponentCanonResources, DropInAnotherInstanceEntersTheDefiningOne) {
  Guest user(store);
  user.resources[res_a.get()] = &rt_a;
  bool impl_entered = false;
  rt_a.dtor = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                   [&](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                     impl_entered = !g.inst.may_enter;
                                     return ok();
                                   });
  auto drop = canon_resource_drop(store, &rt_a, &user.inst);
  uint32_t i = *user.inst.handles.add({&rt_a, 5, true});
  g.inst.may_enter = false;  // the defining instance is on the stack
  expect_trap(call1(drop, i), "cannot enter component instance");
  g.inst.may_enter = true;
  i = *user.inst.handles.add({&rt_a, 6, true});
  ASSERT_TRUE(call1(drop, i).has_value());
  EXPECT_TRUE(impl_entered);
  EXPECT_TRUE(g.inst.may_enter);  // and left again
}

TEST_F(ComponentCanonResources, HostDropsResources) {
  std::vector<uint32_t> host_dropped, guest_dropped;
  RtResource host;
  host.name = "host";
  host.host_dtor = [&](Store&, uint32_t rep) -> Result<void> {
    host_dropped.push_back(rep);
    return ok();
  };
  rt_a.dtor = mosaic::Func::create(store, mosaic::FuncType{{ValKind::I32}, {}},
                                   [&](Caller&, std::span<const Val> a, std::span<Val>) -> Result<void> {
                                     guest_dropped.push_back(uint32_t(a[0].as_i32()));
                                     return ok();
                                   });
  ASSERT_TRUE(drop_resource(store, {&host, 11}).has_value());
  ASSERT_TRUE(drop_resource(store, {&rt_a, 12}).has_value());
  EXPECT_EQ(host_dropped, std::vector<uint32_t>{11});
  EXPECT_EQ(guest_dropped, std::vector<uint32_t>{12});
  g.inst.may_enter = false;
  expect_trap(drop_resource(store, {&rt_a, 13}), "cannot enter component instance");
  expect_usage(drop_resource(store, {nullptr, 1}));
  // A guest resource without a destructor is simply forgotten.
  g.inst.may_enter = true;
  rt_b.dtor.reset();
  EXPECT_TRUE(drop_resource(store, {&rt_b, 1}).has_value());
}

}  // namespace
}  // namespace mosaic::component::canon::test
