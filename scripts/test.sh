#!/bin/sh
# Installs what is missing, then builds and runs every test (unit tests, command-line tests, the whole core
# spec suite) twice: a release build in build/, then an AddressSanitizer + UndefinedBehaviorSanitizer build in
# build-asan/; then a smoke run of the libFuzzer targets (fuzz/README.md), built with clang-19 in build-fuzz/.
# Stops at the first failure; ctest's summary closes the output.
# MOSAIC_BUILD_DIR, MOSAIC_ASAN_BUILD_DIR, MOSAIC_FUZZ_BUILD_DIR and MOSAIC_JOBS override the folders and the
# number of jobs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
jobs=${MOSAIC_JOBS:-$(nproc)}
build=${MOSAIC_BUILD_DIR:-build}
build_asan=${MOSAIC_ASAN_BUILD_DIR:-build-asan}
build_fuzz=${MOSAIC_FUZZ_BUILD_DIR:-build-fuzz}

echo "== release build ($build/)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOSAIC_SANITIZE=OFF
ninja -C "$build" -j "$jobs"
(cd "$build" && ctest --output-on-failure -j "$jobs")
echo "== core spec suite figures (release build)"
"$build/spectest" -q

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build ($build_asan/)"
# Optimised, so that the spec suite runs in minutes, with assertions kept on (no -DNDEBUG).
cmake -S . -B "$build_asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g" \
  -DMOSAIC_SANITIZE=ON
ninja -C "$build_asan" -j "$jobs"
(cd "$build_asan" && ctest --output-on-failure -j "$jobs")

echo "== fuzz smoke ($build_fuzz/)"
# Every target for a few seconds on seeds built from the spec tests and fixtures (the release build's converted
# Component Model tests among them). `ninja fuzz` builds only the libraries the targets need.
fuzz_start=$(date +%s)
CC=clang-19 CXX=clang++-19 cmake -S . -B "$build_fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMOSAIC_FUZZ=ON -DMOSAIC_TESTS=OFF
ninja -C "$build_fuzz" -j "$jobs" fuzz
(cd "$build_fuzz" && MOSAIC_COMPONENT_SPEC_JSON="$root/$build/component-spec-json" \
  ctest --output-on-failure -L fuzz)
echo "fuzz smoke: $(($(date +%s) - fuzz_start)) s"
