#include "binary/decode.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "binary/errors.h"
#include "binary/expr_scan.h"
#include "binary/names.h"
#include "binary/read_types.h"
#include "support/reader.h"

namespace mosaic::binary {
namespace {

using support::Reader;

// Spec 5.5.2: section ids.
enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
};

// Spec 5.5.16: the order in which non-custom sections must appear (data count sits before code).
int section_order(uint8_t id) {
  switch (id) {
    case kType: return 1;
    case kImport: return 2;
    case kFunction: return 3;
    case kTable: return 4;
    case kMemory: return 5;
    case kGlobal: return 6;
    case kExport: return 7;
    case kStart: return 8;
    case kElement: return 9;
    case kDataCount: return 10;
    case kCode: return 11;
    case kData: return 12;
    default: return 0;
  }
}

// Reserve for a vector whose declared count is untrusted: every element takes at least one byte, so never
// more than the bytes that remain.
template <class T>
void reserve_bounded(std::vector<T>& v, uint32_t count, const Reader& r) {
  v.reserve(std::min<size_t>(count, r.remaining()));
}

class Decoder {
 public:
  Decoder(Module& m, const Features& f) : m_(m), f_(f), r_(std::span<const uint8_t>(m.bytes)) {}

  Result<void> run();

 private:
  Result<void> header();
  Result<void> section(uint8_t id, uint32_t size);
  Result<void> custom_section(uint32_t size);
  Result<void> type_section();
  Result<void> import_section();
  Result<void> function_section();
  Result<void> table_section();
  Result<void> memory_section();
  Result<void> global_section();
  Result<void> export_section();
  Result<void> start_section();
  Result<void> element_section();
  Result<void> data_count_section();
  Result<void> code_section();
  Result<void> data_section();

  Result<ConstExpr> const_expr();
  Result<Range> byte_vec();
  Result<std::string> name();
  Result<ValType> elem_kind();

  Range range_from(size_t begin) const {
    return Range{static_cast<uint32_t>(begin), static_cast<uint32_t>(r_.pos())};
  }

