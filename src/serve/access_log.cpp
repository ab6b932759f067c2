#include "serve/access_log.h"

#include <cstdio>

namespace mosaic::serve {

namespace {

std::string milliseconds(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fms", ms);
  return text;
}

std::string escaped(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += char(c);
    }
  }
  return out;
}

}  // namespace

std::string format_access_line(const AccessRecord& r) {
  std::string line = r.peer + " \"" + escaped(r.method) + " " + escaped(r.target) + " HTTP/" +
                     std::to_string(r.version / 10) + "." + std::to_string(r.version % 10) + "\" ";
  line += r.status ? std::to_string(r.status) : "-";
  line += " " + std::to_string(r.body_bytes) + " " + milliseconds(r.total_ms);
  if (r.instantiate_ms) line += " (instantiate " + milliseconds(*r.instantiate_ms) + ")";
  if (!r.note.empty()) line += " " + r.note;
  return line;
}

}  // namespace mosaic::serve
