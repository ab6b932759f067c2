// wasi:io/streams: the input-stream and output-stream resources. Their objects are InputStream /
// OutputStream subclasses made by other interfaces (stdio, files, sockets); this file speaks the WIT's
// protocol over them: the non-blocking operations, the blocking ones built from them and the stream's
// pollable, and splice.

#include "wasi/p2/io_streams.h"

#include <algorithm>

#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

StreamStatus InputStream::skip(uint64_t len, bool blocking, uint64_t& skipped) {
  std::vector<uint8_t> discard;
  StreamStatus s = read(len, blocking, discard);
  skipped = discard.size();
  return s;
}

namespace {

constexpr std::string_view kStreams = "wasi:io/streams";

// The blocking operations that take their bytes from the guest take at most this many (the WIT's limit for
// blocking-write-and-flush; a larger list is a trap, as in wasmtime).
constexpr uint64_t kMaxBlockingWrite = 4096;
// write-zeroes makes its zeroes before asking the stream; more than any stream permits at once is refused
// without allocating them.
constexpr uint64_t kMaxZeroes = 1u << 24;

mc::Value failure(Ctx& ctx, const StreamStatus& s) { return mc::Value::err(stream_error(ctx, s)); }

Result<uint64_t> u64_arg(const mc::Value& v, std::string_view what) {
  if (v.kind() != mc::TypeKind::U64) return Error(ErrorKind::Usage, std::string(what) + ": expected a u64");
  return v.as_unsigned();
}

// The bytes of a list<u8> argument: the Value's own bytes (as lifting makes them), or `scratch` filled from
// u8 items (as a host may make them).
Result<std::span<const uint8_t>> bytes_arg(const mc::Value& v, std::string_view what,
                                           std::vector<uint8_t>& scratch) {
  std::optional<std::span<const uint8_t>> bytes = v.view_bytes(scratch);
  if (!bytes) return Error(ErrorKind::Usage, std::string(what) + ": expected list<u8>");
  return *bytes;
}

size_t list_length(const mc::Value& v) { return v.is_bytes() ? v.as_bytes().size() : v.items().size(); }

Result<void> block_on(PollSource& source) {
  PollSource* one = &source;
  MOSAIC_TRY(poll_sources(std::span<PollSource* const>(&one, 1)));
  return ok();
}

// Waits until the stream permits a write (or fails): check-write, and the pollable while it permits nothing.
Result<StreamStatus> wait_writable(OutputStream& out, uint64_t& permitted) {
  std::shared_ptr<PollSource> source;
  for (;;) {
    StreamStatus s = out.check_write(permitted);
    if (!s.is_ok() || permitted > 0) return s;
    if (!source) source = out.subscribe();
    MOSAIC_TRY(block_on(*source));
  }
}

// Writes all of `bytes` (as the stream permits, waiting when it permits nothing), then waits until they are
// out: blocking-write-and-flush.
Result<StreamStatus> write_all_and_flush(OutputStream& out, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    uint64_t permitted = 0;
    StreamStatus s = MOSAIC_TRY(wait_writable(out, permitted));
    if (!s.is_ok()) return s;
    size_t n = size_t(std::min<uint64_t>(permitted, bytes.size()));
    s = out.write(bytes.first(n));
    if (!s.is_ok()) return s;
    bytes = bytes.subspan(n);
  }
  return out.blocking_flush();
}

Result<mc::Value> read(Ctx& ctx, std::span<const mc::Value> args, bool blocking) {
  InputStream* in = MOSAIC_TRY(ctx.get<InputStream>(args[0], ctx.types.input_stream));
  uint64_t len = MOSAIC_TRY(u64_arg(args[1], "input-stream.read"));
  std::vector<uint8_t> bytes;
  StreamStatus s = in->read(len, blocking, bytes);
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(mc::Value::bytes(std::move(bytes)));
}

Result<mc::Value> skip(Ctx& ctx, std::span<const mc::Value> args, bool blocking) {
  InputStream* in = MOSAIC_TRY(ctx.get<InputStream>(args[0], ctx.types.input_stream));
  uint64_t len = MOSAIC_TRY(u64_arg(args[1], "input-stream.skip"));
  uint64_t skipped = 0;
  StreamStatus s = in->skip(len, blocking, skipped);
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(mc::Value::u64(skipped));
}

Result<mc::Value> check_write(Ctx& ctx, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  uint64_t permitted = 0;
  StreamStatus s = out->check_write(permitted);
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(mc::Value::u64(permitted));
}

Result<mc::Value> write(Ctx& ctx, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = MOSAIC_TRY(bytes_arg(args[1], "output-stream.write", scratch));
  StreamStatus s = out->write(bytes);
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(std::nullopt);
}

Result<mc::Value> blocking_write_and_flush(Ctx& ctx, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  if (args[1].kind() == mc::TypeKind::List && list_length(args[1]) > kMaxBlockingWrite)
    return Error(ErrorKind::Trap, "Buffer too large for blocking-write-and-flush (expected at most 4096)");
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes =
      MOSAIC_TRY(bytes_arg(args[1], "output-stream.blocking-write-and-flush", scratch));
  StreamStatus s = MOSAIC_TRY(write_all_and_flush(*out, bytes));
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(std::nullopt);
}

Result<mc::Value> flush(Ctx& ctx, std::span<const mc::Value> args, bool blocking) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  StreamStatus s = blocking ? out->blocking_flush() : out->flush();
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(std::nullopt);
}

