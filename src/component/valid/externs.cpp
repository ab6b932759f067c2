// Import and export declarations (Explainer.md "Import and Export Definitions"): names, uniqueness, the
// resource-function name rules, and the rule that the types of imported and exported functions may only use
// resource, record, variant, enum and flags types that have a name here (a type import or export).

#include <string>
#include <unordered_set>

#include "component/valid/context.h"

namespace mosaic::component::valid {

namespace {

bool is_nominal(TypeKind k) {
  return k == TypeKind::Record || k == TypeKind::Variant || k == TypeKind::Enum || k == TypeKind::Flags;
}

// The types that have a name where a type is checked: the scope's, plus those an enclosing instance type
// exports.
struct NamedCx {
  const std::unordered_set<const void*>& outer;
  std::unordered_set<const void*> local;
  bool has(const void* p) const { return outer.count(p) || local.count(p); }
};

// Walks `t`; a nominal type or a resource without a name is an error.
Result<void> check_named_valtype(const NamedCx& cx, const ValTypePtr& t, bool top,
                                 std::unordered_set<const ValType*>& seen, uint32_t depth) {
  if (!t || depth > kMaxTypeDepth || is_primitive(t->kind)) return ok();
  if (!seen.insert(t.get()).second) return ok();
  if (!top && is_nominal(t->kind)) {
    if (cx.has(t.get())) return ok();  // its own members were checked when it was named
    return invalid(kNoOffset, std::string(to_string(t->kind)) + " used in function does not have a name in this context");
  }
  if (t->resource && !cx.has(t->resource.get()))
    return invalid(kNoOffset, "resource used in function does not have a name in this context");
  MOSAIC_TRY(check_named_valtype(cx, t->element, false, seen, depth + 1));
  MOSAIC_TRY(check_named_valtype(cx, t->ok, false, seen, depth + 1));
  MOSAIC_TRY(check_named_valtype(cx, t->err, false, seen, depth + 1));
  for (const auto& f : t->fields) MOSAIC_TRY(check_named_valtype(cx, f.type, false, seen, depth + 1));
  for (const auto& e : t->types) MOSAIC_TRY(check_named_valtype(cx, e, false, seen, depth + 1));
  for (const auto& c : t->cases) MOSAIC_TRY(check_named_valtype(cx, c.type, false, seen, depth + 1));
  return ok();
}

Result<void> check_named_func(const NamedCx& cx, const FuncType& f) {
  std::unordered_set<const ValType*> seen;
  for (const auto& p : f.params) MOSAIC_TRY(check_named_valtype(cx, p.type, false, seen, 0));
  return check_named_valtype(cx, f.result, false, seen, 0);
}

Result<void> check_named_type(const NamedCx& cx, const Type& t, uint32_t depth);

// An instance type's exports may use the types it exports itself.
Result<void> check_named_instance(const NamedCx& outer, const InstanceType& it, uint32_t depth) {
  if (depth > kMaxTypeDepth) return ok();
  NamedCx cx{outer.outer, outer.local};
  for (const auto& e : it.exports) {
    if (e.type.kind != ExternKind::Type) continue;
    std::visit([&](const auto& p) { cx.local.insert(p.get()); }, e.type.type);
  }
  for (const auto& e : it.exports) {
    switch (e.type.kind) {
      case ExternKind::Func: MOSAIC_TRY(check_named_func(cx, *e.type.func)); break;
      case ExternKind::Type: MOSAIC_TRY(check_named_type(cx, e.type.type, depth + 1)); break;
      case ExternKind::Instance: MOSAIC_TRY(check_named_instance(cx, *e.type.instance, depth + 1)); break;
      default: break;
    }
  }
  return ok();
}

Result<void> check_named_type(const NamedCx& cx, const Type& t, uint32_t depth) {
  if (const auto* vt = std::get_if<ValTypePtr>(&t)) {
    std::unordered_set<const ValType*> seen;
    return check_named_valtype(cx, *vt, true, seen, 0);
  }
  if (const auto* f = std::get_if<FuncTypePtr>(&t)) return check_named_func(cx, **f);
  if (const auto* i = std::get_if<InstanceTypePtr>(&t)) return check_named_instance(cx, **i, depth);
  return ok();  // component types were checked when they were defined; resources are names themselves
}

// Explainer.md "External visibility of types". `what` is "import" or "export".
Result<void> check_named(const Scope& scope, const ExternType& t, const char* what, size_t offset) {
  bool is_import = std::string_view(what) == "import";
  NamedCx cx{is_import ? scope.import_named_types : scope.named_types, {}};
  Result<void> r;
  switch (t.kind) {
    case ExternKind::Func: r = check_named_func(cx, *t.func); break;
    case ExternKind::Type: r = check_named_type(cx, t.type, 0); break;
    case ExternKind::Instance: r = check_named_instance(cx, *t.instance, 0); break;
    default: break;
  }
  if (r) return ok();
  return invalid(offset, std::string(to_string(t.kind)) + " not valid to be used as " + what + "\n" +
                             r.error().message);
}

// Importing or exporting an instance gives a name to the types it exports (and to theirs, recursively).
void name_instance_types(Scope& scope, const InstanceType& it, bool is_import, uint32_t depth) {
  if (depth > kMaxTypeDepth) return;
  for (const auto& e : it.exports) {
    if (e.type.kind == ExternKind::Type) {
      std::visit(
          [&](const auto& p) {
            scope.named_types.insert(p.get());
            if (is_import) scope.import_named_types.insert(p.get());
          },
          e.type.type);
    } else if (e.type.kind == ExternKind::Instance && e.type.instance) {
      name_instance_types(scope, *e.type.instance, is_import, depth + 1);
    }
  }
}

// Gives a type import or export its name: a value type gets a node of its own (a new type identity, so that
// using the unexported definition is still an error), a resource keeps its identity.
Type name_type(Validator& v, Scope& scope, const std::string& name, const Type& t, bool is_import) {
  if (const auto* r = std::get_if<ResourcePtr>(&t)) {
    scope.named_types.insert(r->get());
    if (is_import) {
      scope.import_named_types.insert(r->get());
      scope.import_resources[name] = r->get();
    } else {
      scope.export_resources[name] = r->get();
    }
    return t;
  }
  if (const auto* vt = std::get_if<ValTypePtr>(&t)) {
    if (*vt && !is_primitive((*vt)->kind)) {
      auto copy = std::make_shared<ValType>(**vt);
      v.depth[copy.get()] = v.depth_of(vt->get());
      if (auto ts = v.tree_size.find(vt->get()); ts != v.tree_size.end()) v.tree_size[copy.get()] = ts->second;
      if (auto al = v.align.find(vt->get()); al != v.align.end()) v.align[copy.get()] = al->second;
      auto s = v.size.find(vt->get());
      if (s != v.size.end()) v.size[copy.get()] = s->second;
      scope.named_types.insert(copy.get());
      if (is_import) scope.import_named_types.insert(copy.get());
      return Type(ValTypePtr(copy));
    }
  }
  return t;
}

void collect_owned(const Validator& v, const InstanceType& it, const void* owner, ResourceSubst& subst,
                   uint32_t depth) {
  if (depth > kMaxTypeDepth) return;
  for (const auto& e : it.exports) {
    if (e.type.kind == ExternKind::Type) {
      if (const auto* r = std::get_if<ResourcePtr>(&e.type.type)) {
        auto o = v.owner.find(r->get());
        if (o != v.owner.end() && o->second == owner && !subst.count(r->get()))
          subst[r->get()] = std::make_shared<ResourceType>(**r);
      }
    } else if (e.type.kind == ExternKind::Instance && e.type.instance) {
      collect_owned(v, *e.type.instance, owner, subst, depth + 1);
    }
  }
}

// An instance import or export declaration stands for some instance of its type: the abstract resources the
// type declares are distinct for each such declaration.
ExternType freshen(Validator& v, Scope& scope, const ExternType& t) {
  if (t.kind != ExternKind::Instance || !t.instance) return t;
  ResourceSubst subst;
  collect_owned(v, *t.instance, t.instance.get(), subst, 0);
  if (subst.empty()) return t;
  for (const auto& [from, to] : subst) scope.declared_resources.push_back(to.get());
  return substitute(t, subst);
}

}  // namespace

Result<void> add_import(Validator& v, Scope& scope, const ast::ExternName& name, const ast::ExternDesc& desc,
                        size_t offset) {
  MOSAIC_TRY(check_extern_name(name, true, desc.kind, offset));
  MOSAIC_TRY(check_annotated_kind(name.name, desc.kind, offset));
  ExternType t = MOSAIC_TRY(resolve_extern_desc(v, scope, desc, offset, name.name));
  MOSAIC_TRY(scope.import_names.insert(name.name, "import", offset));
  t = freshen(v, scope, t);
  MOSAIC_TRY(check_named(scope, t, "import", offset));
  if (t.kind == ExternKind::Func) MOSAIC_TRY(check_resource_func_name(scope, name.name, *t.func, true, offset));
  if (t.kind == ExternKind::Type) t.type = name_type(v, scope, name.name, t.type, true);
  if (t.kind == ExternKind::Instance) name_instance_types(scope, *t.instance, true, 0);
  scope.imports.push_back({name.name, t});
  push_extern(scope, t);
  return ok();
}

Result<void> add_export(Validator& v, Scope& scope, const ast::ExternName& name, ExternType t, size_t offset,
                        bool declared) {
  MOSAIC_TRY(check_annotated_kind(name.name, t.kind, offset));
  MOSAIC_TRY(scope.export_names.insert(name.name, "export", offset));
  if (declared) t = freshen(v, scope, t);
  // Instance types check the visibility of their exports only when used as an import or export's type.
  if (scope.kind != Scope::Kind::InstanceType) MOSAIC_TRY(check_named(scope, t, "export", offset));
  if (t.kind == ExternKind::Func) MOSAIC_TRY(check_resource_func_name(scope, name.name, *t.func, false, offset));
  if (t.kind == ExternKind::Type) t.type = name_type(v, scope, name.name, t.type, false);
  if (t.kind == ExternKind::Instance) name_instance_types(scope, *t.instance, false, 0);
  scope.exports.push_back({name.name, t});
  push_extern(scope, t);
  return ok();
}

}  // namespace mosaic::component::valid
