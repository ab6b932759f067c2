#pragma once
// Readers for the binary encoding of types (spec 5.3), shared by the instruction reader and the module
// decoder. Errors use the reference interpreter's texts.

#include <cstdint>

#include "binary/types.h"
#include "mosaic/result.h"
#include "support/reader.h"

namespace mosaic::binary {

// True for a byte that encodes a value type that `features` allows (spec 5.3.1-5.3.4).
bool is_val_type_byte(uint8_t b, const Features& features);

// valtype (spec 5.3.4): "malformed value type" otherwise.
Result<ValType> read_val_type(support::Reader& r, const Features& features);

// reftype (spec 5.3.3): "malformed reference type" otherwise.
Result<ValType> read_ref_type(support::Reader& r);

// limits (spec 5.3.7): flag 0x00 (min) or 0x01 (min max).
Result<Limits> read_limits(support::Reader& r);

// tabletype, memtype, globaltype (spec 5.3.8-5.3.10).
Result<TableType> read_table_type(support::Reader& r);
Result<MemoryType> read_memory_type(support::Reader& r);
Result<GlobalType> read_global_type(support::Reader& r, const Features& features);

}  // namespace mosaic::binary
