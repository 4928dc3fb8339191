// The generated lexer and parser and the ANTLR runtime, included in one place behind the
// pragmas that silence their warnings. Only the files of the ANTLR path include this header;
// it builds only inside baton_frontend, the one library that links the generated parser.
#pragma once

// The generated parser and the ANTLR runtime are not ours to warn about.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wattributes"
#ifdef __clang__
#pragma GCC diagnostic ignored "-Wdefaulted-function-deleted"
#endif
// clang-format off
#include "BatonLexer.h"
#include "BatonParser.h"
#include "antlr4-runtime.h"
// clang-format on
#pragma GCC diagnostic pop
