# The part of a Debian cross build that is the same for every architecture; a toolchain file sets
# CMAKE_SYSTEM_PROCESSOR (which is also qemu's name for it) and includes this. The target triple is
# PROCESSOR-linux-gnu, as Debian's cross packages name it.
set(CMAKE_SYSTEM_NAME Linux)
set(MOSAIC_CROSS_TRIPLE ${CMAKE_SYSTEM_PROCESSOR}-linux-gnu)

set(CMAKE_C_COMPILER ${MOSAIC_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${MOSAIC_CROSS_TRIPLE}-g++)

# Targets' executables (add_test, add_custom_command, try_run) run under qemu-user, with the target's
# libraries (libc, libstdc++) from Debian's cross packages in /usr/TRIPLE.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${CMAKE_SYSTEM_PROCESSOR} -L /usr/${MOSAIC_CROSS_TRIPLE})

# Libraries and headers come from the target's tree only; programs (wat2wasm, wast2json, clang-19) from the
# host. Packages may come from the host too: the header-only CLI11 and nlohmann-json configs in /usr/share/cmake.
set(CMAKE_FIND_ROOT_PATH /usr/${MOSAIC_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# Those header-only libraries live in the host's /usr/include, which also holds the host's C library headers.
# -idirafter searches it after all the target's own include folders, so it only supplies what they lack
# (CLI/, nlohmann/); and, being on the compiler's own search list, CMake drops the -isystem /usr/include
# that the imported targets would otherwise put before the target's headers.
set(CMAKE_CXX_FLAGS_INIT "-idirafter /usr/include")
