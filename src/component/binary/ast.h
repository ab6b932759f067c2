#pragma once
// The component binary as decoded (Binary.md), before validation: every section's definitions in order, with
// the indices exactly as written. Validation (src/component/valid) resolves them.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/component/types.h"
#include "mosaic/types.h"

namespace mosaic::component::ast {

// core:sort. The values are the binary encoding.
enum class CoreSort : uint8_t {
  Func = 0x00, Table = 0x01, Memory = 0x02, Global = 0x03, Tag = 0x04,
  Type = 0x10, Module = 0x11, Instance = 0x12,
};
const char* to_string(CoreSort sort);

// sort: `core` + a core sort, or one of the component sorts (binary 0x01..0x05).
enum class Sort : uint8_t { Core = 0x00, Func = 0x01, Value = 0x02, Type = 0x03, Component = 0x04, Instance = 0x05 };

struct SortRef {
  Sort sort = Sort::Func;
  CoreSort core = CoreSort::Func;  // when sort == Core
  bool operator==(const SortRef&) const = default;
};
const char* to_string(SortRef sort);  // "func", "core func", "type", ...

struct SortIdx {
  SortRef sort;
  uint32_t index = 0;
};

struct CoreSortIdx {
  CoreSort sort = CoreSort::Func;
  uint32_t index = 0;
};

// ---- core:instance (section 2)
struct CoreInstantiateArg {
  std::string name;
  uint32_t instance = 0;  // core instance index (the only sort allowed today)
};
struct CoreInlineExport {
  std::string name;
  CoreSortIdx item;
};
struct CoreInstance {
  size_t offset = 0;
  bool instantiate = true;                   // (instantiate m arg*), else inline exports
  uint32_t module = 0;                       // core module index
  std::vector<CoreInstantiateArg> args;
  std::vector<CoreInlineExport> exports;
};

// ---- instance (section 5)
struct InstantiateArg {
  std::string name;
  SortIdx item;
};
struct InlineExport {
  std::string name;
  SortIdx item;
};
struct Instance {
  size_t offset = 0;
  bool instantiate = true;                   // (instantiate c arg*), else inline exports
  uint32_t component = 0;                    // component index
  std::vector<InstantiateArg> args;
  std::vector<InlineExport> exports;
};

// ---- alias (section 6; also a declarator inside component and instance types)
struct Alias {
  enum class Target : uint8_t { Export = 0x00, CoreExport = 0x01, Outer = 0x02 };
  size_t offset = 0;
  SortRef sort;
  Target target = Target::Export;
  uint32_t instance = 0;  // Export, CoreExport
  std::string name;       // Export, CoreExport
  uint32_t outer_count = 0, outer_index = 0;  // Outer
};

// ---- component-level types (section 7)
// A valtype: a primitive or a type index.
struct ValTypeRef {
  bool is_index = false;
  TypeKind primitive = TypeKind::Bool;
  uint32_t index = 0;
};
struct LabeledType {
  std::string label;
  ValTypeRef type;
};
struct CaseDef {
  std::string label;
  std::optional<ValTypeRef> type;
};

struct DefValType {
  TypeKind kind = TypeKind::Bool;            // a primitive, or the constructor
  std::vector<LabeledType> fields;           // Record
  std::vector<CaseDef> cases;                // Variant
  std::vector<ValTypeRef> types;             // Tuple
  std::vector<std::string> labels;           // Flags, Enum
  std::optional<ValTypeRef> element;         // List, FixedList, Option, Stream, Future
  uint32_t length = 0;                       // FixedList
  std::optional<ValTypeRef> ok, err;         // Result
  uint32_t resource = 0;                     // Own, Borrow: type index
};

struct FuncTypeDef {
  bool is_async = false;
  std::vector<LabeledType> params;
  std::optional<ValTypeRef> result;
};

struct ResourceTypeDef {
  uint8_t rep = 0x7f;                        // core valtype byte; only i32 (0x7f) validates
  std::optional<uint32_t> dtor;              // core func index
};

// externtype, with the indices as written.
struct ExternDesc {
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;          // Module: core type index; Func, Component, Instance: type index; Type (eq i): i
  bool sub_resource = false;   // Type: (sub resource) instead of (eq i)
  bool value_eq = false;       // Value: (eq valueidx) instead of a valtype
  ValTypeRef value;            // Value: the valtype
};

// nameattributes: the name and the attributes (implements, versionsuffix, external-id).
struct ExternName {
  std::string name;
  uint8_t form = 0;                          // 0x00, 0x01 or 0x02 (with attributes)
  std::optional<std::string> implements;
  std::optional<std::string> version_suffix;
  std::optional<std::string> external_id;
};

struct Import {
  size_t offset = 0;
  ExternName name;
  ExternDesc desc;
};

struct Export {
  size_t offset = 0;
  ExternName name;
  SortIdx item;
  std::optional<ExternDesc> desc;            // the ascribed type, when present
};

struct TypeDef;
struct CoreTypeDef;

// A declarator inside a component type or an instance type (componentdecl / instancedecl).
struct Decl {
  enum class Kind : uint8_t { CoreType, Type, Alias, Import, Export };
  Kind kind = Kind::Type;
  size_t offset = 0;
  std::shared_ptr<CoreTypeDef> core_type;    // CoreType
  std::shared_ptr<TypeDef> type;             // Type
  Alias alias;                               // Alias
  ExternName name;                           // Import, Export
  ExternDesc desc;                           // Import, Export
};

struct TypeDef {
  enum class Kind : uint8_t { DefVal, Func, Component, Instance, Resource };
  Kind kind = Kind::DefVal;
  size_t offset = 0;
  DefValType defval;
  FuncTypeDef func;
  std::vector<Decl> decls;                   // Component, Instance
  ResourceTypeDef resource;
};

// ---- core types (section 3): a core func type (possibly inside a rec group / sub type; only the plain func
// form is supported by the engine) or a module type.
struct CoreExternDesc {
  mosaic::ExternKind core = mosaic::ExternKind::Func;
  uint32_t func_type = 0;                    // Func: core type index
  TableType table;
  MemoryType memory;
  GlobalType global;
};
struct CoreModuleDecl {
  enum class Kind : uint8_t { Import = 0x00, Type = 0x01, Alias = 0x02, Export = 0x03 };
  Kind kind = Kind::Import;
  std::string module, name;                  // Import: module and name; Export: name
  CoreExternDesc desc;                       // Import, Export
  std::shared_ptr<CoreTypeDef> type;         // Type
  uint32_t outer_count = 0, outer_index = 0; // Alias (outer, type sort)
};
struct CoreTypeDef {
  enum class Kind : uint8_t { Func, Module, Unsupported };
  Kind kind = Kind::Func;
  size_t offset = 0;
  mosaic::FuncType func;                     // Func (the core function type)
  std::vector<CoreModuleDecl> decls;         // Module
};

// ---- canon (section 8)
enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };
struct CanonOpts {
  std::optional<StringEncoding> encoding;
  std::optional<uint32_t> memory;            // core memory index
  std::optional<uint32_t> realloc;           // core func index
  std::optional<uint32_t> post_return;       // core func index
  std::optional<uint32_t> callback;          // core func index (async)
  bool async = false;
  bool duplicate = false;                    // an option given twice, or two encodings (invalid)
};
struct Canon {
  // Lift, Lower and the resource built-ins are decoded into fields; every other built-in (async, threads,
  // error-context) keeps its opcode so validation can name it.
  enum class Kind : uint8_t { Lift, Lower, ResourceNew, ResourceDrop, ResourceRep, Other };
  Kind kind = Kind::Lift;
  size_t offset = 0;
  uint8_t opcode = 0;
  uint32_t func = 0;                         // Lift: core func index; Lower: func index
  uint32_t type = 0;                         // Lift: type index; resource built-ins: resource type index
  CanonOpts opts;
};

