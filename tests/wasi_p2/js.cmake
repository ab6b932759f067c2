# A WASI 0.2 command written in JavaScript: js-cli/hello-cli.js with its world js-cli/wit/world.wit, built at
# build time by componentize-js (`jco componentize`, StarlingMonkey: a ~12 MB component) into
# <build>/tests/wasi_p2/js-cli/hello-cli.wasm. Its WIT dependencies (wit/deps/*) are made at build time from the
# project's pinned WASI WIT (wit/wasi-0.2.12), not kept as a second copy. It is built with StarlingMonkey's
# `http` and `fetch-event` features disabled: with them the engine imports wasi:http/types (for fetch()), which
# mosaic does not provide (issue 6: cli, clocks, filesystem, io, random, sockets), and the program uses neither.
#
# Tests (the expected output, expected/js_cli.out, is what `jco run` prints):
#   wasi_p2_js_cli            `mosaic run hello-cli.wasm ARGS` with an environment variable
#   wasi_p2_js_cli_reference  the same under `jco run` (JavaScript host): a check on the expected output itself
# Without node or jco, both are registered and report "Skipped" (77).

function(wasi_p2_register_js)
  set(js_src ${CMAKE_CURRENT_SOURCE_DIR}/js-cli)
  set(js_bin ${CMAKE_CURRENT_BINARY_DIR}/js-cli)
  set(jco_dir ${PROJECT_SOURCE_DIR}/node_modules/@bytecodealliance/jco)
  set(wasm ${js_bin}/hello-cli.wasm)
  find_program(NODE_EXECUTABLE node)

  set(skip_reason)
  if(NOT NODE_EXECUTABLE OR NOT EXISTS "${NODE_EXECUTABLE}")
    set(skip_reason "node was not found")
  elseif(NOT EXISTS ${jco_dir}/dist/jco.js)
    set(skip_reason "jco is not installed in ${PROJECT_SOURCE_DIR}/node_modules (run scripts/setup.sh)")
  endif()

  set(tests wasi_p2_js_cli wasi_p2_js_cli_reference)
  if(skip_reason)
    message(STATUS "tests/wasi_p2: the JavaScript component is not built: ${skip_reason}; its tests will be "
                   "skipped")
    foreach(name IN LISTS tests)
      add_test(NAME ${name} COMMAND sh -c "echo 'skipped: ${skip_reason}'; exit 77")
      set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS "wasi_p2")
    endforeach()
    return()
  endif()

  # wit/: the world, and every pinned WASI package as wit/deps/NAME/package.wit.
  set(wit_files ${js_bin}/wit/world.wit)
  set(copies COMMAND ${CMAKE_COMMAND} -E copy_if_different ${js_src}/wit/world.wit ${js_bin}/wit/world.wit)
  set(wit_sources ${js_src}/wit/world.wit)
  file(GLOB packages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/wit/wasi-0.2.12/*/package.wit)
  list(SORT packages)
  foreach(package IN LISTS packages)
    get_filename_component(dir ${package} DIRECTORY)
    get_filename_component(name ${dir} NAME)
    list(APPEND copies COMMAND ${CMAKE_COMMAND} -E make_directory ${js_bin}/wit/deps/${name}
                       COMMAND ${CMAKE_COMMAND} -E copy_if_different ${package} ${js_bin}/wit/deps/${name}/package.wit)
    list(APPEND wit_sources ${package})
  endforeach()

  add_custom_command(OUTPUT ${wasm}
                     COMMAND ${CMAKE_COMMAND} -E rm -rf ${js_bin}/wit
                     ${copies}
                     COMMAND ${NODE_EXECUTABLE} ${jco_dir}/dist/jco.js componentize ${js_src}/hello-cli.js
                             --wit ${js_bin}/wit -n hello-cli --disable http fetch-event
                             -o ${wasm}
                     DEPENDS ${js_src}/hello-cli.js ${wit_sources}
                     WORKING_DIRECTORY ${js_bin}
                     COMMENT "Building the JavaScript command component (jco componentize)"
                     VERBATIM)
  add_custom_target(wasi_p2_js ALL DEPENDS ${wasm})

  set(defs -DWASM=${wasm} -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/expected/js_cli.out
           "-DENVS=HELLO_CLI_GREETING=hello, world" "-DARGS=one|two words|ünïcødé ✓")
  add_test(NAME wasi_p2_js_cli
           COMMAND ${CMAKE_COMMAND} -DRUNNER=$<TARGET_FILE:mosaic> -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/scratch/js_cli
                   ${defs} -P ${PROJECT_SOURCE_DIR}/tests/wasi/run.cmake)
  add_test(NAME wasi_p2_js_cli_reference
           COMMAND ${CMAKE_COMMAND} -DRUNNER=jco -DNODE=${NODE_EXECUTABLE} -DJCO=${jco_dir}/dist/jco.js
                   -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/scratch/js_cli_reference ${defs}
                   -P ${PROJECT_SOURCE_DIR}/tests/wasi/run.cmake)
  set_tests_properties(wasi_p2_js_cli PROPERTIES TIMEOUT 300 LABELS "wasi_p2")
  set_tests_properties(wasi_p2_js_cli_reference PROPERTIES TIMEOUT 300 LABELS "wasi_p2;node")
endfunction()

wasi_p2_register_js()
