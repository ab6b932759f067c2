// wasi:http/types: incoming-request (the request a guest's handler is given), outgoing-request (one it builds
// to send through wasi:http/outgoing-handler) and request-options.
//
// As wasmtime: the setters of outgoing-request check their value as the http crate parses it (a method
// token, a path-and-query of URI characters, a scheme name, an authority whose port is a number) and answer
// err(()) without changing anything when it does not parse; body() answers once.

#include <algorithm>

#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

namespace {

using mc::Value;
using Args = std::span<const Value>;

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// A method is a token (RFC 9110 9.1, 5.6.2).
bool valid_method(std::string_view m) {
  return !m.empty() && std::all_of(m.begin(), m.end(), [](unsigned char c) {
    return is_alpha(c) || is_digit(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos;
  });
}

// The bytes http::uri::PathAndQuery accepts: in the path the URI characters that need no escaping (and ",
// {, } that browsers send), in the query those and ?, `, {, }; bytes above 0x7f in both. Returns the path
// and query without a fragment, or nothing when a byte is not allowed.
std::optional<std::string> valid_path_with_query(std::string_view s) {
  auto path_byte = [](unsigned char b) {
    return b == 0x21 || (b >= 0x24 && b <= 0x3b) || b == 0x3d || (b >= 0x40 && b <= 0x5f) ||
           (b >= 0x61 && b <= 0x7a) || b == 0x7c || b == 0x7e || b == '"' || b == '{' || b == '}' ||
           b >= 0x80;
  };
  auto query_byte = [](unsigned char b) {
    return b == 0x21 || (b >= 0x24 && b <= 0x3b) || b == 0x3d || (b >= 0x3f && b <= 0x7e) || b >= 0x80;
  };
  bool in_query = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char b = s[i];
    if (b == '#') return std::string(s.substr(0, i));  // a fragment is not part of a request target
    if (!in_query && b == '?') {
      in_query = true;
    } else if (!(in_query ? query_byte(b) : path_byte(b))) {
      return std::nullopt;
    }
  }
  return std::string(s);
}

// A scheme other than http/https: RFC 3986 3.1's characters, at most 64 of them (the http crate's limit).
bool valid_scheme(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
  });
}

// An authority ([userinfo@]host[:port], RFC 3986 3.2) as http::uri::Authority parses it, with wasmtime's
// extra rule that a port, when there is a colon for one, is a number that fits a u16.
bool valid_authority(std::string_view s) {
  if (s.empty() || s.size() >= 65534) return false;
  size_t at = s.find('@');
  if (at != std::string_view::npos && s.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : s)
    if (!(is_alpha(c) || is_digit(c) ||
          std::string_view("-._~!$&'()*+,;=:@[]%").find(char(c)) != std::string_view::npos))
      return false;
  std::string_view host = at == std::string_view::npos ? s : s.substr(at + 1);
  if (host.empty()) return false;
  size_t open = host.find('['), close = host.find(']');
  if ((open == std::string_view::npos) != (close == std::string_view::npos)) return false;
  std::string_view after = host;
  if (open != std::string_view::npos) {
    // An IP literal: "[...]" first, and nothing but a port after it.
    if (open != 0 || close < open || host.find('[', open + 1) != std::string_view::npos ||
        host.find(']', close + 1) != std::string_view::npos)
      return false;
    after = host.substr(close + 1);
    if (!after.empty() && after[0] != ':') return false;
  } else if (std::count(host.begin(), host.end(), ':') > 1) {
    return false;
  }
  size_t colon = after.find(':');
  if (colon == std::string_view::npos) return true;
  std::string_view port = after.substr(colon + 1);
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) return false;
  uint32_t n = 0;
  for (char c : port) n = n * 10 + uint32_t(c - '0');
  return n <= 65535;
}

// variant method { get, head, ..., other(string) }, and back.
constexpr std::pair<std::string_view, std::string_view> kMethods[] = {
    {"GET", "get"},         {"HEAD", "head"},     {"POST", "post"},
    {"PUT", "put"},         {"DELETE", "delete"}, {"CONNECT", "connect"},
    {"OPTIONS", "options"}, {"TRACE", "trace"},   {"PATCH", "patch"},
};

Value method_value(const std::string& method) {
  for (auto [http, wit] : kMethods)
    if (method == http) return Value::variant(std::string(wit), std::nullopt);
  return Value::variant("other", Value::string(method));
}

// The method a variant names; nothing when it is not a method variant.
std::optional<std::string> method_of(const Value& v) {
  if (v.kind() != mc::TypeKind::Variant) return std::nullopt;
  for (auto [http, wit] : kMethods)
    if (v.case_name() == wit) return std::string(http);
  if (v.case_name() == "other" && v.payload() && v.payload()->kind() == mc::TypeKind::String)
    return v.payload()->as_string();
  return std::nullopt;
}

// option<scheme>: none for an empty scheme.
Value scheme_value(const std::string& scheme) {
  if (scheme.empty()) return Value::option(std::nullopt);
  auto lower = scheme;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  if (lower == "http") return Value::option(Value::variant("HTTP", std::nullopt));
  if (lower == "https") return Value::option(Value::variant("HTTPS", std::nullopt));
  return Value::option(Value::variant("other", Value::string(scheme)));
}

