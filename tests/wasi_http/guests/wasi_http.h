// The wasi:http@0.2.10 and wasi:io@0.2.12 functions the test guests use, lowered by hand per the Component
// Model's canonical ABI (CanonicalABI.md): handles are i32; a function whose results flatten to more than one
// value writes them to a return area (the last parameter, `ret`) laid out as the type's memory layout;
// strings and lists are (pointer, length) pairs, allocated by the host through the guest's cabi_realloc when
// returned. `jco new` checks every signature against the WIT world (world.wit) when it makes the component.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define HTTP_IMPORT(name) __attribute__((import_module("wasi:http/types@0.2.10"), import_name(name)))
#define STREAMS_IMPORT(name) __attribute__((import_module("wasi:io/streams@0.2.12"), import_name(name)))

// --- wasi:http/types
// -----------------------------------------------------------------------------------------
HTTP_IMPORT("[constructor]fields") int32_t fields_new(void);
// fields.get(name) -> list<field-value>: ret = {ptr, len} of {ptr, len} pairs.
HTTP_IMPORT("[method]fields.get") void fields_get(int32_t self, const char* name, size_t name_len, void* ret);
// fields.append(name, value) -> result<_, header-error>: ret = {u8 discriminant, u8 header-error}.
HTTP_IMPORT("[method]fields.append")
void fields_append(int32_t self, const char* name, size_t name_len, const void* value, size_t value_len,
                   void* ret);
HTTP_IMPORT("[resource-drop]fields") void fields_drop(int32_t self);

HTTP_IMPORT("[method]incoming-request.headers") int32_t incoming_request_headers(int32_t self);
// path-with-query -> option<string>: ret = {u8 discriminant, pad, ptr @4, len @8}.
HTTP_IMPORT("[method]incoming-request.path-with-query")
void incoming_request_path_with_query(int32_t self, void* ret);
// consume -> result<incoming-body>: ret = {u8 discriminant, handle @4}.
HTTP_IMPORT("[method]incoming-request.consume") void incoming_request_consume(int32_t self, void* ret);
HTTP_IMPORT("[resource-drop]incoming-request") void incoming_request_drop(int32_t self);

// stream -> result<input-stream>: ret = {u8 discriminant, handle @4}.
HTTP_IMPORT("[method]incoming-body.stream") void incoming_body_stream(int32_t self, void* ret);
HTTP_IMPORT("[resource-drop]incoming-body") void incoming_body_drop(int32_t self);

HTTP_IMPORT("[constructor]outgoing-response") int32_t outgoing_response_new(int32_t headers);
// set-status-code -> result: one flat value, the discriminant.
HTTP_IMPORT("[method]outgoing-response.set-status-code")
int32_t outgoing_response_set_status_code(int32_t self, int32_t status);
HTTP_IMPORT("[method]outgoing-response.body") void outgoing_response_body(int32_t self, void* ret);

HTTP_IMPORT("[method]outgoing-body.write") void outgoing_body_write(int32_t self, void* ret);
// finish(this, option<trailers>) -> result<_, error-code>: the option flattens to (discriminant, handle).
HTTP_IMPORT("[static]outgoing-body.finish")
void outgoing_body_finish(int32_t self, int32_t has_trailers, int32_t trailers, void* ret);

// response-outparam.set(param, result<outgoing-response, error-code>): the result flattens to 8 values: its
// discriminant, then the join of the response handle with error-code's flattening (i32 discriminant, then the
// widest cases': option<field-size-payload> gives 6 values, option<u64> makes the second an i64). In the ok
// case the first is the response handle and the rest are zero.
HTTP_IMPORT("[static]response-outparam.set")
void response_outparam_set(int32_t param, int32_t is_err, int32_t a, int32_t b, int64_t c, int32_t d,
                           int32_t e, int32_t f, int32_t g);

