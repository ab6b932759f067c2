#pragma once
// Runtime objects of the store (spec 4.2): function, table, memory, global, element and data instances,
// module instances, and the store that owns them all.
//
// Values in the executor are 8-byte slots (uint64_t): i32 zero-extended, i64, f32/f64 bit patterns, a
// reference as a pointer (funcref: FuncInst*, externref: ExternObj*, null: 0). A v128 takes two slots,
// low half first.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/types.h"
#include "mosaic/engine.h"
#include "mosaic/result.h"
#include "mosaic/store.h"  // InterruptHandle
#include "valid/module.h"

namespace mosaic::exec {

struct Instance;
class Store;
class ModuleImages;  // copy-on-write images of the module's memories (exec/memory_image.h)
struct MemoryImage;

namespace interp {
struct ModuleCode;  // the interpreter's translated code of one module (exec/interp)
struct Stack;       // one store's operand/frame stack (exec/interp)
}  // namespace interp

// A module compiled for execution: validated, plus the interpreter's code. Shared by its instances.
struct CompiledModule {
  valid::Module valid;
  std::shared_ptr<interp::ModuleCode> code;
  std::shared_ptr<ModuleImages> images;  // built on the second instantiation, used by every later one
  const binary::Module& binary() const { return *valid.binary; }
};

// Compiles a validated module for the interpreter.
// With Config::consume_fuel, the code meters its instructions against the store's fuel.
Result<std::shared_ptr<const CompiledModule>> compile(valid::Module module, const Config& config = Config{});

// A host function's body: arguments and results are slot arrays laid out by binary::slot_count of each type.
// `caller` is the wasm instance that called it (null when called from the host). Return an Error to trap.
using HostFunc =
    std::function<Result<void>(Store& store, Instance* caller, const uint64_t* args, uint64_t* results)>;

// What only a host function has: kept apart so that a wasm function, of which an instance may have tens of
// thousands (allocated per instantiation), is 32 bytes that need no construction of their own.
struct HostFuncData {
  HostFunc fn;
  binary::FuncType type;  // storage for the function's type
};

struct FuncInst {
  const binary::FuncType* type = nullptr;  // the module's type, or host->type
  Instance* instance = nullptr;            // defining instance; null for host functions
  uint32_t defined_index = 0;              // index among the module's defined functions (wasm only)
  uint32_t type_id = 0;                    // store-wide canonical id of *type, for call_indirect checks
  std::unique_ptr<HostFuncData> host;      // host functions only
  bool is_host() const { return instance == nullptr; }
};

struct ExternObj {
  uint64_t host = 0;  // the embedder's payload
};

// A linear memory (spec 4.2.8). Its address space is reserved once for the largest size it may reach, so
// `data` never moves; growing commits more of the reservation.
struct MemoryInst {
  binary::MemoryType type;  // limits.min follows the current size (spec 4.5.3, growmem)
  uint8_t* data = nullptr;  // reserved address space; [0, size) is committed and accessible
  uint64_t size = 0;        // bytes
  uint64_t reserved = 0;    // bytes of address space reserved at `data`
  uint64_t max_pages = binary::kMaxPages;
  const MemoryImage* image = nullptr;  // the image mapped at instantiation, if any (exec/memory_image.h)
  std::shared_ptr<const void> image_owner;

  uint64_t pages() const { return size / binary::kPageSize; }
  // Returns the old size in pages, or -1 when the limit (type max, 65536 pages or the host's memory) is
  // exceeded; never fails the host.
  int64_t grow(uint64_t delta_pages);

  // Reserves address space for min(type max, 65536 pages, max_bytes) (the full 4 GiB when unbounded) and
  // commits the initial pages. Exhausted when the initial size exceeds max_bytes (Config::max_memory_bytes)
  // or the OS refuses even the initial size.
  static Result<std::unique_ptr<MemoryInst>> create(const binary::MemoryType& type,
                                                    uint64_t max_bytes = binary::kMaxPages *
                                                                         binary::kPageSize);

  // Maps `image` copy-on-write over the memory, which must still be all zeros, as its active data segments
  // would have left it. False when the OS refuses: the memory is then unchanged.
  // `owner` keeps the image alive as long as the memory (which reports the pages it wrote to the image when
  // it ends, after the instance and perhaps the module are gone).
  bool map_image(const MemoryImage& image, std::shared_ptr<const void> owner);

