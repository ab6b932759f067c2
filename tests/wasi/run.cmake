# Runs one WASI test program under mosaic (or, for comparison, Node's node:wasi through run-node.mjs) in a fresh
# scratch directory, and checks its standard output against the expected file and its exit status.
#
#   cmake -DRUNNER=<mosaic executable> | -DRUNNER=node -DNODE=<node> -DRUN_NODE=<run-node.mjs>
#         | -DRUNNER=jco -DNODE=<node> -DJCO=<jco.js>
#         -DWASM=<program.wasm> -DSCRATCH=<dir> -DEXPECTED=<file.out> [-DEXIT=n]
#         [-DFIXTURE=none|plain|escape] [-DDIR=ON] [-DSTDIN=<file>] [-DSTDERR_HAS=a|b]
#         [-DENVS=NAME=VALUE|NAME...] [-DSET_ENV=NAME=VALUE|...] [-DARGS=a|b|...]
#         [-DSOCKET_DRIVER=<wasi_sock_driver>] -P run.cmake
#
# The program runs with its own directory as the working directory and is named by its file name, so that
# argv[0] is "NAME.wasm". FIXTURE=plain makes SCRATCH/sandbox holding given.txt; FIXTURE=escape also makes
# SCRATCH/outside and the escaping symlinks that sandbox.c tries, and afterwards checks that nothing outside
# the sandbox (nor /etc/passwd) changed. DIR=ON preopens SCRATCH/sandbox as /sandbox. Lists are "|"-separated.
# RUNNER=jco runs a WASI 0.2 command component under `jco run` (JavaScript host, for reference); it has no
# options, so ENVS's NAME=VALUE entries go into its environment (which the guest sees whole), and DIR needs
# -DJCO_IMPORT=<tests/wasi_p2/jco-preopens.mjs>, which preopens what $MOSAIC_JCO_PREOPENS lists instead of /.

if(NOT DEFINED EXIT)
  set(EXIT 0)
endif()
foreach(var WASM SCRATCH EXPECTED RUNNER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT DEFINED FIXTURE)
  set(FIXTURE none)
endif()

# A fresh scratch directory.
file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}")
set(sandbox "${SCRATCH}/sandbox")
set(outside "${SCRATCH}/outside")
if(NOT FIXTURE STREQUAL "none")
  file(MAKE_DIRECTORY "${sandbox}")
  file(WRITE "${sandbox}/given.txt" "fixture contents\n")
endif()
if(FIXTURE STREQUAL "escape")
  file(MAKE_DIRECTORY "${outside}/sub" "${sandbox}/sub")
  file(WRITE "${outside}/secret.txt" "SECRET\n")
  file(WRITE "${sandbox}/inside.txt" "inside\n")
  file(WRITE "${sandbox}/sub/file.txt" "sub file\n")
  # name -> target; targets are stored verbatim.
  set(links
    "esc_passwd=/etc/passwd"
    "esc_up=../outside/secret.txt"
    "esc_dir=../outside"
    "chain1=chain2"
    "chain2=sub/../../outside/secret.txt"
    "sub/deep_up=../../outside/secret.txt"
    "abs_inside=${sandbox}/inside.txt"
    "esc_root=/"
    "dotdot=.."
    "dangle=../outside/created.txt"
    "ok_link=sub/file.txt"
    "sub/up_ok=../inside.txt")
  foreach(entry IN LISTS links)
    string(FIND "${entry}" "=" eq)
    string(SUBSTRING "${entry}" 0 ${eq} name)
    math(EXPR from "${eq} + 1")
    string(SUBSTRING "${entry}" ${from} -1 target)
    file(CREATE_LINK "${target}" "${sandbox}/${name}" SYMBOLIC)
  endforeach()
endif()

# A description of everything outside the sandbox that an escape could touch.
function(snapshot out)
  set(lines)
  if(EXISTS "${outside}")
    file(GLOB_RECURSE entries LIST_DIRECTORIES true RELATIVE "${outside}" "${outside}/*")
    list(SORT entries)
    foreach(entry IN LISTS entries)
      set(p "${outside}/${entry}")
      if(IS_SYMLINK "${p}")
        file(READ_SYMLINK "${p}" t)
        list(APPEND lines "${entry} -> ${t}")
      elseif(IS_DIRECTORY "${p}")
        list(APPEND lines "${entry}/")
      else()
        file(SHA256 "${p}" h)
        file(TIMESTAMP "${p}" t "%s" UTC)
        list(APPEND lines "${entry} ${h} ${t}")
      endif()
    endforeach()
  endif()
  file(GLOB top LIST_DIRECTORIES true RELATIVE "${SCRATCH}" "${SCRATCH}/*")
  list(SORT top)
  list(JOIN top "," top)
  list(APPEND lines "top: ${top}")
  if(EXISTS /etc/passwd)
    file(SHA256 /etc/passwd h)
    list(APPEND lines "/etc/passwd ${h}")
  endif()
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()
snapshot(before)

