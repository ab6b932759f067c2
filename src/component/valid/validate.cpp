// Validation of a component (Explainer.md; Binary.md's validation notes): walks the definitions in binary order,
// building every index space, compiling core modules, checking core and component instantiation and exports.

#include "component/valid/validate.h"

#include <cctype>
#include <map>
#include <set>
#include <string>

#include "component/valid/context.h"

namespace mosaic::component::valid {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error with_context(Error e, const std::string& context, size_t offset) {
  e.message = context + "\n" + e.message;
  if (e.offset == kNoOffset) e.offset = offset;
  return e;
}

class ComponentValidator {
 public:
  ComponentValidator(Validator& v, const ast::Component& c, Scope* parent)
      : v_(v), c_(c), out_(std::make_shared<ValidComponent>()) {
    scope_.kind = Scope::Kind::Component;
    scope_.parent = parent;
    scope_.depth = parent ? parent->depth + 1 : 0;
    out_->ast = &c;
  }

  Result<std::shared_ptr<const ValidComponent>> run() {
    if (scope_.depth > kMaxScopeDepth) return invalid(c_.offset, "components are nested too deeply");
    for (const ast::Definition& d : c_.definitions) MOSAIC_TRY(definition(d));
    auto ct = std::make_shared<ComponentType>();
    ct->imports = scope_.imports;
    ct->exports = scope_.exports;
    out_->type = ct;
    out_->types = std::move(scope_.types);
    out_->funcs = std::move(scope_.funcs);
    out_->instances = std::move(scope_.instances);
    out_->component_types = std::move(scope_.components);
    out_->core_module_types = std::move(scope_.core_modules);
    out_->core_funcs = std::move(scope_.core_funcs);
    return std::shared_ptr<const ValidComponent>(out_);
  }

 private:
  template <class T>
  static Result<const T*> element(const std::vector<T>& list, uint32_t i, const char* what, size_t offset) {
    if (i >= list.size()) return invalid(offset, std::string(what) + " index out of bounds");
    return &list[i];
  }

  Result<void> definition(const ast::Definition& d) {
    using K = ast::Definition::Kind;
    switch (d.kind) {
      case K::CoreModule:
        return core_module(*MOSAIC_TRY(element(c_.core_modules, d.index, "core module", c_.offset)));
      case K::CoreInstance:
        return core_instance(*MOSAIC_TRY(element(c_.core_instances, d.index, "core instance", c_.offset)));
      case K::CoreType: {
        const auto& def = *MOSAIC_TRY(element(c_.core_types, d.index, "core type", c_.offset));
        if (!def) return invalid(c_.offset, "missing core type");
        scope_.core_types.push_back(MOSAIC_TRY(resolve_core_typedef(v_, scope_, *def)));
        return ok();
      }
      case K::Component: {
        const auto& nested = *MOSAIC_TRY(element(c_.components, d.index, "component", c_.offset));
        if (!nested) return invalid(c_.offset, "missing component");
        ComponentValidator cv(v_, *nested, &scope_);
        auto valid = MOSAIC_TRY(cv.run());
        scope_.components.push_back(valid->type);
        out_->components.push_back(std::move(valid));
        return ok();
      }
      case K::Instance: return instance(*MOSAIC_TRY(element(c_.instances, d.index, "instance", c_.offset)));
      case K::Alias: return add_alias(v_, scope_, *MOSAIC_TRY(element(c_.aliases, d.index, "alias", c_.offset)));
      case K::Type: {
        const auto& def = *MOSAIC_TRY(element(c_.types, d.index, "type", c_.offset));
        if (!def) return invalid(c_.offset, "missing type");
        scope_.types.push_back(MOSAIC_TRY(resolve_typedef(v_, scope_, *def)));
        return ok();
      }
      case K::Canon: return check_canon(v_, scope_, *MOSAIC_TRY(element(c_.canons, d.index, "canon", c_.offset)));
      case K::Start: {
        const ast::Start& s = *MOSAIC_TRY(element(c_.starts, d.index, "start", c_.offset));
        // The start section passes component values (🪙), which are not supported.
        return invalid(s.offset, "component start functions are not supported");
      }
      case K::Import: {
        const ast::Import& imp = *MOSAIC_TRY(element(c_.imports, d.index, "import", c_.offset));
        return add_import(v_, scope_, imp.name, imp.desc, imp.offset);
      }
      case K::Export: return export_(*MOSAIC_TRY(element(c_.exports, d.index, "export", c_.offset)));
    }
    return invalid(c_.offset, "unknown definition");
  }

