// oom: grows linear memory 1 MiB at a time until memory.grow fails (the per-instance limit, -W
// max-memory-size=...), then traps: the server answers 500.
#include "wasi_http.h"

HANDLE_EXPORT void handle(int32_t request, int32_t outparam) {
  (void)request;
  (void)outparam;
  fault_oom();
}