Value opt_string(const std::string& s) {
  return s.empty() ? Value::option(std::nullopt) : Value::option(Value::string(s));
}

Value unit_ok() { return Value::ok(std::nullopt); }
Value unit_err() { return Value::err(std::nullopt); }

Result<const std::string*> opt_string_arg(const Value& v, std::string_view what) {
  if (v.kind() != mc::TypeKind::Option ||
      (v.is_some() && (!v.payload() || v.payload()->kind() != mc::TypeKind::String)))
    return Error(ErrorKind::Usage, std::string(what) + ": expected option<string>");
  return v.is_some() ? &v.payload()->as_string() : nullptr;
}

// ---- incoming-request ----

Result<IncomingRequest*> incoming(const Host& host, Ctx& ctx, const Value& v) {
  return ctx.get<IncomingRequest>(v, host.types.incoming_request);
}

Result<std::optional<Value>> in_method(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  return method_value(r->head.method);
}

Result<std::optional<Value>> in_path_with_query(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  return opt_string(r->head.path_with_query);
}

Result<std::optional<Value>> in_scheme(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  return scheme_value(r->head.scheme);
}

Result<std::optional<Value>> in_authority(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  return opt_string(r->head.authority);
}

// headers: func() -> headers: an immutable view of the request's headers.
Result<std::optional<Value>> in_headers(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  if (!r->headers) r->headers = std::make_shared<HttpFields>();
  return fields_child(host, ctx, r->headers);
}

// consume: func() -> result<incoming-body>: the body, once.
Result<std::optional<Value>> in_consume(const Host& host, Ctx& ctx, Args args) {
  IncomingRequest* r = MOSAIC_TRY(incoming(host, ctx, args[0]));
  if (r->consumed) return unit_err();
  std::unique_ptr<Object> body = make_incoming_body(std::move(r->body));
  if (!body) return Error(ErrorKind::Trap, "incoming-body is not available");
  r->consumed = true;
  return Value::ok(ctx.own(host.types.incoming_body, std::move(body)));
}

// ---- outgoing-request ----

Result<OutgoingRequest*> outgoing(const Host& host, Ctx& ctx, const Value& v) {
  return ctx.get<OutgoingRequest>(v, host.types.outgoing_request);
}

// constructor(headers: headers): takes the fields, which become immutable; method get, the rest none.
Result<std::optional<Value>> out_construct(const Host& host, Ctx& ctx, Args args) {
  auto request = std::make_unique<OutgoingRequest>();
  request->headers = MOSAIC_TRY(take_fields(host, ctx, args[0]));
  request->head.method = "GET";
  request->body = std::make_shared<BodyWriter>(*request->headers, false);
  return ctx.own(host.types.outgoing_request, std::move(request));
}

// body: func() -> result<outgoing-body>: once.
Result<std::optional<Value>> out_body(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  if (!r->body || r->body->taken()) return unit_err();
  std::unique_ptr<Object> body = make_outgoing_body(r->body);
  if (!body) return Error(ErrorKind::Trap, "outgoing-body is not available");
  r->body->set_taken();
  return Value::ok(ctx.own(host.types.outgoing_body, std::move(body)));
}

Result<std::optional<Value>> out_method(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  return method_value(r->head.method);
}

Result<std::optional<Value>> out_set_method(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  std::optional<std::string> m = method_of(args[1]);
  if (!m) return Error(ErrorKind::Usage, "outgoing-request.set-method: expected a method");
  if (!valid_method(*m)) return unit_err();
  r->head.method = std::move(*m);
  return unit_ok();
}

Result<std::optional<Value>> out_path_with_query(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  return opt_string(r->head.path_with_query);
}

Result<std::optional<Value>> out_set_path_with_query(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  const std::string* p = MOSAIC_TRY(opt_string_arg(args[1], "outgoing-request.set-path-with-query"));
  if (!p) {
    r->head.path_with_query.clear();
    return unit_ok();
  }
  std::optional<std::string> valid = valid_path_with_query(*p);
  if (!valid) return unit_err();
  r->head.path_with_query = std::move(*valid);
  return unit_ok();
}

Result<std::optional<Value>> out_scheme(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  return scheme_value(r->head.scheme);
}

Result<std::optional<Value>> out_set_scheme(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  const Value& v = args[1];
  if (v.kind() != mc::TypeKind::Option)
    return Error(ErrorKind::Usage, "outgoing-request.set-scheme: expected option<scheme>");
  if (!v.is_some()) {
    r->head.scheme.clear();
    return unit_ok();
  }
  const Value* s = v.payload();
  if (!s || s->kind() != mc::TypeKind::Variant)
    return Error(ErrorKind::Usage, "outgoing-request.set-scheme: expected option<scheme>");
  if (s->case_name() == "HTTP") {
    r->head.scheme = "http";
  } else if (s->case_name() == "HTTPS") {
    r->head.scheme = "https";
  } else if (s->case_name() == "other" && s->payload() && s->payload()->kind() == mc::TypeKind::String) {
    if (!valid_scheme(s->payload()->as_string())) return unit_err();
    r->head.scheme = s->payload()->as_string();
  } else {
    return Error(ErrorKind::Usage, "outgoing-request.set-scheme: expected option<scheme>");
  }
  return unit_ok();
}

