#include "serve/client.h"

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <charconv>
#include <limits>

#include "mosaic/serve.h"
#include "serve/header_rules.h"
#include "serve/stream.h"

namespace mosaic::serve {

namespace http = boost::beast::http;

std::optional<Authority> parse_authority(std::string_view text, uint16_t default_port) {
  Authority a;
  a.port = default_port;
  std::string_view port_text;
  if (text.starts_with("[")) {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    a.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    size_t colon = text.rfind(':');
    a.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = text.substr(colon + 1);
      if (port_text.empty() || a.host.find(':') != std::string::npos) return std::nullopt;
    }
  }
  if (a.host.empty()) return std::nullopt;
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return std::nullopt;
    a.port = uint16_t(port);
  }
  return a;
}

bool host_allowed(const std::vector<std::string>& allowed, const Authority& target) {
  for (const std::string& entry : allowed) {
    if (entry == "*") return true;
    // An entry without a port allows every port: parse it with a port no URL can name.
    std::optional<Authority> a = parse_authority(entry, 0);
    if (!a || !equals_ignoring_case(a->host, target.host)) continue;
    if (a->port == 0 || a->port == target.port) return true;
  }
  return false;
}

namespace {

using ResponseParser = http::response_parser<http::buffer_body>;
constexpr size_t kMaxPiece = 64 * 1024;

std::chrono::nanoseconds option_or(const std::optional<uint64_t>& ns, std::chrono::nanoseconds fallback) {
  if (!ns) return fallback;
  return std::chrono::nanoseconds(
      int64_t(std::min<uint64_t>(*ns, uint64_t(std::numeric_limits<int64_t>::max()))));
}

Clock::time_point after(std::chrono::nanoseconds d) {
  auto now = Clock::now();
  if (d > Clock::time_point::max() - now) return Clock::time_point::max();
  return now + std::chrono::duration_cast<Clock::duration>(d);
}

wasi::HttpErrorCode read_error(const error_code& ec) {
  if (ec == net::error::timed_out) return {"connection-read-timeout", ""};
  if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::operation_aborted)
    return {"connection-terminated", ec.message()};
  if (ec.category() == error_code(http::error::bad_target).category())
    return {"HTTP-protocol-error", ec.message()};
  return {"internal-error", ec.message()};
}

wasi::HttpErrorCode connect_error(const error_code& ec) {
  if (ec == net::error::timed_out) return {"connection-timeout", ""};
  if (ec == net::error::connection_refused) return {"connection-refused", ""};
  if (ec == net::error::host_unreachable || ec == net::error::network_unreachable)
    return {"destination-unavailable", ec.message()};
  return {"internal-error", ec.message()};
}

// What one request holds on to: the connection and the response parser, shared by the exchange and the
// response body the guest reads (which may outlive the exchange).
struct Wire {
  Wire(std::shared_ptr<net::io_context> i, Stream s) : io(std::move(i)), stream(std::move(s)) {}
  std::shared_ptr<net::io_context> io;  // first: outlives the socket
  Stream stream;
  boost::beast::flat_buffer buffer;
  ResponseParser parser;
  size_t head_fields = 0;
  bool failed = false;
};

class ResponseBody final : public wasi::HttpBodySource {
 public:
  ResponseBody(std::shared_ptr<Wire> wire, std::chrono::nanoseconds between_bytes)
      : wire_(std::move(wire)), between_bytes_(between_bytes) {}

  bool read(size_t max, std::vector<uint8_t>& out, std::optional<wasi::HttpErrorCode>& error) override {
    Wire& w = *wire_;
    if (w.failed || w.parser.is_done() || max == 0) return false;
    const size_t piece = std::min(max, kMaxPiece);
    const size_t old_size = out.size();
    out.resize(old_size + piece);
    size_t got = 0;
    while (got == 0 && !w.parser.is_done()) {
      w.stream.set_deadline(after(between_bytes_));
      auto& body = w.parser.get().body();
      body.data = out.data() + old_size;
      body.size = piece;
      error_code ec;
      http::read_some(w.stream, w.buffer, w.parser, ec);
      got = piece - body.size;
      if (ec == http::error::need_buffer) ec = {};
      if (ec) {
        out.resize(old_size + got);
        w.failed = true;
        error = read_error(ec);
        return got > 0;
      }
    }
    out.resize(old_size + got);
    return got > 0;
  }

