// wasi:http/types' bodies: outgoing-body (the BodyWriter behind it and its output-stream), incoming-body (its
// input-stream over an HttpBodySource) and future-trailers, and http-error-code, which finds the error-code
// inside a body stream's io-error.
//
// Behaviour follows wasmtime's wasi-http (crates/wasi-http/src/p2/body.rs, types_impl.rs): a body's stream
// is handed out once; finishing a body whose stream is still alive traps ("resource has children", the
// resource table's word); a content-length bounds an outgoing body, and writing past it, or finishing
// short of it, is HTTP-request-body-size / HTTP-response-body-size with the number of bytes written; an
// outgoing body dropped unfinished ends its message aborted; future-trailers.get answers once, then
// some(err).
//
// Bodies are blocking on the host side (include/mosaic/wasi/http.h): an incoming body's stream waits in its
// source, an outgoing body's stream waits in its sink. Neither has a descriptor to poll, so their pollables
// are always ready and the operations themselves wait.

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>
#include <vector>

#include "wasi/http/objects.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::http {

namespace {

using p2::StreamStatus;

// One read of an incoming body takes at most this much from its source (a guest may ask for any length).
constexpr uint64_t kMaxRead = 64 * 1024;
// What check-write permits at once on an outgoing body's stream.
constexpr uint64_t kWriteBudget = 1024 * 1024;
// Bytes written before the body has a sink (before response-outparam.set or outgoing-handler.handle) wait
// in memory up to this much; past it the stream fails rather than grow without bound.
constexpr size_t kMaxBuffered = 4 * 1024 * 1024;

// A body stream's failure carries its error-code in the io-error's message, so that http-error-code can
// give it back: "wasi:http error-code CODE" or "wasi:http error-code CODE: MESSAGE" (the codes are WIT
// identifiers, without spaces or colons).
constexpr std::string_view kErrorPrefix = "wasi:http error-code ";

StreamStatus failed_with(const HttpErrorCode& error) {
  std::string message(kErrorPrefix);
  message += error.code;
  if (!error.message.empty()) message += ": " + error.message;
  return StreamStatus::failed(0, std::move(message));
}

std::optional<HttpErrorCode> error_in_message(std::string_view message) {
  if (message.substr(0, kErrorPrefix.size()) != kErrorPrefix) return std::nullopt;
  message.remove_prefix(kErrorPrefix.size());
  size_t colon = message.find(": ");
  if (colon == std::string_view::npos) return HttpErrorCode{std::string(message), {}};
  return HttpErrorCode{std::string(message.substr(0, colon)), std::string(message.substr(colon + 2))};
}

std::optional<uint64_t> parse_u64(std::string_view s) {
  uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// HTTP-request-body-size / HTTP-response-body-size with the bytes written as the payload (error_code_value
// reads a body-size case's message as its number).
HttpErrorCode body_size_error(bool is_response, uint64_t written) {
  return {is_response ? "HTTP-response-body-size" : "HTTP-request-body-size", std::to_string(written)};
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The body size a message's content-length promises: every content-length field (names compare
// case-insensitively) must be the same decimal number (RFC 9110 8.6); anything else bounds nothing here and
// is the transport's to refuse.
std::optional<uint64_t> content_length(const HttpFields& headers) {
  std::optional<uint64_t> length;
  for (const HttpField& f : headers) {
    if (!iequals(f.name, "content-length")) continue;
    std::optional<uint64_t> n = parse_u64(trim(f.value));
    if (!n || (length && *length != *n)) return std::nullopt;
    length = n;
  }
  return length;
}

}  // namespace

// The writing end of an outgoing body, shared by the BodyWriter, the outgoing-body object and its stream.
// Everything happens on the guest's thread; only the sink may wait for another.
struct BodyWriter::State {
  enum class End : uint8_t { Open, Finished, Aborted };

  bool is_response = false;
  std::optional<uint64_t> content_length;
  uint64_t written = 0;         // bytes the guest wrote (including any past content-length)
  std::vector<uint8_t> buffer;  // written before the sink came
  std::shared_ptr<HttpBodySink> sink;
  bool attached = false;
  bool gone = false;  // the receiver is gone (a write failed, or attached to no sink)
  End end = End::Open;
  HttpFields trailers;  // of a finish that came before the sink
  int streams = 0;      // live output-streams of the body

  // What check-write permits: the budget once there is a sink, the rest of the buffer before.
  StreamStatus check_write(uint64_t& permitted) const {
    permitted = 0;
    if (gone || end != End::Open) return StreamStatus::closed();
    if (attached) {
      permitted = kWriteBudget;
      return StreamStatus::ok();
    }
    if (buffer.size() >= kMaxBuffered)
      return StreamStatus::failed(0, "outgoing body buffer full: the message has not been sent yet");
    permitted = std::min<uint64_t>(kWriteBudget, kMaxBuffered - buffer.size());
    return StreamStatus::ok();
  }

  StreamStatus write(std::span<const uint8_t> bytes) {
    uint64_t permitted = 0;
    StreamStatus s = check_write(permitted);
    if (!s.is_ok()) return s;
    if (bytes.size() > permitted) return StreamStatus::failed(0, "write exceeded budget");
    written += bytes.size();
    if (content_length && written > *content_length)
      return failed_with(body_size_error(is_response, written));
    if (bytes.empty()) return StreamStatus::ok();
    if (!attached) {
      buffer.insert(buffer.end(), bytes.begin(), bytes.end());
      return StreamStatus::ok();
    }
    if (!sink->write(bytes)) {
      gone = true;
      return StreamStatus::closed();
    }
    return StreamStatus::ok();
  }

  // outgoing-body.finish: an error when the content-length was not met (the message then ends aborted).
  std::optional<HttpErrorCode> finish(HttpFields with_trailers) {
    if (end != End::Open) return std::nullopt;
    if (content_length && written != *content_length) {
      abort();
      return body_size_error(is_response, written);
    }
    end = End::Finished;
    if (!attached) {
      trailers = std::move(with_trailers);
      return std::nullopt;
    }
    // A receiver that fails now cannot be told about here (wasmtime ignores it too); it saw the body end.
    if (!gone) sink->finish(with_trailers);
    release();
    return std::nullopt;
  }

  void abort() {
    if (end != End::Open) return;
    end = End::Aborted;
    std::vector<uint8_t>().swap(buffer);
    if (attached && sink) sink->abort();
    release();
  }

  void attach(std::shared_ptr<HttpBodySink> to, bool taken) {
    if (attached) return;
    attached = true;
    sink = std::move(to);
    std::vector<uint8_t> waiting;
    waiting.swap(buffer);
    if (!sink) {
      gone = true;
      return;
    }
    if (!taken) {
      // The guest never asked for the body: the message ends empty (aborted when it promised bytes).
      if (content_length.value_or(0) != 0) {
        end = End::Aborted;
        sink->abort();
      } else {
        end = End::Finished;
        sink->finish({});
      }
      release();
      return;
    }
    if (end == End::Aborted) {
      sink->abort();
      release();
      return;
    }
    if (!waiting.empty() && !sink->write(waiting)) gone = true;
    if (end == End::Finished) {
      if (gone) {
        sink->abort();
      } else {
        sink->finish(trailers);
      }
      release();
    }
  }

  // The message has ended: the sink is not needed any longer (its owner may free the connection's state).
  void release() {
    sink.reset();
    trailers.clear();
  }
};

BodyWriter::BodyWriter(const HttpFields& headers, bool is_response) : state(std::make_shared<State>()) {
  state->is_response = is_response;
  state->content_length = content_length(headers);
}

BodyWriter::~BodyWriter() {
  // A taken body that nothing can finish any more is incomplete. (The outgoing-body object aborts first
  // when it is dropped unfinished; after a finish or abort this does nothing.)
  if (taken_) state->abort();
}

void BodyWriter::attach(std::shared_ptr<HttpBodySink> sink) { state->attach(std::move(sink), taken_); }

bool BodyWriter::open() const { return taken_ && state->end == State::End::Open && !state->gone; }

namespace {

// outgoing-body's output-stream: writes go into the BodyWriter (straight through to the sink once there is
// one, which takes them before write returns: flush has nothing left to do).
class BodyOutputStream final : public p2::OutputStream {
 public:
  explicit BodyOutputStream(std::shared_ptr<BodyWriter::State> state) : state_(std::move(state)) {
    ++state_->streams;
  }
  ~BodyOutputStream() override { --state_->streams; }

  StreamStatus check_write(uint64_t& permitted) override { return state_->check_write(permitted); }
  StreamStatus write(std::span<const uint8_t> bytes) override { return state_->write(bytes); }
  StreamStatus flush() override { return status(); }
  StreamStatus blocking_flush() override { return status(); }
  std::shared_ptr<p2::PollSource> subscribe() override { return p2::ready_source(); }

 private:
  StreamStatus status() const {
    return state_->gone || state_->end != BodyWriter::State::End::Open ? StreamStatus::closed()
                                                                       : StreamStatus::ok();
  }
  std::shared_ptr<BodyWriter::State> state_;
};

// outgoing-body.
class OutgoingBody final : public Object {
 public:
  explicit OutgoingBody(std::shared_ptr<BodyWriter> writer) : writer(std::move(writer)) {}
  // Dropped without outgoing-body.finish: the message is incomplete.
  ~OutgoingBody() override {
    if (!finished) writer->state->abort();
  }
  std::shared_ptr<BodyWriter> writer;
  bool stream_taken = false;
  bool finished = false;
};

// The reading end of an incoming body, shared by the incoming-body, its input-stream and its
// future-trailers.
struct BodyReader {
  std::shared_ptr<HttpBodySource> source;  // null once the body has ended or failed
  HttpFields trailers;                     // once the end was reached
  int streams = 0;                         // live input-streams of the body

  // One read from the source into `out`: Ok with bytes, Closed at the end (and after a failure), Failed
  // once with the source's error.
  StreamStatus read(uint64_t len, std::vector<uint8_t>& out) {
    out.clear();
    if (!source) return StreamStatus::closed();
    if (len == 0) return StreamStatus::ok();
    std::optional<HttpErrorCode> failure;
    if (source->read(size_t(std::min(len, kMaxRead)), out, failure)) return StreamStatus::ok();
    out.clear();
    if (failure) {
      source.reset();
      return failed_with(*failure);
    }
    end();
    return StreamStatus::closed();
  }

  // Reads the rest of the body, discarding it; the error when it fails now.
  std::optional<HttpErrorCode> drain() {
    std::vector<uint8_t> discard;
    while (source) {
      std::optional<HttpErrorCode> failure;
      discard.clear();
      if (source->read(size_t(kMaxRead), discard, failure)) continue;
      if (failure) {
        source.reset();
        return failure;
      }
      end();
    }
    return std::nullopt;
  }

  void end() {
    trailers = source->trailers();
    source.reset();
  }
};

// incoming-body's input-stream. A body source has no descriptor to poll, so a non-blocking read waits for
// the source as a blocking one does, and the pollable is always ready.
class BodyInputStream final : public p2::InputStream {
 public:
  explicit BodyInputStream(std::shared_ptr<BodyReader> reader) : reader_(std::move(reader)) {
    ++reader_->streams;
  }
  ~BodyInputStream() override { --reader_->streams; }

  StreamStatus read(uint64_t len, bool, std::vector<uint8_t>& out) override {
    return reader_->read(len, out);
  }
  std::shared_ptr<p2::PollSource> subscribe() override { return p2::ready_source(); }

 private:
  std::shared_ptr<BodyReader> reader_;
};

class IncomingBody final : public Object {
 public:
  explicit IncomingBody(std::shared_ptr<BodyReader> reader) : reader(std::move(reader)) {}
  std::shared_ptr<BodyReader> reader;
  bool stream_taken = false;
};

class FutureTrailers final : public Object {
 public:
  explicit FutureTrailers(std::shared_ptr<BodyReader> reader) : reader(std::move(reader)) {}
  std::shared_ptr<BodyReader> reader;
  bool consumed = false;
};

using Args = std::span<const mc::Value>;
using Answer = Result<std::optional<mc::Value>>;

// resource-table's wording for deleting a resource whose child (a body's stream) is alive.
Error has_children() { return Error(ErrorKind::Trap, "resource has children"); }

Answer incoming_body_stream(const Host& host, Ctx& ctx, Args args) {
  IncomingBody* body = MOSAIC_TRY(ctx.get<IncomingBody>(args[0], host.types.incoming_body));
  if (body->stream_taken) return mc::Value::err(std::nullopt);
  body->stream_taken = true;
  return mc::Value::ok(ctx.own(ctx.types.input_stream, std::make_unique<BodyInputStream>(body->reader)));
}

Answer incoming_body_finish(const Host& host, Ctx& ctx, Args args) {
  IncomingBody* body = MOSAIC_TRY(ctx.get<IncomingBody>(args[0], host.types.incoming_body));
  if (body->reader->streams > 0) return has_children();
  std::unique_ptr<IncomingBody> owned = MOSAIC_TRY(ctx.take<IncomingBody>(args[0], host.types.incoming_body));
  return ctx.own(host.types.future_trailers, std::make_unique<FutureTrailers>(owned->reader));
}

Answer future_trailers_subscribe(const Host& host, Ctx& ctx, Args args) {
  MOSAIC_TRY(ctx.get<FutureTrailers>(args[0], host.types.future_trailers));
  return ctx.own(ctx.types.pollable, std::make_unique<p2::Pollable>(p2::ready_source()));
}

// get: the body is read to its end here if the guest did not (the pollable is always ready, so get waits
// rather than answer none). A failure the body's stream already reported leaves no trailers (wasmtime).
Answer future_trailers_get(const Host& host, Ctx& ctx, Args args) {
  FutureTrailers* future = MOSAIC_TRY(ctx.get<FutureTrailers>(args[0], host.types.future_trailers));
  if (future->consumed) return mc::Value::option(mc::Value::err(std::nullopt));
  future->consumed = true;
  BodyReader& reader = *future->reader;
  if (std::optional<HttpErrorCode> error = reader.drain())
    return mc::Value::option(mc::Value::ok(mc::Value::err(error_code_value(*error))));
  std::optional<mc::Value> trailers;
  HttpFields visible = guest_visible(std::move(reader.trailers));
  reader.trailers.clear();
  if (!visible.empty()) trailers = fields_child(host, ctx, std::make_shared<HttpFields>(std::move(visible)));
  return mc::Value::option(mc::Value::ok(mc::Value::ok(mc::Value::option(std::move(trailers)))));
}

Answer outgoing_body_write(const Host& host, Ctx& ctx, Args args) {
  OutgoingBody* body = MOSAIC_TRY(ctx.get<OutgoingBody>(args[0], host.types.outgoing_body));
  if (body->stream_taken) return mc::Value::err(std::nullopt);
  body->stream_taken = true;
  return mc::Value::ok(
      ctx.own(ctx.types.output_stream, std::make_unique<BodyOutputStream>(body->writer->state)));
}

// finish: static func(this: outgoing-body, trailers: option<trailers>) -> result<_, error-code>.
Answer outgoing_body_finish(const Host& host, Ctx& ctx, Args args) {
  OutgoingBody* body = MOSAIC_TRY(ctx.get<OutgoingBody>(args[0], host.types.outgoing_body));
  const mc::Value& trailers = args[1];
  if (trailers.kind() != mc::TypeKind::Option)
    return Error(ErrorKind::Usage, "outgoing-body.finish: expected option<trailers>");
  if (trailers.is_some()) MOSAIC_TRY(ctx.get<Fields>(*trailers.payload(), host.types.fields));
  if (body->writer->state->streams > 0) return has_children();

  HttpFields entries;
  if (trailers.is_some()) {
    std::shared_ptr<HttpFields> given = MOSAIC_TRY(take_fields(host, ctx, *trailers.payload()));
    entries = *given;
  }
  std::unique_ptr<OutgoingBody> owned = MOSAIC_TRY(ctx.take<OutgoingBody>(args[0], host.types.outgoing_body));
  owned->finished = true;
  std::optional<HttpErrorCode> error = owned->writer->state->finish(std::move(entries));
  if (error) return mc::Value::err(error_code_value(*error));
  return mc::Value::ok(std::nullopt);
}

// http-error-code: func(err: borrow<io-error>) -> option<error-code>: the error-code of a body stream's
// failure; none for any other io-error.
Answer http_error_code(const Host&, Ctx& ctx, Args args) {
  p2::IoError* error = MOSAIC_TRY(ctx.get<p2::IoError>(args[0], ctx.types.error));
  std::optional<HttpErrorCode> code = error_in_message(error->message);
  if (!code) return mc::Value::option(std::nullopt);
  return mc::Value::option(error_code_value(*code));
}

}  // namespace

std::unique_ptr<Object> make_incoming_body(std::shared_ptr<HttpBodySource> source) {
  auto reader = std::make_shared<BodyReader>();
  reader->source = std::move(source);
  return std::make_unique<IncomingBody>(std::move(reader));
}

std::unique_ptr<Object> make_outgoing_body(std::shared_ptr<BodyWriter> writer) {
  writer->set_taken();
  return std::make_unique<OutgoingBody>(std::move(writer));
}

std::span<const HttpFunction> body_functions() {
  static const HttpFunction kFunctions[] = {
      {kTypes, "[method]incoming-body.stream", 1, true, incoming_body_stream},
      {kTypes, "[static]incoming-body.finish", 1, true, incoming_body_finish},
      {kTypes, "[method]future-trailers.subscribe", 1, true, future_trailers_subscribe},
      {kTypes, "[method]future-trailers.get", 1, true, future_trailers_get},
      {kTypes, "[method]outgoing-body.write", 1, true, outgoing_body_write},
      {kTypes, "[static]outgoing-body.finish", 2, true, outgoing_body_finish},
      {kTypes, "http-error-code", 1, true, http_error_code},
  };
  return kFunctions;
}

}  // namespace mosaic::wasi::http
