// fetch: GETs the URL given in the request's query (`/?url=http://HOST:PORT/PATH`) through
// wasi:http/outgoing-handler and answers with the status and body it got (the body up to 1 MiB, content-type
// text/plain). When the outgoing request fails (in handle or in the future's result) it answers 502 with the
// body "error-code: NAME\n", NAME being the error-code case's WIT name (e.g. HTTP-request-denied).
#include "wasi_http.h"

// wasi:http/types.error-code's cases, in the WIT's order (the discriminant is the index).
static const char* const kErrorCodes[] = {"DNS-timeout",
                                          "DNS-error",
                                          "destination-not-found",
                                          "destination-unavailable",
                                          "destination-IP-prohibited",
                                          "destination-IP-unroutable",
                                          "connection-refused",
                                          "connection-terminated",
                                          "connection-timeout",
                                          "connection-read-timeout",
                                          "connection-write-timeout",
                                          "connection-limit-reached",
                                          "TLS-protocol-error",
                                          "TLS-certificate-error",
                                          "TLS-alert-received",
                                          "HTTP-request-denied",
                                          "HTTP-request-length-required",
                                          "HTTP-request-body-size",
                                          "HTTP-request-method-invalid",
                                          "HTTP-request-URI-invalid",
                                          "HTTP-request-URI-too-long",
                                          "HTTP-request-header-section-size",
                                          "HTTP-request-header-size",
                                          "HTTP-request-trailer-section-size",
                                          "HTTP-request-trailer-size",
                                          "HTTP-response-incomplete",
                                          "HTTP-response-header-section-size",
                                          "HTTP-response-header-size",
                                          "HTTP-response-body-size",
                                          "HTTP-response-trailer-section-size",
                                          "HTTP-response-trailer-size",
                                          "HTTP-response-transfer-coding",
                                          "HTTP-response-content-coding",
                                          "HTTP-response-timeout",
                                          "HTTP-upgrade-failed",
                                          "HTTP-protocol-error",
                                          "loop-detected",
                                          "configuration-error",
                                          "internal-error"};

static uint8_t body[1 << 20];

static size_t append(size_t at, const char* s) {
  while (*s && at < sizeof body) body[at++] = (uint8_t)*s++;
  return at;
}

static void fail(int32_t outparam, const char* what, uint32_t code) {
  size_t n = append(0, what);
  n = append(n, code < sizeof kErrorCodes / sizeof kErrorCodes[0] ? kErrorCodes[code] : "unknown");
  n = append(n, "\n");
  respond(outparam, 502, "text/plain", body, n);
}

static void bad_request(int32_t outparam) {
  size_t n = append(0, "usage: /?url=http://HOST:PORT/PATH\n");
  respond(outparam, 400, "text/plain", body, n);
}

HANDLE_EXPORT void handle(int32_t request, int32_t outparam) {
  RetArea r;
  incoming_request_path_with_query(request, &r);
  if (ret_u8(&r, 0) != 1) {
    bad_request(outparam);
    return;
  }
  const char* path = (const char*)(uintptr_t)ret_u32(&r, 4);
  size_t len = ret_u32(&r, 8);
  incoming_request_drop(request);

  // The target: the query's url=http://AUTHORITY/PATH.
  static const char kPrefix[] = "/?url=http://";
  size_t prefix = sizeof kPrefix - 1;
  if (len <= prefix) {
    bad_request(outparam);
    return;
  }
  for (size_t i = 0; i < prefix; i++)
    if (path[i] != kPrefix[i]) {
      bad_request(outparam);
      return;
    }
  const char* authority = path + prefix;
  size_t authority_len = 0;
  while (prefix + authority_len < len && authority[authority_len] != '/') authority_len++;
  const char* target = authority + authority_len;
  size_t target_len = len - prefix - authority_len;
  if (target_len == 0) target = "/", target_len = 1;

  int32_t outgoing = outgoing_request_new(fields_new());
  if (outgoing_request_set_scheme(outgoing, 1, 0, 0, 0) != 0) __builtin_trap();  // some(HTTP)
  if (outgoing_request_set_authority(outgoing, 1, authority, authority_len) != 0) __builtin_trap();
  if (outgoing_request_set_path_with_query(outgoing, 1, target, target_len) != 0) __builtin_trap();

  outgoing_handler_handle(outgoing, 0, 0, &r);
  if (ret_u8(&r, 0) != 0) {
    fail(outparam, "error-code: ", ret_u8(&r, 8));
    return;
  }
  int32_t future = (int32_t)ret_u32(&r, 8);
  int32_t ready = future_incoming_response_subscribe(future);
  pollable_block(ready);
  pollable_drop(ready);
  future_incoming_response_get(future, &r);
  if (ret_u8(&r, 0) != 1 || ret_u8(&r, 8) != 0) __builtin_trap();  // ready, and got for the first time
  if (ret_u8(&r, 16) != 0) {
    fail(outparam, "error-code: ", ret_u8(&r, 24));
    return;
  }
  int32_t response = (int32_t)ret_u32(&r, 24);
  future_incoming_response_drop(future);

  int status = incoming_response_status(response);
  incoming_response_consume(response, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t in_body = (int32_t)ret_u32(&r, 4);
  incoming_body_stream(in_body, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t in = (int32_t)ret_u32(&r, 4);
  size_t got = 0;
  uintptr_t mark = heap_mark();
  for (;;) {
    input_stream_blocking_read(in, 65536, &r);
    if (ret_u8(&r, 0) != 0) {
      if (ret_u8(&r, 4) == 1) break;  // closed
      io_error_drop((int32_t)ret_u32(&r, 8));
      fail(outparam, "body read failed: ", 25);  // HTTP-response-incomplete
      return;
    }
    const uint8_t* chunk = (const uint8_t*)(uintptr_t)ret_u32(&r, 4);
    size_t n = ret_u32(&r, 8);
    if (n > sizeof body - got) n = sizeof body - got;
    mem_copy(body + got, chunk, n);
    got += n;
    heap_reset(mark);
  }
  input_stream_drop(in);
  incoming_body_drop(in_body);
  incoming_response_drop(response);
  respond(outparam, status, "text/plain", body, got);
}
