// Not written yet: every function here answers nosys.

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno path_create_directory(Call&) { return Errno::NoSys; }
Errno path_filestat_get(Call&) { return Errno::NoSys; }
Errno path_filestat_set_times(Call&) { return Errno::NoSys; }
Errno path_link(Call&) { return Errno::NoSys; }
Errno path_open(Call&) { return Errno::NoSys; }
Errno path_readlink(Call&) { return Errno::NoSys; }
Errno path_remove_directory(Call&) { return Errno::NoSys; }
Errno path_rename(Call&) { return Errno::NoSys; }
Errno path_symlink(Call&) { return Errno::NoSys; }
Errno path_unlink_file(Call&) { return Errno::NoSys; }

}  // namespace mosaic::wasi::p1
