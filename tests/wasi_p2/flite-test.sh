#!/bin/sh
# usage: flite-test.sh MOSAIC FLITE_WASM NODE WRAP_MJS JCO_DIR SCRATCH_DIR ADD_CABI_REALLOC_PY
# Flite as a WASI 0.2 command component (README.md): wraps FLITE_WASM with jco's preview1 adapter (WRAP_MJS),
# then, as tests/wasi_flite/flite-test.sh does for the module (the output directory preopened as "."):
#   1. `flite -t "Hello world" -o hello.wav`: the component under mosaic must write the same WAV as the module
#      under mosaic, and as the component under `jco run`;
#   2. `flite -t "Hello from WebAssembly" -o hello.wav`: the module writes its WAV; the component must trap in
#      the adapter (its State overwritten by Flite's heap, README.md) with exit status 134, as under `jco run`;
#   3. the same text with Flite given an exported cabi_realloc (ADD_CABI_REALLOC_PY, on its own malloc) before
#      wrapping: the adapter's state then lives in Flite's heap, and the component writes the module's WAV.
# Exits 77 (skipped) when FLITE_WASM, node or jco is missing.
set -u
mosaic=$1 wasm=$2 node=$3 wrap=$4 jco=$5 scratch=$6 add_realloc=$7
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
mosaic=$(absolute "$mosaic") wasm=$(absolute "$wasm") wrap=$(absolute "$wrap") jco=$(absolute "$jco")
scratch=$(absolute "$scratch")
short="Hello world"
long="Hello from WebAssembly"
adapter_trap="assertion failed at adapter line"

if [ ! -f "$wasm" ]; then
  echo "skipped: $wasm is missing (scripts/setup.sh installs it with npm ci)"
  exit 77
fi
if [ ! -x "$node" ] || [ ! -f "$jco/dist/api.js" ]; then
  echo "skipped: node ($node) or jco ($jco) is missing (scripts/setup.sh installs jco with npm ci)"
  exit 77
fi
fail() { echo "FAIL: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

rm -rf "$scratch"
mkdir -p "$scratch" || fail "cannot create $scratch"

start=$(now_ms)
"$node" "$wrap" --jco "$jco" --out "$scratch/component-wasm" "$wasm" || fail "jco's adapter could not wrap $wasm"
component=$scratch/component-wasm/$(basename "$wasm")
[ -f "$component" ] || fail "no $component"
echo "wrapped as $component in $(($(now_ms) - start)) ms"

# run DIR FILE TEXT: runs `mosaic run FILE -t TEXT -o hello.wav` in a fresh SCRATCH/DIR preopened as "."; sets
# status, and keeps standard error in SCRATCH/DIR.stderr.
run() {
  mkdir -p "$scratch/$1"
  echo "\$ mosaic run --dir $scratch/$1::. $2 -t \"$3\" -o hello.wav"
  start=$(now_ms)
  (cd "$scratch/$1" && "$mosaic" run --dir "$scratch/$1::." "$2" -t "$3" -o hello.wav) 2> "$scratch/$1.stderr"
  status=$?
  echo "exit status $status, $(($(now_ms) - start)) ms"
}
# wav DIR: describes SCRATCH/DIR/hello.wav, which must exist.
wav() {
  [ -s "$scratch/$1/hello.wav" ] || fail "$1: no hello.wav (standard error: $(cat "$scratch/$1.stderr" 2>/dev/null))"
  echo "$1/hello.wav: $(wc -c < "$scratch/$1/hello.wav" | tr -d ' ') bytes, md5 $(md5sum < "$scratch/$1/hello.wav" | cut -d' ' -f1)"
}
# jco_run DIR TEXT: the component under `jco run`, which preopens the host's / as /: the output path is absolute.
jco_run() {
  mkdir -p "$scratch/$1"
  echo "\$ jco run $component -t \"$2\" -o $scratch/$1/hello.wav"
  start=$(now_ms)
  (cd "$scratch/$1" && "$node" "$jco/dist/jco.js" run "$component" -t "$2" -o "$scratch/$1/hello.wav") \
    > /dev/null 2> "$scratch/$1.stderr"
  status=$?
  echo "exit status $status, $(($(now_ms) - start)) ms"
}

echo "--- 1. \"$short\": the component writes the module's WAV"
run module-short "$wasm" "$short"
[ "$status" -eq 0 ] || fail "the module exited with status $status: $(cat "$scratch/module-short.stderr")"
wav module-short
run component-short "$component" "$short"
[ "$status" -eq 0 ] || fail "the component exited with status $status: $(cat "$scratch/component-short.stderr")"
wav component-short
cmp "$scratch/module-short/hello.wav" "$scratch/component-short/hello.wav" ||
  fail "the component's hello.wav differs from the module's"
jco_run jco-short "$short"
[ "$status" -eq 0 ] || fail "jco run exited with status $status: $(cat "$scratch/jco-short.stderr")"
wav jco-short
cmp "$scratch/module-short/hello.wav" "$scratch/jco-short/hello.wav" ||
  fail "jco run's hello.wav differs from the module's"
echo "identical: module, component, component under jco run"

echo "--- 2. \"$long\": the module writes its WAV; the component traps in the adapter"
run module-long "$wasm" "$long"
[ "$status" -eq 0 ] || fail "the module exited with status $status: $(cat "$scratch/module-long.stderr")"
wav module-long
run component-long "$component" "$long"
grep -q "$adapter_trap" "$scratch/component-long.stderr" && [ "$status" -eq 134 ] ||
  fail "expected the adapter's trap ($adapter_trap, status 134); standard error: $(cat "$scratch/component-long.stderr")"
echo "mosaic: $(grep -m1 "$adapter_trap" "$scratch/component-long.stderr")"
jco_run jco-long "$long"
grep -q "$adapter_trap" "$scratch/jco-long.stderr" && [ "$status" -ne 0 ] ||
  fail "jco run: expected the adapter's trap; status $status, standard error: $(cat "$scratch/jco-long.stderr")"
echo "jco run: $(grep -m1 -o "$adapter_trap [0-9]*" "$scratch/jco-long.stderr")"

echo "--- 3. \"$long\", Flite with an exported cabi_realloc: the component writes the module's WAV"
mkdir -p "$scratch/patched"
python3 "$add_realloc" "$wasm" "$scratch/patched/flite.wasm" || fail "add-cabi-realloc.py failed"
"$node" "$wrap" --jco "$jco" --out "$scratch/patched-component" "$scratch/patched/flite.wasm" ||
  fail "jco's adapter could not wrap the patched flite.wasm"
run component-patched-long "$scratch/patched-component/flite.wasm" "$long"
[ "$status" -eq 0 ] || fail "the patched component exited with status $status: $(cat "$scratch/component-patched-long.stderr")"
wav component-patched-long
cmp "$scratch/module-long/hello.wav" "$scratch/component-patched-long/hello.wav" ||
  fail "the patched component's hello.wav differs from the module's"
echo "identical: module, component of Flite with cabi_realloc"
echo "ok"
