// Subtyping (Explainer.md "Subtyping"; wasm-tools' SubtypeCx): funcs by parameter names and types, value types
// structurally, resources by identity (or by the binding of an abstract resource of the expected type),
// instances by their exports, components with contravariant imports, core modules and core externs as the
// core spec's import matching. Also the substitution of resource types that instantiation performs.

#include <set>
#include <string>
#include <utility>

#include "component/valid/context.h"

namespace mosaic::component::valid {

namespace {

std::string core_functype_text(const mosaic::FuncType& f) {
  std::string s = "(func";
  if (!f.params.empty()) {
    s += " (param";
    for (ValKind k : f.params) s += std::string(" ") + to_string(k);
    s += ")";
  }
  if (!f.results.empty()) {
    s += " (result";
    for (ValKind k : f.results) s += std::string(" ") + to_string(k);
    s += ")";
  }
  return s + ")";
}

const char* core_kind_name(mosaic::ExternKind k) {
  switch (k) {
    case mosaic::ExternKind::Func: return "func";
    case mosaic::ExternKind::Table: return "table";
    case mosaic::ExternKind::Memory: return "memory";
    case mosaic::ExternKind::Global: return "global";
  }
  return "?";
}

bool limits_match(const Limits& a, const Limits& e) {
  if (a.min < e.min) return false;
  if (e.max) return a.max && *a.max <= *e.max;
  return true;
}

Error with_context(Error e, const std::string& context) {
  e.message = context + "\n" + e.message;
  return e;
}

}  // namespace

Result<void> check_core_extern_subtype(const mosaic::ExternType& a, const mosaic::ExternType& e) {
  if (a.kind != e.kind)
    return invalid(kNoOffset, std::string("expected ") + core_kind_name(e.kind) + ", found " + core_kind_name(a.kind));
  switch (e.kind) {
    case mosaic::ExternKind::Func:
      if (a.func != e.func)
        return invalid(kNoOffset, "type mismatch: expected: " + core_functype_text(e.func) +
                                      ", found: " + core_functype_text(a.func));
      return ok();
    case mosaic::ExternKind::Table:
      if (a.table.element != e.table.element)
        return invalid(kNoOffset, std::string("expected table element type ") + to_string(e.table.element) +
                                      ", found " + to_string(a.table.element));
      if (!limits_match(a.table.limits, e.table.limits)) return invalid(kNoOffset, "mismatch in table limits");
      return ok();
    case mosaic::ExternKind::Memory:
      if (!limits_match(a.memory.limits, e.memory.limits)) return invalid(kNoOffset, "mismatch in memory limits");
      return ok();
    case mosaic::ExternKind::Global:
      if (a.global.content != e.global.content)
        return invalid(kNoOffset, std::string("expected global type ") + to_string(e.global.content) + ", found " +
                                      to_string(a.global.content));
      if (a.global.is_mutable != e.global.is_mutable)
        return invalid(kNoOffset, "global types differ in mutability");
      return ok();
  }
  return ok();
}

// ---- SubtypeCx

Result<void> SubtypeCx::resource(const ResourcePtr& a, const ResourcePtr& e) {
  if (a == e) return ok();
  auto it = bound.find(e.get());
  if (it != bound.end() && it->second == a) return ok();
  it = bound.find(a.get());
  if (it != bound.end() && it->second == e) return ok();
  return invalid(kNoOffset, "resource types are not the same");
}

Result<void> SubtypeCx::valtype(const ValTypePtr& a, const ValTypePtr& e, bool top) {
  if (a == e) return ok();
  if (!a || !e) return invalid(kNoOffset, "type mismatch");
  if (done_.count({a.get(), e.get()})) return ok();
  const bool ap = is_primitive(a->kind), ep = is_primitive(e->kind);
  if (ap && ep) {
    if (a->kind == e->kind) return ok();
    return invalid(kNoOffset, std::string("expected primitive `") + to_string(e->kind) + "` found primitive `" +
                                  to_string(a->kind) + "`");
  }
  if (ep && top) return invalid(kNoOffset, std::string("expected primitive, found ") + to_string(a->kind));
  if (a->kind != e->kind)
    return invalid(kNoOffset, std::string("expected ") + to_string(e->kind) + ", found " + to_string(a->kind));
  auto ctx = [](Result<void> r, const std::string& c) -> Result<void> {
    if (r) return r;
    return with_context(std::move(r).error(), c);
  };
  switch (e->kind) {
    case TypeKind::Record:
      if (a->fields.size() != e->fields.size())
        return invalid(kNoOffset, "expected " + std::to_string(e->fields.size()) + " fields, found " +
                                      std::to_string(a->fields.size()));
      for (size_t i = 0; i < e->fields.size(); ++i) {
        if (a->fields[i].name != e->fields[i].name)
          return invalid(kNoOffset, "expected field name `" + e->fields[i].name + "`, found `" + a->fields[i].name + "`");
        MOSAIC_TRY(ctx(valtype(a->fields[i].type, e->fields[i].type, false),
                       "type mismatch in record field `" + e->fields[i].name + "`"));
      }
      break;
    case TypeKind::Variant:
      if (a->cases.size() != e->cases.size())
        return invalid(kNoOffset, "expected " + std::to_string(e->cases.size()) + " cases, found " +
                                      std::to_string(a->cases.size()));
      for (size_t i = 0; i < e->cases.size(); ++i) {
        const Case &ac = a->cases[i], &ec = e->cases[i];
        if (ac.name != ec.name)
          return invalid(kNoOffset, "expected case named `" + ec.name + "`, found `" + ac.name + "`");
        if (ec.type && !ac.type)
          return invalid(kNoOffset, "expected case `" + ec.name + "` to have a type, found none");
        if (!ec.type && ac.type) return invalid(kNoOffset, "expected case `" + ec.name + "` to have no type");
        if (ec.type)
          MOSAIC_TRY(ctx(valtype(ac.type, ec.type, false), "type mismatch in variant case `" + ec.name + "`"));
      }
      break;
    case TypeKind::Tuple:
      if (a->types.size() != e->types.size())
        return invalid(kNoOffset, "expected " + std::to_string(e->types.size()) + " types, found " +
                                      std::to_string(a->types.size()));
      for (size_t i = 0; i < e->types.size(); ++i)
        MOSAIC_TRY(ctx(valtype(a->types[i], e->types[i], false), "type mismatch in tuple field " + std::to_string(i)));
      break;
    case TypeKind::Flags:
      if (a->labels != e->labels) return invalid(kNoOffset, "mismatch in flags elements");
      break;
    case TypeKind::Enum:
      if (a->labels != e->labels) return invalid(kNoOffset, "mismatch in enum elements");
      break;
    case TypeKind::List: case TypeKind::Option:
      MOSAIC_TRY(ctx(valtype(a->element, e->element, false),
                     std::string("type mismatch in ") + to_string(e->kind) + " element"));
      break;
    case TypeKind::FixedList:
      if (a->length != e->length)
        return invalid(kNoOffset, "expected list of length " + std::to_string(e->length) + ", found length " +
                                      std::to_string(a->length));
      MOSAIC_TRY(ctx(valtype(a->element, e->element, false), "type mismatch in list element"));
      break;
    case TypeKind::Result:
      if (e->ok && !a->ok) return invalid(kNoOffset, "expected ok type, but found none");
      if (!e->ok && a->ok) return invalid(kNoOffset, "expected ok type to not be present");
      if (e->ok) MOSAIC_TRY(ctx(valtype(a->ok, e->ok, false), "type mismatch in ok variant"));
      if (e->err && !a->err) return invalid(kNoOffset, "expected err type, but found none");
      if (!e->err && a->err) return invalid(kNoOffset, "expected err type to not be present");
      if (e->err) MOSAIC_TRY(ctx(valtype(a->err, e->err, false), "type mismatch in err variant"));
      break;
    case TypeKind::Own: case TypeKind::Borrow:
      MOSAIC_TRY(resource(a->resource, e->resource));
      break;
    case TypeKind::Stream: case TypeKind::Future:
      if (!e->element != !a->element) return invalid(kNoOffset, "type mismatch in stream or future payload");
      if (e->element) MOSAIC_TRY(valtype(a->element, e->element, false));
      break;
    default: break;
  }
  done_.insert({a.get(), e.get()});
  return ok();
}

Result<void> SubtypeCx::func(const FuncType& a, const FuncType& e) {
  if (a.is_async != e.is_async)
    return invalid(kNoOffset, e.is_async ? "expected async function, found sync function"
                                         : "expected sync function, found async function");
  if (a.params.size() != e.params.size())
    return invalid(kNoOffset, "expected " + std::to_string(e.params.size()) + " parameters, found " +
                                  std::to_string(a.params.size()));
  for (size_t i = 0; i < e.params.size(); ++i) {
    if (a.params[i].name != e.params[i].name)
      return invalid(kNoOffset, "expected parameter named `" + e.params[i].name + "`, found `" + a.params[i].name + "`");
    // Value types of parameters compare as equal (so the direction only matters for messages).
    auto r = valtype(a.params[i].type, e.params[i].type, false);
    if (!r) return with_context(std::move(r).error(), "type mismatch in function parameter `" + e.params[i].name + "`");
  }
  // (worded from the actual type's side, as wasm-tools does)
  if (a.result && !e.result) return invalid(kNoOffset, "expected a result, found none");
  if (!a.result && e.result) return invalid(kNoOffset, "expected no result, found one");
  if (e.result) {
    auto r = valtype(a.result, e.result, false);
    if (!r) return with_context(std::move(r).error(), "type mismatch with result type");
  }
  return ok();
}

Result<void> SubtypeCx::type(const Type& a, const Type& e) {
  if (const auto* er = std::get_if<ResourcePtr>(&e)) {
    const auto* ar = std::get_if<ResourcePtr>(&a);
    if (!ar) return invalid(kNoOffset, "expected resource, found " + std::string(std::holds_alternative<ValTypePtr>(a) ? "defined type" : describe(a) + " type"));
    if (*ar == *er) return ok();
    // An abstract resource of the expected type (an import to be supplied, or a `(sub resource)` export)
    // is bound to the actual one on first use.
    if (!(*er)->defined && !bound.count(er->get()) && !bound.count(ar->get())) {
      bound[er->get()] = *ar;
      return ok();
    }
    return resource(*ar, *er);
  }
  if (std::holds_alternative<ResourcePtr>(a)) {
    if (std::holds_alternative<ValTypePtr>(e)) return invalid(kNoOffset, "expected defined type, found resource");
    return invalid(kNoOffset, "expected " + describe(e) + " type, found resource");
  }
  if (const auto* ev = std::get_if<ValTypePtr>(&e)) {
    const auto* av = std::get_if<ValTypePtr>(&a);
    if (!av) return invalid(kNoOffset, "expected defined type, found " + describe(a) + " type");
    MOSAIC_TRY(valtype(*av, *ev, true));
    if (*av != *ev) bound_values.emplace(ev->get(), *av);
    return ok();
  }
  if (const auto* ef = std::get_if<FuncTypePtr>(&e)) {
    const auto* af = std::get_if<FuncTypePtr>(&a);
    if (!af) return invalid(kNoOffset, "expected func type, found " + describe(a) + " type");
    return func(**af, **ef);
  }
  if (const auto* ec = std::get_if<ComponentTypePtr>(&e)) {
    const auto* ac = std::get_if<ComponentTypePtr>(&a);
    if (!ac) return invalid(kNoOffset, "expected component type, found " + describe(a) + " type");
    return component(**ac, **ec);
  }
  const auto* ei = std::get_if<InstanceTypePtr>(&e);
  const auto* ai = std::get_if<InstanceTypePtr>(&a);
  if (!ai) return invalid(kNoOffset, "expected instance type, found " + describe(a) + " type");
  return instance(**ai, **ei);
}

Result<void> SubtypeCx::instance(const InstanceType& a, const InstanceType& e) {
  for (const NamedExtern& ex : e.exports) {
    const NamedExtern* ax = a.find(ex.name);
    if (!ax) return invalid(kNoOffset, "missing expected export `" + ex.name + "`");
    auto r = extern_type(ax->type, ex.type);
    if (!r) return with_context(std::move(r).error(), "type mismatch in instance export `" + ex.name + "`");
  }
  return ok();
}

Result<void> SubtypeCx::component(const ComponentType& a, const ComponentType& e) {
  // Imports are contravariant: every import of `a` must be satisfied by an import of `e`.
  for (const NamedExtern& ai : a.imports) {
    const NamedExtern* ei = nullptr;
    for (const auto& x : e.imports)
      if (x.name == ai.name) ei = &x;
    if (!ei) return invalid(kNoOffset, "missing expected import `" + ai.name + "`");
    auto r = extern_type(ei->type, ai.type);
    if (!r) return with_context(std::move(r).error(), "type mismatch in import `" + ai.name + "`");
  }
  for (const NamedExtern& ex : e.exports) {
    const NamedExtern* ax = nullptr;
    for (const auto& x : a.exports)
      if (x.name == ex.name) ax = &x;
    if (!ax) return invalid(kNoOffset, "missing expected export `" + ex.name + "`");
    auto r = extern_type(ax->type, ex.type);
    if (!r) return with_context(std::move(r).error(), "type mismatch in export `" + ex.name + "`");
  }
  return ok();
}

Result<void> SubtypeCx::module(const CoreModuleType& a, const CoreModuleType& e) {
  for (const auto& ai : a.imports) {
    const mosaic::ImportType* ei = nullptr;
    for (const auto& x : e.imports)
      if (x.module == ai.module && x.name == ai.name) ei = &x;
    std::string name = ai.module + "::" + ai.name;
    if (!ei) return invalid(kNoOffset, "missing expected import `" + name + "`");
    auto r = check_core_extern_subtype(ei->type, ai.type);
    if (!r) return with_context(std::move(r).error(), "type mismatch in import `" + name + "`");
  }
  for (const auto& ex : e.exports) {
    const mosaic::ExportType* ax = nullptr;
    for (const auto& x : a.exports)
      if (x.name == ex.name) ax = &x;
    if (!ax) return invalid(kNoOffset, "missing expected export `" + ex.name + "`");
    auto r = check_core_extern_subtype(ax->type, ex.type);
    if (!r) return with_context(std::move(r).error(), "type mismatch in export `" + ex.name + "`");
  }
  return ok();
}

Result<void> SubtypeCx::extern_type(const ExternType& a, const ExternType& e) {
  if (a.kind != e.kind)
    return invalid(kNoOffset, std::string("expected ") + to_string(e.kind) + ", found " + to_string(a.kind));
  switch (e.kind) {
    case ExternKind::Module:
      if (!a.module || !e.module) return invalid(kNoOffset, "missing module type");
      return module(*a.module, *e.module);
    case ExternKind::Func:
      if (!a.func || !e.func) return invalid(kNoOffset, "missing function type");
      return func(*a.func, *e.func);
    case ExternKind::Value: return valtype(a.value, e.value, false);
    case ExternKind::Type: return type(a.type, e.type);
    case ExternKind::Component:
      if (!a.component || !e.component) return invalid(kNoOffset, "missing component type");
      return component(*a.component, *e.component);
    case ExternKind::Instance:
      if (!a.instance || !e.instance) return invalid(kNoOffset, "missing instance type");
      return instance(*a.instance, *e.instance);
  }
  return ok();
}

Result<void> check_subtype(const ExternType& actual, const ExternType& expected) {
  SubtypeCx cx;
  return cx.extern_type(actual, expected);
}

Result<void> check_valtype_eq(const ValTypePtr& actual, const ValTypePtr& expected) {
  SubtypeCx cx;
  return cx.valtype(actual, expected, false);
}

Result<void> check_functype_subtype(const FuncType& actual, const FuncType& expected) {
  SubtypeCx cx;
  return cx.func(actual, expected);
}

// ---- substitution

namespace {

class Substituter {
 public:
  Substituter(const ResourceSubst& s, const ValueSubst* values) : subst_(s) {
    if (values) vals_ = *values;
  }

