#pragma once
// ResponseWriter: the server side of one request's response-outparam. The guest's head is held until the
// first body write (or the end of the body) and goes out with it in one write; the body is sent chunked
// (Transfer-Encoding: chunked) unless the guest gave a content-length, each guest write as it comes, so a
// slow client holds the guest back (backpressure) and the body never piles up in the server.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mosaic/wasi/http.h"
#include "serve/stream.h"

namespace mosaic::serve {

struct RequestLine {
  std::string method;
  unsigned version = 11;  // 10 or 11
  bool keep_alive = true;
};

class ResponseWriter final : public wasi::HttpResponder {
 public:
  ResponseWriter(Stream& stream, RequestLine request);
  ~ResponseWriter() override;

  std::unique_ptr<wasi::HttpBodySink> respond(const wasi::HttpResponseHead& head) override;
  void respond_error(const wasi::HttpErrorCode& error) override;

  // After the deadline: the guest's further writes fail, and a response already on the wire is cut.
  // Thread-safe (the watchdog's).
  void time_out();
  bool timed_out() const { return timed_out_.load(); }

  // The server's own response (500, 503) when none went out: a short text body. The connection is closed
  // after it unless `keep_alive`.
  void send_plain(uint16_t status, std::string_view text, bool keep_alive);

  bool responded() const { return responded_; }  // the guest set a response (ok or err)
  const std::optional<wasi::HttpErrorCode>& error() const { return error_; }
  bool committed() const { return committed_.load(); }  // bytes of a response went out
  bool complete() const { return complete_; }           // a whole response went out
  // The connection can carry another request (framing intact, nobody asked to close).
  bool keep_alive() const { return keep_alive_ && complete_ && !broken_; }
  uint16_t status() const { return status_; }
  uint64_t body_bytes() const { return body_bytes_; }

 private:
  class Sink;
  friend class Sink;
  bool write_body(std::span<const uint8_t> bytes);
  bool finish_body(const wasi::HttpFields& trailers);
  void abort_body();
  // Sends the held head (if still held) and `payload`; false when the connection failed.
  bool send(std::span<const net::const_buffer> payload);
  bool commit();

  Stream& stream_;
  RequestLine request_;
  bool keep_alive_;
  bool responded_ = false;
  bool complete_ = false;
  bool broken_ = false;  // aborted, failed or cut: the connection must close
  std::optional<wasi::HttpErrorCode> error_;
  std::string head_;  // the serialized head, until it is sent
  bool head_sent_ = false;
  bool chunked_ = false;
  bool bodyless_ = false;  // HEAD, 1xx, 204, 304: nothing follows the head
  std::optional<uint64_t> content_length_;
  uint16_t status_ = 0;
  uint64_t body_bytes_ = 0;
  std::atomic<bool> committed_{false};
  std::atomic<bool> timed_out_{false};
};

}  // namespace mosaic::serve