  MemoryInst() = default;
  MemoryInst(const MemoryInst&) = delete;
  MemoryInst& operator=(const MemoryInst&) = delete;
  ~MemoryInst();
};

// The largest table size the spec allows (2^32 - 1 elements).
inline constexpr uint64_t kMaxTableSize = 0xffffffffu;

// A table (spec 4.2.7).
struct TableInst {
  binary::TableType type;             // limits.min follows the current size (spec 4.5.3, growtable)
  std::vector<uint64_t> elems;        // reference slots
  uint64_t max_size = kMaxTableSize;  // the store's limit (Config::max_table_elements), at most kMaxTableSize
  // Returns the old size, or -1 past the limit (type max, max_size); never fails the host.
  int64_t grow(uint64_t delta, uint64_t init);
};

struct GlobalInst {
  binary::GlobalType type;
  uint64_t value[2] = {0, 0};  // slots (two for v128)
};

struct ElemInst {
  std::vector<uint64_t> refs;  // emptied by elem.drop
};

struct DataInst {
  const uint8_t* data = nullptr;  // points into the module's bytes; empty after data.drop
  uint32_t size = 0;
};

// An external value supplied as an import or read from an export.
struct ExternVal {
  binary::ExternKind kind = binary::ExternKind::Func;
  void* ptr = nullptr;  // FuncInst*, TableInst*, MemoryInst* or GlobalInst* per kind
};

// A module instance (spec 4.2.5).
struct Instance {
  std::shared_ptr<const CompiledModule> module;
  std::vector<uint32_t> type_ids;  // module type index -> Store::type_id (for call_indirect)
  std::vector<FuncInst*> funcs;    // function index space
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  std::vector<GlobalInst*> globals;
  std::vector<ElemInst> elems;
  std::vector<DataInst> datas;
  std::vector<ExternVal> exports;  // one per binary().exports entry, in the same order

  // The export named `name`, if any.
  std::optional<ExternVal> find_export(std::string_view name) const;
};

class Store {
 public:
  explicit Store(const Config& config);
  ~Store();
  const Config& config() const { return config_; }

  FuncInst* add_host_func(binary::FuncType type, HostFunc fn);
  Result<MemoryInst*> add_memory(binary::MemoryType type);  // reserves address space
  TableInst* add_table(binary::TableType type, uint64_t init);
  GlobalInst* add_global(binary::GlobalType type, const uint64_t value[2]);
  ExternObj* extern_ref(uint64_t host);            // the same host value always gives the same object
  uint32_t type_id(const binary::FuncType& type);  // canonical id for structural equality

  // Instantiation (spec 4.5.4): imports in module order. Unlinkable, Uninstantiable or trap errors.
  Result<Instance*> instantiate(std::shared_ptr<const CompiledModule> module,
                                const std::vector<ExternVal>& imports);

  // Calls a function with slot-encoded arguments and results.
  Result<void> call(FuncInst* func, const uint64_t* args, uint64_t* results);

  // Made on first use; null when the host cannot allocate it (then calls fail with Exhausted).
  interp::Stack* stack();

  // The flag that interrupts this store's guest (mosaic::Store::interrupt_handle): the interpreter reads it
  // at every function entry and taken branch. Shared, so that a watchdog may outlive the store.
  const std::shared_ptr<InterruptHandle>& interrupt_handle() const { return interrupt_; }
  bool interrupted() const { return interrupt_->interrupted(); }

  // Fuel left (Config::consume_fuel): the interpreter's Fuel instructions take from it.
  uint64_t fuel = 0;

  // An opaque pointer for the embedding layer (the public mosaic::Store that owns this store).
  void* embedder() const { return embedder_; }
  void set_embedder(void* embedder) { embedder_ = embedder; }

 private:
  Config config_;
  std::deque<std::unique_ptr<FuncInst>> funcs_;
  std::deque<std::unique_ptr<FuncInst[]>> func_blocks_;  // each instance's defined functions, in one block
  std::deque<std::unique_ptr<MemoryInst>> memories_;
  std::deque<std::unique_ptr<TableInst>> tables_;
  std::deque<std::unique_ptr<GlobalInst>> globals_;
  std::deque<std::unique_ptr<Instance>> instances_;
  std::unordered_map<uint64_t, std::unique_ptr<ExternObj>> externs_;
  std::vector<binary::FuncType> types_;                 // index = type id
  std::unordered_map<std::string, uint32_t> type_ids_;  // encoded type -> id
  std::unique_ptr<interp::Stack> stack_;
  std::shared_ptr<InterruptHandle> interrupt_ = std::make_shared<InterruptHandle>();
  void* embedder_ = nullptr;
  friend struct StoreAccess;
};

}  // namespace mosaic::exec
