// Calls across the component boundary (CanonicalABI.md "canon lift" and "canon lower", synchronous ABI):
// `call` is canon_lift's synchronous path entered from a caller (Store.lift's func_inst), `canon_lower`
// makes the core function a component imports (Store.lower's core_func_inst).

#include <algorithm>

#include "component/canon/abi.h"
#include "mosaic/store.h"

namespace mosaic::component::canon {

namespace {

// Instance parent chains are short; this bound only guards against a malformed (cyclic) chain.
constexpr size_t kMaxAncestors = 1u << 16;

std::vector<ValTypePtr> param_types(const FuncType& ft) {
  std::vector<ValTypePtr> ts;
  ts.reserve(ft.params.size());
  for (const auto& p : ft.params) ts.push_back(p.type);
  return ts;
}
std::vector<ValTypePtr> result_types(const FuncType& ft) {
  std::vector<ValTypePtr> ts;
  if (ft.result) ts.push_back(ft.result);
  return ts;
}

bool results_spill(const std::vector<ValTypePtr>& ts) {
  std::vector<ValKind> flat;
  for (const auto& t : ts) flatten_into(*t, flat, MAX_FLAT_RESULTS);
  return flat.size() > MAX_FLAT_RESULTS;
}

// Subtask.deliver_resolve: the caller's handles lent for the call are released when it returns (or traps).
class LendersRelease {
 public:
  explicit LendersRelease(rt::CallScope& scope) : scope_(scope) {}
  ~LendersRelease() {
    for (rt::ResourceHandle* h : scope_.lenders) h->num_lends -= 1;
    scope_.lenders.clear();
  }
  LendersRelease(const LendersRelease&) = delete;
  LendersRelease& operator=(const LendersRelease&) = delete;

