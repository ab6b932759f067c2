// args_get, args_sizes_get, environ_get, environ_sizes_get: a list of strings laid out as the C runtime
// expects, an array of pointers into one buffer of NUL-terminated strings.

#include <string>
#include <vector>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {
namespace {

Errno list_sizes(Call& call, const std::vector<std::string>& list) {
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  if (!call.memory.store<uint32_t>(call.u32(0), static_cast<uint32_t>(list.size()))) return Errno::Fault;
  if (!call.memory.store<uint32_t>(call.u32(1), static_cast<uint32_t>(bytes))) return Errno::Fault;
  return Errno::Success;
}

Errno list_get(Call& call, const std::vector<std::string>& list) {
  uint64_t pointers = call.u32(0);
  uint64_t buffer = call.u32(1);
  for (const std::string& s : list) {
    if (buffer > UINT32_MAX || !call.memory.store<uint32_t>(pointers, static_cast<uint32_t>(buffer)))
      return Errno::Fault;
    if (!call.memory.write(buffer, std::string_view(s.c_str(), s.size() + 1))) return Errno::Fault;
    pointers += 4;
    buffer += s.size() + 1;
  }
  return Errno::Success;
}

}  // namespace

Errno args_sizes_get(Call& call) { return list_sizes(call, call.ctx.args); }
Errno args_get(Call& call) { return list_get(call, call.ctx.args); }
Errno environ_sizes_get(Call& call) { return list_sizes(call, call.ctx.env); }
Errno environ_get(Call& call) { return list_get(call, call.ctx.env); }

}  // namespace mosaic::wasi::p1
