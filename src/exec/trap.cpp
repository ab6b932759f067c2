#include "exec/trap.h"

namespace mosaic::exec {

const char* trap_message(TrapCode code) {
  switch (code) {
#define MOSAIC_TRAP(Name, Text) \
  case TrapCode::Name: return Text;
#include "exec/trap.def"
  }
  return "trap";
}

Error trap_error(TrapCode code) {
  ErrorKind kind = code == TrapCode::StackExhausted ? ErrorKind::Exhausted : ErrorKind::Trap;
  return Error(kind, trap_message(code));
}

}  // namespace mosaic::exec
