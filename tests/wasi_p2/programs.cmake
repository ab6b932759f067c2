# The WASI preview1 test programs (tests/wasi) as WASI 0.2 command components: jco's bundled preview1 adapter
# (the one `jco new --wasi-command` uses) turns each preview1 import into WASI 0.2 calls, so every program runs
# again through mosaic's WASI 0.2 instead of its preview1, and must print the same thing.
#
# wrap.mjs wraps all programs in one node process at build time, into <build>/tests/wasi_p2/components/NAME.wasm.
# They keep the module's file name (in their own directory) because `mosaic run` passes the file name as
# argv[0], which args_env prints: so each test compares with the module test's expected output, unchanged.
#
# Every mosaic_wasi_test(...) call in tests/wasi/CMakeLists.txt is registered again as wasi_p2_TEST, with the same
# arguments, environment, fixture, standard input and expected output (the calls are read from that file, so a
# new module test gets its component twin without an edit here). What the adapter changes:
#   - exit statuses: its proc_exit maps any non-zero status to wasi:cli/exit's exit(err), which is status 1 (a
#     trap stays 134);
#   - SOCKET tests are left out: they use preview1's --tcplisten (a socket preopened as a file descriptor),
#     which has no WASI 0.2 form; the adapter has no way to receive such a descriptor;
#   - where the adapter itself behaves differently, tests/wasi_p2/expected/TEST.out replaces the module's
#     expected output (what `jco run` prints too; README.md): its fd_write writes only the first non-empty
#     buffer of a writev (stdio, files), and it has no CPU-time clocks (clocks_random: EBADF, so the program
#     reports 5 failures and exits 1: wasi_p2_exit_1 below). wasi_p2_reference_TEST runs those under `jco run`
#     as a check on the replacement outputs (not stdio: `jco run` reports its standard streams as terminals
#     even when they are not).
# The programs export cabi_realloc (tests/wasi/programs/cabi_realloc.c), so the adapter keeps its state in the
# program's heap; without it the adapter's pages are overwritten by this wasi-libc's malloc (README.md, Flite).
# Without node, jco or the preview1 programs, the tests are still registered and report "Skipped" (77).

# The tests that exit 1 as components where the module exits 0 (README.md), and those also run under `jco run`.
set(wasi_p2_exit_1 clocks_random)
set(wasi_p2_references clocks_random files)

function(wasi_p2_register_programs)
  set(wasi_src ${PROJECT_SOURCE_DIR}/tests/wasi)
  set(module_dir ${CMAKE_BINARY_DIR}/tests/wasi/programs)
  set(component_dir ${CMAKE_CURRENT_BINARY_DIR}/components)
  set(jco_dir ${PROJECT_SOURCE_DIR}/node_modules/@bytecodealliance/jco)
  find_program(NODE_EXECUTABLE node)

  set(skip_reason)
  if(NOT TARGET wasi_test_programs)
    set(skip_reason "the preview1 test programs are not built (no clang for wasm32-wasi; see tests/wasi)")
  elseif(NOT NODE_EXECUTABLE OR NOT EXISTS "${NODE_EXECUTABLE}")
    set(skip_reason "node was not found")
  elseif(NOT EXISTS ${jco_dir}/dist/api.js OR NOT EXISTS ${jco_dir}/lib/wasi_snapshot_preview1.command.wasm)
    set(skip_reason "jco is not installed in ${PROJECT_SOURCE_DIR}/node_modules (run scripts/setup.sh)")
  endif()

  # The module tests, read from tests/wasi/CMakeLists.txt: every call that starts a line.
  set(list_file ${wasi_src}/CMakeLists.txt)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${list_file})
  file(READ ${list_file} text)
  string(REGEX MATCHALL "\nmosaic_wasi_test\\(" starts "${text}")
  string(REGEX MATCHALL "\nmosaic_wasi_test\\([^()]*\\)" calls "${text}")
  list(LENGTH starts n_starts)
  list(LENGTH calls n_calls)
  if(NOT n_starts EQUAL n_calls)
    message(FATAL_ERROR "tests/wasi_p2/programs.cmake: cannot read the mosaic_wasi_test calls of ${list_file} "
                        "(${n_starts} calls, ${n_calls} without parentheses inside)")
  endif()

  # The program each call runs (its second argument), to build.
  set(programs)
  foreach(call IN LISTS calls)
    if(call MATCHES "[ \t\n]SOCKET[ \t\n)]")
      continue()
    endif()
    string(REGEX MATCH "\\(([A-Za-z0-9_]+)[ \t\n]+([A-Za-z0-9_]+)" _ "${call}")
    list(APPEND programs ${CMAKE_MATCH_2})
  endforeach()
  list(REMOVE_DUPLICATES programs)

  if(skip_reason)
    message(STATUS "tests/wasi_p2: the preview1 programs are not wrapped as components: ${skip_reason}; their "
                   "tests will be skipped")
  else()
    set(modules)
    set(components)
    foreach(name IN LISTS programs)
      list(APPEND modules ${module_dir}/${name}.wasm)
      list(APPEND components ${component_dir}/${name}.wasm)
    endforeach()
    add_custom_command(OUTPUT ${components}
                       COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/wrap.mjs --jco ${jco_dir}
                               --out ${component_dir} ${modules}
                       DEPENDS ${modules} ${CMAKE_CURRENT_SOURCE_DIR}/wrap.mjs
                               ${jco_dir}/lib/wasi_snapshot_preview1.command.wasm
                       COMMENT "Wrapping the WASI preview1 test programs as WASI 0.2 components"
                       VERBATIM)
    add_custom_target(wasi_p2_programs ALL DEPENDS ${components})
    add_dependencies(wasi_p2_programs wasi_test_programs)
  endif()

  # The calls run again, with this file's wasi_p2_program_test in place of mosaic_wasi_test; ${src} in their
  # arguments is tests/wasi's source directory there.
  set(src ${wasi_src})
  foreach(call IN LISTS calls)
    string(REGEX REPLACE "^\nmosaic_wasi_test\\(" "wasi_p2_program_test(" call "${call}")
    cmake_language(EVAL CODE "${call}")
  endforeach()
