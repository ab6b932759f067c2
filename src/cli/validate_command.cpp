#include "cli/validate_command.h"

#include "cli/cli_error.h"
#include "cli/module_file.h"
#include "mosaic/component/component.h"
#include "mosaic/mosaic.h"

namespace mosaic::cli {

int validate_command(const std::string& file, std::ostream& out) {
  std::vector<uint8_t> bytes = read_wasm_file(file);
  Engine engine;
  if (is_component_binary(bytes)) {
    Result<component::Component> c = component::Component::compile(engine, std::move(bytes));
    if (!c) throw CliError(kExitError, file + ": " + c.error().to_string());
    out << "ok\n";
    return kExitOk;
  }
  Result<void> valid = Module::validate(engine, bytes);
  if (!valid) throw CliError(kExitError, file + ": " + valid.error().to_string());
  out << "ok\n";
  return kExitOk;
}

}  // namespace mosaic::cli
