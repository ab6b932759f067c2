#pragma once
// The host side of wasi:http/types' resources: one Object class per resource, kept in the object table of
// the guest's WASI 0.2 Ctx (src/wasi/p2/ctx.h), so that the bodies' wasi:io streams and the futures'
// pollables are ordinary wasi:io objects. Each file lists its functions in a table (HttpFunction).
//
// Files: http.cpp (Http, define_resources, handle), fields.cpp (fields), requests.cpp (incoming-request,
// outgoing-request, request-options), responses.cpp (outgoing-response, response-outparam), error_code.cpp
// (error-code Values), body.cpp (BodyWriter, incoming-body, outgoing-body, future-trailers and their
// streams, http-error-code), outgoing_handler.cpp (wasi:http/outgoing-handler, future-incoming-response,
// incoming-response).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mosaic/component/linker.h"
#include "mosaic/component/value.h"
#include "mosaic/wasi/http.h"
#include "wasi/p2/ctx.h"

namespace mosaic::wasi::http {

namespace mc = mosaic::component;
using p2::Ctx;
using p2::Object;

inline constexpr std::string_view kTypes = "wasi:http/types";
inline constexpr std::string_view kOutgoingHandler = "wasi:http/outgoing-handler";
inline constexpr std::string_view kIncomingHandler = "wasi:http/incoming-handler";

// The run-time resource types of wasi:http/types (define_resources fills them, before any add_*).
struct HttpTypes {
  mc::RtResource* fields = nullptr;
  mc::RtResource* incoming_request = nullptr;
  mc::RtResource* outgoing_request = nullptr;
  mc::RtResource* request_options = nullptr;
  mc::RtResource* response_outparam = nullptr;
  mc::RtResource* incoming_response = nullptr;
  mc::RtResource* incoming_body = nullptr;
  mc::RtResource* future_trailers = nullptr;
  mc::RtResource* outgoing_response = nullptr;
  mc::RtResource* outgoing_body = nullptr;
  mc::RtResource* future_incoming_response = nullptr;
};

// What every request's functions share: set up once by Http::add_to_linker, read-only afterwards (many
// requests on many threads use it at once).
struct Host {
  HttpTypes types;
  std::shared_ptr<HttpClient> client;  // null: outgoing requests are refused (HTTP-request-denied)
  p2::CtxPtr wasi;                     // the Preview2's Ctx: ctx_of(store, wasi) finds the request's own
};
using HostPtr = std::shared_ptr<const Host>;

// The object table of the guest a function serves.
inline Ctx& ctx_of(Store& store, const HostPtr& host) { return p2::ctx_of(store, host->wasi); }

// Defines every wasi:http/types resource (destructors remove the object from the store's Ctx).
void define_resources(Host& host, mc::Linker& linker);  // http.cpp

// A host function of wasi:http as a table entry (as src/wasi/p2/host_function.h): each file lists its
// functions; Http::add_to_linker defines every table; tests call entries directly with the Values a guest's
// call would lift. `call` returns the result (none for a function without one); an Error is a trap (bad
// handle, misuse).
struct HttpFunction {
  std::string_view iface;  // kTypes or kOutgoingHandler
  std::string_view item;   // "[method]fields.get"
  size_t params;           // including a method's `self`
  bool has_result;
  Result<std::optional<mc::Value>> (*call)(const Host& host, Ctx& ctx, std::span<const mc::Value> args);
};
// Defines each function at p2::path(iface, item) (http.cpp); arguments are counted first (Usage error).
void define_functions(const HostPtr& host, mc::Linker& linker, std::span<const HttpFunction> functions);

// The tables, one per file.
std::span<const HttpFunction> fields_functions();            // fields.cpp
std::span<const HttpFunction> request_functions();           // requests.cpp
std::span<const HttpFunction> response_functions();          // responses.cpp
std::span<const HttpFunction> body_functions();              // body.cpp (and http-error-code)
std::span<const HttpFunction> outgoing_handler_functions();  // outgoing_handler.cpp

// error_code.cpp: wasi:http/types#error-code as a Value (each case with the payload its type has: a
// message goes into internal-error's option<string>; other payloads are none/defaults), and back (a guest's
// response-outparam.set(err(...)) or outgoing-body.finish error).
mc::Value error_code_value(const HttpErrorCode& error);
HttpErrorCode error_code_from(const mc::Value& value);

// fields.cpp: the rules of field names (HTTP tokens) and values, and the headers the host forbids guests
// to see or set (wasmtime's DEFAULT_FORBIDDEN_HEADERS: connection, keep-alive, host, ...).
bool is_forbidden_header(std::string_view name);
// Fields from the network as a guest sees them: the forbidden ones removed.
HttpFields guest_visible(HttpFields fields);
// A new immutable fields handle sharing `entries` (headers(), trailers: header-error.immutable on change).
mc::Value fields_child(const Host& host, Ctx& ctx, std::shared_ptr<HttpFields> entries);
// The entries of an own<fields> given to a constructor (outgoing-request, outgoing-response, trailers):
// the handle is consumed and the entries are the message's, immutable from now on.
Result<std::shared_ptr<HttpFields>> take_fields(const Host& host, Ctx& ctx, const mc::Value& handle);

// fields (and the headers/trailers of requests and responses). Children handed out by headers() share the
// parent's entries and are immutable (header-error.immutable).
class Fields : public Object {
 public:
  Fields(std::shared_ptr<HttpFields> entries, bool immutable)
      : entries(std::move(entries)), immutable(immutable) {}
  std::shared_ptr<HttpFields> entries;
  bool immutable = false;
};

// The writing end of an outgoing body (an outgoing-response's or outgoing-request's), shared by the
// outgoing-body resource, its output-stream and the response/request that made it. Bytes written before
// the body has a sink (before response-outparam.set, before outgoing-handler.handle) wait in a buffer.
// Implemented in body.cpp.
class BodyWriter {
 public:
  // `headers`: the message's headers; a content-length among them bounds the body (more, or fewer at
  // finish, is an error: HTTP-request-body-size / HTTP-response-body-size).
  explicit BodyWriter(const HttpFields& headers, bool is_response);
  ~BodyWriter();  // a body handed to the guest but neither finished nor attached ends aborted
  BodyWriter(const BodyWriter&) = delete;
  BodyWriter& operator=(const BodyWriter&) = delete;

