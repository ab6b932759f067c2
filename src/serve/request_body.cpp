#include "serve/request_body.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace mosaic::serve {

namespace {

// The largest piece handed to the guest at once: a guest may ask for gigabytes (a u64 length).
constexpr size_t kMaxPiece = 64 * 1024;

}  // namespace

wasi::HttpErrorCode body_error(const error_code& ec) {
  if (ec == net::error::timed_out) return {"connection-read-timeout", ec.message()};
  if (ec == http::error::partial_message || ec == http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::operation_aborted)
    return {"connection-terminated", ec.message()};
  if (ec.category() == error_code(http::error::bad_chunk).category())
    return {"HTTP-protocol-error", ec.message()};
  return {"internal-error", ec.message()};
}

RequestBody::RequestBody(Stream& stream, boost::beast::flat_buffer& buffer, RequestParser& parser,
                         size_t head_fields, bool expect_continue)
    : stream_(stream),
      buffer_(buffer),
      parser_(parser),
      head_fields_(head_fields),
      expect_continue_(expect_continue) {}

bool RequestBody::read(size_t max, std::vector<uint8_t>& out, std::optional<wasi::HttpErrorCode>& error) {
  if (failed_ || parser_.is_done() || max == 0) return false;
  error_code ec;
  if (expect_continue_ && !continue_sent_) {
    // RFC 9110 §10.1.1: the client holds the body back until the server asks for it; the guest reading it
    // is that request.
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    net::write(stream_, net::buffer(kContinue, sizeof kContinue - 1), ec);
    continue_sent_ = true;
    if (ec) {
      failed_ = true;
      error = body_error(ec);
      return false;
    }
  }
  const size_t piece = std::min(max, kMaxPiece);
  const size_t old_size = out.size();
  out.resize(old_size + piece);
  size_t got = 0;
  while (got == 0 && !parser_.is_done()) {
    auto& body = parser_.get().body();
    body.data = out.data() + old_size;
    body.size = piece;
    http::read_some(stream_, buffer_, parser_, ec);
    got = piece - body.size;
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      out.resize(old_size + got);
      failed_ = true;
      error = body_error(ec);
      return got > 0;
    }
  }
  out.resize(old_size + got);
  return got > 0;
}

wasi::HttpFields RequestBody::trailers() {
  wasi::HttpFields fields;
  if (!parser_.is_done()) return fields;
  size_t i = 0;
  for (const auto& f : parser_.get()) {
    if (i++ < head_fields_) continue;
    fields.push_back({std::string(f.name_string()), std::string(f.value())});
  }
  return fields;
}

bool RequestBody::drain(size_t limit) {
  if (parser_.is_done()) return true;
  if (failed_ || !body_may_follow()) return false;
  uint8_t scratch[16 * 1024];
  size_t total = 0;
  while (!parser_.is_done() && total <= limit) {
    auto& body = parser_.get().body();
    body.data = scratch;
    body.size = sizeof scratch;
    error_code ec;
    http::read_some(stream_, buffer_, parser_, ec);
    total += sizeof scratch - body.size;
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      failed_ = true;
      return false;
    }
  }
  return parser_.is_done();
}

}  // namespace mosaic::serve