  ResourcePtr resource(const ResourcePtr& r) {
    if (!r) return r;
    auto it = subst_.find(r.get());
    return it == subst_.end() ? r : it->second;
  }

  ValTypePtr val(const ValTypePtr& t, uint32_t depth = 0) {
    if (!t || is_primitive(t->kind) || depth > kMaxTypeDepth) return t;
    auto m = vals_.find(t.get());
    if (m != vals_.end()) return m->second;
    auto copy = std::make_shared<ValType>(*t);
    bool changed = false;
    auto sub = [&](ValTypePtr& p) {
      ValTypePtr n = val(p, depth + 1);
      if (n != p) {
        p = n;
        changed = true;
      }
    };
    sub(copy->element);
    sub(copy->ok);
    sub(copy->err);
    for (auto& f : copy->fields) sub(f.type);
    for (auto& e : copy->types) sub(e);
    for (auto& c : copy->cases) sub(c.type);
    if (copy->resource) {
      ResourcePtr n = resource(copy->resource);
      if (n != copy->resource) {
        copy->resource = n;
        changed = true;
      }
    }
    ValTypePtr out = changed ? ValTypePtr(copy) : t;
    vals_[t.get()] = out;
    return out;
  }

  FuncTypePtr func(const FuncTypePtr& f) {
    if (!f) return f;
    auto copy = std::make_shared<FuncType>(*f);
    bool changed = false;
    for (auto& p : copy->params) {
      ValTypePtr n = val(p.type);
      changed = changed || n != p.type;
      p.type = n;
    }
    ValTypePtr r = val(copy->result);
    changed = changed || r != copy->result;
    copy->result = r;
    return changed ? FuncTypePtr(copy) : f;
  }

