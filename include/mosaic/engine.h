#pragma once
// Engine: process-wide configuration shared by modules and stores.

#include <cstddef>
#include <cstdint>
#include <memory>

namespace mosaic {

struct Config {
  // Guest call depth limit; deeper recursion traps with "call stack exhausted" (never a host crash).
  uint32_t max_call_depth = 100000;
  // Operand/locals stack of one store, in bytes; exhausting it also traps with "call stack exhausted".
  size_t max_stack_bytes = size_t(64) << 20;
  // Largest size of one table, in elements (at most 2^32 - 1): a larger table.grow returns -1, and a module
  // whose table starts larger fails to instantiate (Exhausted).
  uint64_t max_table_elements = 10'000'000;
  // Largest size of one linear memory, in bytes (wasmtime's -W max-memory-size): a memory.grow past it
  // returns -1, and a module whose memory starts larger fails to instantiate (Exhausted).
  uint64_t max_memory_bytes = uint64_t(1) << 32;
  // Most module instances one store may hold (wasmtime's max_instances): instantiating one more fails with
  // an Exhausted error. A component's instantiation makes several core instances.
  uint32_t max_instances = 10'000;
  // Copy-on-write memory images: from a module's second instantiation on, its memories start as a private
  // mapping of their initial contents, built once, instead of a copy of every data segment (Linux; other
  // systems always copy). Off: always copy.
  bool memory_images = true;
  // Fuel metering (wasmtime's consume_fuel): every wasm instruction run costs one unit of the store's fuel
  // (Store::set_fuel), charged per straight-line run of code when it starts; a guest whose fuel runs out
  // traps with "all fuel consumed by WebAssembly". Off: no cost at all (the code has no metering).
  bool consume_fuel = false;
};

class Engine {
 public:
  explicit Engine(Config config = {}) : config_(config) {}
  const Config& config() const { return config_; }

 private:
  Config config_;
};

}  // namespace mosaic
