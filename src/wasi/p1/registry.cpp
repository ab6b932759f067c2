#include "wasi/p1/registry.h"

#include <string_view>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

using Impl = Errno (*)(Call&);

binary::FuncType signature(std::string_view params, bool returns_errno) {
  binary::FuncType type;
  for (char p : params) type.params.push_back(p == 'I' ? binary::ValType::I64 : binary::ValType::I32);
  if (returns_errno) type.results.push_back(binary::ValType::I32);
  return type;
}

// The calling instance's memory, found by its export "memory" (the WASI ABI) and remembered for the next
// call from the same instance. A caller without one gets an empty memory: every pointer is a fault.
struct Binding {
  std::shared_ptr<Ctx> ctx;
  const exec::Instance* instance = nullptr;
  exec::MemoryInst* memory = nullptr;

  GuestMemory memory_of(const exec::Instance* caller) {
    if (caller == nullptr) return {};
    if (caller != instance) {
      instance = caller;
      memory = nullptr;
      std::optional<exec::ExternVal> e = caller->find_export("memory");
      if (e && e->kind == binary::ExternKind::Memory) memory = static_cast<exec::MemoryInst*>(e->ptr);
    }
    if (memory == nullptr) return {};
    return GuestMemory(memory->data, memory->size);
  }
};

}  // namespace

std::vector<HostFunction> host_functions(std::shared_ptr<Ctx> ctx) {
  auto binding = std::make_shared<Binding>();
  binding->ctx = std::move(ctx);
  std::vector<HostFunction> out;
  auto add = [&](std::string_view name, std::string_view params, Impl impl) {
    const bool returns_errno = name != "proc_exit";
    exec::HostFunc body = [binding, impl, returns_errno](exec::Store&, exec::Instance* caller,
                                                         const uint64_t* args, uint64_t* results) -> Result<void> {
      Call call{*binding->ctx, binding->memory_of(caller), args, std::nullopt};
      Errno e = impl(call);
      if (call.unwind) return std::move(*call.unwind);
      if (returns_errno) results[0] = static_cast<uint16_t>(e);
      return ok();
    };
    out.push_back({name, signature(params, returns_errno), std::move(body)});
  };
#define MOSAIC_WASI_FUNC(name, params) add(#name, params, &name);
#include "wasi/p1/functions.def"
#undef MOSAIC_WASI_FUNC
  return out;
}

}  // namespace mosaic::wasi::p1
