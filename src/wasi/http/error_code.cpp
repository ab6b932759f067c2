// Placeholder until this part of wasi:http lands.
#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

mc::Value error_code_value(const HttpErrorCode&) {
  return mc::Value::variant("internal-error", mc::Value::option(std::nullopt));
}
HttpErrorCode error_code_from(const mc::Value&) { return {"internal-error", {}}; }

}  // namespace mosaic::wasi::http
