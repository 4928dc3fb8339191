// `baton fmt --verify` (driver/format_verify.h) catches each way a layout could go wrong: the
// checks are fed a "formatted" text that is wrong on purpose.
#include "driver/format_verify.h"

#include <catch2/catch.hpp>
#include <string>

namespace baton {
namespace {

TEST_CASE("verify accepts a faithful layout", "[format_verify]") {
  CHECK(verify_formatting("v.baton", "param a=1 // one\nhost h{x=a}\n",
                          "param a = 1  // one\nhost h { x = a }\n") == "");
}

TEST_CASE("verify refuses a layout that is not stable", "[format_verify]") {
  CHECK(verify_formatting("v.baton", "param a=1\n", "param a=1\n") ==
        "formatting is not idempotent: a second run changes the text");
}

TEST_CASE("verify refuses a layout that loses or moves a comment", "[format_verify]") {
  CHECK(verify_formatting("v.baton", "param a = 1 // one\n", "param a = 1\n") ==
        "the comments differ: one was lost, repeated or moved between other tokens");
  CHECK(verify_formatting("v.baton", "param a = 1 // one\nparam b = 2\n",
                          "param a = 1\nparam b = 2  // one\n") ==
        "the comments differ: one was lost, repeated or moved between other tokens");
}

TEST_CASE("verify refuses a layout that changes the IR", "[format_verify]") {
  CHECK(verify_formatting("v.baton", "param a = 1 - 2 - 3\n", "param a = 1 - (2 - 3)\n") ==
        "the IR differs");
}

TEST_CASE("verify refuses a layout that does not parse", "[format_verify]") {
  CHECK(verify_formatting("v.baton", "param a = 1\n", "param a =\n") ==
        "the formatted text does not parse");
}

}  // namespace
}  // namespace baton
