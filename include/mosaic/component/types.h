#pragma once
// Component-level types (Component Model Explainer, "Type Definitions"), as validation resolves them.
//
// Types are immutable trees of shared nodes. Resolving one type index always yields the same node, so a node's
// address identifies a *definition*: `inspect` uses it to print a type by the name it was exported under, and
// resource types (ResourceType) are compared by address (two resources are equal only if they are the same
// definition, or an import was substituted by the supplied type).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "mosaic/types.h"

namespace mosaic::component {

// Value types. The order of the primitives follows Binary.md's primvaltype opcodes (0x7f bool .. 0x73 string).
enum class TypeKind : uint8_t {
  Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String, ErrorContext,
  List, FixedList, Record, Tuple, Variant, Enum, Option, Result, Flags, Own, Borrow, Stream, Future,
};
const char* to_string(TypeKind kind);  // the WIT spelling: "u32", "list", "own", ...
bool is_primitive(TypeKind kind);      // Bool .. ErrorContext

struct ValType;
using ValTypePtr = std::shared_ptr<const ValType>;

// A resource type. Its address is its identity. `name` is for messages only (the import/export name or
// "resource"); a defined resource records its representation and destructor (index into the defining
// component's core function index space), an abstract one (an import, or a `(sub resource)` export of a
// component or instance type) has neither.
struct ResourceType {
  std::string name;
  bool defined = false;                 // (type (resource (rep i32) (dtor f)?)) in a component
  std::optional<uint32_t> dtor;         // core func index, when defined with a destructor
};
using ResourcePtr = std::shared_ptr<const ResourceType>;

struct Field {
  std::string name;
  ValTypePtr type;
};

struct Case {
  std::string name;
  ValTypePtr type;  // null: the case has no payload
};

// One value type. Which members are meaningful depends on `kind`; the others stay empty.
struct ValType {
  TypeKind kind = TypeKind::Bool;
  ValTypePtr element;               // List, FixedList, Option; Stream, Future (may be null there)
  uint32_t length = 0;              // FixedList
  std::vector<Field> fields;        // Record
  std::vector<ValTypePtr> types;    // Tuple
  std::vector<Case> cases;          // Variant
  std::vector<std::string> labels;  // Enum, Flags
  ValTypePtr ok, err;               // Result (either may be null)
  ResourcePtr resource;             // Own, Borrow

  static ValTypePtr primitive(TypeKind kind);  // shared singletons for Bool .. ErrorContext
};

struct FuncType {
  std::vector<Field> params;
  ValTypePtr result;  // null: no result
  bool is_async = false;
};
using FuncTypePtr = std::shared_ptr<const FuncType>;

struct ComponentType;
struct InstanceType;
struct CoreModuleType;
using ComponentTypePtr = std::shared_ptr<const ComponentType>;
using InstanceTypePtr = std::shared_ptr<const InstanceType>;
using CoreModuleTypePtr = std::shared_ptr<const CoreModuleType>;

// What one type index denotes.
using Type = std::variant<ValTypePtr, FuncTypePtr, ComponentTypePtr, InstanceTypePtr, ResourcePtr>;

// The sorts of Binary.md's `externtype` (module = `core module`).
enum class ExternKind : uint8_t { Module, Func, Value, Type, Component, Instance };
const char* to_string(ExternKind kind);

struct ExternType {
  ExternKind kind = ExternKind::Func;
  CoreModuleTypePtr module;      // Module
  FuncTypePtr func;              // Func
  ValTypePtr value;              // Value
  Type type;                     // Type: the bound (eq t) resolved, or a fresh ResourceType for (sub resource)
  ComponentTypePtr component;    // Component
  InstanceTypePtr instance;      // Instance
};

struct NamedExtern {
  std::string name;  // the externname, e.g. "greet", "wasi:cli/run@0.2.12", "[method]file.read"
  ExternType type;
};

struct InstanceType {
  std::vector<NamedExtern> exports;
  const NamedExtern* find(std::string_view name) const;
};

// A component's type. Resource types among `imports` are the component's type parameters; resource types
// first appearing among `exports` are fresh for each instance.
struct ComponentType {
  std::vector<NamedExtern> imports;
  std::vector<NamedExtern> exports;
};

struct CoreModuleType {
  std::vector<ImportType> imports;
  std::vector<ExportType> exports;
};

}  // namespace mosaic::component