  wasi::HttpFields trailers() override {
    wasi::HttpFields fields;
    if (!wire_->parser.is_done()) return fields;
    size_t i = 0;
    for (const auto& f : wire_->parser.get())
      if (i++ >= wire_->head_fields) fields.push_back({std::string(f.name_string()), std::string(f.value())});
    return fields;
  }

 private:
  std::shared_ptr<Wire> wire_;
  std::chrono::nanoseconds between_bytes_;
};

class Exchange final : public wasi::HttpExchange, public wasi::HttpBodySink {
 public:
  Exchange(std::shared_ptr<Wire> wire, std::string head, std::string method, std::optional<uint64_t> length,
           std::chrono::nanoseconds first_byte, std::chrono::nanoseconds between_bytes)
      : wire_(std::move(wire)),
        head_(std::move(head)),
        method_(std::move(method)),
        length_(length),
        first_byte_(first_byte),
        between_bytes_(between_bytes) {}
  ~Exchange() override {
    if (state_ == State::Open || state_ == State::Aborted) wire_->stream.close(true);
  }

  wasi::HttpBodySink& body() override { return *this; }

  bool write(std::span<const uint8_t> bytes) override {
    if (state_ != State::Open) return false;
    if (length_ && bytes.size() > *length_ - written_) {
      abort();  // more than the content-length the guest gave
      return false;
    }
    written_ += bytes.size();
    if (!head_sent_ && !length_) head_ += "transfer-encoding: chunked\r\n\r\n";
    if (bytes.empty()) return head_sent_ || send({});
    if (length_) {
      net::const_buffer b = net::buffer(bytes.data(), bytes.size());
      return send({&b, 1});
    }
    char size_line[24];
    auto [end, ec] = std::to_chars(size_line, size_line + 16, bytes.size(), 16);
    *end++ = '\r';
    *end++ = '\n';
    net::const_buffer b[3] = {net::buffer(size_line, size_t(end - size_line)),
                              net::buffer(bytes.data(), bytes.size()), net::buffer("\r\n", 2)};
    return send(b);
  }

  bool finish(const wasi::HttpFields& trailers) override {
    if (state_ != State::Open) return false;
    if (length_ && written_ != *length_) {
      abort();
      return false;
    }
    bool ok;
    if (!head_sent_ && !length_) {
      // No body was written: a request without content (RFC 9110 §8.6: a content-length only where the
      // method gives content a meaning).
      static constexpr std::string_view kNoContent[] = {"GET",     "HEAD",  "DELETE",
                                                        "OPTIONS", "TRACE", "CONNECT"};
      bool none = false;
      for (std::string_view m : kNoContent) none = none || m == method_;
      head_ += none ? "\r\n" : "content-length: 0\r\n\r\n";
      ok = send({});
    } else if (length_) {
      ok = head_sent_ || send({});
    } else {
      std::string last = last_chunk(trailers);
      net::const_buffer b = net::buffer(last);
      ok = send({&b, 1});
    }
    if (ok) state_ = State::Finished;
    return ok;
  }

  void abort() override {
    if (state_ != State::Open) return;
    state_ = State::Aborted;
    wire_->stream.close(true);
  }

  std::optional<Response> response(std::optional<wasi::HttpErrorCode>& error) override {
    if (state_ == State::Open && !finish({})) {
      error = wasi::HttpErrorCode{"connection-terminated", "the request could not be sent"};
      return std::nullopt;
    }
    if (state_ != State::Finished) {
      error = wasi::HttpErrorCode{"internal-error", "the request body was not finished"};
      return std::nullopt;
    }
    state_ = State::Responded;
    Wire& w = *wire_;
    w.parser.header_limit(64 * 1024);
    w.parser.body_limit(std::numeric_limits<uint64_t>::max());
    if (method_ == "HEAD") w.parser.skip(true);
    w.stream.set_deadline(after(first_byte_));
    error_code ec;
    http::read_header(w.stream, w.buffer, w.parser, ec);
    if (ec) {
      w.failed = true;
      error = read_error(ec);
      return std::nullopt;
    }
    Response r;
    auto& msg = w.parser.get();
    r.head.status = uint16_t(msg.result_int());
    for (const auto& f : msg) {
      ++w.head_fields;
      if (!is_connection_header(std_view(f.name_string())))
        r.head.headers.push_back({std::string(f.name_string()), std::string(f.value())});
    }
    r.body = std::make_shared<ResponseBody>(wire_, between_bytes_);
    return r;
  }

 private:
  enum class State { Open, Finished, Aborted, Responded };

