// Instantiation of a component (Explainer.md "Instance Definitions", "Component Definitions"; CanonicalABI.md
// "Canonical definitions"): the definitions are walked in binary order, each adding to one of the run-time index
// spaces of a Frame, exactly as validation added to the static ones (ValidComponent), so an index written in the
// binary selects the same item in both.

#include <string>
#include <utility>

#include "component/canon/canon.h"
#include "component/runtime/instance_state.h"
#include "mosaic/store.h"

namespace mosaic::component::rt {

namespace {

Error unlinkable(std::string msg) { return Error(ErrorKind::Unlinkable, std::move(msg)); }

// Bounds-checked access: validation guarantees the indices, but a gap between the two walks must give an
// error, never undefined behaviour.
template <class T>
Result<const T*> at(const std::vector<T>& v, uint32_t i, const char* what) {
  if (i >= v.size()) return unlinkable(std::string("instantiation: ") + what + " index " + std::to_string(i) +
                                       " out of range");
  return &v[i];
}

const char* core_sort_name(ast::CoreSort s) { return ast::to_string(s); }

struct Instantiator {
  Store& store;
  InstanceState& state;
  const ImportResolver& resolve;

  // The arguments of a nested instantiation, or null for the root (whose imports come from `resolve`).
  using Args = std::vector<std::pair<std::string, RtItem>>;

  Result<std::shared_ptr<RtExports>> instantiate(const ComponentClosure& c, const Args* args,
                                                 ComponentInstance* parent, uint32_t depth);

 private:
  Result<void> definition(Frame& f, const ast::Definition& d, const Args* args);
  Result<void> core_instance(Frame& f, const ast::CoreInstance& ci);
  Result<void> instance(Frame& f, const ast::Instance& in);
  Result<void> alias(Frame& f, const ast::Alias& a);
  Result<void> type(Frame& f, const ast::TypeDef& t);
  Result<void> canon(Frame& f, const ast::Canon& c);
  Result<void> start(Frame& f, const ast::Start& s);
  Result<void> import(Frame& f, const ast::Import& im, const Args* args);
  Result<void> export_(Frame& f, const ast::Export& e);

