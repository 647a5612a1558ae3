# embed.cmake - turns the report's asset files into C arrays at build time.
#
# Run as: cmake -DOUT=file.c -DINPUTS="name1=path1|name2=path2" -P embed.cmake
# Each input becomes `const char name[]` holding the file's bytes and a final
# NUL, so the page's CSS and JavaScript stay real files under reports/ and
# the binary needs no file at run time.
set(text "/* Generated from reports/ by embed.cmake: do not edit. */\n")
string(REPLACE "|" ";" inputs "${INPUTS}")
foreach(pair IN LISTS inputs)
  string(REGEX MATCH "^([^=]+)=(.*)$" _ "${pair}")
  set(name "${CMAKE_MATCH_1}")
  set(path "${CMAKE_MATCH_2}")
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # One line per 32 bytes keeps the generated file readable in a diff tool.
  string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
  string(APPEND text "const char ${name}[] = {\n${bytes}0x00};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
