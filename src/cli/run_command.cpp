#include "cli/run_command.h"

#include "cli/cli_error.h"
#include "cli/module_file.h"
#include "cli/value_text.h"
#include "mosaic/mosaic.h"

namespace mosaic::cli {
namespace {

constexpr char kDefaultEntry[] = "_start";

std::string exported_functions(const Module& module) {
  std::string names;
  for (const ExportType& e : module.exports()) {
    if (e.type.kind != ExternKind::Func) continue;
    names += (names.empty() ? "" : ", ") + e.name;
  }
  return names.empty() ? "none" : names;
}

std::string kinds_text(const std::vector<ValKind>& kinds) {
  std::string out;
  for (ValKind k : kinds) out += (out.empty() ? "" : " ") + std::string(to_string(k));
  return out;
}

// A trap, also one in the start function (an Uninstantiable error that carries the trap's backtrace), exits
// like wasmtime's; other errors are the module's fault.
[[noreturn]] void fail_with(const Error& error, const std::string& context) {
  if (error.kind == ErrorKind::Trap || error.kind == ErrorKind::Exhausted || !error.backtrace.empty())
    throw CliError(kExitTrap, error.message, error.backtrace);
  throw CliError(kExitError, context + error.to_string());
}

// Every import must be provided by the host; without WASI (a later issue) the host provides none.
void check_imports(const Module& module, const std::string& file) {
  std::vector<ImportType> imports = module.imports();
  if (imports.empty()) return;
  std::string message = file + ": cannot instantiate: " + std::to_string(imports.size()) +
                        " unresolved import" + (imports.size() == 1 ? "" : "s") +
                        " (mosaic provides no host functions yet)";
  for (const ImportType& import : imports)
    message += "\n  unknown import: module \"" + import.module + "\" field \"" + import.name +
               "\" (expected " + format_extern_type(import.type) + ")";
  throw CliError(kExitError, message);
}

std::vector<Val> parse_args(const std::string& name, const FuncType& type,
                            const std::vector<std::string>& args) {
  if (args.size() != type.params.size()) {
    std::string params = type.params.empty() ? "no arguments" : kinds_text(type.params);
    throw CliError(kExitUsage, "`" + name + "` takes " + std::to_string(type.params.size()) + " argument" +
                                   (type.params.size() == 1 ? "" : "s") + " (" + params + "), got " +
                                   std::to_string(args.size()));
  }
  std::vector<Val> values;
  for (size_t i = 0; i < args.size(); ++i) {
    std::optional<Val> value = parse_val(type.params[i], args[i]);
    if (!value)
      throw CliError(kExitUsage, "argument " + std::to_string(i + 1) + " of `" + name + "`: \"" + args[i] +
                                     "\" is not a valid " + to_string(type.params[i]));
    values.push_back(*value);
  }
  return values;
}

}  // namespace

int run_command(const RunOptions& options, std::ostream& out) {
  std::vector<uint8_t> bytes = read_module_file(options.file);
  Engine engine;
  Result<Module> module = Module::compile(engine, bytes);
  if (!module) throw CliError(kExitError, options.file + ": " + module.error().to_string());
  check_imports(*module, options.file);

  const std::string name = options.invoke.value_or(kDefaultEntry);
  bool exported = false;
  for (const ExportType& e : module->exports()) {
    if (e.name != name) continue;
    if (e.type.kind != ExternKind::Func)
      throw CliError(kExitError, options.file + ": export `" + name + "` is a " + to_string(e.type.kind) +
                                     ", not a function (exported functions: " + exported_functions(*module) +
                                     ")");
    exported = true;
  }
  if (!exported) {
    if (!options.invoke)
      throw CliError(kExitError, options.file + ": no `" + kDefaultEntry +
                                     "` export; choose a function with --invoke "
                                     "NAME (exported functions: " +
                                     exported_functions(*module) + ")");
    throw CliError(kExitError, options.file + ": no exported function `" + name +
                                   "` (exported functions: " + exported_functions(*module) + ")");
  }

  Store store(engine);
  Linker linker;
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) fail_with(instance.error(), options.file + ": cannot instantiate: ");

  std::optional<Extern> item = instance->get_export(store, name);
  if (!item || !item->func())
    throw CliError(kExitError, options.file + ": no exported function `" + name + "`");
  const Func& func = *item->func();
  std::vector<Val> args = parse_args(name, func.type(store), options.args);
  Result<std::vector<Val>> results = func.call(store, args);
  if (!results) fail_with(results.error(), "");
  for (const Val& v : *results) out << format_val(v) << "\n";
  return kExitOk;
}

}  // namespace mosaic::cli
