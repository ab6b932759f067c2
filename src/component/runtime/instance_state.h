#pragma once
// The run-time objects of one instantiation (Explainer.md "Instance Definitions"): every nested component
// instance, lifted and host function, resource type and index space made while walking the definitions, owned
// by one InstanceState that the Store keeps alive (Store::keep_alive).

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "component/runtime/runtime.h"
#include "component/valid/validate.h"
#include "mosaic/extern.h"
#include "mosaic/instance.h"
#include "mosaic/module.h"

namespace mosaic::component {

namespace rt {

struct Frame;
struct RtExports;

// A component definition at run time: its validated form and the frame it was defined in (outer aliases inside
// it refer to that frame's index spaces).
struct ComponentClosure {
  const valid::ValidComponent* vc = nullptr;
  const Frame* outer = nullptr;
};

// One item of a component-level index space (the component-level `sort`s of Binary.md), as an instance export
// or an instantiation argument carries it.
struct RtItem {
  ExternKind kind = ExternKind::Func;
  ComponentFunc* func = nullptr;           // Func
  std::shared_ptr<const RtExports> instance;  // Instance
  RtResource* resource = nullptr;          // Type: the run-time resource, or null for a value/func/... type
  std::shared_ptr<const ComponentClosure> component;  // Component
  std::optional<Module> module;            // Module (core module)
};

// The exports of a component instance, in export order.
struct RtExports {
  std::vector<std::pair<std::string, RtItem>> items;
  const RtItem* find(std::string_view name) const;
};

// A core instance (a real one, or a bag of inline exports): its exports by name, in order.
struct CoreInst {
  std::vector<std::pair<std::string, Extern>> items;
  const Extern* find(std::string_view name) const;
};

// The run-time index spaces of one component instance while its definitions are walked. Frames stay alive with
// the InstanceState, since a component closure defined in a frame may be instantiated after it ends.
struct Frame {
  const valid::ValidComponent* vc = nullptr;
  const Frame* outer = nullptr;            // the frame of the enclosing component definition
  ComponentInstance* inst = nullptr;
  uint32_t depth = 0;                      // nesting depth of instantiation
  // core index spaces
  std::vector<Module> core_modules;
  std::vector<std::shared_ptr<const CoreInst>> core_instances;
  std::vector<Func> core_funcs;
  std::vector<Table> core_tables;
  std::vector<Memory> core_memories;
  std::vector<Global> core_globals;
  // component index spaces
  std::vector<ComponentFunc*> funcs;
  std::vector<std::shared_ptr<const RtExports>> instances;
  std::vector<std::shared_ptr<const ComponentClosure>> components;
  std::vector<RtResource*> types;          // per type index: its run-time resource, or null
  uint32_t imports_seen = 0;
  std::shared_ptr<RtExports> exports = std::make_shared<RtExports>();
};

}  // namespace rt

// Everything one Linker::instantiate made; kept alive by the store.
struct InstanceState {
  std::shared_ptr<const valid::CheckedComponent> checked;
  std::deque<rt::ComponentInstance> instances;
  std::deque<rt::ComponentFunc> funcs;
  std::deque<RtResource> resources;
  std::vector<std::shared_ptr<RtResource>> host_resources;  // the Linker's, shared
  std::vector<std::unique_ptr<rt::Frame>> frames;
  uint32_t instance_count = 0;
  std::shared_ptr<const rt::RtExports> exports;              // the root instance's
  std::vector<std::pair<std::string, rt::ComponentFunc*>> func_paths;  // every function export, "a#b#name"

  rt::ComponentFunc* find_func(std::string_view path) const;
};

namespace rt {

// Limits that keep a hostile binary from exhausting the host: how deep instantiation nests, and how many
// component instances one instantiation may create (a component instantiating the previous one twice per level
// would otherwise double the work at each level).
inline constexpr uint32_t kMaxInstantiationDepth = 100;
inline constexpr uint32_t kMaxComponentInstances = 10000;

// Supplies the root component's imports: `name` is the import name, `type` its static type in the root
// component, `resources` the root instance's map (an import of a host function is typed by it).
using ImportResolver =
    std::function<Result<RtItem>(InstanceState& state, const std::string& name, const ExternType& type,
                                 ComponentInstance* inst)>;

// Instantiates `checked` in `store`: walks the definitions (Explainer.md "Component Definitions") in order,
// creating core instances, lifted and lowered functions, resource types and nested instances. The state is
// kept alive by the store from the start (core functions made before a failure may still refer to it).
Result<std::shared_ptr<InstanceState>> instantiate(Store& store,
                                                   std::shared_ptr<const valid::CheckedComponent> checked,
                                                   const ImportResolver& resolve);

// Records the run-time resources that an item of static type `type` carries (a resource type, or the resource
// exports of an instance, at any depth) in `map`. Unlinkable when an instance lacks an export its type names.
Result<void> bind_resources(ResourceMap& map, const ExternType& type, const RtItem& item, const std::string& path);

// Run-time type equality (Explainer.md "Subtyping", which is equality for value types): two static types, each
// with the map of its own component instance, denote the same type; resources compare by run-time identity.
bool same_type(const ValTypePtr& a, const ResourceMap& ma, const ValTypePtr& b, const ResourceMap& mb);
bool same_func_type(const FuncType& a, const ResourceMap& ma, const FuncType& b, const ResourceMap& mb);

// WIT-like spelling of types, for messages ("func(x: u32) -> string", "instance { log: func(...) }").
std::string type_to_string(const ValTypePtr& t);
std::string type_to_string(const FuncType& t);
std::string type_to_string(const ExternType& t);

}  // namespace rt
}  // namespace mosaic::component
