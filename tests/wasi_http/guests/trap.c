// trap: traps (unreachable) in handle, before any response is set: the server answers 500.
#include "wasi_http.h"

HANDLE_EXPORT void handle(int32_t request, int32_t outparam) {
  (void)request;
  (void)outparam;
  fault_trap();
}
