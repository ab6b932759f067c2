#!/bin/sh
# Installs the Debian 12 packages that building and testing mosaic need; only the missing ones, and only then
# runs apt-get. Run as root (or with sudo available). Then installs the npm packages that the tests use
# (package-lock.json: real WASI programs such as Flite) with `npm ci`, when node_modules/ is missing or older
# than the lock file.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

packages="cmake ninja-build g++ wabt clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libgtest-dev
          nlohmann-json3-dev libcli11-dev libboost1.74-dev python3 libclang-rt-19-dev binaryen"
# Node.js (the reference WASI runtime of the tests, node:wasi) and npm: Debian's, unless some node/npm is
# already on the PATH.
command -v node >/dev/null 2>&1 || packages="$packages nodejs"
command -v npm >/dev/null 2>&1 || packages="$packages npm"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
  else
    echo "setup: missing packages:$missing; run this as root to install them" >&2
    exit 1
  fi
  echo "setup: installing$missing"
  $as_root apt-get update
  # shellcheck disable=SC2086  # one word per package
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

# npm writes node_modules/.package-lock.json last, so it is missing or older than package-lock.json exactly
# when the installed packages may not match the lock file.
lock="$root/package-lock.json"
installed="$root/node_modules/.package-lock.json"
if [ -f "$lock" ] && { [ ! -f "$installed" ] || [ -n "$(find "$lock" -newer "$installed")" ]; }; then
  echo "setup: npm ci (package-lock.json)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
