// wasi:cli/environment: the guest's environment variables and arguments (WasiConfig::env and ::args), and its
// initial working directory, which a WASI 0.2 guest is not given (none, as in wasmtime).

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kEnvironment = "wasi:cli/environment";

using EnvList = std::vector<std::tuple<std::string, std::string>>;

// "NAME=VALUE" split at the first '=' (a value may hold more); an entry without one is a name with an empty
// value.
EnvList split_environment(const std::vector<std::string>& env) {
  EnvList out;
  out.reserve(env.size());
  for (const std::string& entry : env) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos)
      out.emplace_back(entry, std::string());
    else
      out.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

}  // namespace

void add_cli_environment(const CtxPtr& ctx, mc::Linker& linker) {
  // get-environment: func() -> list<tuple<string, string>>, in the configured order.
  linker.define<EnvList()>(path(kEnvironment, "get-environment"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    return split_environment(c.config.env);
  });

  // get-arguments: func() -> list<string>; the first is the program's name.
  linker.define<std::vector<std::string>()>(path(kEnvironment, "get-arguments"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    return c.config.args;
  });

  // initial-cwd: func() -> option<string>.
  linker.define<std::optional<std::string>()>(path(kEnvironment, "initial-cwd"),
                                              [](Store&) { return std::optional<std::string>(); });
}

}  // namespace mosaic::wasi::p2
