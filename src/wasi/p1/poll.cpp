// Not written yet: every function here answers nosys.

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno poll_oneoff(Call&) { return Errno::NoSys; }

}  // namespace mosaic::wasi::p1
