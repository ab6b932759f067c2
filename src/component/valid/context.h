#pragma once
// Internal state of component validation, shared by the files of src/component/valid: the index spaces of one
// scope (a component, a component type or an instance type), and the helpers each file provides.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "component/binary/ast.h"
#include "component/valid/validate.h"
#include "mosaic/component/types.h"
#include "mosaic/engine.h"
#include "mosaic/result.h"
#include "mosaic/types.h"

namespace mosaic::component::valid {

// Bounds on nesting, so that a malicious binary cannot overflow the host stack while it is validated (and
// while later stages walk the resulting type trees).
inline constexpr uint32_t kMaxTypeDepth = 100;        // value types, component and instance types
inline constexpr uint32_t kMaxScopeDepth = 100;       // nested components and type scopes
// The size of a type as a tree (its nodes counted as often as they are referred to), as wasm-tools bounds it:
// every walk over a type is bounded by it, however much the type shares.
inline constexpr uint64_t kMaxTypeSize = 1'000'000;
// CanonicalABI.md "Element size": every defvaltype's elem_size must stay below 2^28.
inline constexpr uint64_t kMaxValueSize = uint64_t(1) << 28;

Error invalid(size_t offset, std::string message);

// A core instance's type: its exports (core sorts only).
struct CoreInstanceType {
  std::vector<mosaic::ExportType> exports;
  const mosaic::ExportType* find(std::string_view name) const;
};
using CoreInstanceTypePtr = std::shared_ptr<const CoreInstanceType>;

// An entry of the core type index space.
struct CoreTypeEntry {
  bool is_module = false;
  mosaic::FuncType func;
  CoreModuleTypePtr module;
};

// The import or export names of one scope, checked for strong uniqueness (Explainer.md "Import and Export
// Definitions": names compared case-insensitively after stripping the annotation).
class NameSet {
 public:
  // `what` is "import" or "export".
  Result<void> insert(const std::string& name, const char* what, size_t offset);

 private:
  std::map<std::string, std::string> keys_;  // key -> the name as written
};

struct Scope {
  enum class Kind : uint8_t { Component, ComponentType, InstanceType };
  Kind kind = Kind::Component;
  Scope* parent = nullptr;
  uint32_t depth = 0;

  // Component-level index spaces.
  std::vector<Type> types;
  std::vector<FuncTypePtr> funcs;
  std::vector<InstanceTypePtr> instances;
  std::vector<ComponentTypePtr> components;
  std::vector<ValTypePtr> values;
  // Core index spaces.
  std::vector<CoreTypeEntry> core_types;
  std::vector<CoreModuleTypePtr> core_modules;
  std::vector<CoreInstanceTypePtr> core_instances;
  std::vector<mosaic::FuncType> core_funcs;
  std::vector<mosaic::TableType> core_tables;
  std::vector<mosaic::MemoryType> core_memories;
  std::vector<mosaic::GlobalType> core_globals;

  // The type this scope describes: a component's (or component type's) imports and exports, an instance
  // type's exports.
  std::vector<NamedExtern> imports, exports;
  NameSet import_names, export_names;

  // Resources defined by `(type (resource ...))` in this component (resource.new/rep need one of these).
  std::unordered_set<const ResourceType*> local_resources;
  // Resource and value types given a name by a type import or export in this scope (exported functions may
  // only use those, Explainer.md "External visibility of types"); imports may only use imported ones.
  std::unordered_set<const void*> named_types, import_named_types;
  // Resource types by import name and by export name (two namespaces), for [constructor]/[method]/[static].
  std::map<std::string, const ResourceType*> import_resources, export_resources;
  // Abstract resources that `(sub resource)` declared in this (type) scope: they belong to the type built here.
  std::vector<const ResourceType*> declared_resources;
};

// The whole validation run.
struct Validator {
  const Engine& engine;
  // Depth of each type node made during validation (leaves, such as primitives, are 1).
  std::unordered_map<const void*, uint32_t> depth;
  // elem_size of each value type node (CanonicalABI.md), capped at kMaxValueSize.
  std::unordered_map<const ValType*, uint64_t> size;
  // Tree size of each type node made during validation (leaves count 1).
  std::unordered_map<const void*, uint64_t> tree_size;
  std::unordered_map<const ValType*, uint32_t> align;
  // The instance or component type whose declarators introduced an abstract resource; importing or exporting
  // an instance of that type gives the resource a fresh identity.
  std::unordered_map<const ResourceType*, const void*> owner;

