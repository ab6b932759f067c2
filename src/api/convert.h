#pragma once
// Conversions between the public API's types and values (include/mosaic) and the engine's (binary::,
// exec::): value kinds, function/table/memory/global types, values <-> 8-byte slots, externs.

#include <cstdint>

#include "binary/module.h"
#include "exec/runtime.h"
#include "mosaic/extern.h"
#include "mosaic/types.h"
#include "mosaic/val.h"

namespace mosaic::api {

binary::ValType to_binary(ValKind kind);
ValKind from_binary(binary::ValType type);
binary::FuncType to_binary(const FuncType& type);
FuncType from_binary(const binary::FuncType& type);
binary::Limits to_binary(const Limits& limits);
Limits from_binary(const binary::Limits& limits);
binary::TableType to_binary(const TableType& type);
TableType from_binary(const binary::TableType& type);
binary::MemoryType to_binary(const MemoryType& type);
MemoryType from_binary(const binary::MemoryType& type);
binary::GlobalType to_binary(const GlobalType& type);
GlobalType from_binary(const binary::GlobalType& type);

// The type of item `index` of kind `kind` in the module's index spaces.
ExternType extern_type(const binary::Module& module, binary::ExternKind kind, uint32_t index);

// The type of an external value now (tables and memories report their current size as the minimum).
ExternType extern_type(const exec::ExternVal& value);

// Writes `value` as binary::slot_count(kind) slots. An externref is boxed by the store (Store::extern_ref);
// a null reference is slot 0.
void to_slots(exec::Store& store, const Val& value, uint64_t* slots);
// Reads a value of type `type` from its slots.
Val from_slots(binary::ValType type, const uint64_t* slots);

exec::ExternVal to_exec(const Extern& item);
Extern from_exec(const exec::ExternVal& value);

// Usage error "type mismatch: expected <t>, got <u>" unless the value has kind `type`.
Result<void> check_val(const Val& value, binary::ValType type, const char* what);

}  // namespace mosaic::api
