#pragma once
// Store: owns every runtime object (instances, functions, memories, tables, globals). Objects live as long
// as their store; handles (Func, Memory, ...) are plain pointers into it. A store is used by one thread at
// a time.

#include <memory>
#include <vector>

#include "mosaic/engine.h"

namespace mosaic {

namespace exec {
class Store;
}

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  const Engine& engine() const { return engine_; }
  exec::Store& impl() { return *impl_; }
  // Ties an object of a layer above the core engine (component instances) to the store's lifetime; objects
  // are destroyed in reverse order, before the core objects they may refer to.
  void keep_alive(std::shared_ptr<void> object) { kept_.push_back(std::move(object)); }

 private:
  Engine engine_;  // a copy: the configuration the store was made with
  std::unique_ptr<exec::Store> impl_;
  std::vector<std::shared_ptr<void>> kept_;
};

}  // namespace mosaic
