#include "api/convert.h"

#include <cstring>
#include <string>

namespace mosaic::api {

binary::ValType to_binary(ValKind kind) {
  switch (kind) {
    case ValKind::I32: return binary::ValType::I32;
    case ValKind::I64: return binary::ValType::I64;
    case ValKind::F32: return binary::ValType::F32;
    case ValKind::F64: return binary::ValType::F64;
    case ValKind::V128: return binary::ValType::V128;
    case ValKind::FuncRef: return binary::ValType::FuncRef;
    case ValKind::ExternRef: return binary::ValType::ExternRef;
  }
  return binary::ValType::I32;
}

ValKind from_binary(binary::ValType type) {
  switch (type) {
    case binary::ValType::I32: return ValKind::I32;
    case binary::ValType::I64: return ValKind::I64;
    case binary::ValType::F32: return ValKind::F32;
    case binary::ValType::F64: return ValKind::F64;
    case binary::ValType::V128: return ValKind::V128;
    case binary::ValType::FuncRef: return ValKind::FuncRef;
    case binary::ValType::ExternRef: return ValKind::ExternRef;
  }
  return ValKind::I32;
}

binary::FuncType to_binary(const FuncType& type) {
  binary::FuncType r;
  for (ValKind k : type.params) r.params.push_back(to_binary(k));
  for (ValKind k : type.results) r.results.push_back(to_binary(k));
  return r;
}

FuncType from_binary(const binary::FuncType& type) {
  FuncType r;
  for (binary::ValType t : type.params) r.params.push_back(from_binary(t));
  for (binary::ValType t : type.results) r.results.push_back(from_binary(t));
  return r;
}

binary::Limits to_binary(const Limits& limits) { return {limits.min, limits.max}; }
Limits from_binary(const binary::Limits& limits) { return {limits.min, limits.max}; }
binary::TableType to_binary(const TableType& type) {
  return {to_binary(type.element), to_binary(type.limits)};
}
TableType from_binary(const binary::TableType& type) {
  return {from_binary(type.elem), from_binary(type.limits)};
}
binary::MemoryType to_binary(const MemoryType& type) { return {to_binary(type.limits)}; }
MemoryType from_binary(const binary::MemoryType& type) { return {from_binary(type.limits)}; }
binary::GlobalType to_binary(const GlobalType& type) { return {to_binary(type.content), type.is_mutable}; }
GlobalType from_binary(const binary::GlobalType& type) { return {from_binary(type.type), type.is_mutable}; }

ExternType extern_type(const binary::Module& module, binary::ExternKind kind, uint32_t index) {
  ExternType r;
  r.kind = static_cast<ExternKind>(kind);
  switch (kind) {
    case binary::ExternKind::Func: r.func = from_binary(module.func_type(index)); break;
    case binary::ExternKind::Table: r.table = from_binary(module.table_type(index)); break;
    case binary::ExternKind::Memory: r.memory = from_binary(module.memory_type(index)); break;
    case binary::ExternKind::Global: r.global = from_binary(module.global_type(index)); break;
  }
  return r;
}

ExternType extern_type(const exec::ExternVal& value) {
  ExternType r;
  r.kind = static_cast<ExternKind>(value.kind);
  switch (value.kind) {
    case binary::ExternKind::Func:
      r.func = from_binary(*static_cast<const exec::FuncInst*>(value.ptr)->type);
      break;
    case binary::ExternKind::Table: {
      const auto& t = *static_cast<const exec::TableInst*>(value.ptr);
      r.table = {from_binary(t.type.elem), {t.elems.size(), t.type.limits.max}};
      break;
    }
    case binary::ExternKind::Memory: {
      const auto& m = *static_cast<const exec::MemoryInst*>(value.ptr);
      r.memory = {{m.pages(), m.type.limits.max}};
      break;
    }
    case binary::ExternKind::Global:
      r.global = from_binary(static_cast<const exec::GlobalInst*>(value.ptr)->type);
      break;
  }
  return r;
}

void to_slots(exec::Store& store, const Val& value, uint64_t* slots) {
  switch (value.kind()) {
    case ValKind::I32: slots[0] = uint32_t(value.as_i32()); break;
    case ValKind::I64: slots[0] = uint64_t(value.as_i64()); break;
    case ValKind::F32: slots[0] = value.f32_bits(); break;
    case ValKind::F64: slots[0] = value.f64_bits(); break;
    case ValKind::V128: std::memcpy(slots, value.as_v128().data(), 16); break;
    case ValKind::FuncRef:
      slots[0] = value.is_null() ? 0 : uint64_t(reinterpret_cast<uintptr_t>(value.as_ref().func));
      break;
    case ValKind::ExternRef:
      slots[0] =
          value.is_null() ? 0 : uint64_t(reinterpret_cast<uintptr_t>(store.extern_ref(value.as_ref().host)));
      break;
  }
}

Val from_slots(binary::ValType type, const uint64_t* slots) {
  switch (type) {
    case binary::ValType::I32: return Val::i32(int32_t(uint32_t(slots[0])));
    case binary::ValType::I64: return Val::i64(int64_t(slots[0]));
    case binary::ValType::F32: return Val::f32_bits(uint32_t(slots[0]));
    case binary::ValType::F64: return Val::f64_bits(slots[0]);
    case binary::ValType::V128: {
      V128 v;
      std::memcpy(v.data(), slots, 16);
      return Val::v128(v);
    }
    case binary::ValType::FuncRef:
      if (slots[0] == 0) return Val::null_ref(ValKind::FuncRef);
      return Val::funcref(reinterpret_cast<exec::FuncInst*>(uintptr_t(slots[0])));
    case binary::ValType::ExternRef:
      if (slots[0] == 0) return Val::null_ref(ValKind::ExternRef);
      return Val::externref(reinterpret_cast<const exec::ExternObj*>(uintptr_t(slots[0]))->host);
  }
  return Val();
}

exec::ExternVal to_exec(const Extern& item) {
  exec::ExternVal v;
  v.kind = static_cast<binary::ExternKind>(item.kind());
  switch (item.kind()) {
    case ExternKind::Func: v.ptr = item.func()->impl(); break;
    case ExternKind::Table: v.ptr = item.table()->impl(); break;
    case ExternKind::Memory: v.ptr = item.memory()->impl(); break;
    case ExternKind::Global: v.ptr = item.global()->impl(); break;
  }
  return v;
}

Extern from_exec(const exec::ExternVal& value) {
  switch (value.kind) {
    case binary::ExternKind::Func: return Func(static_cast<exec::FuncInst*>(value.ptr));
    case binary::ExternKind::Table: return Table(static_cast<exec::TableInst*>(value.ptr));
    case binary::ExternKind::Memory: return Memory(static_cast<exec::MemoryInst*>(value.ptr));
    case binary::ExternKind::Global: return Global(static_cast<exec::GlobalInst*>(value.ptr));
  }
  return Func();
}

Result<void> check_val(const Val& value, binary::ValType type, const char* what) {
  if (value.kind() == from_binary(type)) return ok();
  return Error(ErrorKind::Usage, std::string("type mismatch: ") + what + " expects " +
                                     to_string(from_binary(type)) + ", got " + to_string(value.kind()));
}

}  // namespace mosaic::api
