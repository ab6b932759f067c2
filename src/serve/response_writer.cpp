#include "serve/response_writer.h"

#include <array>
#include <boost/asio/write.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <vector>

#include "serve/header_rules.h"

namespace mosaic::serve {

namespace http = boost::beast::http;

class ResponseWriter::Sink final : public wasi::HttpBodySink {
 public:
  explicit Sink(ResponseWriter& writer) : writer_(writer) {}
  bool write(std::span<const uint8_t> bytes) override { return writer_.write_body(bytes); }
  bool finish(const wasi::HttpFields& trailers) override { return writer_.finish_body(trailers); }
  void abort() override { writer_.abort_body(); }

 private:
  ResponseWriter& writer_;
};

namespace {

std::string status_line(uint16_t status) {
  std::string line = "HTTP/1.1 " + std::to_string(status) + " ";
  auto phrase = http::obsolete_reason(static_cast<http::status>(status));
  std::string_view reason(phrase.data(), phrase.size());
  if (!reason.starts_with("<")) line += reason;
  return line + "\r\n";
}

}  // namespace

ResponseWriter::ResponseWriter(Stream& stream, RequestLine request)
    : stream_(stream), request_(std::move(request)), keep_alive_(request_.keep_alive) {}

ResponseWriter::~ResponseWriter() = default;

std::unique_ptr<wasi::HttpBodySink> ResponseWriter::respond(const wasi::HttpResponseHead& head) {
  if (responded_) return nullptr;
  responded_ = true;
  if (head.status < 200 || head.status > 999) {
    // A final response has a status of 200..999 here (RFC 9110 §15: 1xx are interim and go out before one).
    error_ = wasi::HttpErrorCode{"internal-error", "invalid response status " + std::to_string(head.status)};
    return nullptr;
  }
  status_ = head.status;
  bodyless_ = request_.method == "HEAD" || status_ == 204 || status_ == 304;
  std::string fields;
  for (const wasi::HttpField& f : head.headers) {
    if (!valid_field(f.name, f.value) || is_connection_header(f.name)) continue;
    if (equals_ignoring_case(f.name, "content-length")) {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), n);
      if (ec != std::errc() || end != f.value.data() + f.value.size() || f.value.empty()) continue;
      if (content_length_ && *content_length_ != n) {
        error_ = wasi::HttpErrorCode{"internal-error", "conflicting content-length fields"};
        return nullptr;
      }
      if (content_length_) continue;
      content_length_ = n;
    }
    fields += f.name;
    fields += ": ";
    fields += f.value;
    fields += "\r\n";
  }
  if (!bodyless_ && !content_length_) {
    if (request_.version >= 11) {
      chunked_ = true;
      fields += "transfer-encoding: chunked\r\n";
    } else {
      keep_alive_ = false;  // HTTP/1.0 without a length: the end of the connection ends the body
    }
  }
  if (!keep_alive_) {
    fields += "connection: close\r\n";
  } else if (request_.version < 11) {
    fields += "connection: keep-alive\r\n";
  }
  head_ = status_line(status_) + fields + "\r\n";
  return std::make_unique<Sink>(*this);
}

void ResponseWriter::respond_error(const wasi::HttpErrorCode& error) {
  if (responded_) return;
  responded_ = true;
  error_ = error;
}

void ResponseWriter::time_out() {
  timed_out_.store(true);
  if (committed_.load()) stream_.cancel(Stream::kBoth);
}

bool ResponseWriter::commit() {
  committed_.store(true);
  if (timed_out_.load()) {
    committed_.store(false);
    return false;
  }
  return true;
}

bool ResponseWriter::send(std::span<const net::const_buffer> payload) {
  std::vector<net::const_buffer> buffers;
  buffers.reserve(payload.size() + 1);
  if (!head_sent_) {
    if (!commit()) {
      broken_ = true;
      return false;
    }
    buffers.push_back(net::buffer(head_));
  }
  buffers.insert(buffers.end(), payload.begin(), payload.end());
  error_code ec;
  net::write(stream_, buffers, ec);
  head_sent_ = true;
  head_.clear();
  head_.shrink_to_fit();
  if (ec) broken_ = true;
  return !ec;
}

bool ResponseWriter::write_body(std::span<const uint8_t> bytes) {
  if (broken_ || complete_) return false;
  if (content_length_ && bytes.size() > *content_length_ - body_bytes_) {
    broken_ = true;  // more than the guest announced: the message cannot be completed
    return false;
  }
  body_bytes_ += bytes.size();
  if (bytes.empty() && head_sent_) return true;
  if (bodyless_) return head_sent_ || send({});
  if (!chunked_) {
    net::const_buffer b = net::buffer(bytes.data(), bytes.size());
    return send({&b, 1});
  }
  if (bytes.empty()) return send({});  // a zero-length chunk would end the body
  char size_line[24];
  auto [end, ec] = std::to_chars(size_line, size_line + 16, bytes.size(), 16);
  *end++ = '\r';
  *end++ = '\n';
  net::const_buffer b[3] = {net::buffer(size_line, size_t(end - size_line)),
                            net::buffer(bytes.data(), bytes.size()), net::buffer("\r\n", 2)};
  return send(b);
}

bool ResponseWriter::finish_body(const wasi::HttpFields& trailers) {
  if (broken_ || complete_) return false;
  if (content_length_ && body_bytes_ != *content_length_ && !bodyless_) {
    broken_ = true;  // fewer bytes than announced
    return false;
  }
  bool ok;
  if (chunked_) {
    // RFC 9112 §7.1: the last chunk, then the trailer section.
    std::string last = last_chunk(trailers);
    net::const_buffer b = net::buffer(last);
    ok = send({&b, 1});
  } else {
    ok = head_sent_ || send({});
  }
  if (ok) complete_ = true;
  return ok;
}

void ResponseWriter::abort_body() {
  if (!complete_) broken_ = true;
}

void ResponseWriter::send_plain(uint16_t status, std::string_view text, bool keep_alive) {
  if (committed_.load() || head_sent_) return;
  keep_alive_ = keep_alive_ && keep_alive;
  status_ = status;
  std::string head = status_line(status) + "content-type: text/plain; charset=utf-8\r\ncontent-length: " +
                     std::to_string(text.size()) + "\r\n" + (keep_alive_ ? "" : "connection: close\r\n") +
                     "\r\n";
  const bool with_body = request_.method != "HEAD";
  std::array<net::const_buffer, 2> b = {net::buffer(head),
                                        net::buffer(text.data(), with_body ? text.size() : 0)};
  error_code ec;
  committed_.store(true);
  net::write(stream_, b, ec);
  head_sent_ = true;
  body_bytes_ = with_body ? text.size() : 0;
  complete_ = !ec;
  broken_ = bool(ec);
}

}  // namespace mosaic::serve
