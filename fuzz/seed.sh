#!/bin/sh
# Builds the seed corpora of the fuzz targets into OUT/<target>/ (fuzz/README.md):
#   fuzz_decode, fuzz_validate, fuzz_instantiate  core module binaries of the spec tests (core/*.wast, through
#                                                 Debian's wast2json) and fuzz/corpus/<target>/
#   fuzz_component     the component fixtures (tests/component/fixtures, through node and jco when installed),
#                      the converted Component Model tests of a build (its component-spec-json/), fuzz/corpus/
#   fuzz_canon, fuzz_wasi_paths  generated inputs and fuzz/corpus/<target>/
# The spec tests come from $MOSAIC_TESTSUITE (default: ../shared/testsuite beside the repository); the converted
# component tests from $MOSAIC_COMPONENT_SPEC_JSON (default: build/component-spec-json when it exists).
#
#   fuzz/seed.sh OUT
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
suite=${MOSAIC_TESTSUITE:-$root/../shared/testsuite}
spec_json=${MOSAIC_COMPONENT_SPEC_JSON:-$root/build/component-spec-json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out"
for t in fuzz_decode fuzz_validate fuzz_instantiate fuzz_component fuzz_canon fuzz_wasi_paths; do
  mkdir -p "$out/$t"
  if [ -d "$here/corpus/$t" ]; then cp "$here/corpus/$t"/* "$out/$t/" 2>/dev/null || true; fi
done

# Copies the files given on stdin into a folder, named by their SHA-1 (libFuzzer's own naming: no duplicates).
add_files() {
  tr '\n' '\0' | xargs -0 -r sha1sum | while read -r sum f; do cp "$f" "$1/$sum"; done
}

# Core modules. wast2json writes one .wasm per binary module of a script; text modules of assert_malformed
# (.wat) are left out. A script it cannot read (a newer proposal's syntax) is skipped.
if [ -d "$suite/core" ] && command -v wast2json >/dev/null; then
  for w in "$suite"/core/*.wast; do
    name=$(basename "$w" .wast)
    mkdir -p "$tmp/core/$name"
    wast2json --enable-all "$w" -o "$tmp/core/$name/$name.json" >/dev/null 2>&1 ||
      wast2json "$w" -o "$tmp/core/$name/$name.json" >/dev/null 2>&1 || true
  done
  find "$tmp/core" -name '*.wasm' | add_files "$out/fuzz_decode"
  cp "$out/fuzz_decode"/* "$out/fuzz_validate/"
  # Instantiation: only modules that are at least not trivially small (the empty ones add nothing).
  find "$out/fuzz_decode" -type f -size +20c -exec cp {} "$out/fuzz_instantiate/" \;
else
  echo "seed.sh: no $suite/core or no wast2json: core corpora hold only fuzz/corpus" >&2
fi

# Components: the fixtures (component text, converted in one node process) and the converted spec tests.
jco=$root/node_modules/@bytecodealliance/jco
if command -v node >/dev/null && [ -f "$jco/dist/api.js" ]; then
  if node "$root/tests/component/wat2wasm.mjs" --jco "$jco" --out "$tmp/fixtures" \
       "$root"/tests/component/fixtures/*.wat >/dev/null 2>&1; then
    find "$tmp/fixtures" -name '*.wasm' | add_files "$out/fuzz_component"
  fi
fi
if [ -d "$spec_json" ]; then
  find "$spec_json" -name '*.wasm' | add_files "$out/fuzz_component"
fi

# Generated inputs for the structured targets: each byte string is a different type, encoding and memory.
python3 - "$out" <<'PY'
import os, random, sys
out = sys.argv[1]
rng = random.Random(8)
for target, count, size in (("fuzz_canon", 256, 512), ("fuzz_wasi_paths", 256, 48)):
    for i in range(count):
        n = rng.randint(1, size)
        with open(os.path.join(out, target, "gen-%03d" % i), "wb") as f:
            f.write(bytes(rng.randrange(256) for _ in range(n)))
PY

for t in "$out"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
