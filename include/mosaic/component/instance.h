#pragma once
// Instance and Func: an instantiated component and its exported functions.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/component/types.h"
#include "mosaic/component/value.h"
#include "mosaic/result.h"

namespace mosaic {
class Store;
}

namespace mosaic::component {

namespace rt {
struct ComponentFunc;
}
struct InstanceState;  // src/component/runtime/instance_state.h
template <class Sig>
class TypedFunc;  // mosaic/component/typed.h

class Func {
 public:
  Func() = default;
  explicit Func(rt::ComponentFunc* f) : f_(f) {}
  const FuncType& type() const;
  // Arguments are checked against the parameter types (Usage error); zero or one result. Traps are Errors of
  // kind Trap.
  Result<std::vector<Value>> call(Store& store, std::span<const Value> args) const;
  rt::ComponentFunc* impl() const { return f_; }
  explicit operator bool() const { return f_ != nullptr; }

 private:
  rt::ComponentFunc* f_ = nullptr;
};

class Instance {
 public:
  Instance() = default;
  explicit Instance(InstanceState* s) : s_(s) {}
  // A function export by path: "name" for a top-level function, "iface#name" for a function of an exported
  // instance (e.g. "local:demo/api#greet", "wasi:cli/run@0.2.12#run"). Nested instances: "a#b#name".
  std::optional<Func> get_func(std::string_view path) const;
  // Every function export, as paths in export order.
  std::vector<std::string> func_paths() const;
  // The first function export named `item` of an interface whose path starts with `prefix`: any patch
  // version of an interface, e.g. find_func("wasi:cli/run@0.2.", "run") finds "wasi:cli/run@0.2.12#run".
  std::optional<Func> find_func(std::string_view prefix, std::string_view item) const;
  // The function at `path` called with C++ types (include mosaic/component/typed.h); a Usage error when the
  // signature does not fit its type.
  template <class Sig>
  Result<TypedFunc<Sig>> get_typed_func(std::string_view path) const;
  InstanceState* impl() const { return s_; }

 private:
  InstanceState* s_ = nullptr;
};

}  // namespace mosaic::component
