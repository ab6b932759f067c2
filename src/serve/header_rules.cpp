#include "serve/header_rules.h"

#include <string_view>

namespace mosaic::serve {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_connection_header(std::string_view name) {
  for (std::string_view h : {"connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"})
    if (equals_ignoring_case(name, h)) return true;
  return false;
}

bool valid_field(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name)
    if (!is_tchar(c)) return false;
  for (char c : value)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

std::string last_chunk(const wasi::HttpFields& trailers) {
  std::string last = "0\r\n";
  for (const wasi::HttpField& f : trailers)
    if (valid_field(f.name, f.value) && !is_connection_header(f.name))
      last += f.name + ": " + f.value + "\r\n";
  return last + "\r\n";
}

}  // namespace mosaic::serve
