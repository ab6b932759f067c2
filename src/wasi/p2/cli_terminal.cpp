// wasi:cli/terminal-input, terminal-output (resources with no methods yet: a handle only says "this stream is
// a terminal") and terminal-stdin, -stdout, -stderr, which give one when the standard descriptor is a
// terminal.

#include <unistd.h>

#include <optional>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

struct TerminalTag {};
using MaybeTerminal = std::optional<mc::Own<TerminalTag>>;

class TerminalInput final : public Object {};
class TerminalOutput final : public Object {};

// some(new handle) when `fd` is a terminal, else none.
template <class T>
MaybeTerminal terminal_if_tty(Ctx& ctx, mc::RtResource* type, int fd) {
  if (fd < 0 || ::isatty(fd) != 1) return std::nullopt;
  return mc::Own<TerminalTag>{{type, ctx.add(std::make_unique<T>())}};
}

}  // namespace

void add_cli_terminal(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.terminal_input = ctx->define_resource(linker, "wasi:cli/terminal-input", "terminal-input");
  ctx->types.terminal_output = ctx->define_resource(linker, "wasi:cli/terminal-output", "terminal-output");

  // get-terminal-stdin: func() -> option<terminal-input>.
  linker.define<MaybeTerminal()>(path("wasi:cli/terminal-stdin", "get-terminal-stdin"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    return terminal_if_tty<TerminalInput>(c, c.types.terminal_input, c.config.stdin_fd);
  });
  // get-terminal-stdout / get-terminal-stderr: func() -> option<terminal-output>.
  linker.define<MaybeTerminal()>(
      path("wasi:cli/terminal-stdout", "get-terminal-stdout"), [ctx](Store& store) {
        Ctx& c = ctx_of(store, ctx);
        return terminal_if_tty<TerminalOutput>(c, c.types.terminal_output, c.config.stdout_fd);
      });
  linker.define<MaybeTerminal()>(
      path("wasi:cli/terminal-stderr", "get-terminal-stderr"), [ctx](Store& store) {
        Ctx& c = ctx_of(store, ctx);
        return terminal_if_tty<TerminalOutput>(c, c.types.terminal_output, c.config.stderr_fd);
      });
}

}  // namespace mosaic::wasi::p2