HTTP_IMPORT("[constructor]outgoing-request") int32_t outgoing_request_new(int32_t headers);
// set-scheme(option<scheme>): (option discriminant, scheme discriminant, other's ptr, len) -> result.
HTTP_IMPORT("[method]outgoing-request.set-scheme")
int32_t outgoing_request_set_scheme(int32_t self, int32_t is_some, int32_t scheme, const char* other,
                                    size_t len);
HTTP_IMPORT("[method]outgoing-request.set-authority")
int32_t outgoing_request_set_authority(int32_t self, int32_t is_some, const char* authority, size_t len);
HTTP_IMPORT("[method]outgoing-request.set-path-with-query")
int32_t outgoing_request_set_path_with_query(int32_t self, int32_t is_some, const char* path, size_t len);

HTTP_IMPORT("[method]future-incoming-response.subscribe")
int32_t future_incoming_response_subscribe(int32_t self);
// get -> option<result<result<incoming-response, error-code>>>: error-code has 8-byte alignment
// (option<u64>), so: option discriminant @0, outer result @8, inner result @16, handle or error-code
// discriminant @24.
HTTP_IMPORT("[method]future-incoming-response.get")
void future_incoming_response_get(int32_t self, void* ret);
HTTP_IMPORT("[resource-drop]future-incoming-response") void future_incoming_response_drop(int32_t self);

HTTP_IMPORT("[method]incoming-response.status") int32_t incoming_response_status(int32_t self);
HTTP_IMPORT("[method]incoming-response.consume") void incoming_response_consume(int32_t self, void* ret);
HTTP_IMPORT("[resource-drop]incoming-response") void incoming_response_drop(int32_t self);

// --- wasi:http/outgoing-handler
// ------------------------------------------------------------------------------ handle(request,
// option<request-options>) -> result<future-incoming-response, error-code>: ret = {u8 discriminant, handle or
// error-code @8}.
__attribute__((import_module("wasi:http/outgoing-handler@0.2.10"), import_name("handle"))) void
outgoing_handler_handle(int32_t request, int32_t has_options, int32_t options, void* ret);

// --- wasi:io
// ---------------------------------------------------------------------------------------------------
// blocking-read(len) -> result<list<u8>, stream-error>: ret = {u8 discriminant, ptr @4, len @8} or, on error,
// the stream-error at 4 (u8 discriminant: 0 last-operation-failed(error @8), 1 closed).
STREAMS_IMPORT("[method]input-stream.blocking-read")
void input_stream_blocking_read(int32_t self, int64_t len, void* ret);
STREAMS_IMPORT("[resource-drop]input-stream") void input_stream_drop(int32_t self);
// check-write -> result<u64, stream-error>: ret = {u8 discriminant, u64 @8 or stream-error @8}.
STREAMS_IMPORT("[method]output-stream.check-write") void output_stream_check_write(int32_t self, void* ret);
// write, blocking-write-and-flush, blocking-flush -> result<_, stream-error>: ret = {u8 discriminant, error
// @4}.
STREAMS_IMPORT("[method]output-stream.write")
void output_stream_write(int32_t self, const void* data, size_t len, void* ret);
STREAMS_IMPORT("[method]output-stream.blocking-write-and-flush")
void output_stream_blocking_write_and_flush(int32_t self, const void* data, size_t len, void* ret);
STREAMS_IMPORT("[method]output-stream.blocking-flush")
void output_stream_blocking_flush(int32_t self, void* ret);
STREAMS_IMPORT("[resource-drop]output-stream") void output_stream_drop(int32_t self);

__attribute__((import_module("wasi:io/poll@0.2.12"), import_name("[method]pollable.block"))) void
pollable_block(int32_t self);
__attribute__((import_module("wasi:io/poll@0.2.12"), import_name("[resource-drop]pollable"))) void
pollable_drop(int32_t self);
__attribute__((import_module("wasi:io/error@0.2.12"), import_name("[resource-drop]error"))) void
io_error_drop(int32_t self);

// --- the guest side
// -------------------------------------------------------------------------------------------- The export
// every guest defines: wasi:http/incoming-handler.handle(request, response-out).
#define HANDLE_EXPORT __attribute__((export_name("wasi:http/incoming-handler@0.2.10#handle")))