 private:
  rt::CallScope& scope_;
};

std::string func_name(const rt::ComponentFunc& f) { return f.name.empty() ? std::string("function") : "`" + f.name + "`"; }

Result<std::vector<Value>> call_host(Store& store, rt::ComponentFunc& f, std::span<const Value> args,
                                     const std::vector<ValTypePtr>& rts) {
  std::vector<Value> results;
  MOSAIC_TRY(f.host(store, args, results));
  if (results.size() != rts.size())
    return usage_error("host function " + func_name(f) + " returned " + std::to_string(results.size()) +
                       " results; its type has " + std::to_string(rts.size()));
  for (size_t i = 0; i < rts.size(); ++i) {
    auto r = check_value(results[i], rts[i]);
    if (!r) return usage_error("host function " + func_name(f) + " result: " + r.error().message);
  }
  return results;
}

// canon_lift, synchronous: lower the arguments into the callee, call the core function, lift the result,
// Task.return_ (no borrow may remain), then post-return with may_leave cleared.
Result<std::vector<Value>> call_lifted(LiftLowerContext& cx, rt::ComponentFunc& f, std::span<const Value> args,
                                       const std::vector<ValTypePtr>& pts, const std::vector<ValTypePtr>& rts) {
  std::vector<Val> flat_args = MOSAIC_TRY(lower_flat_values(cx, MAX_FLAT_PARAMS, args, pts));
  std::vector<Val> flat_results = MOSAIC_TRY(f.core.call(cx.store, flat_args));
  CoreValueIter vi{flat_results, 0};
  std::vector<Value> results = MOSAIC_TRY(lift_flat_values(cx, MAX_FLAT_RESULTS, vi, rts));
  if (cx.borrow_scope->num_borrows > 0) return trap_error("borrow handles still remain at the end of the call");
  if (f.opts.post_return) {
    rt::ComponentInstance* inst = cx.inst;
    inst->may_leave = false;
    auto r = f.opts.post_return->call(cx.store, flat_results);
    inst->may_leave = true;
    if (!r) return std::move(r).error();
  }
  return results;
}

}  // namespace

EnterGuard::EnterGuard(rt::ComponentInstance* callee, rt::ComponentInstance* caller) {
  std::vector<rt::ComponentInstance*> caller_set;
  for (auto* c = caller; c && caller_set.size() < kMaxAncestors; c = c->parent) caller_set.push_back(c);
  for (auto* c = callee; c && set_.size() < kMaxAncestors; c = c->parent)
    if (std::find(caller_set.begin(), caller_set.end(), c) == caller_set.end()) set_.push_back(c);
}

Result<void> EnterGuard::enter() {
  for (auto* i : set_)
    if (!i->may_enter) return trap_error("cannot enter component instance");
  for (auto* i : set_) i->may_enter = false;
  entered_ = true;
  return ok();
}

EnterGuard::~EnterGuard() {
  if (entered_)
    for (auto* i : set_) i->may_enter = true;
}

Result<std::vector<Value>> call(Store& store, rt::ComponentFunc& f, std::span<const Value> args,
                                rt::ComponentInstance* caller) {
  if (!f.type) return usage_error("component function " + func_name(f) + " has no type");
  const FuncType& ft = *f.type;
  if (ft.is_async) return trap_error("async functions are not supported");
  if (args.size() != ft.params.size())
    return usage_error(func_name(f) + " takes " + std::to_string(ft.params.size()) + " arguments, got " +
                       std::to_string(args.size()));
  std::vector<ValTypePtr> pts = param_types(ft), rts = result_types(ft);
  if (!caller) {
    // Values from the host are checked; values lifted from a guest are of their type by construction.
    for (size_t i = 0; i < args.size(); ++i) {
      auto r = check_value(args[i], pts[i]);
      if (!r) return usage_error("argument `" + ft.params[i].name + "` of " + func_name(f) + ": " + r.error().message);
    }
  }
  if (f.host) return call_host(store, f, args, rts);
  if (!f.inst || !f.core) return usage_error("component function " + func_name(f) + " is not lifted");

  EnterGuard guard(f.inst, caller);
  MOSAIC_TRY(guard.enter());
  rt::CallScope task;
  LiftLowerContext cx{store, f.opts, f.inst, f.resources, &task};
  cx.adapter = caller != nullptr;
  auto results = call_lifted(cx, f, args, pts, rts);
  // A call that trapped may leave borrow handles pointing at this call's scope: remove them.
  if (!results && task.num_borrows > 0) f.inst->handles.remove_borrows_of(&task);
  return results;
}

mosaic::Func canon_lower(Store& store, rt::ComponentFunc* callee, rt::CanonOptions opts, rt::ComponentInstance* inst) {
  FlatFuncType flat = flatten_functype(*callee->type, FlattenContext::Lower);
  return mosaic::Func::create(
      store, mosaic::FuncType{flat.params, flat.results},
      [callee, opts = std::move(opts), inst](Caller& c, std::span<const Val> args, std::span<Val> results) -> Result<void> {
        Store& s = c.store();
        if (!inst->may_leave) return trap_error("cannot leave component instance");
        const FuncType& ft = *callee->type;
        std::vector<ValTypePtr> pts = param_types(ft), rts = result_types(ft);
        rt::CallScope subtask;
        LendersRelease release(subtask);
        LiftLowerContext cx{s, opts, inst, callee->resources, &subtask};
        cx.adapter = !callee->host;
        CoreValueIter vi{args, 0};
        std::vector<Value> params = MOSAIC_TRY(lift_flat_values(cx, MAX_FLAT_PARAMS, vi, pts));
        std::vector<Value> values = MOSAIC_TRY(call(s, *callee, params, inst));
        std::optional<uint32_t> out_param;
        if (results_spill(rts)) {
          if (args.empty()) return usage_error("canon lower: missing the out-pointer parameter");
          out_param = uint32_t(args.back().as_i32());
        }
        // on_resolve: the result is lowered into the caller; the lenders are released after it.
        std::vector<Val> flat_results = MOSAIC_TRY(lower_flat_values(cx, MAX_FLAT_RESULTS, values, rts, out_param));
        if (flat_results.size() != results.size())
          return usage_error("canon lower: result count does not match the core type");
        std::copy(flat_results.begin(), flat_results.end(), results.begin());
        return ok();
      });
}

}  // namespace mosaic::component::canon