  // Core modules are decoded and validated by the core engine; the error keeps its kind and message.
  Result<void> core_module(const ast::CoreModule& m) {
    auto compiled = Module::compile(v_.engine, std::span<const uint8_t>(m.bytes));
    if (!compiled) {
      Error e = std::move(compiled).error();
      if (e.offset != kNoOffset) e.offset += m.offset;
      return e;
    }
    auto mt = std::make_shared<CoreModuleType>();
    mt->imports = compiled->imports();
    // Explainer.md "Module definitions": two-level import names must be unique (they mangle to one name).
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& imp : mt->imports)
      if (!seen.insert({imp.module, imp.name}).second)
        return invalid(m.offset, "duplicate import name `" + imp.module + ":" + imp.name + "`");
    mt->exports = compiled->exports();
    scope_.core_modules.push_back(mt);
    out_->core_modules.push_back(std::move(*compiled));
    return ok();
  }

  Result<mosaic::ExternType> core_item(const ast::CoreSortIdx& item, size_t off) {
    mosaic::ExternType t;
    switch (item.sort) {
      case ast::CoreSort::Func:
        t.kind = mosaic::ExternKind::Func;
        t.func = *MOSAIC_TRY(element(scope_.core_funcs, item.index, "function", off));
        return t;
      case ast::CoreSort::Table:
        t.kind = mosaic::ExternKind::Table;
        t.table = *MOSAIC_TRY(element(scope_.core_tables, item.index, "table", off));
        return t;
      case ast::CoreSort::Memory:
        t.kind = mosaic::ExternKind::Memory;
        t.memory = *MOSAIC_TRY(element(scope_.core_memories, item.index, "memory", off));
        return t;
      case ast::CoreSort::Global:
        t.kind = mosaic::ExternKind::Global;
        t.global = *MOSAIC_TRY(element(scope_.core_globals, item.index, "global", off));
        return t;
      default: return invalid(off, "only core functions, tables, memories and globals can be exported here");
    }
  }

  // Explainer.md "Instance Definitions" (core): every import of the module must be supplied by the core
  // instance named by its module name, with a matching type.
  Result<void> core_instance(const ast::CoreInstance& ci) {
    const size_t off = ci.offset;
    auto it = std::make_shared<CoreInstanceType>();
    if (ci.instantiate) {
      const CoreModuleTypePtr& mt = *MOSAIC_TRY(element(scope_.core_modules, ci.module, "unknown module: module", off));
      std::map<std::string, const CoreInstanceType*> args;
      for (const auto& a : ci.args) {
        const CoreInstanceTypePtr& arg = *MOSAIC_TRY(element(scope_.core_instances, a.instance, "core instance", off));
        if (!args.emplace(a.name, arg.get()).second)
          return invalid(off, "duplicate module instantiation argument named `" + a.name + "`");
      }
      for (const auto& imp : mt->imports) {
        auto arg = args.find(imp.module);
        if (arg == args.end())
          return invalid(off, "missing module instantiation argument named `" + imp.module + "`");
        const mosaic::ExportType* e = arg->second->find(imp.name);
        if (!e)
          return invalid(off, "module instantiation argument `" + imp.module + "` does not export an item named `" +
                                  imp.name + "`");
        auto r = check_core_extern_subtype(e->type, imp.type);
        if (!r)
          return with_context(std::move(r).error(), "type mismatch for export `" + imp.name +
                                                         "` of module instantiation argument `" + imp.module + "`",
                              off);
      }
      it->exports = mt->exports;
    } else {
      std::set<std::string> names;
      for (const auto& e : ci.exports) {
        if (!names.insert(e.name).second) return invalid(off, "export name `" + e.name + "` already defined");
        it->exports.push_back({e.name, MOSAIC_TRY(core_item(e.item, off))});
      }
    }
    scope_.core_instances.push_back(it);
    return ok();
  }

  // The static type of a component-level item.
  Result<ExternType> item(const ast::SortIdx& s, size_t off) {
    ExternType t;
    switch (s.sort.sort) {
      case ast::Sort::Core:
        if (s.sort.core != ast::CoreSort::Module)
          return invalid(off, "only core modules can be used here among the core sorts");
        t.kind = ExternKind::Module;
        t.module = *MOSAIC_TRY(element(scope_.core_modules, s.index, "module", off));
        return t;
      case ast::Sort::Func:
        t.kind = ExternKind::Func;
        t.func = *MOSAIC_TRY(element(scope_.funcs, s.index, "function", off));
        return t;
      case ast::Sort::Value: return invalid(off, "component values are not supported");
      case ast::Sort::Type:
        t.kind = ExternKind::Type;
        t.type = *MOSAIC_TRY(element(scope_.types, s.index, "type", off));
        return t;
      case ast::Sort::Component:
        t.kind = ExternKind::Component;
        t.component = *MOSAIC_TRY(element(scope_.components, s.index, "component", off));
        return t;
      case ast::Sort::Instance:
        t.kind = ExternKind::Instance;
        t.instance = *MOSAIC_TRY(element(scope_.instances, s.index, "instance", off));
        return t;
    }
    return invalid(off, "unknown sort");
  }

