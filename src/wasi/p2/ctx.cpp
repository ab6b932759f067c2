#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

std::string path(std::string_view iface, std::string_view item) {
  std::string p(iface);
  p += '@';
  p += kVersion;
  p += '#';
  p += item;
  return p;
}

std::shared_ptr<FdHolder> FdHolder::borrowed(int fd) {
  std::shared_ptr<FdHolder> h(new FdHolder());
  h->fd_ = fs::UniqueFd(fd);
  return h;
}

FdHolder::~FdHolder() {
  if (!owned_) (void)fd_.release();
}

uint32_t Ctx::add(std::unique_ptr<Object> object) {
  if (!free_.empty()) {
    uint32_t rep = free_.back();
    free_.pop_back();
    objects_[rep] = std::move(object);
    return rep;
  }
  objects_.push_back(std::move(object));
  return uint32_t(objects_.size() - 1);
}

Object* Ctx::find(uint32_t rep) const {
  return rep != 0 && rep < objects_.size() ? objects_[rep].get() : nullptr;
}

std::unique_ptr<Object> Ctx::remove(uint32_t rep) {
  if (rep == 0 || rep >= objects_.size() || !objects_[rep]) return nullptr;
  free_.push_back(rep);
  return std::move(objects_[rep]);
}

size_t Ctx::live() const {
  size_t n = 0;
  for (const auto& o : objects_) n += o != nullptr;
  return n;
}

mc::Value Ctx::own(mc::RtResource* type, std::unique_ptr<Object> object) {
  return mc::Value::own({type, add(std::move(object))});
}

mc::RtResource* Ctx::define_resource(mc::Linker& linker, std::string_view iface, std::string_view name) {
  return linker.define_resource(path(iface, name),
                                [self = shared_from_this()](Store& store, uint32_t rep) -> Result<void> {
                                  ctx_of(store, self).remove(rep);
                                  return ok();
                                });
}

Ctx& ctx_of(Store& store, const CtxPtr& defining) {
  if (Ctx* attached = store.context<Ctx>()) return *attached;
  return *defining;
}

std::shared_ptr<Ctx> Ctx::fresh() const {
  auto ctx = std::make_shared<Ctx>(config);
  ctx->types = types;
  ctx->preopens = preopens;
  return ctx;
}

Result<void> Ctx::check_handle(const mc::Value& handle, const mc::RtResource* type) const {
  if ((handle.kind() != mc::TypeKind::Own && handle.kind() != mc::TypeKind::Borrow) ||
      handle.as_resource().type != type)
    return Error(ErrorKind::Trap, "handle of the wrong resource type");
  return ok();
}

}  // namespace mosaic::wasi::p2
