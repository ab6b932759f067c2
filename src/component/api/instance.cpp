// Instance and Func (include/mosaic/component/instance.h): the exports of an instantiated component and calls
// into them from the host (CanonicalABI.md "canon_lift", entered with no calling component instance).

#include "mosaic/component/instance.h"

#include <string>

#include "component/canon/canon.h"
#include "component/runtime/instance_state.h"

namespace mosaic::component {

const FuncType& Func::type() const {
  static const FuncType kEmpty;
  if (!f_ || !f_->type) return kEmpty;
  return *f_->type;
}

Result<std::vector<Value>> Func::call(Store& store, std::span<const Value> args) const {
  if (!f_ || !f_->type) return Error(ErrorKind::Usage, "call of a null component function");
  const FuncType& t = *f_->type;
  if (args.size() != t.params.size()) {
    return Error(ErrorKind::Usage, "wrong number of arguments to `" + f_->name + "`: expected " +
                                       std::to_string(t.params.size()) + ", got " +
                                       std::to_string(args.size()));
  }
  // canon::call entered from the host (no caller) checks every argument against its parameter type
  // (canon::check_value) before lowering it.
  return canon::call(store, *f_, args, nullptr);
}

std::optional<Func> Instance::get_func(std::string_view path) const {
  if (!s_) return std::nullopt;
  rt::ComponentFunc* f = s_->find_func(path);
  if (!f) return std::nullopt;
  return Func(f);
}

std::vector<std::string> Instance::func_paths() const {
  std::vector<std::string> out;
  if (!s_) return out;
  for (const auto& [p, f] : s_->func_paths) out.push_back(p);
  return out;
}

std::optional<Func> Instance::find_func(std::string_view prefix, std::string_view item) const {
  for (const std::string& p : func_paths()) {
    if (p.size() > prefix.size() + item.size() && p.starts_with(prefix) && p.ends_with(item) &&
        p[p.size() - item.size() - 1] == '#')
      return get_func(p);
  }
  return std::nullopt;
}

}  // namespace mosaic::component