Result<mc::Value> write_zeroes(Ctx& ctx, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  uint64_t len = MOSAIC_TRY(u64_arg(args[1], "output-stream.write-zeroes"));
  StreamStatus s = len > kMaxZeroes ? StreamStatus::failed(0, "write exceeded budget")
                                    : out->write(std::vector<uint8_t>(size_t(len), 0));
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(std::nullopt);
}

Result<mc::Value> blocking_write_zeroes_and_flush(Ctx& ctx, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  uint64_t len = MOSAIC_TRY(u64_arg(args[1], "output-stream.blocking-write-zeroes-and-flush"));
  if (len > kMaxBlockingWrite)
    return Error(ErrorKind::Trap,
                 "Buffer too large for blocking-write-zeroes-and-flush (expected at most 4096)");
  std::vector<uint8_t> zeroes(size_t(len), 0);
  StreamStatus s = MOSAIC_TRY(write_all_and_flush(*out, zeroes));
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(std::nullopt);
}

// splice: as much of `len` as the output permits now and the input has now; blocking-splice waits for the
// output to permit something and for the input to have something, then waits until it is written out.
Result<mc::Value> splice(Ctx& ctx, std::span<const mc::Value> args, bool blocking) {
  OutputStream* out = MOSAIC_TRY(ctx.get<OutputStream>(args[0], ctx.types.output_stream));
  InputStream* in = MOSAIC_TRY(ctx.get<InputStream>(args[1], ctx.types.input_stream));
  uint64_t len = MOSAIC_TRY(u64_arg(args[2], "output-stream.splice"));
  uint64_t permitted = 0;
  StreamStatus s = blocking ? MOSAIC_TRY(wait_writable(*out, permitted)) : out->check_write(permitted);
  if (!s.is_ok()) return failure(ctx, s);
  len = std::min(len, permitted);
  if (len == 0) return mc::Value::ok(mc::Value::u64(0));
  std::vector<uint8_t> bytes;
  s = in->read(len, blocking, bytes);
  if (!s.is_ok()) return failure(ctx, s);
  if (bytes.empty()) return mc::Value::ok(mc::Value::u64(0));
  s = out->write(bytes);
  if (s.is_ok() && blocking) s = out->blocking_flush();
  if (!s.is_ok()) return failure(ctx, s);
  return mc::Value::ok(mc::Value::u64(bytes.size()));
}

Result<mc::Value> input_read(Ctx& c, std::span<const mc::Value> args) { return read(c, args, false); }
Result<mc::Value> input_blocking_read(Ctx& c, std::span<const mc::Value> args) { return read(c, args, true); }
Result<mc::Value> input_skip(Ctx& c, std::span<const mc::Value> args) { return skip(c, args, false); }
Result<mc::Value> input_blocking_skip(Ctx& c, std::span<const mc::Value> args) { return skip(c, args, true); }
Result<mc::Value> input_subscribe(Ctx& c, std::span<const mc::Value> args) {
  InputStream* in = MOSAIC_TRY(c.get<InputStream>(args[0], c.types.input_stream));
  return c.own(c.types.pollable, std::make_unique<Pollable>(in->subscribe()));
}
Result<mc::Value> output_flush(Ctx& c, std::span<const mc::Value> args) { return flush(c, args, false); }
Result<mc::Value> output_blocking_flush(Ctx& c, std::span<const mc::Value> args) {
  return flush(c, args, true);
}
Result<mc::Value> output_subscribe(Ctx& c, std::span<const mc::Value> args) {
  OutputStream* out = MOSAIC_TRY(c.get<OutputStream>(args[0], c.types.output_stream));
  return c.own(c.types.pollable, std::make_unique<Pollable>(out->subscribe()));
}
Result<mc::Value> output_splice(Ctx& c, std::span<const mc::Value> args) { return splice(c, args, false); }
Result<mc::Value> output_blocking_splice(Ctx& c, std::span<const mc::Value> args) {
  return splice(c, args, true);
}

}  // namespace

std::span<const HostFunction> io_streams_functions() {
  static const HostFunction kFunctions[] = {
      {kStreams, "[method]input-stream.read", 2, input_read},
      {kStreams, "[method]input-stream.blocking-read", 2, input_blocking_read},
      {kStreams, "[method]input-stream.skip", 2, input_skip},
      {kStreams, "[method]input-stream.blocking-skip", 2, input_blocking_skip},
      {kStreams, "[method]input-stream.subscribe", 1, input_subscribe},
      {kStreams, "[method]output-stream.check-write", 1, check_write},
      {kStreams, "[method]output-stream.write", 2, write},
      {kStreams, "[method]output-stream.blocking-write-and-flush", 2, blocking_write_and_flush},
      {kStreams, "[method]output-stream.flush", 1, output_flush},
      {kStreams, "[method]output-stream.blocking-flush", 1, output_blocking_flush},
      {kStreams, "[method]output-stream.subscribe", 1, output_subscribe},
      {kStreams, "[method]output-stream.write-zeroes", 2, write_zeroes},
      {kStreams, "[method]output-stream.blocking-write-zeroes-and-flush", 2, blocking_write_zeroes_and_flush},
      {kStreams, "[method]output-stream.splice", 3, output_splice},
      {kStreams, "[method]output-stream.blocking-splice", 3, output_blocking_splice},
  };
  return kFunctions;
}

void add_io_streams(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.input_stream = ctx->define_resource(linker, kStreams, "input-stream");
  ctx->types.output_stream = ctx->define_resource(linker, kStreams, "output-stream");
  define_functions(ctx, linker, io_streams_functions());
}

}  // namespace mosaic::wasi::p2
