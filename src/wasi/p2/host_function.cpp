#include "wasi/p2/host_function.h"

#include <string>

namespace mosaic::wasi::p2 {

void define_functions(const CtxPtr& ctx, mc::Linker& linker, std::span<const HostFunction> functions) {
  for (const HostFunction& fn : functions) {
    linker.define_func(path(fn.iface, fn.item),
                       [ctx, fn](Store& store, std::span<const mc::Value> args,
                                 std::vector<mc::Value>& results) -> Result<void> {
                         if (args.size() != fn.params)
                           return Error(ErrorKind::Usage, std::string(fn.item) + ": expected " +
                                                              std::to_string(fn.params) + " arguments, got " +
                                                              std::to_string(args.size()));
                         results.push_back(MOSAIC_TRY(fn.call(ctx_of(store, ctx), args)));
                         return ok();
                       });
  }
}

}  // namespace mosaic::wasi::p2
