#pragma once
// The call that serves one request once its instance exists: by default the guest's
// wasi:http/incoming-handler (Http::handle). The server's tests put their own in its place, to drive the
// HTTP side without a guest.

#include <functional>
#include <memory>

#include "mosaic/serve.h"

namespace mosaic::serve {

using RequestHandler =
    std::function<Result<void>(Store& store, const component::Instance& instance, wasi::HttpRequestHead head,
                               std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& responder)>;

// Server::bind, with `handler` in place of service.http.handle.
Result<std::unique_ptr<Server>> bind_server(ServerConfig config, Service service, RequestHandler handler);

}  // namespace mosaic::serve
