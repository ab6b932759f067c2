# Makes a WIT directory for a guest at build time: OUT/world.wit (a copy of WORLD) and OUT/deps/NAME/package.wit
# for every pinned WASI package of PACKAGES_DIR (the project's wit/wasi-0.2.12), with the http package's version
# line rewritten to 0.2.10: componentize-js (StarlingMonkey) exports wasi:http/incoming-handler@0.2.10, so the
# guests are built against wasi:http@0.2.10 and the other packages at 0.2.12, the mix that mosaic's linker
# semver-matches.
#
#   cmake -DWORLD=world.wit -DPACKAGES_DIR=wit/wasi-0.2.12 -DOUT=dir -P make-wit.cmake
foreach(var WORLD PACKAGES_DIR OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "make-wit.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/deps)
configure_file(${WORLD} ${OUT}/world.wit COPYONLY)
file(GLOB packages ${PACKAGES_DIR}/*/package.wit)
foreach(package IN LISTS packages)
  get_filename_component(dir ${package} DIRECTORY)
  get_filename_component(name ${dir} NAME)
  file(READ ${package} text)
  if(name STREQUAL "http")
    string(REGEX REPLACE "(^|\n)package wasi:http@0\\.2\\.[0-9]+;" "\\1package wasi:http@0.2.10;" text "${text}")
    if(NOT text MATCHES "package wasi:http@0\\.2\\.10;")
      message(FATAL_ERROR "make-wit.cmake: no package line to rewrite in ${package}")
    endif()
  endif()
  file(WRITE ${OUT}/deps/${name}/package.wit "${text}")
endforeach()
