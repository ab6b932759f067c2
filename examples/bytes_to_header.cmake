# cmake -DINPUT=file.wasm -DOUTPUT=file.h -DNAME=kName -P bytes_to_header.cmake
# Writes INPUT's bytes as `inline constexpr unsigned char NAME[] = {...};` so that a program can embed them.
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}" "#pragma once\n// Generated from ${INPUT} at build time.\n\ninline constexpr unsigned char ${NAME}[] = {\n  ${bytes}\n};\n")
