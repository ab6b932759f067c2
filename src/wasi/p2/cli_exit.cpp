// wasi:cli/exit: the guest ends itself. The call fails with an Error of kind Exit, which unwinds the guest's
// stack like a trap but is not reported as one; Ctx::exit_code holds the status for Preview2::run (as
// preview1's proc_exit does).

#include <cstdint>
#include <string>
#include <variant>

#include "mosaic/component/typed.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kExit = "wasi:cli/exit";

Error exit_with(Ctx& ctx, uint32_t status) {
  ctx.exit_code = status;
  return Error(ErrorKind::Exit, "exit with status " + std::to_string(status));
}

}  // namespace

void add_cli_exit(const CtxPtr& ctx, mc::Linker& linker) {
  // exit: func(status: result): ok is status 0, err status 1.
  using Status = mc::WitResult<std::monostate, std::monostate>;
  linker.define<void(Status)>(path(kExit, "exit"), [ctx](Store& store, const Status& status) -> Result<void> {
    Ctx& c = ctx_of(store, ctx);
    return exit_with(c, status.is_ok() ? 0 : 1);
  });

  // exit-with-code: func(status-code: u8) (@unstable cli-exit-with-code): any status 0..255.
  linker.define<void(uint8_t)>(path(kExit, "exit-with-code"),
                               [ctx](Store& store, uint8_t code) -> Result<void> {
                                 Ctx& c = ctx_of(store, ctx);
                                 return exit_with(c, code);
                               });
}

}  // namespace mosaic::wasi::p2
