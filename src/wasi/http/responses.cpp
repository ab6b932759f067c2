// wasi:http/types: outgoing-response (the response a handler builds) and response-outparam (where it goes).
//
// response-outparam.set hands the response to the embedder's HttpResponder: its head at once, then its body
// through the sink the responder returns. A body the guest took (outgoing-response.body) keeps flowing after
// set, as the guest writes it and finally finishes it; a body never taken is an empty one.

#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

namespace {

using mc::Value;
using Args = std::span<const Value>;

Value unit_ok() { return Value::ok(std::nullopt); }
Value unit_err() { return Value::err(std::nullopt); }

Result<OutgoingResponse*> response(const Host& host, Ctx& ctx, const Value& v) {
  return ctx.get<OutgoingResponse>(v, host.types.outgoing_response);
}

// constructor(headers: headers): takes the fields, which become immutable; status 200.
Result<std::optional<Value>> construct(const Host& host, Ctx& ctx, Args args) {
  auto r = std::make_unique<OutgoingResponse>();
  r->headers = MOSAIC_TRY(take_fields(host, ctx, args[0]));
  r->status = 200;
  r->body = std::make_shared<BodyWriter>(*r->headers, true);
  return ctx.own(host.types.outgoing_response, std::move(r));
}

Result<std::optional<Value>> status_code(const Host& host, Ctx& ctx, Args args) {
  OutgoingResponse* r = MOSAIC_TRY(response(host, ctx, args[0]));
  return Value::u16(r->status);
}

// set-status-code: func(status-code) -> result: the status codes of RFC 9110 15 (100-599); err for others.
Result<std::optional<Value>> set_status_code(const Host& host, Ctx& ctx, Args args) {
  OutgoingResponse* r = MOSAIC_TRY(response(host, ctx, args[0]));
  if (args[1].kind() != mc::TypeKind::U16)
    return Error(ErrorKind::Usage, "outgoing-response.set-status-code: expected a u16");
  uint64_t status = args[1].as_unsigned();
  if (status < 100 || status > 599) return unit_err();
  r->status = uint16_t(status);
  return unit_ok();
}

Result<std::optional<Value>> headers(const Host& host, Ctx& ctx, Args args) {
  OutgoingResponse* r = MOSAIC_TRY(response(host, ctx, args[0]));
  return fields_child(host, ctx, r->headers);
}

// body: func() -> result<outgoing-body>: once.
Result<std::optional<Value>> body(const Host& host, Ctx& ctx, Args args) {
  OutgoingResponse* r = MOSAIC_TRY(response(host, ctx, args[0]));
  if (!r->body || r->body->taken()) return unit_err();
  std::unique_ptr<Object> b = make_outgoing_body(r->body);
  if (!b) return Error(ErrorKind::Trap, "outgoing-body is not available");
  r->body->set_taken();
  return Value::ok(ctx.own(host.types.outgoing_body, std::move(b)));
}

// set: static func(param: response-outparam, response: result<outgoing-response, error-code>). Both handles
// are consumed; the outparam can be set once only (a second set finds no outparam: a trap).
Result<std::optional<Value>> set(const Host& host, Ctx& ctx, Args args) {
  const Value& result = args[1];
  if (result.kind() != mc::TypeKind::Result)
    return Error(ErrorKind::Usage, "response-outparam.set: expected result<outgoing-response, error-code>");
  ResponseOutparam* out = MOSAIC_TRY(ctx.get<ResponseOutparam>(args[0], host.types.response_outparam));
  if (out->set) return Error(ErrorKind::Trap, "response-outparam already set");
  if (result.is_err()) {
    if (!result.payload())
      return Error(ErrorKind::Usage, "response-outparam.set: expected result<outgoing-response, error-code>");
    HttpErrorCode error = error_code_from(*result.payload());
    std::unique_ptr<ResponseOutparam> param =
        MOSAIC_TRY(ctx.take<ResponseOutparam>(args[0], host.types.response_outparam));
    param->set = true;
    param->responder->respond_error(error);
    return std::optional<Value>();
  }
  if (!result.payload())
    return Error(ErrorKind::Usage, "response-outparam.set: expected result<outgoing-response, error-code>");
  std::unique_ptr<OutgoingResponse> r =
      MOSAIC_TRY(ctx.take<OutgoingResponse>(*result.payload(), host.types.outgoing_response));
  std::unique_ptr<ResponseOutparam> param =
      MOSAIC_TRY(ctx.take<ResponseOutparam>(args[0], host.types.response_outparam));
  param->set = true;
  HttpResponseHead head{r->status, r->headers ? *r->headers : HttpFields{}};
  std::shared_ptr<HttpBodySink> sink = param->responder->respond(head);
  if (r->body && r->body->taken()) {
    // The guest writes the body through its outgoing-body from now on.
    r->body->attach(std::move(sink));
  } else if (sink) {
    sink->finish({});
  }
  return std::optional<Value>();
}

// send-informational (unstable in the WIT): not supported, a trap as in wasmtime.
Result<std::optional<Value>> send_informational(const Host&, Ctx&, Args) {
  return Error(ErrorKind::Trap, "not implemented");
}

constexpr HttpFunction kFunctions[] = {
    {kTypes, "[constructor]outgoing-response", 1, true, construct},
    {kTypes, "[method]outgoing-response.status-code", 1, true, status_code},
    {kTypes, "[method]outgoing-response.set-status-code", 2, true, set_status_code},
    {kTypes, "[method]outgoing-response.headers", 1, true, headers},
    {kTypes, "[method]outgoing-response.body", 1, true, body},
    {kTypes, "[static]response-outparam.set", 2, false, set},
    {kTypes, "[method]response-outparam.send-informational", 3, true, send_informational},
};

}  // namespace

std::span<const HttpFunction> response_functions() { return kFunctions; }

}  // namespace mosaic::wasi::http