Result<std::optional<Value>> out_authority(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  return opt_string(r->head.authority);
}

Result<std::optional<Value>> out_set_authority(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  const std::string* a = MOSAIC_TRY(opt_string_arg(args[1], "outgoing-request.set-authority"));
  if (!a) {
    r->head.authority.clear();
    return unit_ok();
  }
  if (!valid_authority(*a)) return unit_err();
  r->head.authority = *a;
  return unit_ok();
}

Result<std::optional<Value>> out_headers(const Host& host, Ctx& ctx, Args args) {
  OutgoingRequest* r = MOSAIC_TRY(outgoing(host, ctx, args[0]));
  return fields_child(host, ctx, r->headers);
}

// ---- request-options: three timeouts in nanoseconds (wasi:clocks duration), none by default ----

Result<RequestOptions*> options(const Host& host, Ctx& ctx, const Value& v) {
  return ctx.get<RequestOptions>(v, host.types.request_options);
}

Result<std::optional<Value>> opt_construct(const Host& host, Ctx& ctx, Args) {
  return ctx.own(host.types.request_options, std::make_unique<RequestOptions>());
}

template <std::optional<uint64_t> HttpRequestOptions::*Field>
Result<std::optional<Value>> get_timeout(const Host& host, Ctx& ctx, Args args) {
  RequestOptions* o = MOSAIC_TRY(options(host, ctx, args[0]));
  const std::optional<uint64_t>& t = o->options.*Field;
  return Value::option(t ? std::optional(Value::u64(*t)) : std::nullopt);
}

template <std::optional<uint64_t> HttpRequestOptions::*Field>
Result<std::optional<Value>> set_timeout(const Host& host, Ctx& ctx, Args args) {
  RequestOptions* o = MOSAIC_TRY(options(host, ctx, args[0]));
  const Value& v = args[1];
  if (v.kind() != mc::TypeKind::Option ||
      (v.is_some() && (!v.payload() || v.payload()->kind() != mc::TypeKind::U64)))
    return Error(ErrorKind::Usage, "request-options: expected option<duration>");
  o->options.*Field = v.is_some() ? std::optional(v.payload()->as_unsigned()) : std::nullopt;
  return unit_ok();
}

using O = HttpRequestOptions;

constexpr HttpFunction kFunctions[] = {
    {kTypes, "[method]incoming-request.method", 1, true, in_method},
    {kTypes, "[method]incoming-request.path-with-query", 1, true, in_path_with_query},
    {kTypes, "[method]incoming-request.scheme", 1, true, in_scheme},
    {kTypes, "[method]incoming-request.authority", 1, true, in_authority},
    {kTypes, "[method]incoming-request.headers", 1, true, in_headers},
    {kTypes, "[method]incoming-request.consume", 1, true, in_consume},
    {kTypes, "[constructor]outgoing-request", 1, true, out_construct},
    {kTypes, "[method]outgoing-request.body", 1, true, out_body},
    {kTypes, "[method]outgoing-request.method", 1, true, out_method},
    {kTypes, "[method]outgoing-request.set-method", 2, true, out_set_method},
    {kTypes, "[method]outgoing-request.path-with-query", 1, true, out_path_with_query},
    {kTypes, "[method]outgoing-request.set-path-with-query", 2, true, out_set_path_with_query},
    {kTypes, "[method]outgoing-request.scheme", 1, true, out_scheme},
    {kTypes, "[method]outgoing-request.set-scheme", 2, true, out_set_scheme},
    {kTypes, "[method]outgoing-request.authority", 1, true, out_authority},
    {kTypes, "[method]outgoing-request.set-authority", 2, true, out_set_authority},
    {kTypes, "[method]outgoing-request.headers", 1, true, out_headers},
    {kTypes, "[constructor]request-options", 0, true, opt_construct},
    {kTypes, "[method]request-options.connect-timeout", 1, true, get_timeout<&O::connect_timeout_ns>},
    {kTypes, "[method]request-options.set-connect-timeout", 2, true, set_timeout<&O::connect_timeout_ns>},
    {kTypes, "[method]request-options.first-byte-timeout", 1, true, get_timeout<&O::first_byte_timeout_ns>},
    {kTypes, "[method]request-options.set-first-byte-timeout", 2, true,
     set_timeout<&O::first_byte_timeout_ns>},
    {kTypes, "[method]request-options.between-bytes-timeout", 1, true,
     get_timeout<&O::between_bytes_timeout_ns>},
    {kTypes, "[method]request-options.set-between-bytes-timeout", 2, true,
     set_timeout<&O::between_bytes_timeout_ns>},
};

}  // namespace

std::span<const HttpFunction> request_functions() { return kFunctions; }

}  // namespace mosaic::wasi::http
