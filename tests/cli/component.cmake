# Command-line tests for components: `mosaic run --invoke 'CALL'`, `mosaic inspect`, `mosaic validate`.
# Included from tests/cli/CMakeLists.txt (mosaic_cli_test, cli_dir). The components are component text
# (tests/cli/component/*.wat) converted at build time with jco's parser (tests/component/wat2wasm.mjs); without
# node or jco the tests are registered as skipped.

set(cli_component_src ${CMAKE_CURRENT_SOURCE_DIR}/component)
set(cli_component_names cli_calls cli_imports)
set(cli_component_wats)
set(cli_component_wasms)
foreach(name IN LISTS cli_component_names)
  list(APPEND cli_component_wats ${cli_component_src}/${name}.wat)
  list(APPEND cli_component_wasms ${cli_dir}/${name}.wasm)
endforeach()

find_program(NODE_EXECUTABLE node)
set(cli_jco_dir ${PROJECT_SOURCE_DIR}/node_modules/@bytecodealliance/jco)
set(cli_component_skip)
if(NOT NODE_EXECUTABLE)
  set(cli_component_skip "node is not installed")
elseif(NOT EXISTS ${cli_jco_dir}/dist/api.js)
  set(cli_component_skip "jco is not installed in ${PROJECT_SOURCE_DIR}/node_modules (run scripts/setup.sh)")
endif()