  Result<CanonOptions> options(Frame& f, const ast::CanonOpts& o);
  Result<RtItem> item(const Frame& f, const ast::SortIdx& s);
  Result<void> push_item(Frame& f, ast::SortRef sort, const RtItem& it);
  Result<void> push_core(Frame& f, ast::CoreSort sort, const Extern& e);
  void push_type(Frame& f, RtResource* r);
};

Result<void> Instantiator::push_core(Frame& f, ast::CoreSort sort, const Extern& e) {
  switch (sort) {
    case ast::CoreSort::Func:
      if (!e.func()) break;
      f.core_funcs.push_back(*e.func());
      return ok();
    case ast::CoreSort::Table:
      if (!e.table()) break;
      f.core_tables.push_back(*e.table());
      return ok();
    case ast::CoreSort::Memory:
      if (!e.memory()) break;
      f.core_memories.push_back(*e.memory());
      return ok();
    case ast::CoreSort::Global:
      if (!e.global()) break;
      f.core_globals.push_back(*e.global());
      return ok();
    default:
      return unlinkable(std::string("instantiation: core ") + core_sort_name(sort) + " items are not supported");
  }
  return unlinkable(std::string("instantiation: core export is not a ") + core_sort_name(sort));
}

void Instantiator::push_type(Frame& f, RtResource* r) {
  size_t idx = f.types.size();
  f.types.push_back(r);
  if (r && idx < f.vc->types.size()) {
    if (auto* rp = std::get_if<ResourcePtr>(&f.vc->types[idx]); rp && *rp) f.inst->resources[rp->get()] = r;
  }
}

Result<RtItem> Instantiator::item(const Frame& f, const ast::SortIdx& s) {
  RtItem it;
  switch (s.sort.sort) {
    case ast::Sort::Func:
      it.kind = ExternKind::Func;
      it.func = *MOSAIC_TRY(at(f.funcs, s.index, "func"));
      return it;
    case ast::Sort::Instance:
      it.kind = ExternKind::Instance;
      it.instance = *MOSAIC_TRY(at(f.instances, s.index, "instance"));
      return it;
    case ast::Sort::Type:
      it.kind = ExternKind::Type;
      it.resource = *MOSAIC_TRY(at(f.types, s.index, "type"));
      return it;
    case ast::Sort::Component:
      it.kind = ExternKind::Component;
      it.component = *MOSAIC_TRY(at(f.components, s.index, "component"));
      return it;
    case ast::Sort::Core:
      if (s.sort.core == ast::CoreSort::Module) {
        it.kind = ExternKind::Module;
        it.module = *MOSAIC_TRY(at(f.core_modules, s.index, "core module"));
        return it;
      }
      break;
    case ast::Sort::Value:
      return unlinkable("instantiation: component values are not supported");
  }
  return unlinkable(std::string("instantiation: ") + ast::to_string(s.sort) + " cannot be passed between components");
}

Result<void> Instantiator::push_item(Frame& f, ast::SortRef sort, const RtItem& it) {
  auto mismatch = [&] {
    return unlinkable(std::string("instantiation: expected a ") + ast::to_string(sort) + ", found a " +
                      to_string(it.kind));
  };
  switch (sort.sort) {
    case ast::Sort::Func:
      if (it.kind != ExternKind::Func || !it.func) return mismatch();
      f.funcs.push_back(it.func);
      return ok();
    case ast::Sort::Instance:
      if (it.kind != ExternKind::Instance || !it.instance) return mismatch();
      f.instances.push_back(it.instance);
      return ok();
    case ast::Sort::Type:
      if (it.kind != ExternKind::Type) return mismatch();
      push_type(f, it.resource);
      return ok();
    case ast::Sort::Component:
      if (it.kind != ExternKind::Component || !it.component) return mismatch();
      f.components.push_back(it.component);
      return ok();
    case ast::Sort::Core:
      if (sort.core == ast::CoreSort::Module) {
        if (it.kind != ExternKind::Module || !it.module) return mismatch();
        f.core_modules.push_back(*it.module);
        return ok();
      }
      return mismatch();
    case ast::Sort::Value:
      return unlinkable("instantiation: component values are not supported");
  }
  return mismatch();
}

// Explainer.md "Instance Definitions" (core): `instantiate` takes each import of the module from the core
// instance named by the import's module name; inline exports bundle existing core items.
Result<void> Instantiator::core_instance(Frame& f, const ast::CoreInstance& ci) {
  auto out = std::make_shared<CoreInst>();
  if (!ci.instantiate) {
    for (const ast::CoreInlineExport& e : ci.exports) {
      std::optional<Extern> x;
      switch (e.item.sort) {
        case ast::CoreSort::Func: x = Extern(*MOSAIC_TRY(at(f.core_funcs, e.item.index, "core func"))); break;
        case ast::CoreSort::Table: x = Extern(*MOSAIC_TRY(at(f.core_tables, e.item.index, "core table"))); break;
        case ast::CoreSort::Memory:
          x = Extern(*MOSAIC_TRY(at(f.core_memories, e.item.index, "core memory")));
          break;
        case ast::CoreSort::Global:
          x = Extern(*MOSAIC_TRY(at(f.core_globals, e.item.index, "core global")));
          break;
        default:
          return unlinkable(std::string("instantiation: core ") + core_sort_name(e.item.sort) +
                            " exports are not supported");
      }
      out->items.emplace_back(e.name, *x);
    }
    f.core_instances.push_back(std::move(out));
    return ok();
  }
  const Module& m = *MOSAIC_TRY(at(f.core_modules, ci.module, "core module"));
  std::vector<Extern> imports;
  for (const ImportType& imp : m.imports()) {
    const ast::CoreInstantiateArg* arg = nullptr;
    for (const ast::CoreInstantiateArg& a : ci.args) {
      if (a.name == imp.module) arg = &a;
    }
    if (!arg) return unlinkable("missing core instantiation argument `" + imp.module + "`");
    const CoreInst& from = **MOSAIC_TRY(at(f.core_instances, arg->instance, "core instance"));
    const Extern* x = from.find(imp.name);
    if (!x) {
      return unlinkable("core instantiation argument `" + imp.module + "` has no export `" + imp.name + "`");
    }
    imports.push_back(*x);
  }
  Instance inst = MOSAIC_TRY(Instance::create(store, m, imports));
  for (auto& [name, x] : inst.exports(store)) out->items.emplace_back(name, x);
  f.core_instances.push_back(std::move(out));
  return ok();
}

// Explainer.md "Instance Definitions": instantiating a component with named arguments, or an instance of inline
// exports.
Result<void> Instantiator::instance(Frame& f, const ast::Instance& in) {
  if (!in.instantiate) {
    auto out = std::make_shared<RtExports>();
    for (const ast::InlineExport& e : in.exports) out->items.emplace_back(e.name, MOSAIC_TRY(item(f, e.item)));
    f.instances.push_back(std::move(out));
    return ok();
  }
  const ComponentClosure& c = **MOSAIC_TRY(at(f.components, in.component, "component"));
  Args args;
  for (const ast::InstantiateArg& a : in.args) args.emplace_back(a.name, MOSAIC_TRY(item(f, a.item)));
  std::shared_ptr<RtExports> out = MOSAIC_TRY(instantiate(c, &args, f.inst, f.depth + 1));
  size_t idx = f.instances.size();
  f.instances.push_back(out);
  // The instance's static type in this component names its resource exports: map them to this instance's.
  if (idx < f.vc->instances.size() && f.vc->instances[idx]) {
    ExternType t;
    t.kind = ExternKind::Instance;
    t.instance = f.vc->instances[idx];
    RtItem it;
    it.kind = ExternKind::Instance;
    it.instance = out;
    MOSAIC_TRY(bind_resources(f.inst->resources, t, it, "instance"));
  }
  return ok();
}

// Explainer.md "Alias Definitions".
Result<void> Instantiator::alias(Frame& f, const ast::Alias& a) {
  switch (a.target) {
    case ast::Alias::Target::CoreExport: {
      const CoreInst& from = **MOSAIC_TRY(at(f.core_instances, a.instance, "core instance"));
      const Extern* x = from.find(a.name);
      if (!x) return unlinkable("core instance has no export `" + a.name + "`");
      return push_core(f, a.sort.core, *x);
    }
    case ast::Alias::Target::Export: {
      const RtExports& from = **MOSAIC_TRY(at(f.instances, a.instance, "instance"));
      const RtItem* it = from.find(a.name);
      if (!it) return unlinkable("instance has no export `" + a.name + "`");
      return push_item(f, a.sort, *it);
    }
    case ast::Alias::Target::Outer: {
      const Frame* o = &f;
      for (uint32_t i = 0; i < a.outer_count && o; ++i) o = o->outer;
      if (!o) return unlinkable("instantiation: outer alias count out of range");
      ast::SortRef sort = a.sort;
      if (sort.sort == ast::Sort::Core && sort.core == ast::CoreSort::Type) return ok();  // no run-time form
      ast::SortIdx s{sort, a.outer_index};
      RtItem it = MOSAIC_TRY(item(*o, s));
      return push_item(f, sort, it);
    }
  }
  return unlinkable("instantiation: unknown alias target");
}

// Explainer.md "Type Definitions": every resource definition makes a fresh run-time type for this instance
// (CanonicalABI.md: ResourceType(impl, dtor)).
Result<void> Instantiator::type(Frame& f, const ast::TypeDef& t) {
  if (t.kind != ast::TypeDef::Kind::Resource) {
    push_type(f, nullptr);
    return ok();
  }
  RtResource& r = state.resources.emplace_back();
  size_t idx = f.types.size();
  if (idx < f.vc->types.size()) {
    if (auto* rp = std::get_if<ResourcePtr>(&f.vc->types[idx]); rp && *rp) r.name = (*rp)->name;
  }
  if (r.name.empty()) r.name = "resource";
  r.impl = f.inst;
  if (t.resource.dtor) r.dtor = *MOSAIC_TRY(at(f.core_funcs, *t.resource.dtor, "core func"));
  push_type(f, &r);
  return ok();
}

Result<CanonOptions> Instantiator::options(Frame& f, const ast::CanonOpts& o) {
  CanonOptions opts;
  if (o.encoding) opts.encoding = *o.encoding;
  if (o.memory) opts.memory = *MOSAIC_TRY(at(f.core_memories, *o.memory, "core memory"));
  if (o.realloc) opts.realloc = *MOSAIC_TRY(at(f.core_funcs, *o.realloc, "core func"));
  if (o.post_return) opts.post_return = *MOSAIC_TRY(at(f.core_funcs, *o.post_return, "core func"));
  if (o.async || o.callback) return unlinkable("instantiation: async canonical options are not supported");
  return opts;
}

RtResource* resource_of(const Frame& f, uint32_t type_idx) {
  return type_idx < f.types.size() ? f.types[type_idx] : nullptr;
}

// Explainer.md "Canonical Definitions".
Result<void> Instantiator::canon(Frame& f, const ast::Canon& c) {
  switch (c.kind) {
    case ast::Canon::Kind::Lift: {
      const Type* t = MOSAIC_TRY(at(f.vc->types, c.type, "type"));
      const FuncTypePtr* ft = std::get_if<FuncTypePtr>(t);
      if (!ft || !*ft) return unlinkable("instantiation: canon lift type is not a function type");
      ComponentFunc& cf = state.funcs.emplace_back();
      cf.type = *ft;
      cf.resources = &f.inst->resources;
      cf.inst = f.inst;
      cf.core = *MOSAIC_TRY(at(f.core_funcs, c.func, "core func"));
      cf.opts = MOSAIC_TRY(options(f, c.opts));
      cf.name = "func[" + std::to_string(f.funcs.size()) + "]";
      f.funcs.push_back(&cf);
      return ok();
    }
    case ast::Canon::Kind::Lower: {
      ComponentFunc* callee = *MOSAIC_TRY(at(f.funcs, c.func, "func"));
      CanonOptions opts = MOSAIC_TRY(options(f, c.opts));
      f.core_funcs.push_back(canon::canon_lower(store, callee, std::move(opts), f.inst));
      return ok();
    }
    case ast::Canon::Kind::ResourceNew:
    case ast::Canon::Kind::ResourceDrop:
    case ast::Canon::Kind::ResourceRep: {
      RtResource* r = resource_of(f, c.type);
      if (!r) return unlinkable("instantiation: canon resource built-in of a type that is not a resource");
      Func fn = c.kind == ast::Canon::Kind::ResourceNew    ? canon::canon_resource_new(store, r, f.inst)
                : c.kind == ast::Canon::Kind::ResourceDrop ? canon::canon_resource_drop(store, r, f.inst)
                                                           : canon::canon_resource_rep(store, r, f.inst);
      f.core_funcs.push_back(fn);
      return ok();
    }
    case ast::Canon::Kind::Other:
      break;
  }
  return unlinkable("instantiation: canonical built-in 0x" + std::to_string(c.opcode) + " is not supported");
}

// Explainer.md "Start Definitions": only a start function without values (value imports are not supported).
Result<void> Instantiator::start(Frame& f, const ast::Start& s) {
  ComponentFunc* fn = *MOSAIC_TRY(at(f.funcs, s.func, "func"));
  if (!s.args.empty() || s.results != 0) {
    return unlinkable("instantiation: start functions taking or returning values are not supported");
  }
  MOSAIC_TRY(canon::call(store, *fn, {}, nullptr));
  return ok();
}

Result<void> Instantiator::import(Frame& f, const ast::Import& im, const Args* args) {
  const std::string& name = im.name.name;
  uint32_t n = f.imports_seen++;
  if (!f.vc->type || n >= f.vc->type->imports.size()) return unlinkable("instantiation: import out of range");
  const ExternType& type = f.vc->type->imports[n].type;
  RtItem it;
  if (args) {
    const RtItem* found = nullptr;
    for (const auto& [an, ai] : *args) {
      if (an == name) found = &ai;
    }
    if (!found) return unlinkable("missing instantiation argument `" + name + "`");
    it = *found;
  } else {
    it = MOSAIC_TRY(resolve(state, name, type, f.inst));
  }
  MOSAIC_TRY(bind_resources(f.inst->resources, type, it, name));
  ast::SortRef sort;
  switch (im.desc.kind) {
    case ExternKind::Module: sort = {ast::Sort::Core, ast::CoreSort::Module}; break;
    case ExternKind::Func: sort = {ast::Sort::Func, {}}; break;
    case ExternKind::Value: sort = {ast::Sort::Value, {}}; break;
    case ExternKind::Type: sort = {ast::Sort::Type, {}}; break;
    case ExternKind::Component: sort = {ast::Sort::Component, {}}; break;
    case ExternKind::Instance: sort = {ast::Sort::Instance, {}}; break;
  }
  return push_item(f, sort, it);
}

Result<void> Instantiator::export_(Frame& f, const ast::Export& e) {
  RtItem it = MOSAIC_TRY(item(f, e.item));
  // An export adds to its sort's index space (Explainer.md "Export Definitions").
  MOSAIC_TRY(push_item(f, e.item.sort, it));
  if (it.kind == ExternKind::Func && it.func && it.func->name.rfind("func[", 0) == 0) it.func->name = e.name.name;
  // The component type's view of the export may be an ascribed type with its own resource nodes.
  if (f.vc->type) {
    for (const NamedExtern& x : f.vc->type->exports) {
      if (x.name == e.name.name) MOSAIC_TRY(bind_resources(f.inst->resources, x.type, it, e.name.name));
    }
  }
  f.exports->items.emplace_back(e.name.name, std::move(it));
  return ok();
}

Result<void> Instantiator::definition(Frame& f, const ast::Definition& d, const Args* args) {
  const ast::Component& c = *f.vc->ast;
  using K = ast::Definition::Kind;
  auto bad = [] { return unlinkable("instantiation: definition index out of range"); };
  switch (d.kind) {
    case K::CoreModule: {
      if (d.index >= f.vc->core_modules.size()) return bad();
      f.core_modules.push_back(f.vc->core_modules[d.index]);
      return ok();
    }
    case K::CoreInstance:
      if (d.index >= c.core_instances.size()) return bad();
      return core_instance(f, c.core_instances[d.index]);
    case K::CoreType:
      return ok();
    case K::Component: {
      if (d.index >= f.vc->components.size() || !f.vc->components[d.index]) return bad();
      auto cl = std::make_shared<ComponentClosure>();
      cl->vc = f.vc->components[d.index].get();
      cl->outer = &f;
      f.components.push_back(std::move(cl));
      return ok();
    }
    case K::Instance:
      if (d.index >= c.instances.size()) return bad();
      return instance(f, c.instances[d.index]);
    case K::Alias:
      if (d.index >= c.aliases.size()) return bad();
      return alias(f, c.aliases[d.index]);
    case K::Type:
      if (d.index >= c.types.size() || !c.types[d.index]) return bad();
      return type(f, *c.types[d.index]);
    case K::Canon:
      if (d.index >= c.canons.size()) return bad();
      return canon(f, c.canons[d.index]);
    case K::Start:
      if (d.index >= c.starts.size()) return bad();
      return start(f, c.starts[d.index]);
    case K::Import:
      if (d.index >= c.imports.size()) return bad();
      return import(f, c.imports[d.index], args);
    case K::Export:
      if (d.index >= c.exports.size()) return bad();
      return export_(f, c.exports[d.index]);
  }
  return bad();
}

Result<std::shared_ptr<RtExports>> Instantiator::instantiate(const ComponentClosure& c, const Args* args,
                                                             ComponentInstance* parent, uint32_t depth) {
  if (depth > kMaxInstantiationDepth) return Error(ErrorKind::Exhausted, "component instantiation nested too deeply");
  if (++state.instance_count > kMaxComponentInstances) {
    return Error(ErrorKind::Exhausted, "too many component instances in one instantiation");
  }
  if (!c.vc || !c.vc->ast) return unlinkable("instantiation: component was not validated");
  ComponentInstance& inst = state.instances.emplace_back();
  inst.parent = parent;
  auto frame = std::make_unique<Frame>();
  Frame& f = *frame;
  state.frames.push_back(std::move(frame));
  f.vc = c.vc;
  f.outer = c.outer;
  f.inst = &inst;
  f.depth = depth;
  for (const ast::Definition& d : c.vc->ast->definitions) MOSAIC_TRY(definition(f, d, args));
  return f.exports;
}

void collect_paths(const RtExports& e, const std::string& prefix,
                   std::vector<std::pair<std::string, ComponentFunc*>>& out, uint32_t depth) {
  if (depth > kMaxInstantiationDepth) return;
  for (const auto& [name, it] : e.items) {
    if (it.kind == ExternKind::Func && it.func) {
      out.emplace_back(prefix + name, it.func);
    } else if (it.kind == ExternKind::Instance && it.instance) {
      collect_paths(*it.instance, prefix + name + "#", out, depth + 1);
    }
  }
}

}  // namespace

const RtItem* RtExports::find(std::string_view name) const {
  for (const auto& [n, it] : items) {
    if (n == name) return &it;
  }
  return nullptr;
}

const Extern* CoreInst::find(std::string_view name) const {
  for (const auto& [n, x] : items) {
    if (n == name) return &x;
  }
  return nullptr;
}

Result<void> bind_resources(ResourceMap& map, const ExternType& type, const RtItem& item, const std::string& path) {
  if (type.kind == ExternKind::Type) {
    const ResourcePtr* r = std::get_if<ResourcePtr>(&type.type);
    if (!r || !*r) return ok();
    if (item.kind != ExternKind::Type || !item.resource) {
      return unlinkable("expected resource `" + path + "`, found " +
                        (item.kind == ExternKind::Type ? std::string("a non-resource type") : to_string(item.kind)));
    }
    map[r->get()] = item.resource;
    return ok();
  }
  if (type.kind != ExternKind::Instance || !type.instance) return ok();
  if (item.kind != ExternKind::Instance || !item.instance) {
    return unlinkable("expected instance `" + path + "`, found " + to_string(item.kind));
  }
  for (const NamedExtern& e : type.instance->exports) {
    if (e.type.kind != ExternKind::Type && e.type.kind != ExternKind::Instance) continue;
    const RtItem* sub = item.instance->find(e.name);
    std::string sub_path = path + "#" + e.name;
    if (!sub) {
      if (e.type.kind == ExternKind::Type && !std::holds_alternative<ResourcePtr>(e.type.type)) continue;
      // An (eq) alias of a resource already bound in this map needs no export of its own.
      if (auto* r = std::get_if<ResourcePtr>(&e.type.type); r && *r && map.count(r->get())) continue;
      return unlinkable("missing export `" + sub_path + "`: expected " + type_to_string(e.type));
    }
    MOSAIC_TRY(bind_resources(map, e.type, *sub, sub_path));
  }
  return ok();
}

Result<std::shared_ptr<InstanceState>> instantiate(Store& store,
                                                   std::shared_ptr<const valid::CheckedComponent> checked,
                                                   const ImportResolver& resolve) {
  if (!checked || !checked->root) return Error(ErrorKind::Usage, "component was not validated");
  auto state = std::make_shared<InstanceState>();
  state->checked = std::move(checked);
  store.keep_alive(state);
  Instantiator in{store, *state, resolve};
  ComponentClosure root{state->checked->root.get(), nullptr};
  std::shared_ptr<RtExports> exports = MOSAIC_TRY(in.instantiate(root, nullptr, nullptr, 0));
  state->exports = exports;
  collect_paths(*exports, "", state->func_paths, 0);
  return state;
}

}  // namespace mosaic::component::rt

namespace mosaic::component {

rt::ComponentFunc* InstanceState::find_func(std::string_view path) const {
  for (const auto& [p, f] : func_paths) {
    if (p == path) return f;
  }
  return nullptr;
}

}  // namespace mosaic::component