  // The sink the bytes go to from now on; what waited is written first (and a finish that came already).
  void attach(std::shared_ptr<HttpBodySink> sink);
  // The body was never handed to the guest (no outgoing-body was asked for): attaching finishes it empty.
  bool taken() const { return taken_; }
  void set_taken() { taken_ = true; }
  // The guest may still write: the body was taken and is neither finished nor aborted, and its receiver is
  // not gone (an outgoing request's response is not waited for while its body is open).
  bool open() const;

  struct State;  // body.cpp
  std::shared_ptr<State> state;

 private:
  bool taken_ = false;
};

// incoming-request.
class IncomingRequest : public Object {
 public:
  HttpRequestHead head;                  // head.headers is moved into `headers`
  std::shared_ptr<HttpFields> headers;   // shared with headers() children
  std::shared_ptr<HttpBodySource> body;  // null: empty
  bool consumed = false;
};

// outgoing-request: its head as the guest builds it, and its body's writer.
class OutgoingRequest : public Object {
 public:
  HttpRequestHead head;  // head.headers is moved into `headers`
  std::shared_ptr<HttpFields> headers;
  std::shared_ptr<BodyWriter> body;  // made with the request; taken by body()
};

class RequestOptions : public Object {
 public:
  HttpRequestOptions options;
};

// outgoing-response.
class OutgoingResponse : public Object {
 public:
  uint16_t status = 200;
  std::shared_ptr<HttpFields> headers;
  std::shared_ptr<BodyWriter> body;  // made with the response; taken by body()
};

// response-outparam: where the guest's response goes. `set` is allowed once.
class ResponseOutparam : public Object {
 public:
  explicit ResponseOutparam(HttpResponder* responder) : responder(responder) {}
  HttpResponder* responder;  // outlives the call of handle
  bool set = false;
};

// incoming-body / incoming-response / future-trailers / future-incoming-response: body.cpp and
// outgoing_handler.cpp. The constructor functions the other files need:
// A new incoming-body object reading `source` (null: an empty body).
std::unique_ptr<Object> make_incoming_body(std::shared_ptr<HttpBodySource> source);
// A new outgoing-body object writing through `writer` (outgoing-response.body / outgoing-request.body).
std::unique_ptr<Object> make_outgoing_body(std::shared_ptr<BodyWriter> writer);

}  // namespace mosaic::wasi::http