if(NOT cli_component_skip)
  add_custom_command(OUTPUT ${cli_component_wasms}
                     COMMAND ${NODE_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs --jco ${cli_jco_dir}
                             --out ${cli_dir} ${cli_component_wats}
                     DEPENDS ${cli_component_wats} ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs VERBATIM)
  add_custom_target(cli_test_components ALL DEPENDS ${cli_component_wasms})
endif()

# mosaic_cli_component_test(NAME ...): mosaic_cli_test, or a skipped test when the components cannot be built.
function(mosaic_cli_component_test name)
  if(cli_component_skip)
    add_test(NAME cli_${name} COMMAND sh -c "echo \"skipped: ${cli_component_skip}\"; exit 77")
    set_tests_properties(cli_${name} PROPERTIES SKIP_RETURN_CODE 77)
  else()
    mosaic_cli_test(${name} ${ARGN})
  endif()
endfunction()

set(calls ${cli_dir}/cli_calls.wasm)
set(imports ${cli_dir}/cli_imports.wasm)

# Calls: arguments and results in WAVE.
mosaic_cli_component_test(component_invoke_numbers STDOUT 3 STDERR_EMPTY
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1, 2)" ${calls})
mosaic_cli_component_test(component_invoke_string STDOUT "\"héllo\"" STDERR_EMPTY
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "echo(\"héllo\")" ${calls})
mosaic_cli_component_test(component_invoke_option_none STDOUT 0
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "pick(none)" ${calls})
mosaic_cli_component_test(component_invoke_option_flat STDOUT 5
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "pick(5)" ${calls})
mosaic_cli_component_test(component_invoke_option_some STDOUT 7
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "pick(some(7))" ${calls})
mosaic_cli_component_test(component_invoke_no_result STDOUT_EMPTY STDERR_EMPTY
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "nothing()" ${calls})
mosaic_cli_component_test(component_invoke_bare_name STDOUT_EMPTY STDERR_EMPTY
                          COMMAND $<TARGET_FILE:mosaic> run --invoke nothing ${calls})
# Functions of an exported interface: by path with `#` or `.`, or by their own name when unique.
mosaic_cli_component_test(component_invoke_interface_hash STDOUT 42
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "local:cli/math#mul(6, 7)" ${calls})
mosaic_cli_component_test(component_invoke_interface_dot STDOUT 42
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "local:cli/math.mul(6, 7)" ${calls})
mosaic_cli_component_test(component_invoke_interface_short STDOUT 42
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "mul(6, 7)" ${calls})

# Traps: the message and status 134, as for core modules.
mosaic_cli_component_test(component_trap EXIT 134 STDOUT_EMPTY STDERR_HAS "error: unreachable"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "fail()" ${calls})

# Command-line mistakes: status 2 and the column of the problem.
mosaic_cli_component_test(component_unknown_function EXIT 2
                          STDERR_HAS "unknown function `nope`|exported functions: add, echo, pick, nothing, fail, local:cli/math#mul"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "nope(1)" ${calls})
mosaic_cli_component_test(component_bad_argument EXIT 2
                          STDERR_HAS "invalid value at column 8: expected a number, found `x` (argument `b`)"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1, x)" ${calls})
mosaic_cli_component_test(component_argument_out_of_range EXIT 2
                          STDERR_HAS "4294967296 is out of range for u32"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1, 4294967296)" ${calls})
mosaic_cli_component_test(component_too_few_arguments EXIT 2 STDERR_HAS "`add` takes 2 arguments, found 1"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1)" ${calls})
mosaic_cli_component_test(component_arguments_after_file EXIT 2 STDERR_HAS "unexpected argument `3`"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1, 2)" ${calls} 3)
# Without --invoke a component runs as a WASI 0.2 command (tests/wasi_p2); one without wasi:cli/run is not one.
mosaic_cli_component_test(component_without_invoke EXIT 1
                          STDERR_HAS "exports no wasi:cli/run@0.2 `run` function: not a command|exported functions: add, echo|--invoke"
                          COMMAND $<TARGET_FILE:mosaic> run ${calls})
mosaic_cli_component_test(component_missing_imports EXIT 1
                          STDERR_HAS "cannot instantiate: missing import `log`: expected func(msg: string)|mosaic provides the WASI 0.2 interfaces"
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "run()" ${imports})
mosaic_cli_component_test(component_unknown_wasi_option EXIT 2
                          STDERR_HAS "-S bogus: unknown WASI option (known: inherit-network, allow-ip-name-lookup, tcp, udp)"
                          COMMAND $<TARGET_FILE:mosaic> run -S bogus ${calls})
mosaic_cli_component_test(component_bad_wasi_option_value EXIT 2 STDERR_HAS "-S tcp=maybe: expected NAME, NAME=y or NAME=n"
                          COMMAND $<TARGET_FILE:mosaic> run -S tcp=maybe ${calls})

# inspect: WIT for a component (the full comparison with jco's printer is tests/component's
# component_inspect_*), imports and exports for a core module.
mosaic_cli_component_test(component_inspect STDERR_EMPTY
                          STDOUT_HAS "package root:component|world root {|  export add: func(a: u32, b: u32) -> u32|  export pick: func(o: option<u32>) -> u32|  export local:cli/math"
                          COMMAND $<TARGET_FILE:mosaic> inspect ${calls})
mosaic_cli_component_test(component_inspect_imports
                          STDOUT_HAS "  import local:cli/host|  import log: func(msg: string)|  export run: func()"
                          COMMAND $<TARGET_FILE:mosaic> inspect ${imports})
mosaic_cli_test(inspect_module STDOUT "imports: none|exports:|  fib: func (param i32) (result i64)|  fib_sum: func (param i32) (result i64)"
                COMMAND $<TARGET_FILE:mosaic> inspect ${fib})
mosaic_cli_test(inspect_module_imports STDOUT "imports:|  env.log: func (param i32)|  env.memory: memory 1|exports:|  _start: func"
                COMMAND $<TARGET_FILE:mosaic> inspect ${cli_dir}/imports.wasm)
mosaic_cli_test(inspect_missing EXIT 1 STDERR_HAS "cannot read" COMMAND $<TARGET_FILE:mosaic> inspect ${cli_dir}/missing.wasm)
mosaic_cli_test(inspect_not_wasm EXIT 1 STDERR_HAS "magic header not detected"
                COMMAND $<TARGET_FILE:mosaic> inspect ${src}/not_wasm.bin)

# validate takes components too.
mosaic_cli_component_test(component_validate STDOUT ok COMMAND $<TARGET_FILE:mosaic> validate ${calls})

# Component text instead of a binary: the message says how to convert it.
mosaic_cli_test(component_text_file EXIT 1 STDERR_HAS "this looks like component text|npx jco parse"
                COMMAND $<TARGET_FILE:mosaic> run --invoke "add(1, 2)" ${cli_component_src}/cli_calls.wat)
