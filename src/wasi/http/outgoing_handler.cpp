// Placeholder until this part of wasi:http lands.
#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

std::span<const HttpFunction> outgoing_handler_functions() { return {}; }

}  // namespace mosaic::wasi::http
