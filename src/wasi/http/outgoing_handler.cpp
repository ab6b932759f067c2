// wasi:http/outgoing-handler#handle, and the resources of its answer: future-incoming-response and
// incoming-response.
//
// handle checks the request as wasmtime does (crates/wasi-http/src/p2/http_impl.rs): the method must be a
// token (HTTP-request-method-invalid), the scheme http or https (no scheme: https; another:
// HTTP-protocol-error), the authority present and the path a URI's (HTTP-request-URI-invalid). Then the
// host's HttpClient starts the exchange (no client: HTTP-request-denied) and the request's body writer is
// attached to the exchange's request body: what the guest wrote already goes out, the rest follows.
//
// The response is waited for in future-incoming-response.get, once the request body is no longer open
// (finished, aborted or never taken): the client may send the head only when the body ends, so a guest
// that asked for the response while still writing its body would wait forever. While the body is open the
// future's pollable is not ready and get answers none, as for a response still on its way.

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "wasi/http/objects.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::http {

namespace {

// RFC 9110 5.6.2: a method is a token.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// Visible ASCII only (RFC 3986 leaves no room for spaces or control characters in a URI).
bool is_uri_text(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

// The request head as it goes to the client, or the error-code that refuses it.
std::optional<HttpErrorCode> check_head(HttpRequestHead& head) {
  if (!is_token(head.method)) return HttpErrorCode{"HTTP-request-method-invalid", {}};
  if (head.scheme.empty()) head.scheme = "https";
  if (iequals(head.scheme, "http")) {
    head.scheme = "http";
  } else if (iequals(head.scheme, "https")) {
    head.scheme = "https";
  } else {
    return HttpErrorCode{"HTTP-protocol-error", {}};
  }
  if (head.authority.empty() || !is_uri_text(head.authority))
    return HttpErrorCode{"HTTP-request-URI-invalid", {}};
  if (head.path_with_query.empty()) head.path_with_query = "/";
  if (!is_uri_text(head.path_with_query) || head.path_with_query.front() != '/')
    return HttpErrorCode{"HTTP-request-URI-invalid", {}};
  return std::nullopt;
}

// The response body as the guest reads it; it keeps the exchange alive while it is read.
class ExchangeBodySource final : public HttpBodySource {
 public:
  ExchangeBodySource(std::shared_ptr<HttpExchange> exchange, std::shared_ptr<HttpBodySource> body)
      : exchange_(std::move(exchange)), body_(std::move(body)) {}
  bool read(size_t max, std::vector<uint8_t>& out, std::optional<HttpErrorCode>& error) override {
    return body_ && body_->read(max, out, error);
  }
  HttpFields trailers() override { return body_ ? body_->trailers() : HttpFields{}; }

 private:
  std::shared_ptr<HttpExchange> exchange_;
  std::shared_ptr<HttpBodySource> body_;
};

// Ready when the request body is no longer open (see the top of the file). A body that is open cannot end
// while the guest waits (only the guest ends it), so there is nothing to wait for.
class ResponseSource final : public p2::PollSource {
 public:
  explicit ResponseSource(std::shared_ptr<const BodyWriter> body) : body_(std::move(body)) {}
  bool ready(p2::PollWait&) override { return !body_ || !body_->open(); }

 private:
  std::shared_ptr<const BodyWriter> body_;
};

class FutureIncomingResponse final : public Object {
 public:
  FutureIncomingResponse(std::shared_ptr<HttpExchange> exchange, std::shared_ptr<BodyWriter> body)
      : exchange(std::move(exchange)), body(std::move(body)) {}
  std::shared_ptr<HttpExchange> exchange;  // null once the response was taken
  std::shared_ptr<BodyWriter> body;        // the request's
};

class IncomingResponse final : public Object {
 public:
  uint16_t status = 0;
  std::shared_ptr<HttpFields> headers;
  std::shared_ptr<HttpBodySource> body;
  bool consumed = false;
};

using Args = std::span<const mc::Value>;
using Answer = Result<std::optional<mc::Value>>;

mc::Value refused(const HttpErrorCode& error) { return mc::Value::err(error_code_value(error)); }

// handle: func(request: outgoing-request, options: option<request-options>)
//   -> result<future-incoming-response, error-code>.
Answer handle(const Host& host, Ctx& ctx, Args args) {
  MOSAIC_TRY(ctx.get<OutgoingRequest>(args[0], host.types.outgoing_request));
  const mc::Value& options_arg = args[1];
  if (options_arg.kind() != mc::TypeKind::Option)
    return Error(ErrorKind::Usage, "outgoing-handler.handle: expected option<request-options>");
  HttpRequestOptions options;
  if (options_arg.is_some()) {
    // The guest gives its options away (own<request-options>).
    std::unique_ptr<RequestOptions> given =
        MOSAIC_TRY(ctx.take<RequestOptions>(*options_arg.payload(), host.types.request_options));
    options = given->options;
  }
  std::unique_ptr<OutgoingRequest> request =
      MOSAIC_TRY(ctx.take<OutgoingRequest>(args[0], host.types.outgoing_request));
  HttpRequestHead head = std::move(request->head);
  if (request->headers) head.headers = *request->headers;
  std::shared_ptr<BodyWriter> body = std::move(request->body);
  if (!body) body = std::make_shared<BodyWriter>(head.headers, false);

  if (std::optional<HttpErrorCode> bad = check_head(head)) {
    body->attach(nullptr);
    return refused(*bad);
  }
  if (!host.client) {
    body->attach(nullptr);
    return refused({"HTTP-request-denied", {}});
  }
  std::optional<HttpErrorCode> error;
  std::unique_ptr<HttpExchange> started = host.client->send(head, options, error);
  if (!started) {
    body->attach(nullptr);
    return refused(error.value_or(HttpErrorCode{"internal-error", "the request could not be sent"}));
  }
  std::shared_ptr<HttpExchange> exchange(std::move(started));
  // The body's sink is the exchange's; holding it holds the exchange.
  body->attach(std::shared_ptr<HttpBodySink>(exchange, &exchange->body()));
  return mc::Value::ok(
      ctx.own(host.types.future_incoming_response,
              std::make_unique<FutureIncomingResponse>(std::move(exchange), std::move(body))));
}

Answer future_response_subscribe(const Host& host, Ctx& ctx, Args args) {
  FutureIncomingResponse* future =
      MOSAIC_TRY(ctx.get<FutureIncomingResponse>(args[0], host.types.future_incoming_response));
  return ctx.own(ctx.types.pollable,
                 std::make_unique<p2::Pollable>(std::make_shared<ResponseSource>(future->body)));
}

// get: func() -> option<result<result<incoming-response, error-code>>>: none while the request body is
// open; then the response (waiting for its head), once; some(err) afterwards.
Answer future_response_get(const Host& host, Ctx& ctx, Args args) {
  FutureIncomingResponse* future =
      MOSAIC_TRY(ctx.get<FutureIncomingResponse>(args[0], host.types.future_incoming_response));
  if (!future->exchange) return mc::Value::option(mc::Value::err(std::nullopt));
  if (future->body && future->body->open()) return mc::Value::option(std::nullopt);
  std::shared_ptr<HttpExchange> exchange = std::move(future->exchange);
  future->exchange.reset();
  std::optional<HttpErrorCode> error;
  std::optional<HttpExchange::Response> response = exchange->response(error);
  if (!response) {
    HttpErrorCode e = error.value_or(HttpErrorCode{"internal-error", "no response"});
    return mc::Value::option(mc::Value::ok(mc::Value::err(error_code_value(e))));
  }
  auto incoming = std::make_unique<IncomingResponse>();
  incoming->status = response->head.status;
  incoming->headers = std::make_shared<HttpFields>(guest_visible(std::move(response->head.headers)));
  incoming->body = std::make_shared<ExchangeBodySource>(std::move(exchange), std::move(response->body));
  return mc::Value::option(
      mc::Value::ok(mc::Value::ok(ctx.own(host.types.incoming_response, std::move(incoming)))));
}

Answer incoming_response_status(const Host& host, Ctx& ctx, Args args) {
  IncomingResponse* response = MOSAIC_TRY(ctx.get<IncomingResponse>(args[0], host.types.incoming_response));
  return mc::Value::u16(response->status);
}

// headers: the response's fields (without the ones guests may not see), immutable.
Answer incoming_response_headers(const Host& host, Ctx& ctx, Args args) {
  IncomingResponse* response = MOSAIC_TRY(ctx.get<IncomingResponse>(args[0], host.types.incoming_response));
  return fields_child(host, ctx, response->headers);
}

Answer incoming_response_consume(const Host& host, Ctx& ctx, Args args) {
  IncomingResponse* response = MOSAIC_TRY(ctx.get<IncomingResponse>(args[0], host.types.incoming_response));
  if (response->consumed) return mc::Value::err(std::nullopt);
  response->consumed = true;
  return mc::Value::ok(ctx.own(host.types.incoming_body, make_incoming_body(std::move(response->body))));
}

}  // namespace

std::span<const HttpFunction> outgoing_handler_functions() {
  static const HttpFunction kFunctions[] = {
      {kOutgoingHandler, "handle", 2, true, handle},
      {kTypes, "[method]future-incoming-response.subscribe", 1, true, future_response_subscribe},
      {kTypes, "[method]future-incoming-response.get", 1, true, future_response_get},
      {kTypes, "[method]incoming-response.status", 1, true, incoming_response_status},
      {kTypes, "[method]incoming-response.headers", 1, true, incoming_response_headers},
      {kTypes, "[method]incoming-response.consume", 1, true, incoming_response_consume},
  };
  return kFunctions;
}

}  // namespace mosaic::wasi::http
