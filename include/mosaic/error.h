#pragma once
// Structured errors (DESIGN.md convention 2): the message begins with the spec's own text, so the spec
// runner can compare it with the expected text by prefix.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mosaic {

enum class ErrorKind : uint8_t {
  Malformed,       // binary decoding failed (spec: assert_malformed)
  Invalid,         // validation failed (spec: assert_invalid)
  Unlinkable,      // imports do not match (spec: assert_unlinkable)
  Uninstantiable,  // instantiation trapped: segment out of bounds, start trapped (spec: assert_uninstantiable)
  Trap,            // a trap escaped to the host (the message is the trap text)
  Exhausted,       // resource exhaustion: call stack exhausted, out of memory
  Io,              // the host could not read or write a file
  Usage,           // wrong arguments to an API call or the CLI
  Exit,            // the guest asked to end (WASI proc_exit); the host keeps the status
};

const char* to_string(ErrorKind kind);

inline constexpr size_t kNoOffset = SIZE_MAX;

struct Error {
  Error() = default;
  Error(ErrorKind k, size_t off, std::string msg) : kind(k), offset(off), message(std::move(msg)) {}
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}

  ErrorKind kind = ErrorKind::Malformed;
  size_t offset = kNoOffset;  // byte offset into the input, when there is one
  std::string message;        // starts with the spec's text, e.g. "unexpected end"
  std::vector<std::string> backtrace;  // for traps: the wasm frames, innermost first ("func_name" or "func[3]")

  // "<message>" or "<message> (at byte 0x1c)".
  std::string to_string() const;
};

}  // namespace mosaic
