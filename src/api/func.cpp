// mosaic::Func and mosaic::Caller: host functions wrap a HostCallback into an exec::HostFunc that converts
// between slots and Vals; calls from the host check argument types, then run the interpreter.

#include "mosaic/func.h"

#include <string>

#include "api/convert.h"
#include "exec/runtime.h"
#include "mosaic/extern.h"
#include "mosaic/store.h"

namespace mosaic {

namespace {

// A buffer that lives on the stack for the common small case.
template <class T, size_t N>
class SmallBuffer {
 public:
  explicit SmallBuffer(size_t n) : size_(n) {
    if (n > N) heap_.resize(n);
  }
  T* data() { return size_ > N ? heap_.data() : inline_; }
  size_t size() const { return size_; }

 private:
  T inline_[N] = {};
  std::vector<T> heap_;
  size_t size_;
};

size_t slot_total(const std::vector<binary::ValType>& types) {
  size_t n = 0;
  for (binary::ValType t : types) n += binary::slot_count(t);
  return n;
}

}  // namespace

std::optional<Extern> Caller::get_export(std::string_view name) {
  if (instance_ == nullptr) return std::nullopt;
  std::optional<exec::ExternVal> v = instance_->find_export(name);
  if (!v) return std::nullopt;
  return api::from_exec(*v);
}

Func Func::create(Store& store, FuncType type, HostCallback callback) {
  binary::FuncType bt = api::to_binary(type);
  exec::HostFunc fn = [cb = std::move(callback), ft = bt](exec::Store& s, exec::Instance* caller,
                                                          const uint64_t* args,
                                                          uint64_t* results) -> Result<void> {
    Store* owner = static_cast<Store*>(s.embedder());
    if (owner == nullptr) return Error(ErrorKind::Usage, "host function called outside a mosaic::Store");
    SmallBuffer<Val, 8> in(ft.params.size());
    const uint64_t* p = args;
    for (size_t i = 0; i < ft.params.size(); ++i) {
      in.data()[i] = api::from_slots(ft.params[i], p);
      p += binary::slot_count(ft.params[i]);
    }
    SmallBuffer<Val, 8> out(ft.results.size());
    for (size_t i = 0; i < ft.results.size(); ++i) out.data()[i] = Val::zero(api::from_binary(ft.results[i]));
    Caller c(*owner, caller);
    MOSAIC_TRY(cb(c, std::span<const Val>(in.data(), in.size()), std::span<Val>(out.data(), out.size())));
    uint64_t* r = results;
    for (size_t i = 0; i < ft.results.size(); ++i) {
      MOSAIC_TRY(api::check_val(out.data()[i], ft.results[i], "host function result"));
      api::to_slots(s, out.data()[i], r);
      r += binary::slot_count(ft.results[i]);
    }
    return ok();
  };
  return Func(store.impl().add_host_func(std::move(bt), std::move(fn)));
}

FuncType Func::type(Store& store) const {
  (void)store;
  return api::from_binary(*f_->type);
}

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> args) const {
  if (f_ == nullptr) return Error(ErrorKind::Usage, "call of a null function");
  const binary::FuncType& ft = *f_->type;
  if (args.size() != ft.params.size()) {
    return Error(ErrorKind::Usage, "type mismatch: the function takes " + std::to_string(ft.params.size()) +
                                       " arguments, " + std::to_string(args.size()) + " were given");
  }
  SmallBuffer<uint64_t, 16> in(slot_total(ft.params));
  uint64_t* p = in.data();
  for (size_t i = 0; i < args.size(); ++i) {
    MOSAIC_TRY(api::check_val(args[i], ft.params[i], "argument"));
    api::to_slots(store.impl(), args[i], p);
    p += binary::slot_count(ft.params[i]);
  }
  SmallBuffer<uint64_t, 16> out(slot_total(ft.results));
  MOSAIC_TRY(store.impl().call(f_, in.data(), out.data()));
  std::vector<Val> results;
  results.reserve(ft.results.size());
  const uint64_t* r = out.data();
  for (binary::ValType t : ft.results) {
    results.push_back(api::from_slots(t, r));
    r += binary::slot_count(t);
  }
  return results;
}

}  // namespace mosaic
