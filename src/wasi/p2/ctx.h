#pragma once
// Ctx: the state of one WASI 0.2 guest: its configuration, the host objects its resource handles stand for,
// and its exit status. Every interface file (one per WIT interface, e.g. io_streams.cpp for wasi:io/streams)
// defines its functions in a component Linker through an add_* function (interfaces.h), capturing the Ctx.
//
// Resources: the host defines each WASI resource type once per linker (Linker::define_resource) and keeps the
// run-time type in Ctx::types. A handle's rep is a key of Ctx's object table; the object is the C++ side of
// the resource (a stream, a descriptor, a socket). Dropping the guest's own handle runs the resource's
// destructor, which removes the object. Objects are owned by the table; a child that must outlive its
// parent's handle (a pollable of a stream, a stream of a file) shares what it needs through shared_ptr.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/component/linker.h"
#include "mosaic/component/value.h"
#include "mosaic/error.h"
#include "mosaic/result.h"
#include "mosaic/store.h"
#include "mosaic/wasi/config.h"
#include "wasi/fs/unique_fd.h"

namespace mosaic::wasi::p2 {

namespace mc = mosaic::component;

// The version our definitions carry; imports of any 0.2.x match (Linker's semver matching).
inline constexpr std::string_view kVersion = "0.2.12";

// "wasi:io/streams" + "read" -> "wasi:io/streams@0.2.12#read" (a Linker path).
std::string path(std::string_view iface, std::string_view item);

// The C++ side of a resource the guest holds a handle to.
class Object {
 public:
  virtual ~Object() = default;
};

// A host descriptor shared by the objects that use it (a descriptor and the streams made from it, a socket
// and its streams): it is closed when the last of them goes.
class FdHolder {
 public:
  explicit FdHolder(fs::UniqueFd fd) : fd_(std::move(fd)), owned_(true) {}
  // A descriptor the host keeps (stdio): never closed by us.
  static std::shared_ptr<FdHolder> borrowed(int fd);
  ~FdHolder();
  FdHolder(const FdHolder&) = delete;
  FdHolder& operator=(const FdHolder&) = delete;
  int get() const { return fd_.get(); }

 private:
  FdHolder() = default;
  fs::UniqueFd fd_;
  bool owned_ = false;
};

// A directory the guest is given (wasi:filesystem/preopens), opened by Preview2::create.
struct Preopen {
  std::shared_ptr<FdHolder> dir;
  std::string guest_path;
};

// The run-time resource types, one per WIT resource (filled by the add_* functions, in interfaces.h order).
struct ResourceTypes {
  mc::RtResource* error = nullptr;                     // wasi:io/error#error
  mc::RtResource* pollable = nullptr;                  // wasi:io/poll#pollable
  mc::RtResource* input_stream = nullptr;              // wasi:io/streams#input-stream
  mc::RtResource* output_stream = nullptr;             // wasi:io/streams#output-stream
  mc::RtResource* terminal_input = nullptr;            // wasi:cli/terminal-input#terminal-input
  mc::RtResource* terminal_output = nullptr;           // wasi:cli/terminal-output#terminal-output
  mc::RtResource* descriptor = nullptr;                // wasi:filesystem/types#descriptor
  mc::RtResource* directory_entry_stream = nullptr;    // wasi:filesystem/types#directory-entry-stream
  mc::RtResource* network = nullptr;                   // wasi:sockets/network#network
  mc::RtResource* tcp_socket = nullptr;                // wasi:sockets/tcp#tcp-socket
  mc::RtResource* udp_socket = nullptr;                // wasi:sockets/udp#udp-socket
  mc::RtResource* incoming_datagram_stream = nullptr;  // wasi:sockets/udp#incoming-datagram-stream
  mc::RtResource* outgoing_datagram_stream = nullptr;  // wasi:sockets/udp#outgoing-datagram-stream
  mc::RtResource* resolve_address_stream = nullptr;    // wasi:sockets/ip-name-lookup#resolve-address-stream
};

class Ctx : public std::enable_shared_from_this<Ctx> {
 public:
  explicit Ctx(WasiConfig config) : config(std::move(config)) {}
  // A Ctx for another guest of the same linker: the same configuration, resource types and preopened
  // directories (shared), and an empty object table.
  std::shared_ptr<Ctx> fresh() const;

  WasiConfig config;
  ResourceTypes types;
  std::vector<Preopen> preopens;      // config.dirs, opened, in order
  std::optional<uint32_t> exit_code;  // set by wasi:cli/exit

  // The object table. add() returns the new object's rep (never 0); reps of removed objects are reused.
  uint32_t add(std::unique_ptr<Object> object);
  Object* find(uint32_t rep) const;  // null when absent
  std::unique_ptr<Object> remove(uint32_t rep);
  size_t live() const;

  // The object behind a handle Value (own or borrow) of resource type `type`, as a T. A Trap error
  // ("unknown handle" wording) when the value is not a handle of that type or the object is not a T.
  template <class T>
  Result<T*> get(const mc::Value& handle, const mc::RtResource* type) const {
    MOSAIC_TRY(check_handle(handle, type));
    T* t = dynamic_cast<T*>(find(handle.as_resource().rep));
    if (!t) return Error(ErrorKind::Trap, "unknown handle index " + std::to_string(handle.as_resource().rep));
    return t;
  }
  // Takes an owned handle's object out of the table (a guest passing `own<T>` to the host, e.g. a stream
  // given back): the guest's handle is gone by the canonical ABI's rules.
  template <class T>
  Result<std::unique_ptr<T>> take(const mc::Value& handle, const mc::RtResource* type) {
    T* t = MOSAIC_TRY(get<T>(handle, type));
    remove(handle.as_resource().rep).release();
    return std::unique_ptr<T>(t);
  }
  // A new owned handle for `object`: Value::own({type, add(object)}).
  mc::Value own(mc::RtResource* type, std::unique_ptr<Object> object);

  // Defines resource `iface#name` in `linker` with a destructor that removes the object; returns its type.
  // (Callbacks hold the Ctx through shared_from_this(): the Ctx must be owned by a shared_ptr.)
  mc::RtResource* define_resource(mc::Linker& linker, std::string_view iface, std::string_view name);

 private:
  Result<void> check_handle(const mc::Value& handle, const mc::RtResource* type) const;
  std::vector<std::unique_ptr<Object>> objects_{1};  // index = rep; slot 0 never used
  std::vector<uint32_t> free_;
};

using CtxPtr = std::shared_ptr<Ctx>;

// The Ctx of the guest a host function serves: the one attached to `store` (Store::set_context: one per
// request under `mosaic serve`, all sharing one linker), else `defining`, the Ctx the function was defined
// with (one guest per linker, as `mosaic run`).
Ctx& ctx_of(Store& store, const CtxPtr& defining);

}  // namespace mosaic::wasi::p2
