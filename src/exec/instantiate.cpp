// Module instantiation (spec 4.5.4) with Wasm 2.0 semantics: imports are checked before anything is
// allocated; then the instance is allocated (spec 4.5.3, allocmodule), active element and data segments
// are applied one by one, and the start function runs. A failure after allocation leaves the instance in
// the store: segments written before the failure persist, and other instances may use its functions.

#include <algorithm>
#include <cstring>

#include "exec/const_eval.h"
#include "exec/link.h"
#include "exec/memory_image.h"
#include "exec/runtime.h"

namespace mosaic::exec {

namespace {

Error uninstantiable(const char* message) { return Error(ErrorKind::Uninstantiable, message); }

// Allocates the instance's functions, tables, memories, globals, element and data instances and exports
// (spec 4.5.3, allocmodule). Imports have been checked.
Result<void> allocate(Store& store, Instance& inst, const std::vector<ExternVal>& imports,
                      std::deque<std::unique_ptr<FuncInst[]>>& func_blocks) {
  const binary::Module& m = inst.module->binary();
  const Config& config = store.config();

  inst.type_ids.reserve(m.types.size());
  for (const binary::FuncType& type : m.types) inst.type_ids.push_back(store.type_id(type));

  for (const ExternVal& v : imports) {
    switch (v.kind) {
      case binary::ExternKind::Func: inst.funcs.push_back(static_cast<FuncInst*>(v.ptr)); break;
      case binary::ExternKind::Table: inst.tables.push_back(static_cast<TableInst*>(v.ptr)); break;
      case binary::ExternKind::Memory: inst.memories.push_back(static_cast<MemoryInst*>(v.ptr)); break;
      case binary::ExternKind::Global: inst.globals.push_back(static_cast<GlobalInst*>(v.ptr)); break;
    }
  }

  // spec 4.5.3, allocfunc: one block for all of them (a JS engine defines over ten thousand).
  inst.funcs.reserve(m.total_funcs());
  if (!m.funcs.empty()) {
    func_blocks.push_back(std::make_unique<FuncInst[]>(m.funcs.size()));
    FuncInst* block = func_blocks.back().get();
    for (uint32_t i = 0; i < m.funcs.size(); ++i) {
      FuncInst& func = block[i];
      func.type = &m.types[m.funcs[i]];
      func.instance = &inst;
      func.defined_index = i;
      func.type_id = inst.type_ids[m.funcs[i]];
      inst.funcs.push_back(&func);
    }
  }

  // spec 4.5.3, alloctable: Wasm 2.0 tables start out null.
  for (const binary::TableType& type : m.tables) {
    if (type.limits.min > config.max_table_elements) {
      return Error(ErrorKind::Exhausted, "table of " + std::to_string(type.limits.min) +
                                             " elements exceeds the store's limit of " +
                                             std::to_string(config.max_table_elements));
    }
    inst.tables.push_back(store.add_table(type, 0));
  }

  // spec 4.5.3, allocmem
  for (const binary::MemoryType& type : m.memories)
    inst.memories.push_back(MOSAIC_TRY(store.add_memory(type)));

  // spec 4.5.3, allocglobal. Initialisers see the globals before them (imports, in Wasm 2.0) and every
  // function, as the auxiliary frame of spec 4.5.4 does.
  for (const binary::Global& global : m.globals) {
    ConstValue v = MOSAIC_TRY(eval_const(inst, global.init));
    inst.globals.push_back(store.add_global(global.type, v.slots));
  }

  // spec 4.5.3, allocelem: evaluate each initialiser into a reference slot.
  inst.elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const binary::ElemSegment& seg = m.elems[i];
    std::vector<uint64_t>& refs = inst.elems[i].refs;
    refs.reserve(seg.size());
    if (seg.uses_exprs) {
      for (const binary::ConstExpr& e : seg.exprs) refs.push_back(MOSAIC_TRY(eval_const(inst, e)).slots[0]);
    } else {
      for (uint32_t f : seg.func_indices)
        refs.push_back(uint64_t(reinterpret_cast<uintptr_t>(inst.funcs[f])));
    }
  }

  // spec 4.5.3, allocdata: the bytes stay in the module, which the instance keeps alive.
  inst.datas.resize(m.datas.size());
  for (size_t i = 0; i < m.datas.size(); ++i) {
    inst.datas[i].data = m.bytes.data() + m.datas[i].init.begin;
    inst.datas[i].size = m.datas[i].init.size();
  }