  bool send(std::span<const net::const_buffer> payload) {
    std::vector<net::const_buffer> buffers;
    if (!head_sent_) buffers.push_back(net::buffer(head_));
    buffers.insert(buffers.end(), payload.begin(), payload.end());
    wire_->stream.set_deadline(after(between_bytes_));
    error_code ec;
    net::write(wire_->stream, buffers, ec);
    head_sent_ = true;
    if (ec) {
      state_ = State::Aborted;
      wire_->stream.close(true);
    }
    return !ec;
  }

  std::shared_ptr<Wire> wire_;
  std::string head_;  // the request head, until it goes out with the first body bytes or the end
  std::string method_;
  std::optional<uint64_t> length_;
  std::chrono::nanoseconds first_byte_;
  std::chrono::nanoseconds between_bytes_;
  bool head_sent_ = false;
  uint64_t written_ = 0;
  State state_ = State::Open;
};

class Client final : public wasi::HttpClient {
 public:
  explicit Client(ClientConfig config)
      : config_(std::move(config)), io_(std::make_shared<net::io_context>()) {}

  std::unique_ptr<wasi::HttpExchange> send(const wasi::HttpRequestHead& head,
                                           const wasi::HttpRequestOptions& options,
                                           std::optional<wasi::HttpErrorCode>& error) override {
    if (head.scheme == "https") {
      error =
          wasi::HttpErrorCode{"internal-error", "https is not supported: outgoing requests are plain http"};
      return nullptr;
    }
    if (!head.scheme.empty() && head.scheme != "http") {
      error = wasi::HttpErrorCode{"HTTP-protocol-error", "unsupported scheme " + head.scheme};
      return nullptr;
    }
    std::optional<Authority> target = parse_authority(head.authority, 80);
    if (!target) {
      error = wasi::HttpErrorCode{"HTTP-request-URI-invalid", "invalid authority `" + head.authority + "`"};
      return nullptr;
    }
    if (!host_allowed(config_.allowed_hosts, *target)) {
      error =
          wasi::HttpErrorCode{"HTTP-request-denied", "requests to " + head.authority + " are not allowed"};
      return nullptr;
    }
    std::string path = head.path_with_query.empty() ? "/" : head.path_with_query;
    for (char c : path + head.method)
      if (c == ' ' || c == '\r' || c == '\n' || c == '\0') {
        error = wasi::HttpErrorCode{"HTTP-request-URI-invalid", ""};
        return nullptr;
      }

    // The head, without the framing field: that depends on how the guest writes the body.
    std::string text = head.method + " " + path + " HTTP/1.1\r\n";
    bool has_host = false;
    std::optional<uint64_t> length;
    for (const wasi::HttpField& f : head.headers) {
      if (!valid_field(f.name, f.value) || is_connection_header(f.name)) continue;
      if (equals_ignoring_case(f.name, "host")) has_host = true;
      if (equals_ignoring_case(f.name, "content-length")) {
        uint64_t n = 0;
        auto [end, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), n);
        if (ec != std::errc() || end != f.value.data() + f.value.size() || (length && *length != n)) {
          error = wasi::HttpErrorCode{"internal-error", "invalid content-length field"};
          return nullptr;
        }
        if (length) continue;
        length = n;
      }
      text += f.name + ": " + f.value + "\r\n";
    }
    if (!has_host) text = text + "host: " + head.authority + "\r\n";
    text += "connection: close\r\n";
    if (length) text += "\r\n";

    tcp::resolver resolver(*io_);
    error_code ec;
    auto endpoints = resolver.resolve(target->host, std::to_string(target->port), ec);
    if (ec || endpoints.empty()) {
      error = wasi::HttpErrorCode{"DNS-error", ec ? ec.message() : "no address"};
      return nullptr;
    }
    std::optional<Stream> stream = Stream::connect(
        *io_, endpoints, after(option_or(options.connect_timeout_ns, config_.connect_timeout)), ec);
    if (!stream) {
      error = connect_error(ec);
      return nullptr;
    }
    auto wire = std::make_shared<Wire>(io_, std::move(*stream));
    return std::make_unique<Exchange>(
        std::move(wire), std::move(text), head.method, length,
        option_or(options.first_byte_timeout_ns, config_.first_byte_timeout),
        option_or(options.between_bytes_timeout_ns, config_.between_bytes_timeout));
  }

 private:
  ClientConfig config_;
  std::shared_ptr<net::io_context> io_;
};

}  // namespace

std::shared_ptr<wasi::HttpClient> make_http_client(ClientConfig config) {
  return std::make_shared<Client>(std::move(config));
}

}  // namespace mosaic::serve
