#pragma once
// Run-time state of components (CanonicalABI.md "Runtime State"; definitions.py's ComponentInstance, Table,
// ResourceHandle, ResourceType). Objects live as long as the Store they were made in (Store::keep_alive).

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "component/binary/ast.h"
#include "mosaic/component/types.h"
#include "mosaic/component/value.h"
#include "mosaic/extern.h"
#include "mosaic/func.h"
#include "mosaic/result.h"

namespace mosaic {
class Store;
}

namespace mosaic::component {

namespace rt {
struct ComponentInstance;
}

// A resource type at run time (definitions.py's ResourceType): one per resource definition per component
// instance, or one per resource the host defines.
struct RtResource {
  std::string name;
  rt::ComponentInstance* impl = nullptr;  // the defining instance; null for a host resource
  std::optional<mosaic::Func> dtor;               // the core destructor, (func (param i32)), of a guest resource
  std::function<Result<void>(Store&, uint32_t rep)> host_dtor;  // of a host resource; may be empty
};

namespace rt {

// Maps the static resource types that appear in a component's types to the run-time resource types of one
// instance (filled as the instance's type index space is built: definitions, imports, aliases, exports).
using ResourceMap = std::unordered_map<const ResourceType*, RtResource*>;

// A call's borrow bookkeeping (definitions.py's Task for lowered borrows, Subtask for lent handles).
struct ResourceHandle;
struct CallScope {
  uint32_t num_borrows = 0;               // borrow handles created in the callee for this call
  std::vector<ResourceHandle*> lenders;   // the caller's own handles lent for this call (num_lends > 0)
};

struct ResourceHandle {
  RtResource* rt = nullptr;
  uint32_t rep = 0;
  bool own = false;
  CallScope* borrow_scope = nullptr;      // borrow handles: the call they belong to
  uint32_t num_lends = 0;
};

// definitions.py's Table: index 0 is never used; freed slots are reused. Errors are traps. A handle's address
// stays the same while it is in the table (a call's lenders point at them).
class HandleTable {
 public:
  static constexpr uint32_t kMaxLength = (1u << 28) - 1;
  Result<uint32_t> add(ResourceHandle h);
  Result<ResourceHandle*> get(uint32_t i);
  Result<ResourceHandle> remove(uint32_t i);
  size_t live() const;
  // Removes every borrow handle of `scope` (a call that ended in a trap leaves them behind); returns how many.
  size_t remove_borrows_of(const CallScope* scope);

 private:
  std::deque<std::optional<ResourceHandle>> array_{std::optional<ResourceHandle>{}};
  std::vector<uint32_t> free_;
};

// definitions.py's CanonicalOptions, with the core items resolved.
struct CanonOptions {
  ast::StringEncoding encoding = ast::StringEncoding::Utf8;
  std::optional<Memory> memory;
  std::optional<mosaic::Func> realloc;
  std::optional<mosaic::Func> post_return;
};

// definitions.py's ComponentInstance (the synchronous part).
struct ComponentInstance {
  ComponentInstance* parent = nullptr;
  HandleTable handles;
  bool may_enter = true;   // false while a call into this instance (or a descendant) is on the stack
  bool may_leave = true;   // false while lowering results, in realloc and post-return
  ResourceMap resources;
};

// A component-level function: a core function lifted with `canon lift`, or a host function.
using HostFunc = std::function<Result<void>(Store& store, std::span<const Value> args, std::vector<Value>& results)>;
struct ComponentFunc {
  FuncTypePtr type;
  const ResourceMap* resources = nullptr;  // maps the resources in `type` to run-time ones
  // Lifted:
  ComponentInstance* inst = nullptr;
  mosaic::Func core;
  CanonOptions opts;
  // Host (when `host` is set, the lifted fields are unused):
  HostFunc host;
  std::string name;                        // for messages and backtraces
};

}  // namespace rt
}  // namespace mosaic::component
