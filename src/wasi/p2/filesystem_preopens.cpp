// wasi:filesystem/preopens: the directories the guest is given (WasiConfig::dirs, opened by
// Preview2::create).

#include "wasi/p2/filesystem_descriptor.h"
#include "wasi/p2/filesystem_types.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

// get-directories: func() -> list<tuple<descriptor, string>>. Each call gives new owned handles, all over the
// same host descriptors (a guest may drop its handles and ask again). A preopen reads, and the filesystem
// beneath it may be changed (wasmtime's read-write permissions for --dir).
Result<mc::Value> get_directories(Ctx& ctx, std::span<const mc::Value>) {
  std::vector<mc::Value> list;
  list.reserve(ctx.preopens.size());
  for (const Preopen& p : ctx.preopens) {
    auto d = std::make_unique<Descriptor>(p.dir, /*directory=*/true, /*read=*/true, /*write=*/false,
                                          /*mutate=*/true);
    list.push_back(
        mc::Value::tuple({ctx.own(ctx.types.descriptor, std::move(d)), mc::Value::string(p.guest_path)}));
  }
  return mc::Value::list(std::move(list));
}

void add_filesystem_preopens(const CtxPtr& ctx, mc::Linker& linker) {
  static const HostFunction kFunctions[] = {
      {"wasi:filesystem/preopens", "get-directories", 0, get_directories}};
  define_functions(ctx, linker, kFunctions);
}

}  // namespace mosaic::wasi::p2
