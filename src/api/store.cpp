// mosaic::Store: a handle to exec::Store that keeps the store's back pointer (used by host functions to
// find their public Store) current across moves.

#include "mosaic/store.h"

#include "exec/runtime.h"

namespace mosaic {

Store::Store(const Engine& engine) : engine_(engine), impl_(std::make_unique<exec::Store>(engine.config())) {
  impl_->set_embedder(this);
}

Store::~Store() {
  while (!kept_.empty()) kept_.pop_back();  // newest first, while the core objects still exist
  contexts_.clear();
}

Store::Store(Store&& other) noexcept
    : engine_(other.engine_),
      impl_(std::move(other.impl_)),
      kept_(std::move(other.kept_)),
      contexts_(std::move(other.contexts_)) {
  if (impl_) impl_->set_embedder(this);
}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    engine_ = other.engine_;
    while (!kept_.empty()) kept_.pop_back();
    impl_ = std::move(other.impl_);
    kept_ = std::move(other.kept_);
    contexts_ = std::move(other.contexts_);
    if (impl_) impl_->set_embedder(this);
  }
  return *this;
}

std::shared_ptr<InterruptHandle> Store::interrupt_handle() const { return impl_->interrupt_handle(); }

void Store::set_fuel(uint64_t fuel) { impl_->fuel = fuel; }

uint64_t Store::fuel() const { return impl_->fuel; }

}  // namespace mosaic
