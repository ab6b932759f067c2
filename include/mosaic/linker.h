#pragma once
// Linker: resolves a module's imports by name from definitions and from other instances' exports.

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "mosaic/extern.h"
#include "mosaic/instance.h"
#include "mosaic/module.h"
#include "mosaic/result.h"

namespace mosaic {

class Store;

class Linker {
 public:
  // Later definitions of the same name replace earlier ones.
  void define(std::string_view module, std::string_view name, Extern item);
  void define_func(std::string_view module, std::string_view name, Store& store, FuncType type,
                   HostCallback callback);
  // Defines every export of `instance` under the module name `module` (the spec's `register`).
  void define_instance(Store& store, std::string_view module, const Instance& instance);

  // Unlinkable error "unknown import: \"mod\" \"name\"" when a definition is missing; type mismatches are
  // reported by Instance::create ("incompatible import type").
  Result<Instance> instantiate(Store& store, const Module& module) const;

  std::optional<Extern> get(std::string_view module, std::string_view name) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> items_;
};

}  // namespace mosaic
