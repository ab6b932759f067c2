// mosaic::Instance: instantiation (spec 4.5.4) through exec::Store, and export lookup.

#include "mosaic/instance.h"

#include "api/convert.h"
#include "exec/runtime.h"
#include "mosaic/store.h"

namespace mosaic {

Result<Instance> Instance::create(Store& store, const Module& module, std::span<const Extern> imports) {
  std::vector<exec::ExternVal> values;
  values.reserve(imports.size());
  for (const Extern& e : imports) values.push_back(api::to_exec(e));
  return Instance(MOSAIC_TRY(store.impl().instantiate(module.impl(), values)));
}

std::optional<Extern> Instance::get_export(Store& store, std::string_view name) const {
  (void)store;
  std::optional<exec::ExternVal> v = i_->find_export(name);
  if (!v) return std::nullopt;
  return api::from_exec(*v);
}

std::vector<std::pair<std::string, Extern>> Instance::exports(Store& store) const {
  (void)store;
  const std::vector<binary::Export>& names = i_->module->binary().exports;
  std::vector<std::pair<std::string, Extern>> r;
  r.reserve(i_->exports.size());
  for (size_t i = 0; i < i_->exports.size(); ++i)
    r.emplace_back(names[i].name, api::from_exec(i_->exports[i]));
  return r;
}

}  // namespace mosaic