  std::vector<NamedExtern> externs(const std::vector<NamedExtern>& list, uint32_t depth, bool& changed) {
    std::vector<NamedExtern> out;
    out.reserve(list.size());
    for (const auto& e : list) {
      ExternType t = ext(e.type, depth + 1);
      changed = changed || !same(t, e.type);
      out.push_back({e.name, std::move(t)});
    }
    return out;
  }

  Type type(const Type& t, uint32_t depth) {
    if (const auto* r = std::get_if<ResourcePtr>(&t)) return resource(*r);
    if (const auto* v = std::get_if<ValTypePtr>(&t)) return val(*v);
    if (const auto* f = std::get_if<FuncTypePtr>(&t)) return func(*f);
    if (depth > kMaxTypeDepth) return t;
    if (const auto* c = std::get_if<ComponentTypePtr>(&t)) {
      if (!*c) return t;
      bool changed = false;
      auto copy = std::make_shared<ComponentType>();
      copy->imports = externs((*c)->imports, depth, changed);
      copy->exports = externs((*c)->exports, depth, changed);
      return changed ? Type(ComponentTypePtr(copy)) : t;
    }
    const auto& i = std::get<InstanceTypePtr>(t);
    if (!i) return t;
    bool changed = false;
    auto copy = std::make_shared<InstanceType>();
    copy->exports = externs(i->exports, depth, changed);
    return changed ? Type(InstanceTypePtr(copy)) : t;
  }

