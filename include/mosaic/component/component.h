#pragma once
// Component: a decoded and validated component binary, ready to instantiate in any store of its engine.
// Cheap to copy.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "mosaic/component/types.h"
#include "mosaic/engine.h"
#include "mosaic/result.h"

namespace mosaic::component {

namespace valid {
struct CheckedComponent;
}

class Component {
 public:
  // Decodes and validates; errors are Malformed or Invalid with the byte offset.
  static Result<Component> compile(const Engine& engine, std::span<const uint8_t> bytes);
  static Result<Component> compile(const Engine& engine, std::vector<uint8_t>&& bytes);
  // True when the bytes start with the component preamble (a core module's layer field is 0).
  static bool is_component(std::span<const uint8_t> bytes);

  const ComponentType& type() const;  // imports and exports

  const std::shared_ptr<const valid::CheckedComponent>& impl() const { return impl_; }
  explicit Component(std::shared_ptr<const valid::CheckedComponent> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const valid::CheckedComponent> impl_;
};

}  // namespace mosaic::component
