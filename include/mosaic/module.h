#pragma once
// Module: decoded and validated code, ready to instantiate in any store of its engine. Cheap to copy.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mosaic/engine.h"
#include "mosaic/result.h"
#include "mosaic/types.h"

namespace mosaic {

namespace exec {
struct CompiledModule;
}

class Module {
 public:
  // Decodes and validates; errors are Malformed or Invalid with the byte offset and the spec's message.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // The same, taking the bytes over instead of copying them.
  static Result<Module> compile(const Engine& engine, std::vector<uint8_t>&& bytes);
  // Decodes and validates only.
  static Result<void> validate(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  std::optional<std::string> name() const;  // from the name section

  const std::shared_ptr<const exec::CompiledModule>& impl() const { return impl_; }

 private:
  explicit Module(std::shared_ptr<const exec::CompiledModule> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const exec::CompiledModule> impl_;
};

}  // namespace mosaic