  uint32_t depth_of(const void* node) const;
};

// Whether some node of the value type `t` (a DAG) satisfies `match`, without descending into nodes for which
// `descend` is false. Each node is visited once, iteratively.
template <class Match, class Descend>
bool find_in_valtype(const ValTypePtr& t, Match&& match, Descend&& descend) {
  std::unordered_set<const ValType*> seen;
  std::vector<const ValType*> stack;
  if (t) stack.push_back(t.get());
  while (!stack.empty()) {
    const ValType* n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    if (match(*n)) return true;
    if (!descend(*n)) continue;
    auto push = [&](const ValTypePtr& c) {
      if (c) stack.push_back(c.get());
    };
    push(n->element);
    push(n->ok);
    push(n->err);
    for (const auto& f : n->fields) push(f.type);
    for (const auto& e : n->types) push(e);
    for (const auto& c : n->cases) push(c.type);
  }
  return false;
}

// ---- names.cpp
// "`x` is not in kebab case" unless `s` is a label (Explainer.md "Import and Export Definitions").
Result<void> check_kebab(std::string_view s, size_t offset, const char* what = nullptr);
bool is_kebab(std::string_view s);
// The extern name grammar (plainname, interfacename, and for imports depname/urlname/hashname).
Result<void> check_extern_name(const ast::ExternName& name, bool is_import, ExternKind kind, size_t offset);
// For [constructor]/[method]/[static] names: checks the function's type against the resource it names.
Result<void> check_resource_func_name(const Scope& scope, const std::string& name, const FuncType& ft, bool is_import,
                                      size_t offset);
// An annotated name ([constructor], [method], [static]) must name a function.
Result<void> check_annotated_kind(const std::string& name, ExternKind kind, size_t offset);

// ---- type_resolver.cpp
Result<ValTypePtr> resolve_valtype(Validator& v, Scope& scope, const ast::ValTypeRef& ref, size_t offset);
Result<Type> resolve_typedef(Validator& v, Scope& scope, const ast::TypeDef& def);
Result<ExternType> resolve_extern_desc(Validator& v, Scope& scope, const ast::ExternDesc& desc, size_t offset,
                                       std::string_view name = {});
Result<CoreTypeEntry> resolve_core_typedef(Validator& v, Scope& scope, const ast::CoreTypeDef& def);
// Adds an aliased item to `scope`'s index spaces.
Result<void> add_alias(Validator& v, Scope& scope, const ast::Alias& alias);
// Adds an item of type `t` to the index space of its kind (imports and exports of types also record names).
void push_extern(Scope& scope, const ExternType& t);
// Import and export declarations of component and instance types, and of components.
Result<void> add_import(Validator& v, Scope& scope, const ast::ExternName& name, const ast::ExternDesc& desc,
                        size_t offset);
// An export of `t` under `name` (the type already resolved and checked): records the export and adds the
// exported item to the index space.
// `declared`: the type comes from a declaration (a type's export declarator), not a concrete definition.
Result<void> add_export(Validator& v, Scope& scope, const ast::ExternName& name, ExternType t, size_t offset,
                        bool declared = false);
// Whether a type refers to any resource type (transitively).
bool refers_to_resources(const Type& t);
bool refers_to_resources(const ExternType& t);
// A value type's node kind as wasm-tools names it in messages ("record", "u32", "resource", ...).
std::string describe(const Type& t);

// ---- subtype.cpp
// Substitution of resource types throughout a type (instantiation of a component type with arguments).
using ResourceSubst = std::unordered_map<const ResourceType*, ResourcePtr>;
ExternType substitute(const ExternType& t, const ResourceSubst& subst);
// `values`, when given, also replaces value type nodes (an imported type by the argument's).
using ValueSubst = std::unordered_map<const ValType*, ValTypePtr>;
std::vector<NamedExtern> substitute(const std::vector<NamedExtern>& list, const ResourceSubst& subst,
                                    const ValueSubst* values = nullptr);
ValTypePtr substitute(const ValTypePtr& t, const ResourceSubst& subst);
// One subtype check (of one instantiation's arguments, say): abstract resources of the expected side are bound
// to the actual resources they are matched with, and `bound` is the substitution for the rest of the type.
class SubtypeCx {
 public:
  ResourceSubst bound;
  // Value types of type imports, expected node -> the argument's node (so that names carry through).
  ValueSubst bound_values;
  Result<void> extern_type(const ExternType& a, const ExternType& e);
  Result<void> type(const Type& a, const Type& e);
  Result<void> func(const FuncType& a, const FuncType& e);
  // `top`: the value types are the whole of a type import/export (wasm-tools words primitive mismatches
  // differently there).
  Result<void> valtype(const ValTypePtr& a, const ValTypePtr& e, bool top);
  Result<void> resource(const ResourcePtr& a, const ResourcePtr& e);
  Result<void> instance(const InstanceType& a, const InstanceType& e);
  Result<void> component(const ComponentType& a, const ComponentType& e);
  Result<void> module(const CoreModuleType& a, const CoreModuleType& e);

 private:
  std::set<std::pair<const void*, const void*>> done_;
};
Result<void> check_core_extern_subtype(const mosaic::ExternType& actual, const mosaic::ExternType& expected);
Result<void> check_valtype_eq(const ValTypePtr& actual, const ValTypePtr& expected);
Result<void> check_functype_subtype(const FuncType& actual, const FuncType& expected);

// ---- canon_check.cpp
Result<void> check_canon(Validator& v, Scope& scope, const ast::Canon& canon);
// The core types of flatten_functype (CanonicalABI.md "Flattening"); `overflow` sets whether any limit was
// exceeded.
struct Flat {
  std::vector<ValKind> params, results;
};
Flat flatten_functype_for(const FuncType& ft, bool lift);
bool needs_memory(const FuncType& ft);
bool contains_strings_or_lists(const ValTypePtr& t);

}  // namespace mosaic::component::valid
