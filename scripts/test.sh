#!/bin/sh
# Installs what is missing, then builds and runs every test (unit tests, command-line tests, the whole core
# spec suite) twice: a release build in build/, then an AddressSanitizer + UndefinedBehaviorSanitizer build in
# build-asan/. Stops at the first failure; ctest's summary closes the output.
# MOSAIC_BUILD_DIR, MOSAIC_ASAN_BUILD_DIR and MOSAIC_JOBS override the folders and the number of jobs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
jobs=${MOSAIC_JOBS:-$(nproc)}
build=${MOSAIC_BUILD_DIR:-build}
build_asan=${MOSAIC_ASAN_BUILD_DIR:-build-asan}

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