  Module& m_;
  Features f_;
  Reader r_;
  uint8_t last_id_ = 0;  // last non-custom section id seen
  bool uses_data_index_ = false;
};

// Spec 5.5.16: magic "\0asm" and version 1.
Result<void> Decoder::header() {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  auto magic = MOSAIC_TRY(r_.bytes(4));
  if (std::memcmp(magic.data(), kMagic, 4) != 0) return r_.error_at(0, message(Malformed::MagicHeader));
  auto version = MOSAIC_TRY(r_.bytes(4));
  if (std::memcmp(version.data(), kVersion, 4) != 0)
    return r_.error_at(4, message(Malformed::UnknownVersion));
  return ok();
}

Result<void> Decoder::run() {
  MOSAIC_TRY(header());
  int last_order = 0;
  while (!r_.at_end()) {
    // Spec 5.5.2: section ::= N:byte size:u32 cont:B^size.
    size_t id_pos = r_.pos();
    uint8_t id = MOSAIC_TRY(r_.u8());
    if (id > kDataCount) return r_.error_at(id_pos, message(Malformed::SectionId));
    if (id != kCustom) {
      int order = section_order(id);
      if (order <= last_order) return r_.error_at(id_pos, message(Malformed::ContentAfterLastSection));
      last_order = order;
    }
    size_t size_pos = r_.pos();
    uint32_t size = MOSAIC_TRY(r_.u32());
    if (size > r_.remaining()) return r_.error_at(size_pos, message(Malformed::LengthOutOfBounds));
    size_t start = r_.pos();
    // Like the reference interpreter, the contents are read from the whole stream and the size is checked
    // afterwards, so a wrong size shows as "section size mismatch".
    MOSAIC_TRY(section(id, size));
    if (r_.pos() != start + size) return r_.error_at(start, message(Malformed::SectionSizeMismatch));
    if (id != kCustom) last_id_ = id;
  }
  // Spec 5.5.16: the function and code sections must have the same length; the data count, when
  // present, must match the data section; and it is required when code uses a data index.
  if (m_.funcs.size() != m_.codes.size()) {
    return r_.error(message(Malformed::FunctionCodeLengths));
  }
  if (m_.data_count && *m_.data_count != m_.datas.size()) {
    return r_.error(message(Malformed::DataCountLengths));
  }
  // As in the reference interpreter, a module without data segments is left to validation ("unknown data
  // segment").
  if (!m_.data_count && uses_data_index_ && !m_.datas.empty())
    return r_.error(message(Malformed::DataCountRequired));
  return ok();
}

Result<void> Decoder::section(uint8_t id, uint32_t size) {
  switch (id) {
    case kCustom: return custom_section(size);
    case kType: return type_section();
    case kImport: return import_section();
    case kFunction: return function_section();
    case kTable: return table_section();
    case kMemory: return memory_section();
    case kGlobal: return global_section();
    case kExport: return export_section();
    case kStart: return start_section();
    case kElement: return element_section();
    case kDataCount: return data_count_section();
    case kCode: return code_section();
    case kData: return data_section();
    default: return r_.error(message(Malformed::SectionId));
  }
}

Result<std::string> Decoder::name() {
  std::string_view n = MOSAIC_TRY(r_.name());
  return std::string(n);
}

// Spec 5.5.3: custom ::= name byte*. The name must be valid UTF-8; the contents are kept as a range, and
// the "name" section is parsed into Module::names (spec 7.4.1), ignoring any error in it.
Result<void> Decoder::custom_section(uint32_t size) {
  size_t start = r_.pos();
  CustomSection c;
  c.name = MOSAIC_TRY(name());
  size_t used = r_.pos() - start;
  if (used > size) return r_.error_at(start, message(Malformed::UnexpectedEnd));
  size_t data_begin = r_.pos();
  (void)MOSAIC_TRY(r_.bytes(size - used));
  c.data = range_from(data_begin);
  c.after_id = last_id_;
  if (c.name == "name") parse_name_section(m_.slice(c.data), c.data.begin, m_.names);
  m_.customs.push_back(std::move(c));
  return ok();
}

// Spec 5.5.4: functype ::= 0x60 vec(valtype) vec(valtype).
Result<void> Decoder::type_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.types, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    // The form byte is an s7 in the reference interpreter: a continuation bit makes it too long.
    size_t at = r_.pos();
    uint8_t form = MOSAIC_TRY(r_.u8());
    if (form & 0x80) return r_.error_at(at, message(Malformed::IntegerTooLong));
    if (form != 0x60) return r_.error_at(at, message(Malformed::FunctionType));
    FuncType ft;
    uint32_t np = MOSAIC_TRY(r_.u32());
    reserve_bounded(ft.params, np, r_);
    for (uint32_t k = 0; k < np; ++k) ft.params.push_back(MOSAIC_TRY(read_val_type(r_, f_)));
    uint32_t nr = MOSAIC_TRY(r_.u32());
    reserve_bounded(ft.results, nr, r_);
    for (uint32_t k = 0; k < nr; ++k) ft.results.push_back(MOSAIC_TRY(read_val_type(r_, f_)));
    m_.types.push_back(std::move(ft));
  }
  return ok();
}

// Spec 5.5.5: import ::= mod:name nm:name d:importdesc.
Result<void> Decoder::import_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.imports, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    Import im;
    im.module = MOSAIC_TRY(name());
    im.name = MOSAIC_TRY(name());
    size_t at = r_.pos();
    uint8_t kind = MOSAIC_TRY(r_.u8());
    switch (kind) {
      case 0x00:
        im.kind = ExternKind::Func;
        im.func_type = MOSAIC_TRY(r_.u32());
        ++m_.num_imported_funcs;
        break;
      case 0x01:
        im.kind = ExternKind::Table;
        im.table = MOSAIC_TRY(read_table_type(r_));
        ++m_.num_imported_tables;
        break;
      case 0x02:
        im.kind = ExternKind::Memory;
        im.memory = MOSAIC_TRY(read_memory_type(r_));
        ++m_.num_imported_memories;
        break;
      case 0x03:
        im.kind = ExternKind::Global;
        im.global = MOSAIC_TRY(read_global_type(r_, f_));
        ++m_.num_imported_globals;
        break;
      default: return r_.error_at(at, message(Malformed::ImportKind));
    }
    m_.import_positions[static_cast<size_t>(im.kind)].push_back(static_cast<uint32_t>(m_.imports.size()));
    m_.imports.push_back(std::move(im));
  }
  return ok();
}

