// Compiling a validated module for execution: the interpreter translates every function body once, and
// the result is shared by all instances of the module.

#include "exec/interp/interp.h"
#include "exec/memory_image.h"
#include "exec/runtime.h"

namespace mosaic::exec {

Result<std::shared_ptr<const CompiledModule>> compile(valid::Module module, const Config& config) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->valid = std::move(module);
  // Translate from the module's final home, so the code may refer to it.
  compiled->code = MOSAIC_TRY(interp::translate(compiled->valid, config.consume_fuel));
  compiled->images = std::make_shared<ModuleImages>();
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace mosaic::exec
