#include "exec/interp/backtrace.h"

namespace mosaic::exec::interp {
namespace {

// Runaway recursion leaves up to Config::max_call_depth frames; the innermost ones are the useful ones.
constexpr size_t kMaxBacktraceFrames = 100;

}  // namespace

std::string func_name(const Instance& instance, uint32_t func_index) {
  const auto& names = instance.module->binary().names.functions;
  if (auto it = names.find(func_index); it != names.end()) return it->second;
  return "func[" + std::to_string(func_index) + "]";
}

void append_backtrace(Error& error, const FuncCode* code, const Instance* instance, const Frame* entry,
                      const Frame* top) {
  size_t total = 1 + size_t(top - entry - 1);
  size_t shown = 0;
  auto add = [&](const FuncCode* c, const Instance* inst) {
    if (shown < kMaxBacktraceFrames) error.backtrace.push_back(func_name(*inst, c->func_index));
    ++shown;
  };
  add(code, instance);
  for (const Frame* f = top - 1; f > entry; --f) add(f->code, f->instance);
  if (total > kMaxBacktraceFrames) {
    error.backtrace.push_back("... " + std::to_string(total - kMaxBacktraceFrames) + " more frames");
  }
}

}  // namespace mosaic::exec::interp
