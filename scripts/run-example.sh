#!/bin/sh
# Installs what is missing, builds mosaic (build/) and runs the bundled examples:
#   build/mosaic run --dir examples::/examples build/examples/wc.wasm /examples/fib.wat /examples/wc.c
#   build/mosaic run --dir examples::/examples build/examples/component/wc.wasm ...   (the same, as a WASI 0.2 component)
#   build/mosaic run --invoke fib build/examples/fib.wasm 30
#   build/embed_example
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
jobs=${MOSAIC_JOBS:-$(nproc)}

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C build -j "$jobs" mosaic embed_example example_wasm

echo
echo "\$ build/mosaic run --dir examples::/examples build/examples/wc.wasm /examples/fib.wat /examples/wc.c"
build/mosaic run --dir examples::/examples build/examples/wc.wasm /examples/fib.wat /examples/wc.c
echo "\$ build/mosaic run --dir examples::/examples build/examples/component/wc.wasm /examples/fib.wat /examples/wc.c"
build/mosaic run --dir examples::/examples build/examples/component/wc.wasm /examples/fib.wat /examples/wc.c
echo "\$ build/mosaic run --invoke fib build/examples/fib.wasm 30"
build/mosaic run --invoke fib build/examples/fib.wasm 30
echo "\$ build/embed_example"
build/embed_example
