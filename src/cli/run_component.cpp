#include "cli/run_component.h"

#include <map>
#include <string>

#include "cli/cli_error.h"
#include "component/text/wave.h"
#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/mosaic.h"
#include "mosaic/wasi/preview2.h"

namespace mosaic::cli {
namespace {

namespace mc = mosaic::component;

std::string list_functions(const mc::Instance& instance) {
  std::string names;
  for (const std::string& p : instance.func_paths()) names += (names.empty() ? "" : ", ") + p;
  return names.empty() ? "none" : names;
}

}  // namespace

int run_component(const RunOptions& options, const WasmLimits& limits, std::vector<uint8_t>&& bytes,
                  std::ostream& out) {
  const std::string& file = options.file;
  if (options.invoke) {
    std::vector<std::string> extra = options.args;
    if (!extra.empty() && extra.front() == "--") extra.erase(extra.begin());
    if (!extra.empty())
      throw CliError(kExitUsage, "a component's function takes its arguments inside --invoke, written in WAVE, "
                                 "e.g. --invoke 'greet(\"world\", [1, 2])'; unexpected argument `" + extra.front() + "`");
  }

  Engine engine(limits.engine_config());
  Result<mc::Component> component = mc::Component::compile(engine, std::move(bytes));
  if (!component) throw CliError(kExitError, file + ": " + component.error().to_string());

  // WASI 0.2 satisfies the imports it knows; any other import is reported by name.
  Result<wasi::Preview2> wasi = wasi::Preview2::create(wasi_config(options));
  if (!wasi) throw CliError(wasi.error().kind == ErrorKind::Usage ? kExitUsage : kExitError, wasi.error().message);
  Store store(engine);
  mc::Linker linker;
  wasi->add_to_linker(linker);
  // The timeout and the fuel cover instantiation (core start functions) and the run or call.
  StoreLimits store_limits(limits, store);
  Result<mc::Instance> instance = linker.instantiate(store, *component);
  if (!instance) {
    const Error& e = instance.error();
    if (ends_as_trap(e))
      throw CliError(kExitTrap, e.message, e.backtrace);
    std::string message = file + ": cannot instantiate: " + e.to_string();
    if (e.kind == ErrorKind::Unlinkable) message += " (mosaic provides the WASI 0.2 interfaces)";
    throw CliError(kExitError, message);
  }

  if (!options.invoke) {
    Result<uint32_t> status = wasi->run(store, *instance);
    if (!status) {
      const Error& e = status.error();
      if (e.kind == ErrorKind::Usage)
        throw CliError(kExitError, file + ": " + e.message + " (exported functions: " + list_functions(*instance) +
                                       "; call one with --invoke 'NAME(ARGS...)')");
      if (ends_as_trap(e))
        throw CliError(kExitTrap, e.message, e.backtrace);
      throw CliError(kExitError, e.to_string());
    }
    return checked_exit_status(*status);
  }

  // The call: `name(args)`; a bare name calls a function without parameters.
  std::string text = *options.invoke;
  if (text.find('(') == std::string::npos) text += "()";
  std::map<std::string, mc::Func, std::less<>> funcs;
  auto lookup = [&](std::string_view path) -> const mc::FuncType* {
    auto it = funcs.find(path);
    if (it == funcs.end()) {
      std::optional<mc::Func> f = instance->get_func(path);
      if (!f) return nullptr;
      it = funcs.emplace(std::string(path), *f).first;
    }
    return &it->second.type();
  };
  Result<mc::text::Call> call = mc::text::parse_call(text, lookup, instance->func_paths());
  if (!call) {
    std::string message = "--invoke: " + call.error().message;
    if (call.error().message.starts_with("unknown function"))
      message += " (exported functions: " + list_functions(*instance) + ")";
    throw CliError(kExitUsage, message);
  }

  const mc::Func& func = funcs.at(call->path);
  Result<std::vector<mc::Value>> results = func.call(store, call->args);
  if (!results && results.error().kind == ErrorKind::Exit && wasi->exit_code())
    return checked_exit_status(*wasi->exit_code());
  if (!results) {
    const Error& e = results.error();
    if (ends_as_trap(e))
      throw CliError(kExitTrap, e.message, e.backtrace);
    throw CliError(e.kind == ErrorKind::Usage ? kExitUsage : kExitError, e.to_string());
  }
  for (const mc::Value& v : *results) out << mc::text::print_value(v) << "\n";
  return kExitOk;
}

}  // namespace mosaic::cli
