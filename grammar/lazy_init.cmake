# Run after antlr4 (cmake -P): makes the generated lexer and parser deserialize their ATN when
# the first one is constructed, not at program start-up.
#
# The generated code runs a static Initializer before main(): 2.6 million instructions, 40% of
# what `baton --version` executes, on every run, while most files never reach ANTLR (the
# hand-written fast path parses every file without mistakes). A function-local static in the
# constructor initializes the same tables once, thread-safely, on first use.
#
# Usage: cmake -DGEN_DIR=<dir> -P lazy_init.cmake
foreach(name BatonLexer BatonParser)
  if(name STREQUAL "BatonLexer")
    set(arg "CharStream *input")
    set(base_init "Lexer(input)")
  else()
    set(arg "TokenStream *input")
    set(base_init "Parser(input)")
  endif()
  set(file "${GEN_DIR}/${name}.cpp")
  file(READ "${file}" text)
  set(static_def "${name}::Initializer ${name}::_init;")
  set(ctor "${name}::${name}(${arg}) : ${base_init} {")
  string(FIND "${text}" "${static_def}" at_def)
  string(FIND "${text}" "${ctor}" at_ctor)
  if(at_def EQUAL -1 OR at_ctor EQUAL -1)
    message(FATAL_ERROR "lazy_init.cmake: ${file} does not have the expected static Initializer "
                        "and constructor; the antlr4 version changed? Update grammar/lazy_init.cmake.")
  endif()
  string(REPLACE "${static_def}" "// baton: no static Initializer; see the constructor (grammar/lazy_init.cmake)." text "${text}")
  string(REPLACE "${ctor}" "${ctor}\n  static Initializer lazy_init;  // baton: the ATN is deserialized on first use\n  (void)lazy_init;" text "${text}")
  file(WRITE "${file}" "${text}")
endforeach()
