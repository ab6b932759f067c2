# wasi:sockets permissions and behaviour, through a probe component (sockets/probe.wat, converted with jco's
# parser by tests/component/wat2wasm.mjs) whose exports each try one thing on loopback; sockets/run-probe.mjs
# runs `mosaic run [-S FLAG] --invoke CALL` for every case of sockets/*.cases, with a TCP listener of its own.
#   wasi_p2_sockets_denied   without flags nothing reaches the network (access-denied, no lookups); -S tcp=n / udp=n
#   wasi_p2_sockets_allowed  -S inherit-network: bind, connect, listen/accept and datagram round trips;
#                            -S allow-ip-name-lookup: resolve-addresses
# Without node or jco the tests are registered and report "Skipped" (exit code 77).

set(sockets_src ${CMAKE_CURRENT_SOURCE_DIR}/sockets)
set(sockets_out ${CMAKE_CURRENT_BINARY_DIR}/sockets)
set(sockets_jco ${PROJECT_SOURCE_DIR}/node_modules/@bytecodealliance/jco)
find_program(NODE_EXECUTABLE node)
set(sockets_skip)
if(NOT NODE_EXECUTABLE OR NOT EXISTS "${NODE_EXECUTABLE}")
  set(sockets_skip "node was not found")
elseif(NOT EXISTS ${sockets_jco}/dist/api.js)
  set(sockets_skip "jco is not installed in ${PROJECT_SOURCE_DIR}/node_modules (run scripts/setup.sh)")
endif()

if(NOT sockets_skip)
  add_custom_command(OUTPUT ${sockets_out}/probe.wasm
                     COMMAND ${NODE_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs --jco ${sockets_jco}
                             --out ${sockets_out} ${sockets_src}/probe.wat
                     DEPENDS ${sockets_src}/probe.wat ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs
                     COMMENT "Converting tests/wasi_p2/sockets/probe.wat to a component binary"
                     VERBATIM)
  add_custom_target(wasi_p2_sockets_probe ALL DEPENDS ${sockets_out}/probe.wasm)
endif()

foreach(part denied allowed)
  set(name wasi_p2_sockets_${part})
  if(sockets_skip)
    add_test(NAME ${name} COMMAND sh -c "echo 'skipped: ${sockets_skip}'; exit 77")
  else()
    add_test(NAME ${name}
             COMMAND ${NODE_EXECUTABLE} ${sockets_src}/run-probe.mjs --mosaic $<TARGET_FILE:mosaic>
                     --wasm ${sockets_out}/probe.wasm --cases ${sockets_src}/${part}.cases)
  endif()
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS "wasi_p2;sockets")
endforeach()
