// Not written yet: every function here answers nosys.

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno fd_advise(Call&) { return Errno::NoSys; }
Errno fd_allocate(Call&) { return Errno::NoSys; }
Errno fd_close(Call&) { return Errno::NoSys; }
Errno fd_datasync(Call&) { return Errno::NoSys; }
Errno fd_fdstat_get(Call&) { return Errno::NoSys; }
Errno fd_fdstat_set_flags(Call&) { return Errno::NoSys; }
Errno fd_fdstat_set_rights(Call&) { return Errno::NoSys; }
Errno fd_filestat_get(Call&) { return Errno::NoSys; }
Errno fd_filestat_set_size(Call&) { return Errno::NoSys; }
Errno fd_filestat_set_times(Call&) { return Errno::NoSys; }
Errno fd_pread(Call&) { return Errno::NoSys; }
Errno fd_prestat_get(Call&) { return Errno::NoSys; }
Errno fd_prestat_dir_name(Call&) { return Errno::NoSys; }
Errno fd_pwrite(Call&) { return Errno::NoSys; }
Errno fd_read(Call&) { return Errno::NoSys; }
Errno fd_renumber(Call&) { return Errno::NoSys; }
Errno fd_seek(Call&) { return Errno::NoSys; }
Errno fd_sync(Call&) { return Errno::NoSys; }
Errno fd_tell(Call&) { return Errno::NoSys; }
Errno fd_write(Call&) { return Errno::NoSys; }

}  // namespace mosaic::wasi::p1
