// wasi:random/random, insecure, insecure-seed: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_random(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
