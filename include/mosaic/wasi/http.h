#pragma once
// wasi:http 0.2 for components: the host of wasi:http/types and wasi:http/outgoing-handler (WIT in
// wit/wasi-0.2.12/http), and the call of a guest's wasi:http/incoming-handler. Imports of any 0.2.x link.
//
// The HTTP transport is the embedder's: a server gives each request's head and body source to Http::handle
// and receives the guest's response through an HttpResponder; the guest's outgoing requests go through an
// HttpClient (none: the guest's requests fail with HTTP-request-denied). `mosaic serve` (src/serve/) is such
// an embedder, on Boost.Beast.
//
//   auto wasi = mosaic::wasi::Preview2::create(config);
//   mosaic::wasi::Http http(client);                    // client may be null
//   mosaic::component::Linker linker;
//   wasi->add_to_linker(linker);
//   http.add_to_linker(linker, *wasi);
//   // per request, in a store of its own:
//   mosaic::Store store(engine);
//   wasi->fresh().attach(store);
//   auto instance = linker.instantiate(store, component);
//   auto done = http.handle(store, *instance, head, body, responder);
//
// Bodies are blocking on the host side: a guest reading a request body waits in HttpBodySource::read, a
// guest writing a response body waits in HttpBodySink::write (backpressure from the connection).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/result.h"
#include "mosaic/store.h"
#include "mosaic/wasi/preview2.h"

namespace mosaic::wasi {

// One header or trailer field. Names are compared case-insensitively (wasi:http keeps them as given);
// values are bytes.
struct HttpField {
  std::string name;
  std::string value;
  bool operator==(const HttpField&) const = default;
};
using HttpFields = std::vector<HttpField>;

struct HttpRequestHead {
  std::string method;           // "GET", "POST", ... or any other token
  std::string scheme;           // "http", "https", or another; empty: none
  std::string authority;        // "host[:port]"; empty: none
  std::string path_with_query;  // "/path?query"; empty: none
  HttpFields headers;
};

struct HttpResponseHead {
  uint16_t status = 200;
  HttpFields headers;
};

// An error-code of wasi:http/types: the case name ("connection-refused", "HTTP-request-denied",
// "internal-error", ...; the WIT's spelling) and, for the cases that carry a string (internal-error,
// HTTP-request-method-invalid's kin) or that the host wants to explain, a message.
struct HttpErrorCode {
  std::string code;
  std::string message;
};

// A body flowing into a guest: a request body (server side) or a response body (client side).
class HttpBodySource {
 public:
  virtual ~HttpBodySource() = default;
  // Appends at most `max` bytes to `out`, waiting for at least one. False at the end of the body (nothing
  // appended). An HttpErrorCode when the body fails (connection reset, timeout): the guest's stream fails.
  virtual bool read(size_t max, std::vector<uint8_t>& out, std::optional<HttpErrorCode>& error) = 0;
  // After the end: the trailers, if the body had any.
  virtual HttpFields trailers() { return {}; }
};

// A body flowing out of a guest: a response body (server side) or a request body (client side).
class HttpBodySink {
 public:
  virtual ~HttpBodySink() = default;
  // Waits until the bytes are taken (backpressure). False when the receiver is gone (connection closed).
  virtual bool write(std::span<const uint8_t> bytes) = 0;
  // The guest finished the body (outgoing-body.finish) with these trailers (often none). False on failure.
  virtual bool finish(const HttpFields& trailers) = 0;
  // The guest dropped the body without finishing it, or the call ended: the message is incomplete (a
  // server closes the connection rather than end the message normally).
  virtual void abort() = 0;
};

// Where one request's response goes (the server's side of response-outparam).
class HttpResponder {
 public:
  virtual ~HttpResponder() = default;
  // response-outparam.set(ok(response)): the head, then the body through the returned sink (null: the
  // connection is gone; the guest's writes then fail). Called at most once per request.
  virtual std::unique_ptr<HttpBodySink> respond(const HttpResponseHead& head) = 0;
  // response-outparam.set(err(code)).
  virtual void respond_error(const HttpErrorCode& error) = 0;
};

// request-options of an outgoing request, in nanoseconds.
struct HttpRequestOptions {
  std::optional<uint64_t> connect_timeout_ns;
  std::optional<uint64_t> first_byte_timeout_ns;
  std::optional<uint64_t> between_bytes_timeout_ns;
};

// One outgoing request in flight.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  // The request body, written by the guest after outgoing-handler.handle (finish ends the request).
  virtual HttpBodySink& body() = 0;
  // Waits for the response head (after the body is finished or aborted); its body follows through the
  // source. On failure `error` is set and the result null.
  struct Response {
    HttpResponseHead head;
    std::shared_ptr<HttpBodySource> body;
  };
  virtual std::optional<Response> response(std::optional<HttpErrorCode>& error) = 0;
};

// Sends a guest's outgoing requests (wasi:http/outgoing-handler). Called from the guest's thread; one client
// serves many guests at once.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Starts a request (the head is sent when the body starts or ends; the host decides content-length or
  // chunked from the headers). Null with `error` set when the request cannot start (HTTP-request-denied for
  // a host that is not allowed, DNS-error, connection-refused, ...).
  virtual std::unique_ptr<HttpExchange> send(const HttpRequestHead& head, const HttpRequestOptions& options,
                                             std::optional<HttpErrorCode>& error) = 0;
};

class Http {
 public:
  // `client`: where guests' outgoing requests go; null refuses them all (HTTP-request-denied).
  explicit Http(std::shared_ptr<HttpClient> client = nullptr);
  ~Http();
  Http(Http&&) noexcept;
  Http& operator=(Http&&) noexcept;

  // Defines every function and resource of wasi:http/types and wasi:http/outgoing-handler in `linker`.
  // `wasi` must have been added to the same linker first: bodies are its wasi:io streams, futures its
  // pollables, and objects live in the object table of the Preview2 attached to the store.
  void add_to_linker(component::Linker& linker, const Preview2& wasi);

  // Calls the instance's wasi:http/incoming-handler@0.2.x#handle with a new incoming-request (`head`, and
  // `body` for its body; null: an empty body) and a response-outparam whose response goes to `responder`.
  // Returns when handle returns; a trap is an Error (kind Trap), a missing export a Usage error. Whether
  // the guest responded is the responder's to know (a server answers 500 when it did not).
  Result<void> handle(Store& store, const component::Instance& instance, HttpRequestHead head,
                      std::shared_ptr<HttpBodySource> body, HttpResponder& responder) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mosaic::wasi
