// Component (include/mosaic/component/component.h): decoding and validation of a component binary.

#include "mosaic/component/component.h"

#include "component/binary/decode.h"
#include "component/valid/validate.h"

namespace mosaic::component {

Result<Component> Component::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  std::unique_ptr<ast::Component> ast = MOSAIC_TRY(binary::decode(bytes));
  valid::CheckedComponent checked = MOSAIC_TRY(valid::validate(engine, std::move(ast)));
  return Component(std::make_shared<const valid::CheckedComponent>(std::move(checked)));
}

Result<Component> Component::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  std::vector<uint8_t> owned = std::move(bytes);
  return compile(engine, std::span<const uint8_t>(owned));
}

bool Component::is_component(std::span<const uint8_t> bytes) { return binary::is_component(bytes); }

const ComponentType& Component::type() const {
  static const ComponentType kEmpty;
  if (!impl_ || !impl_->root || !impl_->root->type) return kEmpty;
  return *impl_->root->type;
}

}  // namespace mosaic::component
