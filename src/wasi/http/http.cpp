// Http: the public face of wasi:http (include/mosaic/wasi/http.h): defining wasi:http/types and
// wasi:http/outgoing-handler in a linker, and calling a guest's wasi:http/incoming-handler#handle.

#include <string>
#include <utility>
#include <vector>

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

// One linker per Http: the resource types defined here are the ones every function of this Http checks
// handles against.
void Http::add_to_linker(component::Linker& linker, const Preview2& wasi) {
  using namespace http;
  Host& host = *impl_->host;
  host.wasi = wasi.impl();
  // Resources before the functions that make handles of them (the tables read host.types at call time).
  define_resources(host, linker);
  HostPtr shared = impl_->host;
  define_functions(shared, linker, fields_functions());
  define_functions(shared, linker, request_functions());
  define_functions(shared, linker, response_functions());
  define_functions(shared, linker, body_functions());
  define_functions(shared, linker, outgoing_handler_functions());
}

Result<void> Http::handle(Store& store, const component::Instance& instance, HttpRequestHead head,
                          std::shared_ptr<HttpBodySource> body, HttpResponder& responder) const {
  using namespace http;
  const Host& host = *impl_->host;
  if (!host.wasi || !host.types.incoming_request)
    return Error(ErrorKind::Usage, "wasi:http was not added to the linker (Http::add_to_linker)");
  // wasi:http/incoming-handler@0.2.x#handle, whatever the patch version the guest was built against.
  std::optional<component::Func> handler = instance.find_func("wasi:http/incoming-handler@0.2.", "handle");
  if (!handler)
    return Error(ErrorKind::Usage,
                 "the component exports no wasi:http/incoming-handler@0.2 `handle` function: not an HTTP "
                 "handler");

  Ctx& ctx = ctx_of(store, impl_->host);
  auto request = std::make_unique<IncomingRequest>();
  // The guest never sees the hop-by-hop fields and host (the authority carries it), as in wasmtime.
  request->headers = std::make_shared<HttpFields>(guest_visible(std::move(head.headers)));
  head.headers.clear();
  request->head = std::move(head);
  request->body = std::move(body);
  // handle: func(request: incoming-request, response-out: response-outparam): both handles are given to
  // the guest, which drops them when it is done.
  std::vector<component::Value> args;
  args.push_back(ctx.own(host.types.incoming_request, std::move(request)));
  args.push_back(ctx.own(host.types.response_outparam, std::make_unique<ResponseOutparam>(&responder)));
  // A trap ends the call; the objects the guest still held die with the store's Ctx.
  MOSAIC_TRY(handler->call(store, args));
  return ok();
}

}  // namespace mosaic::wasi

namespace mosaic::wasi::http {

void define_resources(Host& host, mc::Linker& linker) {
  // wasi:http/types' eleven resources; dropping an owned handle removes its object from the guest's Ctx.
  Ctx& wasi = *host.wasi;
  HttpTypes& t = host.types;
  t.fields = wasi.define_resource(linker, kTypes, "fields");
  t.incoming_request = wasi.define_resource(linker, kTypes, "incoming-request");
  t.outgoing_request = wasi.define_resource(linker, kTypes, "outgoing-request");
  t.request_options = wasi.define_resource(linker, kTypes, "request-options");
  t.response_outparam = wasi.define_resource(linker, kTypes, "response-outparam");
  t.incoming_response = wasi.define_resource(linker, kTypes, "incoming-response");
  t.incoming_body = wasi.define_resource(linker, kTypes, "incoming-body");
  t.future_trailers = wasi.define_resource(linker, kTypes, "future-trailers");
  t.outgoing_response = wasi.define_resource(linker, kTypes, "outgoing-response");
  t.outgoing_body = wasi.define_resource(linker, kTypes, "outgoing-body");
  t.future_incoming_response = wasi.define_resource(linker, kTypes, "future-incoming-response");
}

void define_functions(const HostPtr& host, mc::Linker& linker, std::span<const HttpFunction> functions) {
  for (const HttpFunction& fn : functions) {
    linker.define_func(
        p2::path(fn.iface, fn.item),
        [host, fn](Store& store, std::span<const mc::Value> args,
                   std::vector<mc::Value>& results) -> Result<void> {
          if (args.size() != fn.params)
            return Error(ErrorKind::Usage, std::string(fn.item) + ": expected " + std::to_string(fn.params) +
                                               " arguments, got " + std::to_string(args.size()));
          std::optional<mc::Value> result = MOSAIC_TRY(fn.call(*host, ctx_of(store, host), args));
          if (fn.has_result) {
            if (!result) return Error(ErrorKind::Usage, std::string(fn.item) + ": no result was made");
            results.push_back(std::move(*result));
          }
          return ok();
        });
  }
}

}  // namespace mosaic::wasi::http
