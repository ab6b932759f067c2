// mosaic::Linker: resolves imports by (module, name), the way the spec's test scripts link modules to
// registered instances.

#include "mosaic/linker.h"

#include "api/convert.h"
#include "exec/link.h"
#include "exec/runtime.h"
#include "mosaic/store.h"

namespace mosaic {

void Linker::define(std::string_view module, std::string_view name, Extern item) {
  items_.insert_or_assign(std::pair<std::string, std::string>(module, name), item);
}

void Linker::define_func(std::string_view module, std::string_view name, Store& store, FuncType type,
                         HostCallback callback) {
  define(module, name, Func::create(store, std::move(type), std::move(callback)));
}

void Linker::define_instance(Store& store, std::string_view module, const Instance& instance) {
  for (auto& [name, item] : instance.exports(store)) define(module, name, item);
}

std::optional<Extern> Linker::get(std::string_view module, std::string_view name) const {
  auto it = items_.find(std::pair<std::string, std::string>(module, name));
  if (it == items_.end()) return std::nullopt;
  return it->second;
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  const binary::Module& m = module.impl()->binary();
  std::vector<Extern> imports;
  imports.reserve(m.imports.size());
  // Imports resolve in order, each by name and then by type, so the first failing import is reported.
  for (const binary::Import& imp : m.imports) {
    std::optional<Extern> item = get(imp.module, imp.name);
    if (!item)
      return Error(ErrorKind::Unlinkable, "unknown import: \"" + imp.module + "\" \"" + imp.name + "\"");
    MOSAIC_TRY(exec::match_import(m, imp, api::to_exec(*item)));
    imports.push_back(*item);
  }
  return Instance::create(store, module, imports);
}

}  // namespace mosaic
