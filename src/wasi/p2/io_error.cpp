// wasi:io/error: the `error` resource a failed stream operation hands out (stream-error's
// last-operation-failed), and stream_error(), which makes the stream-error Value of a status.

#include <cstring>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

namespace {
constexpr std::string_view kError = "wasi:io/error";
}  // namespace

mc::Value stream_error(Ctx& ctx, const StreamStatus& status) {
  if (status.kind != StreamStatus::Kind::Failed) return mc::Value::variant("closed", std::nullopt);
  // The message names the operation and the errno's text, e.g. "write: Broken pipe (os error 32)".
  std::string message = status.message;
  if (status.err != 0) {
    if (!message.empty()) message += ": ";
    message += std::strerror(status.err);
    message += " (os error " + std::to_string(status.err) + ")";
  }
  return mc::Value::variant(
      "last-operation-failed",
      ctx.own(ctx.types.error, std::make_unique<IoError>(status.err, std::move(message))));
}

void add_io_error(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.error = ctx->define_resource(linker, kError, "error");

  // to-debug-string: func() -> string. The text is for people, not for parsing (the WIT says so).
  linker.define_func(
      path(kError, "[method]error.to-debug-string"),
      [ctx](Store& store, std::span<const mc::Value> args, std::vector<mc::Value>& results) -> Result<void> {
        Ctx& c = ctx_of(store, ctx);
        if (args.size() != 1) return Error(ErrorKind::Usage, "error.to-debug-string: expected 1 argument");
        IoError* e = MOSAIC_TRY(c.get<IoError>(args[0], c.types.error));
        results.push_back(mc::Value::string(e->message));
        return ok();
      });
}

}  // namespace mosaic::wasi::p2
