// Placeholder until this part of wasi:http lands.
#include "wasi/http/objects.h"

namespace mosaic::wasi {

struct Http::Impl {
  std::shared_ptr<http::Host> host = std::make_shared<http::Host>();
};

Http::Http(std::shared_ptr<HttpClient> client) : impl_(std::make_unique<Impl>()) {
  impl_->host->client = std::move(client);
}
Http::~Http() = default;
Http::Http(Http&&) noexcept = default;
Http& Http::operator=(Http&&) noexcept = default;
void Http::add_to_linker(component::Linker&, const Preview2&) {}
Result<void> Http::handle(Store&, const component::Instance&, HttpRequestHead,
                          std::shared_ptr<HttpBodySource>, HttpResponder&) const {
  return Error(ErrorKind::Usage, "wasi:http is not there yet");
}

}  // namespace mosaic::wasi

namespace mosaic::wasi::http {
void define_resources(Host&, mc::Linker&) {}
}  // namespace mosaic::wasi::http

namespace mosaic::wasi::http {
void define_functions(const HostPtr&, mc::Linker&, std::span<const HttpFunction>) {}
}  // namespace mosaic::wasi::http
