# Turns a text file of marked parts into a C++ header of string constants, at build time:
#   cmake -DINPUT=FILE -DOUTPUT=HEADER -DNAMESPACE=NS -P embed_parts.cmake
# A line `#@part NAME` starts the part NAME (a C++ identifier), which runs from the line break
# that ends that line up to the next `#@part` line (or the end of the file). Lines that start
# with `#@ ` are notes for the reader of the file and are left out; so is everything before the
# first part. Each part becomes `inline constexpr std::string_view NAME` in namespace NS, its
# bytes exactly as in the file.
foreach(var INPUT OUTPUT NAMESPACE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_parts.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ "${INPUT}" text)
string(REGEX REPLACE "\n#@ [^\n]*" "" text "${text}")
string(REGEX REPLACE "\n#@part [^\n]*" "" markers_removed "${text}")
string(FIND "${markers_removed}" "\n#@" bad)
if(NOT bad EQUAL -1)
  message(FATAL_ERROR "${INPUT}: a line starts with #@ but is neither a note (#@ ) nor a part (#@part NAME)")
endif()

set(delimiter "BATON_PART")
set(header "// Generated from ${INPUT} by embed_parts.cmake: edit that file, not this one.\n")
string(APPEND header "#pragma once\n\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n")

string(FIND "${text}" "\n#@part " at)
if(at EQUAL -1)
  message(FATAL_ERROR "${INPUT}: no part (a line #@part NAME)")
endif()
math(EXPR at "${at} + 1")
string(SUBSTRING "${text}" ${at} -1 rest)
# `rest` starts with a marker line: take its name, then the text up to the next marker.
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" name_end)
  if(name_end EQUAL -1)
    message(FATAL_ERROR "${INPUT}: the part marker at the end of the file holds no text")
  endif()
  math(EXPR name_length "${name_end} - 7")
  string(SUBSTRING "${rest}" 7 ${name_length} name)
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${INPUT}: '${name}' is not a part name (a C++ identifier)")
  endif()
  string(SUBSTRING "${rest}" ${name_end} -1 rest)
  string(FIND "${rest}" "\n#@part " next)
  if(next EQUAL -1)
    set(body "${rest}")
    set(rest "")
  else()
    math(EXPR next "${next} + 1")
    string(SUBSTRING "${rest}" 0 ${next} body)
    string(SUBSTRING "${rest}" ${next} -1 rest)
  endif()
  string(FIND "${body}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT}: part ${name} holds the raw string delimiter ${delimiter}")
  endif()
  string(APPEND header "\ninline constexpr std::string_view ${name} = R\"${delimiter}(${body})${delimiter}\";\n")
endwhile()

string(APPEND header "\n}  // namespace ${NAMESPACE}\n")
# Written only when it changed, so that what includes it is not rebuilt for nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL header)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${header}")
