// loop: loops forever in handle: the server answers 503 once the request deadline (-W timeout=...) passes.
#include "wasi_http.h"

HANDLE_EXPORT void handle(int32_t request, int32_t outparam) {
  (void)request;
  (void)outparam;
  fault_loop();
}