// Spec 5.5.6: funcsec ::= vec(typeidx).
Result<void> Decoder::function_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.funcs, count, r_);
  for (uint32_t i = 0; i < count; ++i) m_.funcs.push_back(MOSAIC_TRY(r_.u32()));
  return ok();
}

// Spec 5.5.7: tablesec ::= vec(tabletype).
Result<void> Decoder::table_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.tables, count, r_);
  for (uint32_t i = 0; i < count; ++i) m_.tables.push_back(MOSAIC_TRY(read_table_type(r_)));
  return ok();
}

// Spec 5.5.8: memsec ::= vec(memtype).
Result<void> Decoder::memory_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.memories, count, r_);
  for (uint32_t i = 0; i < count; ++i) m_.memories.push_back(MOSAIC_TRY(read_memory_type(r_)));
  return ok();
}

// Spec 5.4.9: expr ::= instr* 0x0B, kept as a byte range including the `end`.
Result<ConstExpr> Decoder::const_expr() {
  size_t begin = r_.pos();
  (void)MOSAIC_TRY(scan_expr(r_, f_));
  return ConstExpr{range_from(begin)};
}

// Spec 5.5.9: global ::= gt:globaltype e:expr.
Result<void> Decoder::global_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.globals, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    Global g;
    g.type = MOSAIC_TRY(read_global_type(r_, f_));
    g.init = MOSAIC_TRY(const_expr());
    m_.globals.push_back(g);
  }
  return ok();
}

// Spec 5.5.10: export ::= nm:name d:exportdesc.
Result<void> Decoder::export_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.exports, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    Export ex;
    ex.name = MOSAIC_TRY(name());
    size_t at = r_.pos();
    uint8_t kind = MOSAIC_TRY(r_.u8());
    if (kind > 0x03) return r_.error_at(at, message(Malformed::ExportKind));
    ex.kind = static_cast<ExternKind>(kind);
    ex.index = MOSAIC_TRY(r_.u32());
    m_.exports.push_back(std::move(ex));
  }
  return ok();
}

// Spec 5.5.11: startsec ::= x:funcidx.
Result<void> Decoder::start_section() {
  m_.start = MOSAIC_TRY(r_.u32());
  return ok();
}

// Spec 5.5.12: elemkind ::= 0x00 (funcref).
Result<ValType> Decoder::elem_kind() {
  size_t at = r_.pos();
  uint8_t b = MOSAIC_TRY(r_.u8());
  if (b != 0x00) return r_.error_at(at, message(Malformed::ElementKind));
  return ValType::FuncRef;
}

// Spec 5.5.12: the eight encodings of an element segment, selected by a u32 flag whose bit 0 means
// passive/declarative, bit 1 an explicit table index (active) or declarative, bit 2 expressions.
Result<void> Decoder::element_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.elems, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    size_t at = r_.pos();
    uint32_t flags = MOSAIC_TRY(r_.u32());
    if (flags > 7) return r_.error_at(at, message(Malformed::ElementSegmentKind));
    ElemSegment seg;
    bool passive_or_declarative = flags & 1;
    bool has_table_or_declarative = flags & 2;
    seg.uses_exprs = flags & 4;
    if (!passive_or_declarative) {
      seg.mode = SegmentMode::Active;
      if (has_table_or_declarative) seg.table = MOSAIC_TRY(r_.u32());
      seg.offset = MOSAIC_TRY(const_expr());
    } else {
      seg.mode = has_table_or_declarative ? SegmentMode::Declarative : SegmentMode::Passive;
    }
    // Flags 0 and 4 have an implicit funcref type; the others give an elemkind or a reftype.
    if (flags != 0 && flags != 4) {
      seg.type = seg.uses_exprs ? MOSAIC_TRY(read_ref_type(r_)) : MOSAIC_TRY(elem_kind());
    }
    uint32_t n = MOSAIC_TRY(r_.u32());
    if (seg.uses_exprs) {
      reserve_bounded(seg.exprs, n, r_);
      for (uint32_t k = 0; k < n; ++k) seg.exprs.push_back(MOSAIC_TRY(const_expr()));
    } else {
      reserve_bounded(seg.func_indices, n, r_);
      for (uint32_t k = 0; k < n; ++k) seg.func_indices.push_back(MOSAIC_TRY(r_.u32()));
    }
    m_.elems.push_back(std::move(seg));
  }
  return ok();
}

