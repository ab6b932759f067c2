#pragma once
// wasi:io's objects, which the other interfaces make: pollables (what `poll` waits for), input and output
// streams, and `error` resources. Streams over host descriptors (stdio, files, sockets) are in fd_stream.h.
//
// A pollable is a PollSource shared with the object it watches: readiness is asked of the source, and when
// nothing is ready, wasi:io/poll#poll waits in one host poll(2) on every source's descriptor and the nearest
// deadline.

#include <poll.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

// What a source waits for when it is not ready: a descriptor's events and/or a monotonic-clock deadline.
struct PollWait {
  int fd = -1;          // -1: none
  short events = 0;     // POLLIN / POLLOUT
  std::optional<uint64_t> deadline_ns;  // CLOCK_MONOTONIC nanoseconds
};

class PollSource {
 public:
  virtual ~PollSource() = default;
  // True when ready now; otherwise fills `wait` with what to wait for (both empty: never ready).
  virtual bool ready(PollWait& wait) = 0;
};

// A source that is always ready (files, closed streams, the zero duration).
std::shared_ptr<PollSource> ready_source();
// Ready at a CLOCK_MONOTONIC instant (nanoseconds).
std::shared_ptr<PollSource> deadline_source(uint64_t deadline_ns);
// Ready when poll(2) reports `events` (or an error/hang-up) on `fd`; `fd` must outlive the source (hold it).
std::shared_ptr<PollSource> fd_source(std::shared_ptr<const class FdHolder> fd, short events);  // fd_stream.h

// wasi:io/poll#pollable.
class Pollable : public Object {
 public:
  explicit Pollable(std::shared_ptr<PollSource> source) : source(std::move(source)) {}
  std::shared_ptr<PollSource> source;
};

// Waits until at least one of `sources` is ready (blocking in poll(2)); returns the indices of those ready,
// ascending. An empty list is a Trap (wasmtime: "empty poll list").
Result<std::vector<uint32_t>> poll_sources(std::span<PollSource* const> sources);

// wasi:io/error#error: an error an operation reported, kept for to-debug-string and for the interfaces that
// map it to their error codes (filesystem-error-code, network-error-code) by its errno.
class IoError : public Object {
 public:
  IoError(int err, std::string message) : err(err), message(std::move(message)) {}
  int err = 0;  // the host errno, 0 when there is none
  std::string message;
};

// The outcome of a stream operation: ok, closed (end of stream / peer gone), or failed with an error.
struct StreamStatus {
  enum class Kind : uint8_t { Ok, Closed, Failed } kind = Kind::Ok;
  int err = 0;
  std::string message;
  static StreamStatus ok() { return {}; }
  static StreamStatus closed() { return {Kind::Closed, 0, {}}; }
  static StreamStatus failed(int err, std::string message) { return {Kind::Failed, err, std::move(message)}; }
  bool is_ok() const { return kind == Kind::Ok; }
};

// The stream-error Value of a status that is not ok: closed, or last-operation-failed(own<error>).
mc::Value stream_error(Ctx& ctx, const StreamStatus& status);

// wasi:io/streams#input-stream.
class InputStream : public Object {
 public:
  // Reads at most `len` bytes into `out` (cleared first). Not blocking: may read nothing. Blocking: waits for
  // at least one byte, or the end (closed) or an error.
  virtual StreamStatus read(uint64_t len, bool blocking, std::vector<uint8_t>& out) = 0;
  // Skips at most `len` bytes; the default reads and discards.
  virtual StreamStatus skip(uint64_t len, bool blocking, uint64_t& skipped);
  virtual std::shared_ptr<PollSource> subscribe() = 0;
};

// wasi:io/streams#output-stream. The protocol of the WIT: check_write says how many bytes write() may take
// now (0: wait on subscribe()); write() of more than that is a Trap-worthy misuse, reported as Failed; flush()
// starts writing out what is buffered and blocking_flush() waits until it is out.
class OutputStream : public Object {
 public:
  virtual StreamStatus check_write(uint64_t& permitted) = 0;
  virtual StreamStatus write(std::span<const uint8_t> bytes) = 0;
  virtual StreamStatus flush() = 0;
  virtual StreamStatus blocking_flush() = 0;
  virtual std::shared_ptr<PollSource> subscribe() = 0;  // ready when check_write would permit > 0 (or an error)
};

}  // namespace mosaic::wasi::p2
