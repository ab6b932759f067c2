#pragma once
// Store: owns every runtime object (instances, functions, memories, tables, globals). Objects live as long
// as their store; handles (Func, Memory, ...) are plain pointers into it. A store is used by one thread at
// a time.

#include <atomic>
#include <memory>
#include <typeinfo>
#include <utility>
#include <vector>

#include "mosaic/engine.h"

namespace mosaic {

namespace exec {
class Store;
}

class InterruptHandle {
 public:
  void interrupt() { flag_.store(true, std::memory_order_relaxed); }
  bool interrupted() const { return flag_.load(std::memory_order_relaxed); }
  std::atomic<bool>& flag() { return flag_; }

 private:
  std::atomic<bool> flag_{false};
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  const Engine& engine() const { return engine_; }

  // Stops the guest running in this store from another thread (a deadline, Ctrl-C): its current call traps
  // with "interrupt" at the next function entry or loop iteration, as do later calls. The handle stays
  // valid after the store is gone (interrupting then does nothing).
  std::shared_ptr<InterruptHandle> interrupt_handle() const;
  // The fuel left for the guest (Config::consume_fuel; without it fuel is never used). A new store has none:
  // with metering on, a guest traps at its first instruction until fuel is set. An out-of-fuel trap leaves
  // 0; setting fuel again lets later calls run.
  void set_fuel(uint64_t fuel);
  uint64_t fuel() const;
  exec::Store& impl() { return *impl_; }
  // Ties an object of a layer above the core engine (component instances) to the store's lifetime; objects
  // are destroyed in reverse order, before the core objects they may refer to.
  void keep_alive(std::shared_ptr<void> object) { kept_.push_back(std::move(object)); }

  // Host state attached to the store, one object per C++ type: host functions defined once in a linker that
  // many stores share find the state of the guest they serve here (a WASI context, an HTTP request).
  template <class T>
  void set_context(std::shared_ptr<T> object) {
    for (auto& [type, ptr] : contexts_)
      if (*type == typeid(T)) {
        ptr = std::move(object);
        return;
      }
    contexts_.emplace_back(&typeid(T), std::move(object));
  }
  // The object of type T attached with set_context; null when there is none.
  template <class T>
  T* context() const {
    for (const auto& [type, ptr] : contexts_)
      if (*type == typeid(T)) return static_cast<T*>(ptr.get());
    return nullptr;
  }

 private:
  Engine engine_;  // a copy: the configuration the store was made with
  std::unique_ptr<exec::Store> impl_;
  std::vector<std::shared_ptr<void>> kept_;
  std::vector<std::pair<const std::type_info*, std::shared_ptr<void>>> contexts_;
};

}  // namespace mosaic