// Spec 5.5.15: datacountsec ::= n:u32.
Result<void> Decoder::data_count_section() {
  m_.data_count = MOSAIC_TRY(r_.u32());
  return ok();
}

// Spec 5.5.13: code ::= size:u32 code:func, func ::= (t*)*:vec(locals) e:expr, locals ::= n:u32 t:valtype.
// The total number of locals must be below 2^32 ("too many locals").
Result<void> Decoder::code_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.codes, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    Code code;
    code.offset = static_cast<uint32_t>(r_.pos());
    size_t size_pos = r_.pos();
    uint32_t size = MOSAIC_TRY(r_.u32());
    if (size > r_.remaining()) return r_.error_at(size_pos, message(Malformed::LengthOutOfBounds));
    size_t start = r_.pos();
    uint32_t runs = MOSAIC_TRY(r_.u32());
    reserve_bounded(code.locals, runs, r_);
    uint64_t total = 0;
    for (uint32_t k = 0; k < runs; ++k) {
      LocalRun run;
      run.count = MOSAIC_TRY(r_.u32());
      run.type = MOSAIC_TRY(read_val_type(r_, f_));
      total += run.count;  // at most 2^32 runs of at most 2^32 - 1: cannot overflow 64 bits
      code.locals.push_back(run);
    }
    if (total > std::numeric_limits<uint32_t>::max())
      return r_.error_at(start, message(Malformed::TooManyLocals));
    code.local_count = static_cast<uint32_t>(total);
    size_t body_begin = r_.pos();
    ExprScan scan = MOSAIC_TRY(scan_expr(r_, f_));
    uses_data_index_ |= scan.uses_data_index;
    code.body = range_from(body_begin);
    if (r_.pos() != start + size) return r_.error_at(start, message(Malformed::SectionSizeMismatch));
    m_.codes.push_back(std::move(code));
  }
  return ok();
}

// vec(byte), as a range into the module's bytes.
Result<Range> Decoder::byte_vec() {
  size_t len_pos = r_.pos();
  uint32_t len = MOSAIC_TRY(r_.u32());
  if (len > r_.remaining()) return r_.error_at(len_pos, message(Malformed::UnexpectedEndOfSection));
  size_t begin = r_.pos();
  (void)MOSAIC_TRY(r_.bytes(len));
  return range_from(begin);
}

// Spec 5.5.14: data ::= 0 e:expr b*:vec(byte) | 1 b*:vec(byte) | 2 x:memidx e:expr b*:vec(byte).
Result<void> Decoder::data_section() {
  uint32_t count = MOSAIC_TRY(r_.u32());
  reserve_bounded(m_.datas, count, r_);
  for (uint32_t i = 0; i < count; ++i) {
    size_t at = r_.pos();
    uint32_t flags = MOSAIC_TRY(r_.u32());
    DataSegment seg;
    switch (flags) {
      case 0:
        seg.mode = SegmentMode::Active;
        seg.offset = MOSAIC_TRY(const_expr());
        break;
      case 1: seg.mode = SegmentMode::Passive; break;
      case 2:
        seg.mode = SegmentMode::Active;
        seg.memory = MOSAIC_TRY(r_.u32());
        seg.offset = MOSAIC_TRY(const_expr());
        break;
      default: return r_.error_at(at, message(Malformed::DataSegmentKind));
    }
    seg.init = MOSAIC_TRY(byte_vec());
    m_.datas.push_back(seg);
  }
  return ok();
}

}  // namespace

Result<Module> decode(std::span<const uint8_t> bytes, const Features& features) {
  return decode(std::vector<uint8_t>(bytes.begin(), bytes.end()), features);
}

Result<Module> decode(std::vector<uint8_t>&& bytes, const Features& features) {
  // Ranges are 32-bit; a larger input cannot be a module we can represent.
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return Error{ErrorKind::Malformed, 0, message(Malformed::LengthOutOfBounds)};
  }
  Module m;
  m.bytes = std::move(bytes);
  Decoder d(m, features);
  if (auto r = d.run(); !r) {
    Error e = std::move(r).error();
    // Past the header, running out of bytes is reported in the reference interpreter's longer form.
    if (e.message == message(Malformed::UnexpectedEnd) && e.offset != kNoOffset && e.offset >= 8) {
      e.message = message(Malformed::UnexpectedEndOfSection);
    }
    return e;
  }
  return m;
}

}  // namespace mosaic::binary
