#pragma once
// wasi:filesystem/types#error-code: the filesystem's errors, named after POSIX errno values. Every host
// failure of a filesystem call is one of them, and wasi:filesystem/types#filesystem-error-code recovers one
// from an io error (a failed stream read or write on a file) by its errno.

#include <optional>
#include <string_view>

#include "mosaic/component/value.h"

namespace mosaic::wasi::p2 {

// The error-code case for a host errno value: the case of the same meaning (EPERM not-permitted, ENOENT
// no-entry, EXDEV cross-device, ...); none for 0. An errno without a case of its own is `io`, as wasmtime
// answers for an unknown OS error.
std::optional<std::string_view> filesystem_error_code_of(int host_errno);

// Value::enum_case of filesystem_error_code_of(host_errno) (`io` for 0, which callers never pass).
component::Value filesystem_error_value(int host_errno);

}  // namespace mosaic::wasi::p2