# The command line.
get_filename_component(wasm_dir "${WASM}" DIRECTORY)
get_filename_component(wasm_name "${WASM}" NAME)
set(options)
if(DIR)
  list(APPEND options --dir "${sandbox}::/sandbox")
endif()
if(DEFINED ENVS AND NOT ENVS STREQUAL "")
  string(REPLACE "|" ";" envs "${ENVS}")
  foreach(e IN LISTS envs)
    if(RUNNER STREQUAL "jco")
      string(FIND "${e}" "=" eq)
      if(NOT eq EQUAL -1)
        string(SUBSTRING "${e}" 0 ${eq} name)
        math(EXPR from "${eq} + 1")
        string(SUBSTRING "${e}" ${from} -1 value)
        set(ENV{${name}} "${value}")
      endif()
    else()
      list(APPEND options --env "${e}")
    endif()
  endforeach()
endif()
if(RUNNER STREQUAL "jco")
  if(DIR AND NOT DEFINED JCO_IMPORT)
    message(FATAL_ERROR "run.cmake: RUNNER=jco preopens a directory (DIR=ON) only with JCO_IMPORT")
  endif()
  set(ENV{MOSAIC_JCO_PREOPENS} "")
  if(DIR)
    set(ENV{MOSAIC_JCO_PREOPENS} "${sandbox}::/sandbox")
  endif()
endif()
set(args)
if(DEFINED ARGS AND NOT ARGS STREQUAL "")
  string(REPLACE "|" ";" args "${ARGS}")
endif()
if(DEFINED SET_ENV AND NOT SET_ENV STREQUAL "")
  string(REPLACE "|" ";" set_env "${SET_ENV}")
  foreach(e IN LISTS set_env)
    string(FIND "${e}" "=" eq)
    string(SUBSTRING "${e}" 0 ${eq} name)
    math(EXPR from "${eq} + 1")
    string(SUBSTRING "${e}" ${from} -1 value)
    set(ENV{${name}} "${value}")
  endforeach()
endif()
if(RUNNER STREQUAL "node")
  set(command "${NODE}" "${RUN_NODE}" ${options} "${wasm_name}" ${args})
elseif(RUNNER STREQUAL "jco")
  set(command "${NODE}" "${JCO}" run)
  if(DEFINED JCO_IMPORT)
    list(APPEND command --jco-import "${JCO_IMPORT}")
  endif()
  list(APPEND command "${wasm_name}" ${args})
else()
  set(command "${RUNNER}" run ${options} "${wasm_name}" ${args})
endif()
if(DEFINED SOCKET_DRIVER)
  # The driver picks a free port, starts the runtime with --tcplisten 127.0.0.1:PORT, talks to the guest.
  set(command "${SOCKET_DRIVER}" "${RUNNER}" "${wasm_name}")
endif()
if(NOT DEFINED STDIN OR STDIN STREQUAL "")
  set(STDIN /dev/null)
endif()

execute_process(COMMAND ${command} WORKING_DIRECTORY "${wasm_dir}" INPUT_FILE "${STDIN}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
list(JOIN command " " shown)

set(problems)
if(NOT "${status}" STREQUAL "${EXIT}")
  list(APPEND problems "exit status ${status}, expected ${EXIT}")
endif()
file(READ "${EXPECTED}" want)
if(NOT out STREQUAL want)
  file(WRITE "${SCRATCH}.stdout.txt" "${out}")
  execute_process(COMMAND diff -u "${EXPECTED}" "${SCRATCH}.stdout.txt" OUTPUT_VARIABLE difference)
  list(APPEND problems "standard output differs from ${EXPECTED} (- expected, + actual):\n${difference}")
endif()
if(DEFINED STDERR_HAS)
  string(REPLACE "|" ";" needles "${STDERR_HAS}")
  foreach(needle IN LISTS needles)
    string(FIND "${err}" "${needle}" at)
    if(at EQUAL -1)
      list(APPEND problems "standard error lacks: ${needle}")
    endif()
  endforeach()
endif()
if(FIXTURE STREQUAL "escape")
  snapshot(after)
  if(NOT before STREQUAL after)
    string(REPLACE ";" "\n  " b "${before}")
    string(REPLACE ";" "\n  " a "${after}")
    list(APPEND problems "something outside the sandbox changed; before:\n  ${b}\nafter:\n  ${a}")
  endif()
endif()

file(WRITE "${SCRATCH}.stdout.txt" "${out}")
file(WRITE "${SCRATCH}.stderr.txt" "${err}")
if(problems)
  list(JOIN problems "\n  " listed)
  message(FATAL_ERROR "${shown}\n  ${listed}\n--- stderr ---\n${err}")
endif()
message(STATUS "ok: ${shown}")