  // spec 4.5.3, allocmodule: export instances.
  inst.exports.reserve(m.exports.size());
  for (const binary::Export& e : m.exports) {
    ExternVal v{e.kind, nullptr};
    switch (e.kind) {
      case binary::ExternKind::Func: v.ptr = inst.funcs[e.index]; break;
      case binary::ExternKind::Table: v.ptr = inst.tables[e.index]; break;
      case binary::ExternKind::Memory: v.ptr = inst.memories[e.index]; break;
      case binary::ExternKind::Global: v.ptr = inst.globals[e.index]; break;
    }
    inst.exports.push_back(v);
  }
  return ok();
}

// The active data segments through the module's memory images (exec/memory_image.h). Only when no segment
// would trap: then the order of the copies does not matter, an imaged memory takes its image (the bytes its
// segments would have left) and the other memories' segments are copied. Returns false when some segment
// is out of bounds or the OS refuses a mapping; the copies of apply_segments then run (and trap) as usual,
// over memories that hold zeros or what those copies write anyway.
bool apply_data_images(Instance& inst, const ModuleImages::Images& images) {
  const binary::Module& m = inst.module->binary();
  auto imaged = [&](uint32_t memory) {
    return memory >= m.num_imported_memories && images[memory - m.num_imported_memories] != nullptr;
  };
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const binary::DataSegment& seg = m.datas[i];
    // The segments of an imaged memory have constant offsets and fit in its initial size (its size now).
    if (seg.mode != binary::SegmentMode::Active || imaged(seg.memory)) continue;
    Result<ConstValue> offset = eval_const(inst, seg.offset);
    if (!offset ||
        uint32_t(offset->slots[0]) + uint64_t(inst.datas[i].size) > inst.memories[seg.memory]->size)
      return false;
  }
  for (size_t d = 0; d < images.size(); ++d) {
    if (images[d] && !inst.memories[m.num_imported_memories + d]->map_image(*images[d], inst.module->images))
      return false;
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const binary::DataSegment& seg = m.datas[i];
    if (seg.mode != binary::SegmentMode::Active) continue;
    DataInst& data = inst.datas[i];
    if (!imaged(seg.memory) && data.size != 0) {
      uint64_t offset = uint32_t(eval_const(inst, seg.offset)->slots[0]);
      std::memcpy(inst.memories[seg.memory]->data + offset, data.data, data.size);
    }
    data = DataInst{};  // data.drop
  }
  return true;
}

// spec 4.5.4, after allocation: active segments run table.init / memory.init and are then dropped;
// declarative element segments are only dropped. Bounds failures trap with the instruction's text.
Result<void> apply_segments(Instance& inst, const ModuleImages::Images* images) {
  const binary::Module& m = inst.module->binary();
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const binary::ElemSegment& seg = m.elems[i];
    std::vector<uint64_t>& refs = inst.elems[i].refs;
    if (seg.mode == binary::SegmentMode::Active) {
      // spec 4.4, table.init with s = 0, n = the segment's length.
      uint64_t offset = uint32_t(MOSAIC_TRY(eval_const(inst, seg.offset)).slots[0]);
      TableInst& table = *inst.tables[seg.table];
      if (offset + refs.size() > table.elems.size()) return uninstantiable("out of bounds table access");
      std::copy(refs.begin(), refs.end(), table.elems.begin() + ptrdiff_t(offset));
    }
    if (seg.mode != binary::SegmentMode::Passive) std::vector<uint64_t>().swap(refs);  // elem.drop
  }
  if (images != nullptr && apply_data_images(inst, *images)) return ok();
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const binary::DataSegment& seg = m.datas[i];
    if (seg.mode != binary::SegmentMode::Active) continue;
    // spec 4.4, memory.init with s = 0, n = the segment's length.
    uint64_t offset = uint32_t(MOSAIC_TRY(eval_const(inst, seg.offset)).slots[0]);
    MemoryInst& mem = *inst.memories[seg.memory];
    DataInst& data = inst.datas[i];
    if (offset + data.size > mem.size) return uninstantiable("out of bounds memory access");
    if (data.size != 0) std::memcpy(mem.data + offset, data.data, data.size);
    data = DataInst{};  // data.drop
  }
  return ok();
}

}  // namespace

Result<Instance*> Store::instantiate(std::shared_ptr<const CompiledModule> module,
                                     const std::vector<ExternVal>& imports) {
  if (!module) return Error(ErrorKind::Usage, "instantiate: null module");
  const binary::Module& m = module->binary();

  // spec 4.5.4, first steps: one external value per import, each matching its import's type.
  if (imports.size() != m.imports.size()) {
    return Error(ErrorKind::Unlinkable, "wrong number of imports: the module has " +
                                            std::to_string(m.imports.size()) + ", " +
                                            std::to_string(imports.size()) + " were given");
  }
  for (size_t i = 0; i < imports.size(); ++i) MOSAIC_TRY(match_import(m, m.imports[i], imports[i]));
  // (A failed instantiation's instance stays in the store, as the spec's store keeps what it allocated.)
  if (instances_.size() >= config_.max_instances) {
    return Error(ErrorKind::Exhausted, "too many instances in this store (the limit is " +
                                           std::to_string(config_.max_instances) + ")");
  }

  instances_.push_back(std::make_unique<Instance>());
  Instance& inst = *instances_.back();
  inst.module = std::move(module);
  MOSAIC_TRY(allocate(*this, inst, imports, func_blocks_));
  const ModuleImages::Images* images =
      config_.memory_images && inst.module->images ? inst.module->images->for_instantiation(inst) : nullptr;
  MOSAIC_TRY(apply_segments(inst, images));

  // spec 4.5.4, last step: the start function. Its trap fails instantiation with the trap's text.
  if (m.start) {
    Result<void> r = call(inst.funcs[*m.start], nullptr, nullptr);
    if (!r) {
      Error error = std::move(r).error();
      if (error.kind == ErrorKind::Trap) error.kind = ErrorKind::Uninstantiable;
      return error;
    }
  }
  return &inst;
}

std::optional<ExternVal> Instance::find_export(std::string_view name) const {
  const std::vector<binary::Export>& exps = module->binary().exports;
  for (size_t i = 0; i < exps.size() && i < exports.size(); ++i) {
    if (exps[i].name == name) return exports[i];
  }
  return std::nullopt;
}

}  // namespace mosaic::exec