// A return area: large enough and 8-aligned for every result above (the largest,
// future-incoming-response.get's, is 64 bytes).
typedef struct {
  _Alignas(8) uint8_t bytes[64];
} RetArea;

static inline uint8_t ret_u8(const RetArea* r, size_t offset) { return r->bytes[offset]; }
static inline uint32_t ret_u32(const RetArea* r, size_t offset) {
  return *(const uint32_t*)(const void*)(r->bytes + offset);
}
static inline uint64_t ret_u64(const RetArea* r, size_t offset) {
  return *(const uint64_t*)(const void*)(r->bytes + offset);
}

static inline void* mem_copy(void* dst, const void* src, size_t n) { return __builtin_memcpy(dst, src, n); }

// A bump allocator behind cabi_realloc: the host allocates returned lists and strings with it. heap_reset
// gives back everything allocated since a mark, so a guest that frees each chunk it reads runs in constant
// memory.
extern unsigned char __heap_base;
static uintptr_t heap_top;

static inline uintptr_t heap_mark(void) {
  if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
  return heap_top;
}
static inline void heap_reset(uintptr_t mark) { heap_top = mark; }

__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* old, size_t old_size, size_t align,
                                                                size_t new_size) {
  uintptr_t top = heap_mark();
  top = (top + align - 1) & ~(uintptr_t)(align - 1);
  size_t pages_needed = (top + new_size + 65535) / 65536;
  size_t pages_now = __builtin_wasm_memory_size(0);
  if (pages_needed > pages_now && __builtin_wasm_memory_grow(0, pages_needed - pages_now) == (size_t)-1)
    __builtin_trap();
  heap_top = top + new_size;
  if (old != NULL) mem_copy((void*)top, old, old_size < new_size ? old_size : new_size);
  return (void*)top;
}

// Sends a complete response: status, optional content-type and the body, in 4 KiB blocking writes.
__attribute__((unused)) static void respond(int32_t outparam, int status, const char* content_type,
                                            const void* body, size_t len) {
  RetArea r;
  int32_t headers = fields_new();
  if (content_type) {
    size_t n = 0;
    while (content_type[n]) n++;
    fields_append(headers, "content-type", 12, content_type, n, &r);
    if (ret_u8(&r, 0) != 0) __builtin_trap();
  }
  int32_t response = outgoing_response_new(headers);
  if (outgoing_response_set_status_code(response, status) != 0) __builtin_trap();
  outgoing_response_body(response, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t body_handle = (int32_t)ret_u32(&r, 4);
  outgoing_body_write(body_handle, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t out = (int32_t)ret_u32(&r, 4);
  response_outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  const uint8_t* p = (const uint8_t*)body;
  while (len > 0) {
    size_t piece = len < 4096 ? len : 4096;
    output_stream_blocking_write_and_flush(out, p, piece, &r);
    if (ret_u8(&r, 0) != 0) __builtin_trap();
    p += piece;
    len -= piece;
  }
  output_stream_drop(out);
  outgoing_body_finish(body_handle, 0, 0, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
}

// The faults the test guests stage on purpose.
__attribute__((noinline, unused)) static void fault_trap(void) { __builtin_trap(); }

__attribute__((noinline, unused)) static void fault_loop(void) {
  // An endless loop the compiler keeps: the volatile counter is a side effect on every iteration.
  static volatile uint32_t spins;
  for (;;) spins++;
}

__attribute__((noinline, unused)) static void fault_oom(void) {
  // Grows linear memory by 1 MiB at a time, touching each new page, until memory.grow fails (the host's
  // per-instance limit), then traps.
  for (;;) {
    size_t old = __builtin_wasm_memory_grow(0, 16);
    if (old == (size_t)-1) __builtin_trap();
    for (size_t page = 0; page < 16; page++) ((volatile uint8_t*)((old + page) * 65536))[0] = 1;
  }
}
