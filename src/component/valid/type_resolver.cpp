// Type resolution (Explainer.md "Type Definitions", Binary.md "Type Definitions"): type indices become shared
// component::Type nodes; component and instance types are checked declarator by declarator in their own
// scope; aliases fill the index spaces.

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "component/valid/context.h"

namespace mosaic::component::valid {

Error invalid(size_t offset, std::string message) { return Error(ErrorKind::Invalid, offset, std::move(message)); }

const mosaic::ExportType* CoreInstanceType::find(std::string_view name) const {
  for (const auto& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

uint32_t Validator::depth_of(const void* node) const {
  auto it = depth.find(node);
  return it == depth.end() ? 1 : it->second;
}

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Labels of records, variants, flags, enums and parameters: non-empty, kebab case, strongly unique.
class LabelSet {
 public:
  LabelSet(const char* what, const char* previous) : what_(what), previous_(previous) {}
  Result<void> insert(const std::string& label, size_t offset) {
    if (label.empty()) return invalid(offset, std::string(what_) + " name cannot be empty");
    MOSAIC_TRY(check_kebab(label, offset, (std::string(what_) + " name").c_str()));
    auto [it, inserted] = seen_.emplace(lowercase(label), label);
    if (!inserted)
      return invalid(offset, std::string(what_) + " name `" + label + "` conflicts with previous " + previous_ +
                                 " name `" + it->second + "`");
    return ok();
  }

 private:
  const char* what_;
  const char* previous_;
  std::map<std::string, std::string> seen_;
};

uint64_t align_to(uint64_t ptr, uint64_t alignment) { return (ptr + alignment - 1) / alignment * alignment; }

uint64_t cap(uint64_t n) { return std::min<uint64_t>(n, uint64_t(1) << 40); }

// CanonicalABI.md "Alignment" and "Element Size" for 64-bit memories (validation bounds elem_size(t, i64)),
// with sizes saturating far above kMaxValueSize.
uint32_t alignment_of(Validator& v, const ValTypePtr& t);
uint64_t size_of(Validator& v, const ValTypePtr& t);

uint32_t discriminant_size(size_t n) { return n <= 256 ? 1 : n <= 65536 ? 2 : 4; }

uint32_t alignment_uncached(Validator& v, const ValTypePtr& t) {
  switch (t->kind) {
    case TypeKind::Bool: case TypeKind::S8: case TypeKind::U8: return 1;
    case TypeKind::S16: case TypeKind::U16: return 2;
    case TypeKind::S64: case TypeKind::U64: case TypeKind::F64: return 8;
    case TypeKind::String: case TypeKind::List: return 8;  // with 64-bit pointers (the larger size)
    case TypeKind::FixedList: return alignment_of(v, t->element);
    case TypeKind::Record: {
      uint32_t a = 1;
      for (const auto& f : t->fields) a = std::max(a, alignment_of(v, f.type));
      return a;
    }
    case TypeKind::Tuple: {
      uint32_t a = 1;
      for (const auto& e : t->types) a = std::max(a, alignment_of(v, e));
      return a;
    }
    case TypeKind::Variant: {
      uint32_t a = discriminant_size(t->cases.size());
      for (const auto& c : t->cases)
        if (c.type) a = std::max(a, alignment_of(v, c.type));
      return a;
    }
    case TypeKind::Enum: return discriminant_size(t->labels.size());
    case TypeKind::Option: return std::max(1u, alignment_of(v, t->element));
    case TypeKind::Result: {
      uint32_t a = 1;
      if (t->ok) a = std::max(a, alignment_of(v, t->ok));
      if (t->err) a = std::max(a, alignment_of(v, t->err));
      return a;
    }
    case TypeKind::Flags: return t->labels.size() <= 8 ? 1 : t->labels.size() <= 16 ? 2 : 4;
    default: return 4;
  }
}

uint32_t alignment_of(Validator& v, const ValTypePtr& t) {
  auto it = v.align.find(t.get());
  if (it != v.align.end()) return it->second;
  uint32_t a = alignment_uncached(v, t);
  v.align[t.get()] = a;
  return a;
}

uint64_t variant_size(Validator& v, uint32_t disc, const std::vector<ValTypePtr>& payloads, uint32_t align) {
  uint64_t s = disc;
  s = align_to(s, align);
  uint64_t m = 0;
  for (const auto& p : payloads)
    if (p) m = std::max(m, size_of(v, p));
  return cap(align_to(s + m, align));
}

uint64_t size_of(Validator& v, const ValTypePtr& t) {
  auto it = v.size.find(t.get());
  if (it != v.size.end()) return it->second;
  uint64_t s = 4;
  switch (t->kind) {
    case TypeKind::Bool: case TypeKind::S8: case TypeKind::U8: s = 1; break;
    case TypeKind::S16: case TypeKind::U16: s = 2; break;
    case TypeKind::S64: case TypeKind::U64: case TypeKind::F64: s = 8; break;
    case TypeKind::String: case TypeKind::List: s = 16; break;
    case TypeKind::FixedList: s = cap(uint64_t(t->length) * size_of(v, t->element)); break;
    case TypeKind::Record: case TypeKind::Tuple: {
      std::vector<ValTypePtr> members;
      for (const auto& f : t->fields) members.push_back(f.type);
      for (const auto& e : t->types) members.push_back(e);
      s = 0;
      for (const auto& m : members) s = cap(align_to(s, alignment_of(v, m)) + size_of(v, m));
      s = align_to(s, alignment_of(v, t));
      break;
    }
    case TypeKind::Variant: {
      std::vector<ValTypePtr> p;
      for (const auto& c : t->cases) p.push_back(c.type);
      s = variant_size(v, discriminant_size(p.size()), p, alignment_of(v, t));
      break;
    }
    case TypeKind::Enum: s = discriminant_size(t->labels.size()); break;
    case TypeKind::Option: s = variant_size(v, 1, {nullptr, t->element}, alignment_of(v, t)); break;
    case TypeKind::Result: s = variant_size(v, 1, {t->ok, t->err}, alignment_of(v, t)); break;
    case TypeKind::Flags: s = t->labels.size() <= 8 ? 1 : t->labels.size() <= 16 ? 2 : 4; break;
    default: s = 4; break;
  }
  v.size[t.get()] = s;
  return s;
}

// Records the depth of a new node from its children; too deep is an error.
Result<void> set_depth(Validator& v, const void* node, std::initializer_list<const void*> children,
                       const std::vector<const void*>& more, size_t offset) {
  uint32_t d = 0;
  uint64_t size = 1;
  auto add = [&](const void* c) {
    if (!c) return;
    d = std::max(d, v.depth_of(c));
    auto s = v.tree_size.find(c);
    size = std::min(size + (s == v.tree_size.end() ? 1 : s->second), kMaxTypeSize + 1);
  };
  for (const void* c : children) add(c);
  for (const void* c : more) add(c);
  if (d + 1 > kMaxTypeDepth) return invalid(offset, "type nesting is too deep");
  if (size > kMaxTypeSize)
    return invalid(offset, "effective type size exceeds the limit of " + std::to_string(kMaxTypeSize));
  v.depth[node] = d + 1;
  v.tree_size[node] = size;
  return ok();
}

Result<ValTypePtr> resolve_defval(Validator& v, Scope& scope, const ast::DefValType& d, size_t offset) {
  if (is_primitive(d.kind)) return ValType::primitive(d.kind);
  auto t = std::make_shared<ValType>();
  t->kind = d.kind;
  std::vector<const void*> children;
  auto val = [&](const ast::ValTypeRef& r) -> Result<ValTypePtr> {
    ValTypePtr p = MOSAIC_TRY(resolve_valtype(v, scope, r, offset));
    children.push_back(p.get());
    return p;
  };
  switch (d.kind) {
    case TypeKind::Record: {
      if (d.fields.empty()) return invalid(offset, "record type must have at least one field");
      LabelSet names("record field", "field");
      for (const auto& f : d.fields) {
        MOSAIC_TRY(names.insert(f.label, offset));
        t->fields.push_back({f.label, MOSAIC_TRY(val(f.type))});
      }
      break;
    }
    case TypeKind::Variant: {
      if (d.cases.empty()) return invalid(offset, "variant type must have at least one case");
      if (d.cases.size() > (uint64_t(1) << 32) - 1) return invalid(offset, "variant has too many cases");
      LabelSet names("variant case", "case");
      for (const auto& c : d.cases) {
        MOSAIC_TRY(names.insert(c.label, offset));
        ValTypePtr p;
        if (c.type) p = MOSAIC_TRY(val(*c.type));
        t->cases.push_back({c.label, p});
      }
      break;
    }
    case TypeKind::Tuple:
      if (d.types.empty()) return invalid(offset, "tuple type must have at least one type");
      for (const auto& e : d.types) t->types.push_back(MOSAIC_TRY(val(e)));
      break;
    case TypeKind::Flags: {
      if (d.labels.empty()) return invalid(offset, "flags must have at least one entry");
      if (d.labels.size() > 32) return invalid(offset, "cannot have more than 32 flags");
      LabelSet names("flag", "flag");
      for (const auto& l : d.labels) MOSAIC_TRY(names.insert(l, offset));
      t->labels = d.labels;
      break;
    }
    case TypeKind::Enum: {
      if (d.labels.empty()) return invalid(offset, "enum type must have at least one variant");
      LabelSet names("enum tag", "tag");
      for (const auto& l : d.labels) MOSAIC_TRY(names.insert(l, offset));
      t->labels = d.labels;
      break;
    }
    case TypeKind::List: case TypeKind::Option:
      if (!d.element) return invalid(offset, "missing element type");
      t->element = MOSAIC_TRY(val(*d.element));
      break;
    case TypeKind::FixedList:
      if (!d.element) return invalid(offset, "missing element type");
      if (d.length == 0) return invalid(offset, "Fixed size lists must have more than zero elements");
      t->element = MOSAIC_TRY(val(*d.element));
      t->length = d.length;
      break;
    case TypeKind::Stream: case TypeKind::Future:
      if (d.element) t->element = MOSAIC_TRY(val(*d.element));
      break;
    case TypeKind::Result:
      if (d.ok) t->ok = MOSAIC_TRY(val(*d.ok));
      if (d.err) t->err = MOSAIC_TRY(val(*d.err));
      break;
    case TypeKind::Own: case TypeKind::Borrow: {
      if (d.resource >= scope.types.size()) return invalid(offset, "type index out of bounds");
      const auto* r = std::get_if<ResourcePtr>(&scope.types[d.resource]);
      if (!r) return invalid(offset, "type index " + std::to_string(d.resource) + " is not a resource type");
      t->resource = *r;
      break;
    }
    default: return invalid(offset, "unknown defined type");
  }
  MOSAIC_TRY(set_depth(v, t.get(), {}, children, offset));
  ValTypePtr result = t;
  if (size_of(v, result) >= kMaxValueSize)
    return invalid(offset, "type exceeds maximum byte size of " + std::to_string(kMaxValueSize - 1));
  return result;
}

bool contains_borrow(const ValTypePtr& t) {
  return find_in_valtype(
      t, [](const ValType& n) { return n.kind == TypeKind::Borrow; },
      // a stream or future is a handle of its own
      [](const ValType& n) { return n.kind != TypeKind::Stream && n.kind != TypeKind::Future; });
}

Result<FuncTypePtr> resolve_func(Validator& v, Scope& scope, const ast::FuncTypeDef& d, size_t offset) {
  auto ft = std::make_shared<FuncType>();
  ft->is_async = d.is_async;
  LabelSet names("function parameter", "parameter");
  std::vector<const void*> children;
  for (const auto& p : d.params) {
    MOSAIC_TRY(names.insert(p.label, offset));
    ValTypePtr t = MOSAIC_TRY(resolve_valtype(v, scope, p.type, offset));
    children.push_back(t.get());
    ft->params.push_back({p.label, t});
  }
  if (d.result) {
    ft->result = MOSAIC_TRY(resolve_valtype(v, scope, *d.result, offset));
    children.push_back(ft->result.get());
    if (contains_borrow(ft->result)) return invalid(offset, "function result cannot contain a `borrow` type");
  }
  MOSAIC_TRY(set_depth(v, ft.get(), {}, children, offset));
  return FuncTypePtr(ft);
}

std::vector<const void*> extern_children(const std::vector<NamedExtern>& list) {
  std::vector<const void*> out;
  for (const auto& e : list) {
    out.push_back(e.type.module.get());
    out.push_back(e.type.func.get());
    out.push_back(e.type.value.get());
    out.push_back(e.type.component.get());
    out.push_back(e.type.instance.get());
    std::visit([&](const auto& p) { out.push_back(p.get()); }, e.type.type);
  }
  return out;
}

// A component type or instance type: its declarators in a scope of their own.
Result<Type> resolve_decls(Validator& v, Scope& outer, const ast::TypeDef& def, Scope::Kind kind) {
  if (outer.depth + 1 > kMaxScopeDepth) return invalid(def.offset, "component type nesting is too deep");
  Scope scope;
  scope.kind = kind;
  scope.parent = &outer;
  scope.depth = outer.depth + 1;
  for (const ast::Decl& d : def.decls) {
    switch (d.kind) {
      case ast::Decl::Kind::CoreType: {
        if (!d.core_type) return invalid(d.offset, "missing core type");
        scope.core_types.push_back(MOSAIC_TRY(resolve_core_typedef(v, scope, *d.core_type)));
        break;
      }
      case ast::Decl::Kind::Type: {
        if (!d.type) return invalid(d.offset, "missing type");
        scope.types.push_back(MOSAIC_TRY(resolve_typedef(v, scope, *d.type)));
        break;
      }
      case ast::Decl::Kind::Alias: {
        const ast::Alias& a = d.alias;
        if (a.target == ast::Alias::Target::CoreExport)
          return invalid(d.offset, "core export aliases are not allowed in type declarations");
        // Binary.md: in type declarators, aliases may only refer to types or instances (and outer ones to
        // types and core types).
        if (a.target == ast::Alias::Target::Export && a.sort.sort != ast::Sort::Type &&
            a.sort.sort != ast::Sort::Instance)
          return invalid(d.offset, "aliases in type declarations may only refer to types or instances");
        if (a.target == ast::Alias::Target::Outer && a.sort.sort != ast::Sort::Type &&
            !(a.sort.sort == ast::Sort::Core && a.sort.core == ast::CoreSort::Type))
          return invalid(d.offset, "outer aliases in type declarations may only refer to types or instances");
        MOSAIC_TRY(add_alias(v, scope, a));
        break;
      }
      case ast::Decl::Kind::Import:
        if (kind == Scope::Kind::InstanceType) return invalid(d.offset, "instance types cannot have imports");
        MOSAIC_TRY(add_import(v, scope, d.name, d.desc, d.offset));
        break;
      case ast::Decl::Kind::Export: {
        MOSAIC_TRY(check_extern_name(d.name, false, d.desc.kind, d.offset));
        ExternType t = MOSAIC_TRY(resolve_extern_desc(v, scope, d.desc, d.offset, d.name.name));
        MOSAIC_TRY(add_export(v, scope, d.name, std::move(t), d.offset, true));
        break;
      }
    }
  }
  if (kind == Scope::Kind::InstanceType) {
    auto it = std::make_shared<InstanceType>();
    it->exports = std::move(scope.exports);
    MOSAIC_TRY(set_depth(v, it.get(), {}, extern_children(it->exports), def.offset));
    for (const ResourceType* r : scope.declared_resources) v.owner[r] = it.get();
    return Type(InstanceTypePtr(it));
  }
  auto ct = std::make_shared<ComponentType>();
  ct->imports = std::move(scope.imports);
  ct->exports = std::move(scope.exports);
  auto children = extern_children(ct->imports);
  auto more = extern_children(ct->exports);
  children.insert(children.end(), more.begin(), more.end());
  MOSAIC_TRY(set_depth(v, ct.get(), {}, children, def.offset));
  for (const ResourceType* r : scope.declared_resources) v.owner[r] = ct.get();
  return Type(ComponentTypePtr(ct));
}

}  // namespace

std::string describe(const Type& t) {
  if (const auto* vt = std::get_if<ValTypePtr>(&t)) return *vt ? to_string((*vt)->kind) : "none";
  if (std::holds_alternative<FuncTypePtr>(t)) return "func";
  if (std::holds_alternative<ComponentTypePtr>(t)) return "component";
  if (std::holds_alternative<InstanceTypePtr>(t)) return "instance";
  return "resource";
}

Result<ValTypePtr> resolve_valtype(Validator&, Scope& scope, const ast::ValTypeRef& ref, size_t offset) {
  if (!ref.is_index) {
    if (!is_primitive(ref.primitive)) return invalid(offset, "invalid primitive value type");
    return ValType::primitive(ref.primitive);
  }
  if (ref.index >= scope.types.size()) return invalid(offset, "type index out of bounds");
  const auto* vt = std::get_if<ValTypePtr>(&scope.types[ref.index]);
  if (!vt) return invalid(offset, "type index " + std::to_string(ref.index) + " is not a defined type");
  return *vt;
}

Result<Type> resolve_typedef(Validator& v, Scope& scope, const ast::TypeDef& def) {
  switch (def.kind) {
    case ast::TypeDef::Kind::DefVal: return Type(MOSAIC_TRY(resolve_defval(v, scope, def.defval, def.offset)));
    case ast::TypeDef::Kind::Func: return Type(MOSAIC_TRY(resolve_func(v, scope, def.func, def.offset)));
    case ast::TypeDef::Kind::Component: return resolve_decls(v, scope, def, Scope::Kind::ComponentType);
    case ast::TypeDef::Kind::Instance: return resolve_decls(v, scope, def, Scope::Kind::InstanceType);
    case ast::TypeDef::Kind::Resource: {
      // Explainer.md "Resource types": only a concrete component defines resources; rep is i32 today.
      if (scope.kind != Scope::Kind::Component)
        return invalid(def.offset, "resources can only be defined within a concrete component");
      if (def.resource.rep != 0x7f) return invalid(def.offset, "resources can only be represented by `i32`");
      auto r = std::make_shared<ResourceType>();
      r->name = "resource";
      r->defined = true;
      if (def.resource.dtor) {
        uint32_t f = *def.resource.dtor;
        if (f >= scope.core_funcs.size()) return invalid(def.offset, "function index out of bounds");
        const mosaic::FuncType& ft = scope.core_funcs[f];
        if (ft.params != std::vector<ValKind>{ValKind::I32} || !ft.results.empty())
          return invalid(def.offset, "wrong signature for a destructor");
        r->dtor = f;
      }
      scope.local_resources.insert(r.get());
      return Type(ResourcePtr(r));
    }
  }
  return invalid(def.offset, "unknown type definition");
}

Result<ExternType> resolve_extern_desc(Validator&, Scope& scope, const ast::ExternDesc& desc, size_t offset,
                                       std::string_view name) {
  ExternType t;
  t.kind = desc.kind;
  auto type_at = [&](uint32_t i) -> Result<const Type*> {
    if (i >= scope.types.size()) return invalid(offset, "type index out of bounds");
    return &scope.types[i];
  };
  switch (desc.kind) {
    case ExternKind::Module: {
      if (desc.index >= scope.core_types.size()) return invalid(offset, "core type index out of bounds");
      const CoreTypeEntry& e = scope.core_types[desc.index];
      if (!e.is_module)
        return invalid(offset, "core type index " + std::to_string(desc.index) + " is not a module type");
      t.module = e.module;
      break;
    }
    case ExternKind::Func: {
      const Type* ty = MOSAIC_TRY(type_at(desc.index));
      const auto* f = std::get_if<FuncTypePtr>(ty);
      if (!f) return invalid(offset, "type index " + std::to_string(desc.index) + " is not a function type");
      t.func = *f;
      break;
    }
    case ExternKind::Value:
      // Values (🪙) are not supported.
      return invalid(offset, "value imports and exports are not supported");
    case ExternKind::Type: {
      if (desc.sub_resource) {
        auto r = std::make_shared<ResourceType>();
        r->name = name.empty() ? "resource" : std::string(name);
        scope.declared_resources.push_back(r.get());
        t.type = ResourcePtr(r);
      } else {
        t.type = *MOSAIC_TRY(type_at(desc.index));
      }
      break;
    }
    case ExternKind::Component: {
      const Type* ty = MOSAIC_TRY(type_at(desc.index));
      const auto* c = std::get_if<ComponentTypePtr>(ty);
      if (!c) return invalid(offset, "type index " + std::to_string(desc.index) + " is not a component type");
      t.component = *c;
      break;
    }
    case ExternKind::Instance: {
      const Type* ty = MOSAIC_TRY(type_at(desc.index));
      const auto* i = std::get_if<InstanceTypePtr>(ty);
      if (!i) return invalid(offset, "type index " + std::to_string(desc.index) + " is not an instance type");
      t.instance = *i;
      break;
    }
  }
  return t;
}

// Core types (Binary.md "Core Type Definitions"): function types and module types.
Result<CoreTypeEntry> resolve_core_typedef(Validator& v, Scope& scope, const ast::CoreTypeDef& def) {
  (void)v;
  CoreTypeEntry e;
  switch (def.kind) {
    case ast::CoreTypeDef::Kind::Func: e.func = def.func; return e;
    case ast::CoreTypeDef::Kind::Unsupported: return invalid(def.offset, "core type is not supported");
    case ast::CoreTypeDef::Kind::Module: break;
  }
  e.is_module = true;
  auto mt = std::make_shared<CoreModuleType>();
  std::vector<CoreTypeEntry> types;  // the module type's own core type index space
  std::set<std::pair<std::string, std::string>> import_names;
  std::set<std::string> export_names;
  auto convert = [&](const ast::CoreExternDesc& d) -> Result<mosaic::ExternType> {
    mosaic::ExternType x;
    x.kind = d.core;
    switch (d.core) {
      case mosaic::ExternKind::Func: {
        if (d.func_type >= types.size()) return invalid(def.offset, "type index out of bounds");
        if (types[d.func_type].is_module)
          return invalid(def.offset, "type index " + std::to_string(d.func_type) + " is not a function type");
        x.func = types[d.func_type].func;
        break;
      }
      case mosaic::ExternKind::Table: x.table = d.table; break;
      case mosaic::ExternKind::Memory:
        // The core spec's memory type limits (32-bit memories): at most 65536 pages.
        if (d.memory.limits.min > 65536 || (d.memory.limits.max && *d.memory.limits.max > 65536))
          return invalid(def.offset, "memory size must be at most 65536 pages (4GiB)");
        if (d.memory.limits.max && *d.memory.limits.max < d.memory.limits.min)
          return invalid(def.offset, "size minimum must not be greater than maximum");
        x.memory = d.memory;
        break;
      case mosaic::ExternKind::Global: x.global = d.global; break;
    }
    return x;
  };
  for (const ast::CoreModuleDecl& d : def.decls) {
    switch (d.kind) {
      case ast::CoreModuleDecl::Kind::Type: {
        if (!d.type) return invalid(def.offset, "missing core type");
        if (d.type->kind == ast::CoreTypeDef::Kind::Module)
          return invalid(def.offset, "module types cannot be nested in module types");
        types.push_back(MOSAIC_TRY(resolve_core_typedef(v, scope, *d.type)));
        break;
      }
      case ast::CoreModuleDecl::Kind::Alias: {
        // Only `outer 1 i` of a core type, the enclosing scope's core type space.
        if (d.outer_count != 1) return invalid(def.offset, "invalid outer alias count of " + std::to_string(d.outer_count));
        if (d.outer_index >= scope.core_types.size()) return invalid(def.offset, "type index out of bounds");
        const CoreTypeEntry& t = scope.core_types[d.outer_index];
        if (t.is_module) return invalid(def.offset, "module types cannot be nested in module types");
        types.push_back(t);
        break;
      }
      case ast::CoreModuleDecl::Kind::Import: {
        if (!import_names.insert({d.module, d.name}).second)
          return invalid(def.offset, "duplicate import name `" + d.module + ":" + d.name + "`");
        mt->imports.push_back({d.module, d.name, MOSAIC_TRY(convert(d.desc))});
        break;
      }
      case ast::CoreModuleDecl::Kind::Export: {
        if (!export_names.insert(d.name).second)
          return invalid(def.offset, "export name `" + d.name + "` already defined");
        mt->exports.push_back({d.name, MOSAIC_TRY(convert(d.desc))});
        break;
      }
    }
  }
  e.module = mt;
  return e;
}

void push_extern(Scope& scope, const ExternType& t) {
  switch (t.kind) {
    case ExternKind::Module: scope.core_modules.push_back(t.module); break;
    case ExternKind::Func: scope.funcs.push_back(t.func); break;
    case ExternKind::Value: scope.values.push_back(t.value); break;
    case ExternKind::Type: scope.types.push_back(t.type); break;
    case ExternKind::Component: scope.components.push_back(t.component); break;
    case ExternKind::Instance: scope.instances.push_back(t.instance); break;
  }
}

namespace {

ExternKind extern_kind_of(ast::Sort s) {
  switch (s) {
    case ast::Sort::Func: return ExternKind::Func;
    case ast::Sort::Value: return ExternKind::Value;
    case ast::Sort::Type: return ExternKind::Type;
    case ast::Sort::Component: return ExternKind::Component;
    case ast::Sort::Instance: return ExternKind::Instance;
    case ast::Sort::Core: break;
  }
  return ExternKind::Module;
}

bool valtype_refers_to_resources(const ValTypePtr& t) {
  return find_in_valtype(
      t, [](const ValType& n) { return n.resource != nullptr; }, [](const ValType&) { return true; });
}

bool func_refers_to_resources(const FuncTypePtr& f) {
  if (!f) return false;
  for (const auto& p : f->params)
    if (valtype_refers_to_resources(p.type)) return true;
  return valtype_refers_to_resources(f->result);
}

bool externs_refer_to_resources(const std::vector<NamedExtern>& list) {
  for (const auto& e : list)
    if (refers_to_resources(e.type)) return true;
  return false;
}

}  // namespace

bool refers_to_resources(const Type& t) {
  if (std::holds_alternative<ResourcePtr>(t)) return true;
  if (const auto* v = std::get_if<ValTypePtr>(&t)) return valtype_refers_to_resources(*v);
  if (const auto* f = std::get_if<FuncTypePtr>(&t)) return func_refers_to_resources(*f);
  if (const auto* c = std::get_if<ComponentTypePtr>(&t))
    return *c && (externs_refer_to_resources((*c)->imports) || externs_refer_to_resources((*c)->exports));
  if (const auto* i = std::get_if<InstanceTypePtr>(&t)) return *i && externs_refer_to_resources((*i)->exports);
  return false;
}

bool refers_to_resources(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::Module: return false;
    case ExternKind::Func: return func_refers_to_resources(t.func);
    case ExternKind::Value: return valtype_refers_to_resources(t.value);
    case ExternKind::Type: return refers_to_resources(t.type);
    case ExternKind::Component: return refers_to_resources(Type(t.component));
    case ExternKind::Instance: return refers_to_resources(Type(t.instance));
  }
  return false;
}

// Explainer.md "Alias Definitions".
Result<void> add_alias(Validator&, Scope& scope, const ast::Alias& a) {
  const size_t off = a.offset;
  switch (a.target) {
    case ast::Alias::Target::Export: {
      if (a.sort.sort == ast::Sort::Core && a.sort.core != ast::CoreSort::Module)
        return invalid(off, "only core modules can be aliased from a component instance among the core sorts");
      if (a.instance >= scope.instances.size()) return invalid(off, "instance index out of bounds");
      const InstanceTypePtr& it = scope.instances[a.instance];
      const NamedExtern* e = it ? it->find(a.name) : nullptr;
      if (!e)
        return invalid(off, "instance " + std::to_string(a.instance) + " has no export named `" + a.name + "`");
      ExternKind want = extern_kind_of(a.sort.sort);
      if (e->type.kind != want)
        return invalid(off, "export `" + a.name + "` for instance " + std::to_string(a.instance) + " is not " +
                                (want == ExternKind::Instance ? "an " : "a ") + to_string(want));
      if (want == ExternKind::Value) return invalid(off, "value aliases are not supported");
      push_extern(scope, e->type);
      return ok();
    }
    case ast::Alias::Target::CoreExport: {
      if (a.sort.sort != ast::Sort::Core) return invalid(off, "core export aliases must name a core sort");
      if (a.instance >= scope.core_instances.size()) return invalid(off, "core instance index out of bounds");
      const mosaic::ExportType* e = scope.core_instances[a.instance]->find(a.name);
      if (!e)
        return invalid(off, "core instance " + std::to_string(a.instance) + " has no export named `" + a.name + "`");
      auto mismatch = [&](const char* what) {
        return invalid(off, "export `" + a.name + "` for core instance " + std::to_string(a.instance) +
                                " is not a " + what);
      };
      switch (a.sort.core) {
        case ast::CoreSort::Func:
          if (e->type.kind != mosaic::ExternKind::Func) return mismatch("func");
          scope.core_funcs.push_back(e->type.func);
          return ok();
        case ast::CoreSort::Table:
          if (e->type.kind != mosaic::ExternKind::Table) return mismatch("table");
          scope.core_tables.push_back(e->type.table);
          return ok();
        case ast::CoreSort::Memory:
          if (e->type.kind != mosaic::ExternKind::Memory) return mismatch("memory");
          scope.core_memories.push_back(e->type.memory);
          return ok();
        case ast::CoreSort::Global:
          if (e->type.kind != mosaic::ExternKind::Global) return mismatch("global");
          scope.core_globals.push_back(e->type.global);
          return ok();
        default: return invalid(off, "core instance exports of this sort cannot be aliased");
      }
    }
    case ast::Alias::Target::Outer: {
      Scope* target = &scope;
      bool crosses_component = false;
      for (uint32_t i = 0; i < a.outer_count; ++i) {
        if (target->kind == Scope::Kind::Component) crosses_component = true;
        target = target->parent;
        if (!target) return invalid(off, "invalid outer alias count of " + std::to_string(a.outer_count));
      }
      const std::string idx = std::to_string(a.outer_index);
      if (a.sort.sort == ast::Sort::Type) {
        if (a.outer_index >= target->types.size()) return invalid(off, "type index out of bounds");
        const Type& t = target->types[a.outer_index];
        // Explainer.md "Alias Definitions": a type aliased from outside a component must not refer to resources,
        // which belong to the instance of the enclosing component.
        if (crosses_component && refers_to_resources(t))
          return invalid(off, "type index " + idx + " transitively refers to resources not defined in the " +
                                  "current component");
        scope.types.push_back(t);
        return ok();
      }
      if (a.sort.sort == ast::Sort::Component) {
        if (a.outer_index >= target->components.size()) return invalid(off, "component index out of bounds");
        scope.components.push_back(target->components[a.outer_index]);
        return ok();
      }
      if (a.sort.sort == ast::Sort::Core && a.sort.core == ast::CoreSort::Type) {
        if (a.outer_index >= target->core_types.size()) return invalid(off, "core type index out of bounds");
        scope.core_types.push_back(target->core_types[a.outer_index]);
        return ok();
      }
      if (a.sort.sort == ast::Sort::Core && a.sort.core == ast::CoreSort::Module) {
        if (a.outer_index >= target->core_modules.size()) return invalid(off, "module index out of bounds");
        scope.core_modules.push_back(target->core_modules[a.outer_index]);
        return ok();
      }
      return invalid(off, "outer aliases are only allowed for types, core types, core modules and components");
    }
  }
  return invalid(off, "unknown alias target");
}

}  // namespace mosaic::component::valid
