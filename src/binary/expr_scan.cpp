#include "binary/expr_scan.h"

#include <vector>

#include "binary/errors.h"
#include "binary/instr.h"

namespace mosaic::binary {

// Spec 5.4.1: block/loop end with 0x0B; `if` may have one `else` (0x05) before its 0x0B. Anything else in
// the place of the closing byte is "END opcode expected", as in the reference interpreter.
Result<ExprScan> scan_expr(support::Reader& r, const Features& features) {
  enum : uint8_t { kBlock, kIf, kElse };
  ExprScan scan;
  InstrReader ir(support::Reader(r.rest(), r.offset()), features);
  size_t start = r.offset();
  std::vector<uint8_t> open;  // grows by one per block opcode byte read, so bounded by the input size
  for (;;) {
    Instr in = MOSAIC_TRY(ir.next());
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop: open.push_back(kBlock); break;
      case Opcode::If: open.push_back(kIf); break;
      case Opcode::Else:
        if (open.empty() || open.back() != kIf) {
          return Error{ErrorKind::Malformed, in.offset, message(Malformed::EndExpected)};
        }
        open.back() = kElse;
        break;
      case Opcode::End:
        if (open.empty()) {
          (void)MOSAIC_TRY(r.bytes(ir.offset() - start));
          return scan;
        }
        open.pop_back();
        break;
      case Opcode::MemoryInit:
      case Opcode::DataDrop: scan.uses_data_index = true; break;
      default: break;
    }
  }
}

}  // namespace mosaic::binary
