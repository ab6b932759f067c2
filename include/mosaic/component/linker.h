#pragma once
// Linker: satisfies a component's imports with host functions, host resources and other components'
// instances, and instantiates.

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/value.h"
#include "mosaic/result.h"

namespace mosaic {
class Store;
}

namespace mosaic::component {

using HostCallback =
    std::function<Result<void>(Store& store, std::span<const Value> args, std::vector<Value>& results)>;

class Linker {
 public:
  Linker();
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // A host function at `path`: "name" for a top-level function import, "iface#name" for a function of an
  // imported instance (e.g. "local:demo/host#log"). Its type is the importing component's; arguments arrive
  // checked and results are checked before they are lowered.
  void define_func(std::string_view path, HostCallback callback);
  // A host resource type at `path` ("iface#name"); `dtor` runs when a guest drops an owned handle.
  // Returns the run-time type, to make handles: Value::own({type, rep}).
  RtResource* define_resource(std::string_view path, std::function<Result<void>(Store&, uint32_t rep)> dtor = {});
  // Every export of `instance` becomes importable under `name` (an instance import of that name, or a
  // top-level function of that name): composition of components.
  void define_instance(std::string_view name, const Instance& instance);

  // Unlinkable errors name the missing import ("missing import `local:demo/host`") or the type mismatch.
  Result<Instance> instantiate(Store& store, const Component& component) const;

  struct Impl;
 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mosaic::component
