#include "wasi/p2/filesystem_error_code.h"

#include <cerrno>

namespace mosaic::wasi::p2 {

// The cases of `enum error-code` (wit/wasi-0.2.12/filesystem/package.wit), each with the errno its
// documentation names ("similar to `EACCES` in POSIX"). ENOSYS and EOPNOTSUPP are `unsupported` too (the WIT:
// "similar to `ENOTSUP` and `ENOSYS`"), and EWOULDBLOCK is EAGAIN on Linux.
std::optional<std::string_view> filesystem_error_code_of(int host_errno) {
  switch (host_errno) {
    case 0: return std::nullopt;
    case EACCES: return "access";
    case EAGAIN: return "would-block";
    case EALREADY: return "already";
    case EBADF: return "bad-descriptor";
    case EBUSY: return "busy";
    case EDEADLK: return "deadlock";
    case EDQUOT: return "quota";
    case EEXIST: return "exist";
    case EFBIG: return "file-too-large";
    case EILSEQ: return "illegal-byte-sequence";
    case EINPROGRESS: return "in-progress";
    case EINTR: return "interrupted";
    case EINVAL: return "invalid";
    case EIO: return "io";
    case EISDIR: return "is-directory";
    case ELOOP: return "loop";
    case EMLINK: return "too-many-links";
    case EMSGSIZE: return "message-size";
    case ENAMETOOLONG: return "name-too-long";
    case ENODEV: return "no-device";
    case ENOENT: return "no-entry";
    case ENOLCK: return "no-lock";
    case ENOMEM: return "insufficient-memory";
    case ENOSPC: return "insufficient-space";
    case ENOTDIR: return "not-directory";
    case ENOTEMPTY: return "not-empty";
    case ENOTRECOVERABLE: return "not-recoverable";
    case ENOTSUP: return "unsupported";
#if EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return "unsupported";
#endif
    case ENOSYS: return "unsupported";
    case ENOTTY: return "no-tty";
    case ENXIO: return "no-such-device";
    case EOVERFLOW: return "overflow";
    case EPERM: return "not-permitted";
    case EPIPE: return "pipe";
    case EROFS: return "read-only";
    case ESPIPE: return "invalid-seek";
    case ETXTBSY: return "text-file-busy";
    case EXDEV: return "cross-device";
    default: return "io";
  }
}

component::Value filesystem_error_value(int host_errno) {
  return component::Value::enum_case(std::string(filesystem_error_code_of(host_errno).value_or("io")));
}

}  // namespace mosaic::wasi::p2
