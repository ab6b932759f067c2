// Placeholder until this part of wasi:http lands.
#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

std::span<const HttpFunction> response_functions() { return {}; }

}  // namespace mosaic::wasi::http
