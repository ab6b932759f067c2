#include "mosaic/error.h"

#include <cstdio>

namespace mosaic {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unlinkable: return "unlinkable";
    case ErrorKind::Uninstantiable: return "uninstantiable";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhausted: return "exhausted";
    case ErrorKind::Io: return "io";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Exit: return "exit";
  }
  return "error";
}

std::string Error::to_string() const {
  if (offset == kNoOffset) return message;
  char buf[48];
  std::snprintf(buf, sizeof buf, " (at byte 0x%zx)", offset);
  return message + buf;
}

}  // namespace mosaic
