#pragma once
// Memory, Table, Global handles and Extern, the union of the four kinds of external values.

#include <cstddef>
#include <cstdint>
#include <variant>

#include "mosaic/func.h"
#include "mosaic/result.h"
#include "mosaic/types.h"
#include "mosaic/val.h"

namespace mosaic {

class Store;

namespace exec {
struct MemoryInst;
struct TableInst;
struct GlobalInst;
}  // namespace exec

class Memory {
 public:
  Memory() = default;
  explicit Memory(exec::MemoryInst* m) : m_(m) {}
  // Usage error for limits past 65536 pages or min > max; Exhausted when the OS refuses the memory.
  static Result<Memory> create(Store& store, MemoryType type);
  MemoryType type(Store& store) const;  // limits.min is the current size
  // The base address never changes: the memory's largest size is reserved up front. Null for a memory that
  // can never hold a byte (maximum 0 pages).
  uint8_t* data(Store& store) const;
  size_t data_size(Store& store) const;  // bytes
  uint64_t size(Store& store) const;     // pages
  // Old size in pages; Exhausted when the maximum (or the OS) does not allow it, leaving the memory as is.
  Result<uint64_t> grow(Store& store, uint64_t delta) const;
  exec::MemoryInst* impl() const { return m_; }

 private:
  exec::MemoryInst* m_ = nullptr;
};

class Table {
 public:
  Table() = default;
  explicit Table(exec::TableInst* t) : t_(t) {}
  // Usage error unless the element is a reference type, `init` has that type and the limits are valid
  // (and within Config::max_table_elements).
  static Result<Table> create(Store& store, TableType type, Val init);
  TableType type(Store& store) const;  // limits.min is the current size
  uint64_t size(Store& store) const;
  // Usage error "out of bounds table access" past the end, or for a value of the wrong type.
  Result<Val> get(Store& store, uint64_t index) const;
  Result<void> set(Store& store, uint64_t index, Val value) const;
  // Old size; Exhausted past the maximum or Config::max_table_elements.
  Result<uint64_t> grow(Store& store, uint64_t delta, Val init) const;
  exec::TableInst* impl() const { return t_; }

 private:
  exec::TableInst* t_ = nullptr;
};

class Global {
 public:
  Global() = default;
  explicit Global(exec::GlobalInst* g) : g_(g) {}
  // Usage error when the value's kind is not the global's.
  static Result<Global> create(Store& store, GlobalType type, Val value);
  GlobalType type(Store& store) const;
  Val get(Store& store) const;
  // Usage error "global is immutable", or for a value of the wrong kind.
  Result<void> set(Store& store, Val value) const;
  exec::GlobalInst* impl() const { return g_; }

 private:
  exec::GlobalInst* g_ = nullptr;
};

class Extern {
 public:
  Extern(Func f) : v_(f) {}    // NOLINT: implicit by design
  Extern(Memory m) : v_(m) {}  // NOLINT
  Extern(Table t) : v_(t) {}   // NOLINT
  Extern(Global g) : v_(g) {}  // NOLINT
  ExternKind kind() const { return static_cast<ExternKind>(v_.index()); }
  const Func* func() const { return std::get_if<Func>(&v_); }
  const Table* table() const { return std::get_if<Table>(&v_); }
  const Memory* memory() const { return std::get_if<Memory>(&v_); }
  const Global* global() const { return std::get_if<Global>(&v_); }

 private:
  std::variant<Func, Table, Memory, Global> v_;  // order matches ExternKind
};

}  // namespace mosaic
