// wasi:cli/stdin, stdout, stderr: streams over the host descriptors WasiConfig names (0, 1, 2 by default).
// Each call gives a new handle; all of them read or write the same descriptor, which mosaic never closes.

#include "mosaic/component/typed.h"
#include "wasi/p2/fd_stream.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {
namespace {

struct StreamTag {};

}  // namespace

void add_cli_stdio(const CtxPtr& ctx, mc::Linker& linker) {
  // get-stdin: func() -> input-stream.
  linker.define<mc::Own<StreamTag>()>(path("wasi:cli/stdin", "get-stdin"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    auto stream = fd_input_stream(FdHolder::borrowed(c.config.stdin_fd), FdStreamKind::Pipe);
    return mc::Own<StreamTag>{{c.types.input_stream, c.add(std::move(stream))}};
  });

  // get-stdout / get-stderr: func() -> output-stream.
  linker.define<mc::Own<StreamTag>()>(path("wasi:cli/stdout", "get-stdout"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    auto stream = fd_output_stream(FdHolder::borrowed(c.config.stdout_fd), FdStreamKind::Pipe);
    return mc::Own<StreamTag>{{c.types.output_stream, c.add(std::move(stream))}};
  });
  linker.define<mc::Own<StreamTag>()>(path("wasi:cli/stderr", "get-stderr"), [ctx](Store& store) {
    Ctx& c = ctx_of(store, ctx);
    auto stream = fd_output_stream(FdHolder::borrowed(c.config.stderr_fd), FdStreamKind::Pipe);
    return mc::Own<StreamTag>{{c.types.output_stream, c.add(std::move(stream))}};
  });
}

}  // namespace mosaic::wasi::p2
