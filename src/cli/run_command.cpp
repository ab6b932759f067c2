#include "cli/run_command.h"

#include <cstdlib>

#include "cli/cli_error.h"
#include "cli/module_file.h"
#include "cli/run_component.h"
#include "cli/value_text.h"
#include "cli/wasm_limits.h"
#include "mosaic/mosaic.h"
#include "mosaic/wasi/preview1.h"

namespace mosaic::cli {
namespace {

constexpr char kDefaultEntry[] = "_start";
constexpr char kInitialize[] = "_initialize";

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
  if (ends_as_trap(error)) throw CliError(kExitTrap, error.message, error.backtrace);
  throw CliError(kExitError, context + error.to_string());
}

// Every import must be defined by the linker (WASI, for now); one message lists all that are not.
void check_imports(const Module& module, const Linker& linker, const std::string& file) {
  std::vector<std::string> missing;
  for (const ImportType& import : module.imports()) {
    if (linker.get(import.module, import.name)) continue;
    missing.push_back("unknown import: module \"" + import.module + "\" field \"" + import.name +
                      "\" (expected " + format_extern_type(import.type) + ")");
  }
  if (missing.empty()) return;
  std::string message = file + ": cannot instantiate: " + std::to_string(missing.size()) + " unresolved import" +
                        (missing.size() == 1 ? "" : "s") + " (mosaic provides wasi_snapshot_preview1)";
  for (const std::string& m : missing) message += "\n  " + m;
  throw CliError(kExitError, message);
}

// -S NAME[=y|n|yes|no|true|false]: a WASI 0.2 option, as wasmtime's.
void apply_wasi_option(const std::string& option, wasi::WasiConfig& config) {
  size_t eq = option.find('=');
  std::string name = option.substr(0, eq);
  bool on = true;
  if (eq != std::string::npos) {
    std::string v = option.substr(eq + 1);
    if (v == "y" || v == "yes" || v == "true") {
      on = true;
    } else if (v == "n" || v == "no" || v == "false") {
      on = false;
    } else {
      throw CliError(kExitUsage, "-S " + option + ": expected NAME, NAME=y or NAME=n");
    }
  }
  if (name == "inherit-network") {
    config.inherit_network = on;
  } else if (name == "allow-ip-name-lookup") {
    config.allow_ip_name_lookup = on;
  } else if (name == "tcp") {
    config.allow_tcp = on;
  } else if (name == "udp") {
    config.allow_udp = on;
  } else {
    throw CliError(kExitUsage, "-S " + option +
                                   ": unknown WASI option (known: inherit-network, allow-ip-name-lookup, tcp, udp)");
  }
}

}  // namespace

bool ends_as_trap(const Error& error) {
  // Exhausted is a trap when the guest's stack ran out; a memory above -W max-memory-size is not one.
  return error.kind == ErrorKind::Trap || !error.backtrace.empty() ||
         (error.kind == ErrorKind::Exhausted && error.message.starts_with("call stack exhausted"));
}

int checked_exit_status(uint32_t code) {
  if (code >= 126)
    throw CliError(kExitError, "exit with invalid exit status " + std::to_string(code) + " outside of [0..126)");
  return static_cast<int>(code);
}

wasi::WasiConfig wasi_config(const RunOptions& options) {
  wasi::WasiConfig config;
  config.args.push_back(options.file);
  if (!options.invoke) config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  for (const std::string& e : options.env) {
    if (e.empty() || e.front() == '=') throw CliError(kExitUsage, "--env " + e + ": expected NAME=VALUE or NAME");
    if (e.find('=') != std::string::npos) {
      config.env.push_back(e);
    } else if (const char* value = std::getenv(e.c_str())) {
      config.env.push_back(e + "=" + value);
    }
  }
  for (const std::string& d : options.dirs) {
    size_t sep = d.find("::");
    std::string host = sep == std::string::npos ? d : d.substr(0, sep);
    std::string guest = sep == std::string::npos ? d : d.substr(sep + 2);
    if (host.empty() || guest.empty()) throw CliError(kExitUsage, "--dir " + d + ": expected HOST or HOST::GUEST");
    config.dirs.push_back({host, guest});
  }
  config.tcp_listen = options.tcp_listen;
  for (const std::string& o : options.wasi_options) apply_wasi_option(o, config);
  return config;
}

namespace {

// The status of a guest that called proc_exit; WASI statuses are below 126 (the shell's own codes start
// there), as wasmtime requires.
int exit_status(const wasi::Preview1& wasi) { return checked_exit_status(wasi.exit_code().value_or(0)); }

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
  const WasmLimits limits = parse_wasm_limits(options.wasm_options);
  std::vector<uint8_t> bytes = read_wasm_file(options.file);
  if (is_component_binary(bytes)) return run_component(options, limits, std::move(bytes), out);
  Engine engine(limits.engine_config());
  Result<Module> module = Module::compile(engine, std::move(bytes));
  if (!module) throw CliError(kExitError, options.file + ": " + module.error().to_string());

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

  Result<wasi::Preview1> wasi = wasi::Preview1::create(wasi_config(options));
  if (!wasi) {
    const Error& e = wasi.error();
    throw CliError(e.kind == ErrorKind::Usage ? kExitUsage : kExitError, e.message);
  }
  Store store(engine);
  Linker linker;
  wasi->add_to_linker(linker, store);
  check_imports(*module, linker, options.file);

  // The timeout and the fuel cover instantiation (a start function) and the call.
  StoreLimits store_limits(limits, store);
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) {
    if (instance.error().kind == ErrorKind::Exit) return exit_status(*wasi);
    fail_with(instance.error(), options.file + ": cannot instantiate: ");
  }

  // A reactor initialises itself before any other export is called (WASI application ABI).
  if (options.invoke && name != kInitialize) {
    std::optional<Extern> init = instance->get_export(store, kInitialize);
    if (init && init->func()) {
      Result<std::vector<Val>> r = init->func()->call(store, {});
      if (!r && r.error().kind == ErrorKind::Exit) return exit_status(*wasi);
      if (!r) fail_with(r.error(), "");
    }
  }

  std::optional<Extern> item = instance->get_export(store, name);
  if (!item || !item->func())
    throw CliError(kExitError, options.file + ": no exported function `" + name + "`");
  const Func& func = *item->func();
  std::vector<Val> args;
  if (options.invoke) {
    // `--` may separate the function's arguments from FILE (for arguments such as -inf).
    std::vector<std::string> texts = options.args;
    if (!texts.empty() && texts.front() == "--") texts.erase(texts.begin());
    args = parse_args(name, func.type(store), texts);
  }
  if (!options.invoke && !func.type(store).params.empty())
    throw CliError(kExitError, options.file + ": `" + name + "` takes parameters; a program's entry takes none");
  Result<std::vector<Val>> results = func.call(store, args);
  if (!results) {
    if (results.error().kind == ErrorKind::Exit) return exit_status(*wasi);
    fail_with(results.error(), "");
  }
  for (const Val& v : *results) out << format_val(v) << "\n";
  return kExitOk;
}

}  // namespace mosaic::cli
