# Command-line tests of the run-time limits of `mosaic run -W`: timeout, fuel, max-memory-size,
# max-table-elements, max-instances, max-wasm-stack.
# Included from tests/cli/CMakeLists.txt after component.cmake (mosaic_cli_test, mosaic_cli_component_test,
# cli_dir, cli_component_skip). Every test ends within about a second; a timeout that fails to interrupt the
# guest is caught by the TIMEOUT property instead of hanging.

set(limits_src ${CMAKE_CURRENT_SOURCE_DIR}/limits)
set(limits_wasms)
foreach(name spin start_spin)
  add_custom_command(OUTPUT ${cli_dir}/limits_${name}.wasm
                     COMMAND ${WAT2WASM} --debug-names ${limits_src}/${name}.wat -o ${cli_dir}/limits_${name}.wasm
                     DEPENDS ${limits_src}/${name}.wat VERBATIM)
  list(APPEND limits_wasms ${cli_dir}/limits_${name}.wasm)
endforeach()
if(NOT cli_component_skip)
  add_custom_command(OUTPUT ${cli_dir}/spin_component.wasm
                     COMMAND ${NODE_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs --jco ${cli_jco_dir}
                             --out ${cli_dir} ${limits_src}/spin_component.wat
                     DEPENDS ${limits_src}/spin_component.wat ${PROJECT_SOURCE_DIR}/tests/component/wat2wasm.mjs VERBATIM)
  list(APPEND limits_wasms ${cli_dir}/spin_component.wasm)
endif()
add_custom_target(cli_test_limits ALL DEPENDS ${limits_wasms})

set(spin ${cli_dir}/limits_spin.wasm)
set(spin_component ${cli_dir}/spin_component.wasm)
set(limits_tests)

# The deadline interrupts the guest: the trap's text and status, as for any trap.
mosaic_cli_test(timeout_loop EXIT 134 STDERR_HAS "error: interrupt|wasm backtrace:|spin"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=200ms ${spin})
mosaic_cli_test(timeout_recursion EXIT 134 STDERR_HAS "error: interrupt|tree"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=200ms --invoke tree ${spin} 62)
mosaic_cli_test(timeout_in_start_function EXIT 134 STDERR_HAS "error: interrupt"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=100ms ${cli_dir}/limits_start_spin.wasm)
# A bare number is seconds; several options may share one -W.
mosaic_cli_test(timeout_bare_seconds EXIT 134 STDERR_HAS "error: interrupt"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=1 ${spin})
mosaic_cli_test(timeout_with_memory_limit EXIT 134 STDERR_HAS "error: interrupt"
                COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=1M,timeout=200ms ${spin})
# A guest that finishes in time is not disturbed.
mosaic_cli_test(timeout_not_reached STDOUT 500000500000 STDERR_EMPTY
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=20s --invoke count ${spin} 1000000)
list(APPEND limits_tests timeout_loop timeout_recursion timeout_in_start_function timeout_bare_seconds
     timeout_with_memory_limit timeout_not_reached)

# max-memory-size: memory.grow past it returns -1; a memory that starts above it cannot be instantiated.
mosaic_cli_test(max_memory_size_grow_refused STDOUT -1
                COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=64K --invoke grow ${spin})
mosaic_cli_test(max_memory_size_grow_allowed STDOUT 1
                COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=131072 --invoke grow ${spin})
mosaic_cli_test(max_memory_size_below_initial EXIT 1 STDERR_HAS "cannot instantiate|memory minimum size"
                COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=0 --invoke grow ${spin})
list(APPEND limits_tests max_memory_size_grow_refused max_memory_size_grow_allowed max_memory_size_below_initial)

# fuel: an endless loop, or recursion without loops, runs out (a trap, as any other); a guest with enough
# fuel is not disturbed (count(1000) runs about 12,000 instructions).
mosaic_cli_test(fuel_loop EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly|wasm backtrace:|spin"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=1000000 ${spin})
mosaic_cli_test(fuel_recursion EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly|tree"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=1000000 --invoke tree ${spin} 62)
mosaic_cli_test(fuel_in_start_function EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=5000 ${cli_dir}/limits_start_spin.wasm)
mosaic_cli_test(fuel_enough STDOUT 500500 STDERR_EMPTY
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=20000 --invoke count ${spin} 1000)
mosaic_cli_test(fuel_not_enough EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=5000 --invoke count ${spin} 1000)
mosaic_cli_test(fuel_with_timeout EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=20s,fuel=1000 ${spin})
list(APPEND limits_tests fuel_loop fuel_recursion fuel_in_start_function fuel_enough fuel_not_enough
     fuel_with_timeout)

# A host short of address space (ulimit -v 400 MB; not under AddressSanitizer, which needs terabytes of it):
# the memory is reserved smaller than its 4 GiB maximum, grows as far as that, then memory.grow returns -1.
if(NOT MOSAIC_SANITIZE)
  mosaic_cli_test(address_space_limit STDOUT 1
                  COMMAND sh -c "ulimit -v 400000 && exec \"$1\" run --invoke grow_all \"$2\"" sh
                          $<TARGET_FILE:mosaic> ${spin})
  list(APPEND limits_tests address_space_limit)
endif()

# max-table-elements: table.grow past it returns -1.
mosaic_cli_test(max_table_elements_grow_refused STDOUT -1
                COMMAND $<TARGET_FILE:mosaic> run -W max-table-elements=10 --invoke table_grow ${spin})
mosaic_cli_test(max_table_elements_grow_allowed STDOUT 1
                COMMAND $<TARGET_FILE:mosaic> run -W max-table-elements=11 --invoke table_grow ${spin})
# max-wasm-stack: recursion 20,000 deep fits the default stack, not 64 KiB.
mosaic_cli_test(max_wasm_stack_default STDOUT 20000
                COMMAND $<TARGET_FILE:mosaic> run --invoke deep ${spin} 20000)
mosaic_cli_test(max_wasm_stack_exhausted EXIT 134 STDERR_HAS "error: call stack exhausted"
                COMMAND $<TARGET_FILE:mosaic> run -W max-wasm-stack=64K --invoke deep ${spin} 20000)
# max-instances: a module is one instance.
mosaic_cli_test(max_instances_one STDOUT 500500
                COMMAND $<TARGET_FILE:mosaic> run -W max-instances=1 --invoke count ${spin} 1000)
list(APPEND limits_tests max_table_elements_grow_refused max_table_elements_grow_allowed max_wasm_stack_default
     max_wasm_stack_exhausted max_instances_one)

# Bad -W values are command-line errors.
mosaic_cli_test(timeout_not_a_duration EXIT 2 STDERR_HAS "-W timeout=abc: expected a duration"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=abc ${spin})
mosaic_cli_test(timeout_bad_unit EXIT 2 STDERR_HAS "-W timeout=5x: expected a duration"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=5x ${spin})
mosaic_cli_test(timeout_zero EXIT 2 STDERR_HAS "-W timeout=0: expected a duration"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=0 ${spin})
mosaic_cli_test(timeout_without_value EXIT 2 STDERR_HAS "-W timeout: expected a duration"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout ${spin})
mosaic_cli_test(max_memory_size_not_a_size EXIT 2 STDERR_HAS "-W max-memory-size=lots: expected a size"
                COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=lots ${spin})
mosaic_cli_test(wasm_option_unknown EXIT 2 STDERR_HAS "-W frobnicate=1: unknown option (known: timeout, fuel,"
                COMMAND $<TARGET_FILE:mosaic> run -W frobnicate=1 ${spin})
mosaic_cli_test(fuel_not_a_number EXIT 2 STDERR_HAS "-W fuel=1e6: expected a number of instructions"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=1e6 ${spin})
mosaic_cli_test(fuel_overflow EXIT 2 STDERR_HAS "-W fuel=18446744073709551616: expected a number"
                COMMAND $<TARGET_FILE:mosaic> run -W fuel=18446744073709551616 ${spin})
mosaic_cli_test(max_table_elements_too_large EXIT 2 STDERR_HAS "-W max-table-elements=4294967296: expected"
                COMMAND $<TARGET_FILE:mosaic> run -W max-table-elements=4294967296 ${spin})
mosaic_cli_test(max_instances_zero EXIT 2 STDERR_HAS "-W max-instances=0: expected a positive number"
                COMMAND $<TARGET_FILE:mosaic> run -W max-instances=0 ${spin})
mosaic_cli_test(max_wasm_stack_too_small EXIT 2 STDERR_HAS "-W max-wasm-stack=100: expected a size"
                COMMAND $<TARGET_FILE:mosaic> run -W max-wasm-stack=100 ${spin})
mosaic_cli_test(wasm_option_without_value EXIT 2 STDERR_HAS "error:"
                COMMAND $<TARGET_FILE:mosaic> run -W)
# Checked before the file is read.
mosaic_cli_test(wasm_option_bad_before_missing_file EXIT 2 STDERR_HAS "-W timeout=soon"
                COMMAND $<TARGET_FILE:mosaic> run -W timeout=soon ${cli_dir}/missing.wasm)
list(APPEND limits_tests timeout_not_a_duration timeout_bad_unit timeout_zero timeout_without_value
     max_memory_size_not_a_size wasm_option_unknown fuel_not_a_number fuel_overflow max_table_elements_too_large
     max_instances_zero max_wasm_stack_too_small wasm_option_without_value
     wasm_option_bad_before_missing_file)

# Components: the same limits.
mosaic_cli_component_test(component_timeout EXIT 134 STDERR_HAS "error: interrupt"
                          COMMAND $<TARGET_FILE:mosaic> run -W timeout=200ms --invoke "spin()" ${spin_component})
mosaic_cli_component_test(component_max_memory_size STDOUT -1
                          COMMAND $<TARGET_FILE:mosaic> run -W max-memory-size=64K --invoke "grow()" ${spin_component})
mosaic_cli_component_test(component_grow_unlimited STDOUT 1
                          COMMAND $<TARGET_FILE:mosaic> run --invoke "grow()" ${spin_component})
mosaic_cli_component_test(component_fuel EXIT 134 STDERR_HAS "error: all fuel consumed by WebAssembly"
                          COMMAND $<TARGET_FILE:mosaic> run -W fuel=100000 --invoke "spin()" ${spin_component})
list(APPEND limits_tests component_timeout component_max_memory_size component_grow_unlimited component_fuel)

list(TRANSFORM limits_tests PREPEND cli_)
set_tests_properties(${limits_tests} PROPERTIES TIMEOUT 15)
