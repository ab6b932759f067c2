// mosaic::Memory, Table and Global: host-created objects (spec 4.5.3) and their accessors.

#include "mosaic/extern.h"

#include <string>

#include "api/convert.h"
#include "exec/runtime.h"
#include "mosaic/store.h"

namespace mosaic {

namespace {

Result<void> check_limits(const Limits& limits, uint64_t bound, const char* what) {
  if (limits.min > bound || (limits.max && *limits.max > bound)) {
    return Error(ErrorKind::Usage, std::string(what) + " size must be at most " + std::to_string(bound));
  }
  if (limits.max && limits.min > *limits.max) {
    return Error(ErrorKind::Usage, "size minimum must not be greater than maximum");
  }
  return ok();
}

bool is_ref_kind(ValKind kind) { return kind == ValKind::FuncRef || kind == ValKind::ExternRef; }

}  // namespace

// --- Memory

Result<Memory> Memory::create(Store& store, MemoryType type) {
  MOSAIC_TRY(check_limits(type.limits, binary::kMaxPages, "memory"));
  return Memory(MOSAIC_TRY(store.impl().add_memory(api::to_binary(type))));
}

MemoryType Memory::type(Store& store) const {
  (void)store;
  return {{m_->pages(), m_->type.limits.max}};
}

uint8_t* Memory::data(Store& store) const {
  (void)store;
  return m_->data;
}

size_t Memory::data_size(Store& store) const {
  (void)store;
  return size_t(m_->size);
}

uint64_t Memory::size(Store& store) const {
  (void)store;
  return m_->pages();
}

Result<uint64_t> Memory::grow(Store& store, uint64_t delta) const {
  (void)store;
  int64_t old = m_->grow(delta);
  if (old < 0)
    return Error(ErrorKind::Exhausted, "failed to grow memory by " + std::to_string(delta) + " pages");
  return uint64_t(old);
}

// --- Table

Result<Table> Table::create(Store& store, TableType type, Val init) {
  if (!is_ref_kind(type.element))
    return Error(ErrorKind::Usage, "a table's element type must be a reference type");
  uint64_t bound = std::min(store.engine().config().max_table_elements, exec::kMaxTableSize);
  MOSAIC_TRY(check_limits(type.limits, bound, "table"));
  binary::ValType elem = api::to_binary(type.element);
  MOSAIC_TRY(api::check_val(init, elem, "table initial value"));
  uint64_t slot = 0;
  api::to_slots(store.impl(), init, &slot);
  return Table(store.impl().add_table(api::to_binary(type), slot));
}

TableType Table::type(Store& store) const {
  (void)store;
  return {api::from_binary(t_->type.elem), {t_->elems.size(), t_->type.limits.max}};
}

uint64_t Table::size(Store& store) const {
  (void)store;
  return t_->elems.size();
}

Result<Val> Table::get(Store& store, uint64_t index) const {
  (void)store;
  if (index >= t_->elems.size()) return Error(ErrorKind::Usage, "out of bounds table access");
  return api::from_slots(t_->type.elem, &t_->elems[index]);
}

Result<void> Table::set(Store& store, uint64_t index, Val value) const {
  MOSAIC_TRY(api::check_val(value, t_->type.elem, "table element"));
  if (index >= t_->elems.size()) return Error(ErrorKind::Usage, "out of bounds table access");
  api::to_slots(store.impl(), value, &t_->elems[index]);
  return ok();
}

Result<uint64_t> Table::grow(Store& store, uint64_t delta, Val init) const {
  MOSAIC_TRY(api::check_val(init, t_->type.elem, "table initial value"));
  uint64_t slot = 0;
  api::to_slots(store.impl(), init, &slot);
  int64_t old = t_->grow(delta, slot);
  if (old < 0)
    return Error(ErrorKind::Exhausted, "failed to grow table by " + std::to_string(delta) + " elements");
  return uint64_t(old);
}

// --- Global

Result<Global> Global::create(Store& store, GlobalType type, Val value) {
  binary::GlobalType bt = api::to_binary(type);
  MOSAIC_TRY(api::check_val(value, bt.type, "global initial value"));
  uint64_t slots[2] = {0, 0};
  api::to_slots(store.impl(), value, slots);
  return Global(store.impl().add_global(bt, slots));
}

GlobalType Global::type(Store& store) const {
  (void)store;
  return api::from_binary(g_->type);
}

Val Global::get(Store& store) const {
  (void)store;
  return api::from_slots(g_->type.type, g_->value);
}

Result<void> Global::set(Store& store, Val value) const {
  if (!g_->type.is_mutable) return Error(ErrorKind::Usage, "global is immutable");
  MOSAIC_TRY(api::check_val(value, g_->type.type, "global value"));
  api::to_slots(store.impl(), value, g_->value);
  return ok();
}

}  // namespace mosaic
