#pragma once
// Instance: a module instantiated in a store.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "mosaic/extern.h"
#include "mosaic/module.h"
#include "mosaic/result.h"

namespace mosaic {

class Store;

namespace exec {
struct Instance;
}

class Instance {
 public:
  Instance() = default;
  explicit Instance(exec::Instance* i) : i_(i) {}
  // `imports` are in the order of module.imports(). Errors: Unlinkable ("incompatible import type for
  // \"m\" \"n\": expected ..., got ...", or a wrong number of imports), Uninstantiable ("out of bounds table
  // access", "out of bounds memory access", or the text of a trap in the start function; stack exhaustion
  // there stays Exhausted). Wasm 2.0 semantics: on such a failure, segments applied before it stay written
  // and the instance's functions stay usable through the tables they were written to.
  static Result<Instance> create(Store& store, const Module& module, std::span<const Extern> imports);

  std::optional<Extern> get_export(Store& store, std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports(Store& store) const;
  exec::Instance* impl() const { return i_; }

 private:
  exec::Instance* i_ = nullptr;
};

}  // namespace mosaic
