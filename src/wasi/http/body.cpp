// Placeholder until this part of wasi:http lands.
#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

struct BodyWriter::State {};
BodyWriter::BodyWriter(const HttpFields&, bool) {}
BodyWriter::~BodyWriter() = default;
void BodyWriter::attach(std::shared_ptr<HttpBodySink>) {}
std::unique_ptr<Object> make_incoming_body(std::shared_ptr<HttpBodySource>) { return nullptr; }
std::unique_ptr<Object> make_outgoing_body(std::shared_ptr<BodyWriter>) { return nullptr; }
std::span<const HttpFunction> body_functions() { return {}; }

}  // namespace mosaic::wasi::http
