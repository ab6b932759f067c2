#include "cli/inspect_command.h"

#include "cli/cli_error.h"
#include "cli/module_file.h"
#include "cli/value_text.h"
#include "component/text/wit.h"
#include "mosaic/component/component.h"
#include "mosaic/mosaic.h"

namespace mosaic::cli {
namespace {

// A core module, one line per import and export:
//   imports:
//     wasi_snapshot_preview1.fd_write: func (param i32 i32 i32 i32) (result i32)
//   exports:
//     memory: memory 1
void print_module(const Module& module, std::ostream& out) {
  std::vector<ImportType> imports = module.imports();
  std::vector<ExportType> exports = module.exports();
  out << "imports:" << (imports.empty() ? " none" : "") << "\n";
  for (const ImportType& i : imports) out << "  " << i.module << "." << i.name << ": " << format_extern_type(i.type) << "\n";
  out << "exports:" << (exports.empty() ? " none" : "") << "\n";
  for (const ExportType& e : exports) out << "  " << e.name << ": " << format_extern_type(e.type) << "\n";
}

}  // namespace

int inspect_command(const std::string& file, std::ostream& out) {
  std::vector<uint8_t> bytes = read_wasm_file(file);
  Engine engine;
  if (is_component_binary(bytes)) {
    Result<component::Component> c = component::Component::compile(engine, std::move(bytes));
    if (!c) throw CliError(kExitError, file + ": " + c.error().to_string());
    Result<std::string> wit = component::text::print_wit(c->type());
    if (!wit) throw CliError(kExitError, file + ": " + wit.error().message);
    out << *wit;
    return kExitOk;
  }
  Result<Module> module = Module::compile(engine, std::move(bytes));
  if (!module) throw CliError(kExitError, file + ": " + module.error().to_string());
  print_module(*module, out);
  return kExitOk;
}

}  // namespace mosaic::cli