  ExternType ext(const ExternType& t, uint32_t depth) {
    ExternType out = t;
    switch (t.kind) {
      case ExternKind::Module: break;
      case ExternKind::Func: out.func = func(t.func); break;
      case ExternKind::Value: out.value = val(t.value); break;
      case ExternKind::Type: out.type = type(t.type, depth); break;
      case ExternKind::Component: out.component = std::get<ComponentTypePtr>(type(Type(t.component), depth)); break;
      case ExternKind::Instance: out.instance = std::get<InstanceTypePtr>(type(Type(t.instance), depth)); break;
    }
    return out;
  }

 private:
  static bool same(const ExternType& a, const ExternType& b) {
    return a.module == b.module && a.func == b.func && a.value == b.value && a.component == b.component &&
           a.instance == b.instance && a.type == b.type;
  }
  const ResourceSubst& subst_;
  std::unordered_map<const ValType*, ValTypePtr> vals_;
};

}  // namespace

ExternType substitute(const ExternType& t, const ResourceSubst& subst) {
  if (subst.empty()) return t;
  Substituter s(subst, nullptr);
  return s.ext(t, 0);
}

std::vector<NamedExtern> substitute(const std::vector<NamedExtern>& list, const ResourceSubst& subst,
                                    const ValueSubst* values) {
  if (subst.empty() && (!values || values->empty())) return list;
  Substituter s(subst, values);
  bool changed = false;
  return s.externs(list, 0, changed);
}

ValTypePtr substitute(const ValTypePtr& t, const ResourceSubst& subst) {
  if (subst.empty()) return t;
  Substituter s(subst, nullptr);
  return s.val(t);
}

}  // namespace mosaic::component::valid
