// Preview2: the public face of WASI 0.2 (include/mosaic/wasi/preview2.h).

#include "mosaic/wasi/preview2.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "wasi/p2/ctx.h"
#include "wasi/p2/interfaces.h"

namespace mosaic::wasi {

Result<Preview2> Preview2::create(const WasiConfig& config) {
  auto ctx = std::make_shared<p2::Ctx>(config);
  for (const DirPreopen& d : config.dirs) {
    int fd = ::open(d.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return Error(ErrorKind::Io, "cannot open directory `" + d.host_path + "`: " + std::strerror(errno));
    ctx->preopens.push_back({std::make_shared<p2::FdHolder>(fs::UniqueFd(fd)), d.guest_path});
  }
  return Preview2(std::move(ctx));
}

Preview2::Preview2(std::shared_ptr<p2::Ctx> ctx) : ctx_(std::move(ctx)) {}
Preview2::Preview2(Preview2&&) noexcept = default;
Preview2& Preview2::operator=(Preview2&&) noexcept = default;
Preview2::~Preview2() = default;

void Preview2::add_to_linker(component::Linker& linker) {
  using namespace p2;
  // Resources first: an interface's resources are defined before the interfaces that use them.
  add_io_error(ctx_, linker);
  add_io_poll(ctx_, linker);
  add_io_streams(ctx_, linker);
  add_clocks_monotonic(ctx_, linker);
  add_clocks_wall(ctx_, linker);
  add_random(ctx_, linker);
  add_cli_environment(ctx_, linker);
  add_cli_exit(ctx_, linker);
  add_cli_stdio(ctx_, linker);
  add_cli_terminal(ctx_, linker);
  add_filesystem_types(ctx_, linker);
  add_filesystem_preopens(ctx_, linker);
  add_sockets_network(ctx_, linker);
  add_sockets_tcp(ctx_, linker);
  add_sockets_udp(ctx_, linker);
  add_sockets_ip_name_lookup(ctx_, linker);
}

std::optional<uint32_t> Preview2::exit_code() const { return ctx_->exit_code; }

Preview2 Preview2::fresh() const { return Preview2(ctx_->fresh()); }

void Preview2::attach(Store& store) const { store.set_context(ctx_); }

Result<uint32_t> Preview2::run(Store& store, const component::Instance& instance) {
  // wasi:cli/run@0.2.x#run, whatever the patch version.
  std::optional<component::Func> run = instance.find_func("wasi:cli/run@0.2.", "run");
  if (!run)
    return Error(ErrorKind::Usage, "the component exports no wasi:cli/run@0.2 `run` function: not a command");
  Result<std::vector<component::Value>> results = run->call(store, {});
  if (!results) {
    if (results.error().kind == ErrorKind::Exit && ctx_->exit_code) return *ctx_->exit_code;
    return std::move(results).error();
  }
  // run: func() -> result
  if (results->size() == 1 && (*results)[0].kind() == component::TypeKind::Result && (*results)[0].is_err())
    return 1u;
  return 0u;
}

}  // namespace mosaic::wasi
