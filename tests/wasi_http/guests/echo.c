// echo: answers 200 with the request's body streamed back and its content-type copied. The body is read in
// blocking reads of up to 64 KiB and written in 4 KiB pieces, with blocking-write-and-flush, or with
// check-write/write and blocking-flush when the query is `?mode=check-write`. The response head is sent
// before the body is read, so both bodies stream at once.
//
// So that one server can mix faults with good requests, the paths /trap, /loop and /oom stage the faults of
// trap.c, loop.c and oom.c instead.
#include "wasi_http.h"

static int starts_with(const char* s, size_t len, const char* prefix) {
  size_t i = 0;
  for (; prefix[i]; i++)
    if (i >= len || s[i] != prefix[i]) return 0;
  return 1;
}

static int contains(const char* s, size_t len, const char* needle) {
  for (size_t i = 0; i < len; i++)
    if (starts_with(s + i, len - i, needle)) return 1;
  return 0;
}

// Writes data with check-write (how much the stream accepts now), write, and blocking-flush when it accepts
// nothing.
static void write_checked(int32_t out, const uint8_t* data, size_t len) {
  RetArea r;
  while (len > 0) {
    output_stream_check_write(out, &r);
    if (ret_u8(&r, 0) != 0) __builtin_trap();
    uint64_t permit = ret_u64(&r, 8);
    if (permit == 0) {
      output_stream_blocking_flush(out, &r);
      if (ret_u8(&r, 0) != 0) __builtin_trap();
      continue;
    }
    size_t piece = len < 4096 ? len : 4096;
    if (piece > permit) piece = (size_t)permit;
    output_stream_write(out, data, piece, &r);
    if (ret_u8(&r, 0) != 0) __builtin_trap();
    data += piece;
    len -= piece;
  }
  output_stream_blocking_flush(out, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
}

static void write_blocking(int32_t out, const uint8_t* data, size_t len) {
  RetArea r;
  while (len > 0) {
    size_t piece = len < 4096 ? len : 4096;
    output_stream_blocking_write_and_flush(out, data, piece, &r);
    if (ret_u8(&r, 0) != 0) __builtin_trap();
    data += piece;
    len -= piece;
  }
}

HANDLE_EXPORT void handle(int32_t request, int32_t outparam) {
  RetArea r;
  incoming_request_path_with_query(request, &r);
  const char* path = "";
  size_t path_len = 0;
  if (ret_u8(&r, 0) == 1) {
    path = (const char*)(uintptr_t)ret_u32(&r, 4);
    path_len = ret_u32(&r, 8);
  }
  if (starts_with(path, path_len, "/trap")) fault_trap();
  if (starts_with(path, path_len, "/loop")) fault_loop();
  if (starts_with(path, path_len, "/oom")) fault_oom();
  int checked = contains(path, path_len, "mode=check-write");

  // The response headers: the request's content-type values, if any.
  int32_t in_headers = incoming_request_headers(request);
  fields_get(in_headers, "content-type", 12, &r);
  const uint32_t* values = (const uint32_t*)(uintptr_t)ret_u32(&r, 0);
  uint32_t n_values = ret_u32(&r, 4);
  int32_t out_headers = fields_new();
  for (uint32_t i = 0; i < n_values; i++) {
    RetArea a;
    fields_append(out_headers, "content-type", 12, (const void*)(uintptr_t)values[2 * i], values[2 * i + 1],
                  &a);
    if (ret_u8(&a, 0) != 0) __builtin_trap();
  }
  fields_drop(in_headers);

  incoming_request_consume(request, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t in_body = (int32_t)ret_u32(&r, 4);
  incoming_body_stream(in_body, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t in = (int32_t)ret_u32(&r, 4);

  int32_t response = outgoing_response_new(out_headers);
  outgoing_response_body(response, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t out_body = (int32_t)ret_u32(&r, 4);
  outgoing_body_write(out_body, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
  int32_t out = (int32_t)ret_u32(&r, 4);
  response_outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);

  uintptr_t mark = heap_mark();
  for (;;) {
    input_stream_blocking_read(in, 65536, &r);
    if (ret_u8(&r, 0) != 0) {
      if (ret_u8(&r, 4) == 1) break;  // closed: the whole body was read
      __builtin_trap();               // last-operation-failed
    }
    const uint8_t* chunk = (const uint8_t*)(uintptr_t)ret_u32(&r, 4);
    size_t len = ret_u32(&r, 8);
    if (checked)
      write_checked(out, chunk, len);
    else
      write_blocking(out, chunk, len);
    heap_reset(mark);  // the chunk was the last allocation
  }
  input_stream_drop(in);
  incoming_body_drop(in_body);
  incoming_request_drop(request);
  output_stream_drop(out);
  outgoing_body_finish(out_body, 0, 0, &r);
  if (ret_u8(&r, 0) != 0) __builtin_trap();
}
