#pragma once
// RequestBody: an incoming request's body as the guest reads it (wasi:http incoming-body), read from the
// connection as it arrives: Beast's parser with a buffer_body fills the guest's buffer directly, so a large
// body streams through and is never held whole.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include "mosaic/wasi/http.h"
#include "serve/stream.h"

namespace mosaic::serve {

namespace http = boost::beast::http;
using RequestParser = http::request_parser<http::buffer_body>;

class RequestBody final : public wasi::HttpBodySource {
 public:
  // `head_fields`: how many fields the head had (the trailers of a chunked body follow them in the parser's
  // message). `expect_continue`: the client waits for "100 Continue" before it sends the body.
  RequestBody(Stream& stream, boost::beast::flat_buffer& buffer, RequestParser& parser, size_t head_fields,
              bool expect_continue);

  bool read(size_t max, std::vector<uint8_t>& out, std::optional<wasi::HttpErrorCode>& error) override;
  wasi::HttpFields trailers() override;

  // Reads and discards what the guest left unread, up to `limit` bytes; true when the body then ended
  // (the connection can carry another request).
  bool drain(size_t limit);
  bool done() const { return parser_.is_done(); }
  bool failed() const { return failed_; }
  // True when the client was told to send its body ("100 Continue") or never had to wait for it.
  bool body_may_follow() const { return !expect_continue_ || continue_sent_; }

 private:
  Stream& stream_;
  boost::beast::flat_buffer& buffer_;
  RequestParser& parser_;
  size_t head_fields_;
  bool expect_continue_;
  bool continue_sent_ = false;
  bool failed_ = false;
};

// The wasi:http error-code of a failed body read.
wasi::HttpErrorCode body_error(const error_code& ec);

}  // namespace mosaic::serve
