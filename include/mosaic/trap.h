#pragma once
// Traps as the embedder sees them: an Error of kind Trap (or Exhausted for "call stack exhausted") whose
// message is the spec's text and whose backtrace lists the wasm frames, innermost first.

#include <string>
#include <utility>

#include "mosaic/error.h"

namespace mosaic {

// What a host function returns to trap: the guest's call unwinds and the caller sees this error.
inline Error trap(std::string message) { return Error(ErrorKind::Trap, std::move(message)); }

inline bool is_trap(const Error& error) {
  return error.kind == ErrorKind::Trap || error.kind == ErrorKind::Exhausted;
}

}  // namespace mosaic
