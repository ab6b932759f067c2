#pragma once
// Func: a handle to a wasm or host function in a store. Host functions are how an embedder gives a guest
// its capabilities.

#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "mosaic/result.h"
#include "mosaic/types.h"
#include "mosaic/val.h"

namespace mosaic {

class Store;
class Extern;

namespace exec {
struct FuncInst;
struct Instance;
}  // namespace exec

// What a host function sees of its caller: the store and the calling instance's exports (for its memory).
class Caller {
 public:
  Caller(Store& store, exec::Instance* instance) : store_(store), instance_(instance) {}
  Store& store() { return store_; }
  // An export of the calling wasm instance, e.g. "memory"; empty when called from the host.
  std::optional<Extern> get_export(std::string_view name);

 private:
  Store& store_;
  exec::Instance* instance_;
};

// Reads args, writes results (already sized to the type's results and holding zero values). Return an
// Error of kind Trap to trap; any error ends the guest's call and reaches the host caller with its kind.
// A result of the wrong kind is a Usage error. A callback may call back into wasm through caller.store().
using HostCallback =
    std::function<Result<void>(Caller& caller, std::span<const Val> args, std::span<Val> results)>;

class Func {
 public:
  Func() = default;
  explicit Func(exec::FuncInst* f) : f_(f) {}
  static Func create(Store& store, FuncType type, HostCallback callback);

  FuncType type(Store& store) const;
  // Calls the function. Arguments must match the parameter types (else a Usage error). A trap is an Error
  // of kind Trap whose message is the spec's trap text; deep recursion is Exhausted ("call stack exhausted").
  Result<std::vector<Val>> call(Store& store, std::span<const Val> args) const;

  exec::FuncInst* impl() const { return f_; }
  explicit operator bool() const { return f_ != nullptr; }

 private:
  exec::FuncInst* f_ = nullptr;
};

}  // namespace mosaic
