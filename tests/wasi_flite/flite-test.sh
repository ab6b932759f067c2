#!/bin/sh
# usage: flite-test.sh MOSAIC FLITE_WASM RUN_NODE_MJS SCRATCH_DIR
# Runs `flite -t "Hello from WebAssembly" -o hello.wav` under mosaic with SCRATCH_DIR/mosaic preopened as "."
# and checks the WAV's md5; when node is installed, also runs it under node:wasi (RUN_NODE_MJS) and checks
# that both files are byte-identical. Exits 77 (skipped) when FLITE_WASM is missing.
set -u
mosaic=$1 wasm=$2 run_node=$3 scratch=$4
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
mosaic=$(absolute "$mosaic") wasm=$(absolute "$wasm") run_node=$(absolute "$run_node") scratch=$(absolute "$scratch")
text="Hello from WebAssembly"
expected_md5=b08d594887dddbb537910ae516c01255   # 28,738 bytes: RIFF WAVE, PCM 16-bit mono 8000 Hz

if [ ! -f "$wasm" ]; then
  echo "skipped: $wasm is missing (scripts/setup.sh installs it with npm ci)"
  exit 77
fi
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch/mosaic" "$scratch/node" || fail "cannot create $scratch"

echo "\$ mosaic run --dir $scratch/mosaic::. flite.wasm -t \"$text\" -o hello.wav"
start=$(date +%s%N)
(cd "$scratch/mosaic" && "$mosaic" run --dir "$scratch/mosaic::." "$wasm" -t "$text" -o hello.wav)
status=$?
echo "exit status $status, $((($(date +%s%N) - start) / 1000000)) ms"
[ "$status" -eq 0 ] || fail "mosaic exited with status $status"
[ -f "$scratch/mosaic/hello.wav" ] || fail "mosaic wrote no hello.wav"
md5=$(md5sum < "$scratch/mosaic/hello.wav" | cut -d' ' -f1)
size=$(wc -c < "$scratch/mosaic/hello.wav" | tr -d ' ')
echo "hello.wav: $size bytes, md5 $md5"
[ "$md5" = "$expected_md5" ] || fail "md5 $md5, expected $expected_md5 (28738 bytes)"

if ! command -v node >/dev/null 2>&1; then
  echo "node is not installed: no comparison with node:wasi"
  exit 0
fi
if [ ! -f "$run_node" ]; then
  echo "$run_node is missing: no comparison with node:wasi"
  exit 0
fi
echo "\$ node run-node.mjs --dir $scratch/node::. flite.wasm -t \"$text\" -o hello.wav"
(cd "$scratch/node" && node "$run_node" --dir "$scratch/node::." "$wasm" -t "$text" -o hello.wav)
status=$?
[ "$status" -eq 0 ] || fail "node:wasi exited with status $status"
cmp "$scratch/mosaic/hello.wav" "$scratch/node/hello.wav" || fail "mosaic's hello.wav differs from node:wasi's"
echo "identical to node:wasi's output"
