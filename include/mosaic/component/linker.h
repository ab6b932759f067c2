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
  // The same, with a check of the importing component's function type run at instantiation (its error, a
  // Usage error, fails the instantiation).
  using SignatureCheck = std::function<Result<void>(const FuncType& type)>;
  void define_func(std::string_view path, HostCallback callback, SignatureCheck check);
  // A host function with a C++ signature (include mosaic/component/typed.h): `callable(Store&, Args...)`
  // returns R or Result<R>.
  template <class Sig, class F>
  void define(std::string_view path, F&& callable);
  // A host resource type at `path` ("iface#name"); `dtor` runs when a guest drops an owned handle.
  // Returns the run-time type, to make handles: Value::own({type, rep}).
  RtResource* define_resource(std::string_view path, std::function<Result<void>(Store&, uint32_t rep)> dtor = {});
  // Exports of another component's `instance` become importable (composition of components), in the same
  // store: with an empty `name`, every export under its own name (an exported interface instance satisfies an
  // import of that interface, a top-level function export an import of that function); when `instance`
  // exports an item called `name` (or, for a path "iface#item", called `item`), that item at that path;
  // otherwise the whole instance, as an instance import `name`.
  // Imports are checked against these items' types at instantiation (resources by run-time identity).
  void define_instance(std::string_view name, const Instance& instance);

  // Unlinkable errors name the missing import ("missing import `local:demo/host`") or the type mismatch.
  Result<Instance> instantiate(Store& store, const Component& component) const;

  struct Impl;
 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mosaic::component
