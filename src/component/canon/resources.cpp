// Resources and handles (CanonicalABI.md "Handle types" lift_own/lift_borrow/lower_own/lower_borrow, and the
// built-ins `canon resource.new`, `canon resource.drop`, `canon resource.rep`).

#include <array>

#include "component/canon/abi.h"
#include "mosaic/store.h"

namespace mosaic::component::canon {

namespace {

const char* describe(const RtResource* rt) {
  return rt && rt->impl ? "guest-defined resource" : "host-defined resource";
}

Error wrong_type(uint32_t i, const RtResource* expected, const RtResource* found) {
  bool same_side = (expected && expected->impl) == (found && found->impl);
  return trap_error("handle index " + std::to_string(i) + " used with the wrong type, expected " +
                    describe(expected) + " but found " + (same_side ? "a different " : "") + describe(found));
}

Result<void> check_may_leave(rt::ComponentInstance* inst) {
  if (!inst->may_leave) return trap_error("cannot leave component instance");
  return ok();
}

Error resource_mismatch(const RtResource* expected, const RtResource* got) {
  return usage_error("resource type mismatch: expected `" + (expected ? expected->name : std::string("?")) +
                     "`, got `" + (got ? got->name : std::string("?")) + "`");
}

}  // namespace

Result<RtResource*> resource_type(const LiftLowerContext& cx, const ValType& t) {
  if (cx.resources && t.resource) {
    auto it = cx.resources->find(t.resource.get());
    if (it != cx.resources->end() && it->second) return it->second;
  }
  return usage_error("resource type `" + (t.resource ? t.resource->name : std::string("?")) +
                     "` has no run-time type in this instance");
}

// lift_own: the handle leaves the table (trap if lent out or a borrow).
Result<Value> lift_own(LiftLowerContext& cx, uint32_t i, const ValType& t) {
  RtResource* rt = MOSAIC_TRY(resource_type(cx, t));
  rt::ResourceHandle* h = MOSAIC_TRY(cx.inst->handles.get(i));
  if (h->rt != rt) return wrong_type(i, rt, h->rt);
  if (h->num_lends != 0) return trap_error("cannot remove owned resource while borrowed");
  if (!h->own) return trap_error("cannot lift own resource from a borrow");
  rt::ResourceHandle removed = MOSAIC_TRY(cx.inst->handles.remove(i));
  return Value::own(ResourceRef{rt, removed.rep});
}

// lift_borrow: the handle stays; it is lent for the duration of the call (Subtask.add_lender).
Result<Value> lift_borrow(LiftLowerContext& cx, uint32_t i, const ValType& t) {
  RtResource* rt = MOSAIC_TRY(resource_type(cx, t));
  rt::ResourceHandle* h = MOSAIC_TRY(cx.inst->handles.get(i));
  if (h->rt != rt) return wrong_type(i, rt, h->rt);
  if (cx.borrow_scope) {
    h->num_lends += 1;
    cx.borrow_scope->lenders.push_back(h);
  }
  return Value::borrow(ResourceRef{rt, h->rep});
}

Result<uint32_t> lower_own(LiftLowerContext& cx, const Value& v, const ValType& t) {
  RtResource* rt = MOSAIC_TRY(resource_type(cx, t));
  if (v.as_resource().type != rt) return resource_mismatch(rt, v.as_resource().type);
  return cx.inst->handles.add(rt::ResourceHandle{rt, v.as_resource().rep, true, nullptr, 0});
}

// lower_borrow: a borrow of the instance's own resource is its representation; any other becomes a borrow
// handle that must be dropped before the call returns (Task.num_borrows).
Result<uint32_t> lower_borrow(LiftLowerContext& cx, const Value& v, const ValType& t) {
  RtResource* rt = MOSAIC_TRY(resource_type(cx, t));
  if (v.as_resource().type != rt) return resource_mismatch(rt, v.as_resource().type);
  if (cx.inst == rt->impl) return v.as_resource().rep;
  if (!cx.borrow_scope) return usage_error("a borrow can only be lowered as a parameter of a call");
  uint32_t i = MOSAIC_TRY(cx.inst->handles.add(rt::ResourceHandle{rt, v.as_resource().rep, false, cx.borrow_scope, 0}));
  cx.borrow_scope->num_borrows += 1;
  return i;
}

Result<void> run_dtor(Store& store, RtResource* rt, uint32_t rep, rt::ComponentInstance* caller) {
  if (rt->impl) {
    // The destructor is lifted in rt.impl and lowered into the caller (canon_resource_drop).
    EnterGuard guard(rt->impl, caller);
    MOSAIC_TRY(guard.enter());
    if (rt->dtor) {
      std::array<Val, 1> args = {Val::i32(int32_t(rep))};
      MOSAIC_TRY(rt->dtor->call(store, args));
    }
    return ok();
  }
  if (rt->host_dtor) return rt->host_dtor(store, rep);
  return ok();
}

mosaic::Func canon_resource_new(Store& store, RtResource* rt, rt::ComponentInstance* inst) {
  return mosaic::Func::create(
      store, mosaic::FuncType{{ValKind::I32}, {ValKind::I32}},
      [rt, inst](Caller&, std::span<const Val> args, std::span<Val> results) -> Result<void> {
        MOSAIC_TRY(check_may_leave(inst));
        uint32_t rep = uint32_t(args[0].as_i32());
        uint32_t i = MOSAIC_TRY(inst->handles.add(rt::ResourceHandle{rt, rep, true, nullptr, 0}));
        results[0] = Val::i32(int32_t(i));
        return ok();
      });
}

mosaic::Func canon_resource_drop(Store& store, RtResource* rt, rt::ComponentInstance* inst) {
  return mosaic::Func::create(
      store, mosaic::FuncType{{ValKind::I32}, {}},
      [rt, inst](Caller& caller, std::span<const Val> args, std::span<Val>) -> Result<void> {
        MOSAIC_TRY(check_may_leave(inst));
        uint32_t i = uint32_t(args[0].as_i32());
        rt::ResourceHandle* h = MOSAIC_TRY(inst->handles.get(i));
        if (h->rt != rt) return wrong_type(i, rt, h->rt);
        if (h->num_lends != 0) return trap_error("cannot remove owned resource while borrowed");
        rt::ResourceHandle removed = MOSAIC_TRY(inst->handles.remove(i));
        if (removed.own) return run_dtor(caller.store(), rt, removed.rep, inst);
        if (removed.borrow_scope) removed.borrow_scope->num_borrows -= 1;
        return ok();
      });
}

mosaic::Func canon_resource_rep(Store& store, RtResource* rt, rt::ComponentInstance* inst) {
  return mosaic::Func::create(
      store, mosaic::FuncType{{ValKind::I32}, {ValKind::I32}},
      [rt, inst](Caller&, std::span<const Val> args, std::span<Val> results) -> Result<void> {
        uint32_t i = uint32_t(args[0].as_i32());
        rt::ResourceHandle* h = MOSAIC_TRY(inst->handles.get(i));
        if (h->rt != rt) return wrong_type(i, rt, h->rt);
        results[0] = Val::i32(int32_t(h->rep));
        return ok();
      });
}

Result<void> drop_resource(Store& store, ResourceRef r) {
  if (!r.type) return usage_error("drop of a resource without a resource type");
  return run_dtor(store, r.type, r.rep, nullptr);
}

}  // namespace mosaic::component::canon
