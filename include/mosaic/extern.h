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
}

class Memory {
 public:
  Memory() = default;
  explicit Memory(exec::MemoryInst* m) : m_(m) {}
  static Result<Memory> create(Store& store, MemoryType type);
  MemoryType type(Store& store) const;
  uint8_t* data(Store& store) const;
  size_t data_size(Store& store) const;   // bytes
  uint64_t size(Store& store) const;      // pages
  Result<uint64_t> grow(Store& store, uint64_t delta) const;  // old size in pages
  exec::MemoryInst* impl() const { return m_; }

 private:
  exec::MemoryInst* m_ = nullptr;
};

class Table {
 public:
  Table() = default;
  explicit Table(exec::TableInst* t) : t_(t) {}
  static Result<Table> create(Store& store, TableType type, Val init);
  TableType type(Store& store) const;
  uint64_t size(Store& store) const;
  Result<Val> get(Store& store, uint64_t index) const;
  Result<void> set(Store& store, uint64_t index, Val value) const;
  Result<uint64_t> grow(Store& store, uint64_t delta, Val init) const;
  exec::TableInst* impl() const { return t_; }

 private:
  exec::TableInst* t_ = nullptr;
};

class Global {
 public:
  Global() = default;
  explicit Global(exec::GlobalInst* g) : g_(g) {}
  static Result<Global> create(Store& store, GlobalType type, Val value);
  GlobalType type(Store& store) const;
  Val get(Store& store) const;
  Result<void> set(Store& store, Val value) const;
  exec::GlobalInst* impl() const { return g_; }

 private:
  exec::GlobalInst* g_ = nullptr;
};

class Extern {
 public:
  Extern(Func f) : v_(f) {}     // NOLINT: implicit by design
  Extern(Memory m) : v_(m) {}   // NOLINT
  Extern(Table t) : v_(t) {}    // NOLINT
  Extern(Global g) : v_(g) {}   // NOLINT
  ExternKind kind() const { return static_cast<ExternKind>(v_.index()); }
  const Func* func() const { return std::get_if<Func>(&v_); }
  const Table* table() const { return std::get_if<Table>(&v_); }
  const Memory* memory() const { return std::get_if<Memory>(&v_); }
  const Global* global() const { return std::get_if<Global>(&v_); }

 private:
  std::variant<Func, Table, Memory, Global> v_;  // order matches ExternKind
};

}  // namespace mosaic