// ---- start (section 9)
struct Start {
  size_t offset = 0;
  uint32_t func = 0;
  std::vector<uint32_t> args;                // value indices
  uint32_t results = 0;
};

struct Component;

// One definition, in binary order. `index` selects the element of the matching vector of Component (for
// Alias, Type, ... the n-th of that kind in the whole component).
struct Definition {
  enum class Kind : uint8_t {
    CoreModule, CoreInstance, CoreType, Component, Instance, Alias, Type, Canon, Start, Import, Export,
  };
  Kind kind;
  uint32_t index;
};

struct CoreModule {
  size_t offset = 0;                         // of the module's first byte in the top-level input
  std::vector<uint8_t> bytes;                // the whole core module, preamble included
};

struct Component {
  size_t offset = 0;                         // of this component's preamble in the top-level input
  std::vector<Definition> definitions;
  std::vector<CoreModule> core_modules;
  std::vector<CoreInstance> core_instances;
  std::vector<std::shared_ptr<CoreTypeDef>> core_types;
  std::vector<std::unique_ptr<Component>> components;
  std::vector<Instance> instances;
  std::vector<Alias> aliases;
  std::vector<std::shared_ptr<TypeDef>> types;
  std::vector<Canon> canons;
  std::vector<Start> starts;
  std::vector<Import> imports;
  std::vector<Export> exports;
  std::optional<std::string> name;           // from the component-name custom section, when present
};

}  // namespace mosaic::component::ast
