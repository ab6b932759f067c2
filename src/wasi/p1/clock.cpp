// Not written yet: every function here answers nosys.

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno clock_res_get(Call&) { return Errno::NoSys; }
Errno clock_time_get(Call&) { return Errno::NoSys; }

}  // namespace mosaic::wasi::p1