endfunction()

# wasi_p2_program_test(TEST PROGRAM ...): mosaic_wasi_test's arguments (tests/wasi/CMakeLists.txt). Reads
# wasi_src, component_dir and skip_reason from wasi_p2_register_programs.
function(wasi_p2_program_test test program)
  cmake_parse_arguments(PARSE_ARGV 2 arg "NODE;DIR;SOCKET" "EXIT;FIXTURE;STDIN;EXPECTED;STDERR_HAS;ENVS;SET_ENV;ARGS"
                        "")
  if(arg_SOCKET)
    return()  # preview1's --tcplisten has no WASI 0.2 form (see above)
  endif()
  set(name wasi_p2_${test})
  if(skip_reason)
    add_test(NAME ${name} COMMAND sh -c "echo 'skipped: ${skip_reason}'; exit 77")
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS "wasi_p2")
    return()
  endif()
  # Through the adapter, exit(n) and a non-zero return from main are exit(err): status 1.
  if(NOT DEFINED arg_EXIT OR arg_EXIT EQUAL 0)
    set(arg_EXIT 0)
  elseif(NOT arg_EXIT EQUAL 134)
    set(arg_EXIT 1)
  endif()
  if(NOT DEFINED arg_FIXTURE)
    set(arg_FIXTURE none)
  endif()
  if(NOT DEFINED arg_EXPECTED)
    set(arg_EXPECTED ${wasi_src}/expected/${test}.out)
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/expected/${test}.out)
    set(arg_EXPECTED ${CMAKE_CURRENT_SOURCE_DIR}/expected/${test}.out)
  endif()
  if(test IN_LIST wasi_p2_exit_1)
    set(arg_EXIT 1)
  endif()
  set(defs -DWASM=${component_dir}/${program}.wasm -DEXPECTED=${arg_EXPECTED} -DEXIT=${arg_EXIT}
           -DFIXTURE=${arg_FIXTURE})
  if(arg_DIR)
    list(APPEND defs -DDIR=ON)
  endif()
  foreach(key STDIN STDERR_HAS ENVS SET_ENV ARGS)
    if(DEFINED arg_${key})
      list(APPEND defs "-D${key}=${arg_${key}}")
    endif()
  endforeach()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -DRUNNER=$<TARGET_FILE:mosaic> -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/scratch/${test}
                   ${defs} -P ${wasi_src}/run.cmake)
  set_tests_properties(${name} PROPERTIES TIMEOUT 120 LABELS "wasi_p2")
  if(test IN_LIST wasi_p2_references)
    set(jco_defs ${defs})
    add_test(NAME wasi_p2_reference_${test}
             COMMAND ${CMAKE_COMMAND} -DRUNNER=jco -DNODE=${NODE_EXECUTABLE} -DJCO=${jco_dir}/dist/jco.js
                     -DJCO_IMPORT=${CMAKE_CURRENT_SOURCE_DIR}/jco-preopens.mjs
                     -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/scratch/reference_${test} ${jco_defs}
                     -P ${wasi_src}/run.cmake)
    set_tests_properties(wasi_p2_reference_${test} PROPERTIES TIMEOUT 120 LABELS "wasi_p2;node")
  endif()
endfunction()

wasi_p2_register_programs()
