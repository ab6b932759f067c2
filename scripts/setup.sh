#!/bin/sh
# Installs the Debian 12 packages that building and testing mosaic need; only the missing ones, and only then
# runs apt-get. Run as root (or with sudo available).
set -eu

packages="cmake ninja-build g++ wabt clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libgtest-dev
          nlohmann-json3-dev libcli11-dev"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

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
