# Runs one command and checks its exit status and output; a ctest test for command-line behaviour.
#
#   cmake [-DEXIT=N] [-DSTDOUT=LINES] [-DSTDOUT_HAS=TEXTS] [-DSTDERR_HAS=TEXTS] [-DSTDOUT_EMPTY=ON]
#         [-DSTDERR_EMPTY=ON]
#         -P check.cmake -- PROGRAM [ARGS...]
#
# EXIT defaults to 0. STDOUT is the whole standard output, its lines separated by "|". STDOUT_HAS and
# STDERR_HAS are texts, separated by "|", that must each occur in that stream.

if(NOT DEFINED EXIT)
  set(EXIT 0)
endif()

set(command)
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(after_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "check.cmake: no command after --")
endif()

execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
list(JOIN command " " shown)
set(problems)

if(NOT "${status}" STREQUAL "${EXIT}")
  list(APPEND problems "exit status ${status}, expected ${EXIT}")
endif()
if(DEFINED STDOUT)
  string(REPLACE "|" "\n" want "${STDOUT}")
  string(REGEX REPLACE "\n$" "" got "${out}")
  if(NOT got STREQUAL want)
    list(APPEND problems "standard output differs; expected:\n${want}")
  endif()
endif()
foreach(stream STDOUT STDERR)
  if(stream STREQUAL "STDOUT")
    set(text "${out}")
  else()
    set(text "${err}")
  endif()
  if(DEFINED ${stream}_HAS)
    string(REPLACE "|" ";" needles "${${stream}_HAS}")
    foreach(needle IN LISTS needles)
      string(FIND "${text}" "${needle}" at)
      if(at EQUAL -1)
        list(APPEND problems "${stream} lacks: ${needle}")
      endif()
    endforeach()
  endif()
endforeach()
if(STDOUT_EMPTY AND NOT out STREQUAL "")
  list(APPEND problems "standard output is not empty")
endif()
if(STDERR_EMPTY AND NOT err STREQUAL "")
  list(APPEND problems "standard error is not empty")
endif()

if(problems)
  list(JOIN problems "\n  " listed)
  message(FATAL_ERROR "${shown}\n  ${listed}\n--- stdout ---\n${out}--- stderr ---\n${err}")
endif()
message(STATUS "ok: ${shown}")
