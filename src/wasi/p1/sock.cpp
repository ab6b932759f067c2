// Not written yet: every function here answers nosys.

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno sock_accept(Call&) { return Errno::NoSys; }
Errno sock_recv(Call&) { return Errno::NoSys; }
Errno sock_send(Call&) { return Errno::NoSys; }
Errno sock_shutdown(Call&) { return Errno::NoSys; }

}  // namespace mosaic::wasi::p1
