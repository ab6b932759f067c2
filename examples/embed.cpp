// embed: mosaic inside a C++ program, through the public API only.
//
// The program defines a host function, host.square, instantiates guest.wat (which imports it; its bytes
// are built into this program as kGuestWasm), calls the guest's export sum_of_squares and prints the result.
//
//   build/embed_example [N]        prints: sum_of_squares(10) = 385 (host.square was called 10 times)

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "guest_wasm.h"
#include "mosaic/mosaic.h"

int main(int argc, char** argv) {
  int32_t n = argc > 1 ? std::atoi(argv[1]) : 10;

  mosaic::Engine engine;
  mosaic::Store store(engine);

  mosaic::Result<mosaic::Module> module = mosaic::Module::compile(engine, std::span(kGuestWasm));
  if (!module) {
    std::cerr << "error: " << module.error().to_string() << "\n";
    return 1;
  }

  // The host function: square an i64. A host function reads its arguments, writes its results and may
  // keep state of its own, here a count of its calls.
  int calls = 0;
  mosaic::Linker linker;
  linker.define_func("host", "square", store,
                     mosaic::FuncType{{mosaic::ValKind::I64}, {mosaic::ValKind::I64}},
                     [&calls](mosaic::Caller&, std::span<const mosaic::Val> args,
                              std::span<mosaic::Val> results) -> mosaic::Result<void> {
                       ++calls;
                       int64_t x = args[0].as_i64();
                       results[0] = mosaic::Val::i64(x * x);
                       return mosaic::ok();
                     });

  mosaic::Result<mosaic::Instance> instance = linker.instantiate(store, *module);
  if (!instance) {
    std::cerr << "error: " << instance.error().to_string() << "\n";
    return 1;
  }

  std::optional<mosaic::Extern> sum_of_squares = instance->get_export(store, "sum_of_squares");
  if (!sum_of_squares || !sum_of_squares->func()) {
    std::cerr << "error: the guest exports no function sum_of_squares\n";
    return 1;
  }
  mosaic::Val args[] = {mosaic::Val::i32(n)};
  mosaic::Result<std::vector<mosaic::Val>> results = sum_of_squares->func()->call(store, args);
  if (!results) {
    std::cerr << "error: " << results.error().to_string() << "\n";
    return 1;
  }
  std::cout << "sum_of_squares(" << n << ") = " << (*results)[0].as_i64() << " (host.square was called "
            << calls << " times)\n";
  return 0;
}