  // Explainer.md "Instance Definitions": each import of the component must be supplied by an argument of the
  // same name whose type is a subtype; the supplied resources replace the imported ones in the exports, and
  // resources the component defines or exports abstractly are fresh for this instance.
  Result<void> instance(const ast::Instance& in) {
    const size_t off = in.offset;
    auto it = std::make_shared<InstanceType>();
    if (in.instantiate) {
      const ComponentTypePtr& ct =
          *MOSAIC_TRY(element(scope_.components, in.component, "unknown component: component", off));
      std::map<std::string, ExternType> args;
      std::map<std::string, std::string> seen;
      for (const auto& a : in.args) {
        auto [prev, inserted] = seen.emplace(lowercase(a.name), a.name);
        if (!inserted)
          return invalid(off, "instantiation argument `" + a.name + "` conflicts with previous argument `" +
                                  prev->second + "`");
        args.emplace(a.name, MOSAIC_TRY(item(a.item, off)));
      }
      SubtypeCx cx;
      for (const NamedExtern& imp : ct->imports) {
        auto a = args.find(imp.name);
        if (a == args.end()) return invalid(off, "missing import named `" + imp.name + "`");
        auto r = cx.extern_type(a->second, imp.type);
        if (!r)
          return with_context(std::move(r).error(),
                              "type mismatch for component instantiation argument `" + imp.name + "`", off);
      }
      ResourceSubst subst = cx.bound;
      for (const NamedExtern& e : ct->exports) fresh_resources(e.type, subst, 0);
      it->exports = substitute(ct->exports, subst, &cx.bound_values);
    } else {
      NameSet names;
      for (const auto& e : in.exports) {
        ExternType t = MOSAIC_TRY(item(e.item, off));
        ast::ExternName name;
        name.name = e.name;
        MOSAIC_TRY(check_extern_name(name, false, t.kind, off));
        MOSAIC_TRY(names.insert(e.name, "export", off));
        it->exports.push_back({e.name, std::move(t)});
      }
    }
    scope_.instances.push_back(it);
    return ok();
  }

  // Resources that an instance's exports introduce (not bound to an argument) get a fresh identity.
  static void fresh_resources(const ExternType& t, ResourceSubst& subst, uint32_t depth) {
    if (depth > kMaxTypeDepth) return;
    if (t.kind == ExternKind::Type) {
      if (const auto* r = std::get_if<ResourcePtr>(&t.type)) {
        if (*r && !subst.count(r->get())) subst[r->get()] = std::make_shared<ResourceType>(**r);
      }
    } else if (t.kind == ExternKind::Instance && t.instance) {
      for (const auto& e : t.instance->exports) fresh_resources(e.type, subst, depth + 1);
    }
  }

  Result<void> export_(const ast::Export& ex) {
    const size_t off = ex.offset;
    ExternType actual = MOSAIC_TRY(item(ex.item, off));
    MOSAIC_TRY(check_extern_name(ex.name, false, actual.kind, off));
    ExternType t = actual;
    if (ex.desc) {
      ExternType ascribed = MOSAIC_TRY(resolve_extern_desc(v_, scope_, *ex.desc, off, ex.name.name));
      if (ascribed.kind == ExternKind::Type && ex.desc->sub_resource) {
        // (sub resource): the export is a new abstract resource type, which hides which resource it is.
        if (!std::holds_alternative<ResourcePtr>(actual.type))
          return invalid(off, "type mismatch in export `" + ex.name.name + "`\nexpected resource, found " +
                                  describe(actual.type) + " type");
        t = ascribed;
      } else {
        SubtypeCx cx;
        auto r = cx.extern_type(actual, ascribed);
        if (!r)
          return with_context(std::move(r).error(),
                              "ascribed type of export is not compatible with item's type\ntype mismatch in export `" +
                                  ex.name.name + "`",
                              off);
        t = ascribed;
      }
    }
    return add_export(v_, scope_, ex.name, std::move(t), off);
  }

  Validator& v_;
  const ast::Component& c_;
  Scope scope_;
  std::shared_ptr<ValidComponent> out_;
};

}  // namespace

Result<CheckedComponent> validate(const Engine& engine, std::unique_ptr<ast::Component> component) {
  if (!component) return Error(ErrorKind::Usage, "no component to validate");
  Validator v{engine, {}, {}, {}, {}, {}};
  ComponentValidator cv(v, *component, nullptr);
  auto root = MOSAIC_TRY(cv.run());
  CheckedComponent out;
  out.ast = std::move(component);
  out.root = std::move(root);
  return out;
}

}  // namespace mosaic::component::valid
