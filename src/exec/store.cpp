// The store (spec 4.2.3): owner of every runtime object, and the allocation functions of spec 4.5.3 for
// objects the host creates.

#include <algorithm>
#include <cstring>

#include "exec/interp/interp.h"
#include "exec/interp/stack.h"
#include "exec/runtime.h"

namespace mosaic::exec {

Store::Store(const Config& config) : config_(config) {}

Store::~Store() = default;

// spec 4.5.3, allochostfunc
FuncInst* Store::add_host_func(binary::FuncType type, HostFunc fn) {
  auto func = std::make_unique<FuncInst>();
  func->type_id = type_id(type);
  func->host = std::make_unique<HostFuncData>(HostFuncData{std::move(fn), std::move(type)});
  func->type = &func->host->type;
  funcs_.push_back(std::move(func));
  return funcs_.back().get();
}

// spec 4.5.3, allocmem
Result<MemoryInst*> Store::add_memory(binary::MemoryType type) {
  auto mem = MOSAIC_TRY(MemoryInst::create(type, config_.max_memory_bytes));
  memories_.push_back(std::move(mem));
  return memories_.back().get();
}

// spec 4.5.3, alloctable
TableInst* Store::add_table(binary::TableType type, uint64_t init) {
  auto table = std::make_unique<TableInst>();
  table->max_size = std::min(config_.max_table_elements, kMaxTableSize);
  uint64_t min = std::min(type.limits.min, table->max_size);
  table->type = type;
  table->elems.assign(min, init);
  table->type.limits.min = min;
  tables_.push_back(std::move(table));
  return tables_.back().get();
}

// spec 4.5.3, allocglobal
GlobalInst* Store::add_global(binary::GlobalType type, const uint64_t value[2]) {
  auto global = std::make_unique<GlobalInst>();
  global->type = type;
  global->value[0] = value[0];
  global->value[1] = value[1];
  globals_.push_back(std::move(global));
  return globals_.back().get();
}

ExternObj* Store::extern_ref(uint64_t host) {
  auto& slot = externs_[host];
  if (!slot) {
    slot = std::make_unique<ExternObj>();
    slot->host = host;
  }
  return slot.get();
}

uint32_t Store::type_id(const binary::FuncType& type) {
  // Key: parameter type bytes, a separator that is no value type, result type bytes.
  std::string key;
  key.reserve(type.params.size() + type.results.size() + 1);
  for (binary::ValType t : type.params) key.push_back(char(t));
  key.push_back('\0');
  for (binary::ValType t : type.results) key.push_back(char(t));
  auto [it, inserted] = type_ids_.try_emplace(std::move(key), uint32_t(types_.size()));
  if (inserted) types_.push_back(type);
  return it->second;
}

Result<void> Store::call(FuncInst* func, const uint64_t* args, uint64_t* results) {
  return interp::call(*this, func, args, results);
}

interp::Stack* Store::stack() {
  if (!stack_) stack_ = interp::make_stack(config_);
  return stack_.get();
}

}  // namespace mosaic::exec
