#include "binary/read_types.h"

#include "binary/errors.h"

namespace mosaic::binary {

bool is_val_type_byte(uint8_t b, const Features& features) {
  switch (b) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c: return true;
    case 0x7b: return features.simd;
    case 0x70: return true;
    case 0x6f: return features.reference_types;
    default: return false;
  }
}

// Spec 5.3.4: valtype ::= numtype | vectype | reftype.
Result<ValType> read_val_type(support::Reader& r, const Features& features) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (!is_val_type_byte(b, features)) return r.error_at(at, message(Malformed::ValueType));
  return static_cast<ValType>(b);
}

// Spec 5.3.3: reftype ::= 0x70 (funcref) | 0x6f (externref).
Result<ValType> read_ref_type(support::Reader& r) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b != 0x70 && b != 0x6f) return r.error_at(at, message(Malformed::ReferenceType));
  return static_cast<ValType>(b);
}

// Spec 5.3.7: limits ::= 0x00 n:u32 | 0x01 n:u32 m:u32. The reference interpreter reads the flag as a
// one-bit LEB128: value bits beyond bit 0 are "integer too large", a continuation bit is "integer
// representation too long".
Result<Limits> read_limits(support::Reader& r) {
  size_t at = r.pos();
  uint8_t flag = MOSAIC_TRY(r.u8());
  if ((flag & 0x7f) > 1) return r.error_at(at, message(Malformed::IntegerTooLarge));
  if (flag & 0x80) return r.error_at(at, message(Malformed::IntegerTooLong));
  Limits limits;
  limits.min = MOSAIC_TRY(r.u32());
  if (flag == 0x01) limits.max = MOSAIC_TRY(r.u32());
  return limits;
}

// Spec 5.3.9: tabletype ::= et:reftype lim:limits.
Result<TableType> read_table_type(support::Reader& r) {
  TableType t;
  t.elem = MOSAIC_TRY(read_ref_type(r));
  t.limits = MOSAIC_TRY(read_limits(r));
  return t;
}

// Spec 5.3.8: memtype ::= lim:limits.
Result<MemoryType> read_memory_type(support::Reader& r) {
  MemoryType m;
  m.limits = MOSAIC_TRY(read_limits(r));
  return m;
}

// Spec 5.3.10: globaltype ::= t:valtype m:mut, mut ::= 0x00 | 0x01.
Result<GlobalType> read_global_type(support::Reader& r, const Features& features) {
  GlobalType g;
  g.type = MOSAIC_TRY(read_val_type(r, features));
  size_t at = r.pos();
  uint8_t m = MOSAIC_TRY(r.u8());
  if (m > 1) return r.error_at(at, message(Malformed::Mutability));
  g.is_mutable = m == 1;
  return g;
}

}  // namespace mosaic::binary
