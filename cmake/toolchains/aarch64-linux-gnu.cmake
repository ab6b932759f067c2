# Cross build for aarch64 Linux with Debian's cross compiler (packages g++-aarch64-linux-gnu and qemu-user):
#   cmake -S . -B build-aarch64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake -DCMAKE_BUILD_TYPE=Release
# README.md, "Other architectures", has the rest. Tests default to off in cross builds (no GoogleTest for
# the target); mosaic, spectest and the examples are built and run under qemu-user.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
