#pragma once
// Validation of a decoded component (Explainer.md, Binary.md's validation notes, CanonicalABI.md "Canonical
// definitions"): builds every index space in order, resolves type indices into component::Type trees, checks
// instantiation arguments and ascribed export types by subtyping, and compiles (decodes and validates) every
// core module. Errors are Invalid with the offset of the offending definition and wasm-tools' wording where the
// spec tests compare it ("type mismatch", "duplicate import name", ...); a core module's own error keeps its
// kind and message.

#include <memory>
#include <vector>

#include "component/binary/ast.h"
#include "mosaic/component/types.h"
#include "mosaic/engine.h"
#include "mosaic/module.h"
#include "mosaic/result.h"

namespace mosaic::component::valid {

// What validation learnt about one component (the top level or a nested one). The index spaces are listed in
// index order, so the instantiator can look up the static type of anything the definitions refer to.
struct ValidComponent {
  const ast::Component* ast = nullptr;  // owned by the enclosing CheckedComponent
  // Compiled core modules, one per ast->core_modules entry (in the same order).
  std::vector<Module> core_modules;
  // Nested components, one per ast->components entry (in the same order).
  std::vector<std::shared_ptr<const ValidComponent>> components;

  // Index spaces (resolved static types), each in index order.
  std::vector<Type> types;                       // type index space
  std::vector<FuncTypePtr> funcs;                // func index space
  std::vector<InstanceTypePtr> instances;        // instance index space
  std::vector<ComponentTypePtr> component_types; // component index space
  std::vector<CoreModuleTypePtr> core_module_types;  // core module index space
  std::vector<mosaic::FuncType> core_funcs;      // core func index space (core function types)

  // This component's type: imports in import order, exports in export order.
  ComponentTypePtr type;
};

// A validated top-level component: owns the decoded form that the ValidComponent tree points into.
struct CheckedComponent {
  std::unique_ptr<ast::Component> ast;
  std::shared_ptr<const ValidComponent> root;
};

Result<CheckedComponent> validate(const Engine& engine, std::unique_ptr<ast::Component> component);

// Subtyping (Explainer.md "Subtyping"; wasm-tools' `component_types::SubtypeCx`): is `actual` acceptable where
// `expected` is required? On failure the error message says what differs ("expected func, found instance",
// "type mismatch in function parameter `x`", ...).
Result<void> check_subtype(const ExternType& actual, const ExternType& expected);

}  // namespace mosaic::component::valid
