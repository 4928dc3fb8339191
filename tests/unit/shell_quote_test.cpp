// Tests of shell quoting (backends/shell_quote.h), the security boundary of the runnable
// backends: any value, compiled into a command the way the backends compile it and run by sh
// (dash), is read back as exactly that value, and nothing of it runs.
#include "backends/shell_quote.h"

#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "backend_plans.h"
#include "backends/shell_program.h"

namespace baton {
namespace {

using namespace baton::testing;

/// How a value becomes shell text.
enum class Form {
  Word,           ///< a word of a program: quote(), as the shell backend sends it
  BlockWord,      ///< a word of a program kept in a YAML literal block (ansible), folded
  Literal,        ///< a literal of the driver script: literal()
  HereDoc,        ///< the body of a quoted here-document, with heredoc_delimiter()
  InSingle,       ///< inside the author's '...', as the shell backend sends it
  InDouble,       ///< inside the author's "...", as the shell backend sends it
  BlockInSingle,  ///< inside '...' in a YAML literal block (ansible), folded
  BlockInDouble,  ///< inside "..." in a YAML literal block (ansible), folded
};

/// What a statement of `form` prints for the value `v`: the author's quotes in the in-quotes
/// forms hold `<` before the value and `>` after it.
std::string expected(const std::string& v, Form form) {
  switch (form) {
    case Form::HereDoc: return v + "\n";
    case Form::InSingle:
    case Form::InDouble:
    case Form::BlockInSingle:
    case Form::BlockInDouble: return "<" + v + ">";
    default: return v;
  }
}

/// Every value of the tests: the hostile ones, each byte but NUL alone (a value cannot hold
/// NUL: the spec reader stops at it and no argument or escape gives one), and random strings
/// drawn from a fixed seed, half of them from the bytes that mean something to a shell.
std::vector<std::string> values() {
  std::vector<std::string> out = hostile_values();
  for (int b = 1; b < 256; ++b) out.emplace_back(1, static_cast<char>(b));
  out.push_back("");
  out.push_back("\n\n\n");
  out.push_back("trailing newlines\n\n");
  out.push_back("caf\xc3\xa9 \xf0\x9f\x8e\xbc \xe2\x80\xa9 \xc2\x85 \xef\xbb\xbf \xed\xa0\x80");
  out.push_back(std::string(5000, '\'') + std::string(5000, '{'));
  const std::string special = "'\"$`\\\n\t {}%#;&|<>()*?[]~=!-\r\x01\x7f\x80\xff";
  std::mt19937 rng(20261202);
  for (int i = 0; i < 400; ++i) {
    std::string v;
    std::size_t len = rng() % 48;
    for (std::size_t k = 0; k < len; ++k) {
      if (i % 2 == 0) {
        v += special[rng() % special.size()];
      } else {
        v += static_cast<char>(1 + rng() % 255);
      }
    }
    out.push_back(v);
  }
  return out;
}

/// The text of the shell statement that writes `v` in `form` to the file `path`.
std::string statement(const std::string& v, Form form, const std::string& path) {
  plan::Command c = command({text("printf '%s' "), value({lit(v)}), text(" >" + path)});
  shell::ProgramStyle style;
  switch (form) {
    case Form::Word: return shell::command_text(c, style);
    case Form::BlockWord:
      style.block_safe = true;
      style.fold_width = 60;
      return shell::command_text(c, style);
    case Form::Literal: return "printf '%s' " + shell::literal(v) + " >" + path;
    case Form::HereDoc: {
      std::string delim = shell::heredoc_delimiter(v, "BATON");
      return "cat >" + path + " <<'" + delim + "'\n" + v + "\n" + delim;
    }
    case Form::InSingle:
    case Form::InDouble:
    case Form::BlockInSingle:
    case Form::BlockInDouble: {
      bool single = form == Form::InSingle || form == Form::BlockInSingle;
      const char* q = single ? "'" : "\"";
      plan::CommandPiece piece = value({lit(v)});
      piece.quoting = single ? plan::Quoting::Single : plan::Quoting::Double;
      plan::Command in = command({text(std::string("printf '%s' ") + q + "<"), piece,
                                  text(std::string(">") + q + " >" + path)});
      style.block_safe = form == Form::BlockInSingle || form == Form::BlockInDouble;
      style.fold_width = style.block_safe ? 60 : 0;
      return shell::command_text(in, style);
    }
  }
  return "";
}

/// Runs one dash on a script that writes each value, in `form`, to a file of its own, each
/// statement in a subshell as in a step's program; returns what each file holds.
std::vector<std::string> printed_by_dash(const std::vector<std::string>& vals, Form form,
                                         const std::string& dir) {
  std::string script;
  for (std::size_t i = 0; i < vals.size(); ++i)
    script += "(\n" + statement(vals[i], form, "\"$1/" + std::to_string(i) + "\"") + "\n)\n";
  write_file(dir + "/t.sh", script);
  Run r = run(fmt::format("cd '{0}' && BATON_TEST_PWNED='{0}/pwned' dash t.sh '{0}'", dir));
  CHECK(r.out.empty());
  CHECK(r.status == 0);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < vals.size(); ++i)
    out.push_back(read_file(dir + "/" + std::to_string(i)));
  return out;
}

void check_form(Form form) {
  std::vector<std::string> vals = values();
  std::string dir = temp_dir();
  std::vector<std::string> got = printed_by_dash(vals, form, dir);
  for (std::size_t i = 0; i < vals.size(); ++i) {
    CAPTURE(i, vals[i]);
    CHECK(got[i] == expected(vals[i], form));
  }
  CHECK(run("test -e '" + dir + "/pwned'").status != 0);
  run("rm -rf '" + dir + "'");
}

TEST_CASE("shell quote: a program word prints exactly its value", "[shell_quote]") {
  check_form(Form::Word);
}

TEST_CASE("shell quote: a block-safe word prints exactly its value", "[shell_quote]") {
  check_form(Form::BlockWord);
}

TEST_CASE("shell quote: a driver literal prints exactly its value", "[shell_quote]") {
  check_form(Form::Literal);
}

TEST_CASE("shell quote: a quoted here-document gives back exactly its body", "[shell_quote]") {
  check_form(Form::HereDoc);
}

TEST_CASE("shell quote: a value inside the author's '...' prints exactly its value",
          "[shell_quote]") {
  check_form(Form::InSingle);
  check_form(Form::BlockInSingle);
}

TEST_CASE("shell quote: a value inside the author's \"...\" prints exactly its value",
          "[shell_quote]") {
  check_form(Form::InDouble);
  check_form(Form::BlockInDouble);
}

TEST_CASE("shell quote: a value of several segments is one word", "[shell_quote]") {
  // Text, a captured output and a secret, read from the environment at run time.
  std::string dir = temp_dir();
  const std::string captured = "cap 'x' $(touch \"$BATON_TEST_PWNED\")\n";
  const std::string secret_value = "s\x01\"cr`et\\";
  write_file(dir + "/cap", captured);
  write_file(dir + "/secret", secret_value);
  for (plan::Quoting quoting :
       {plan::Quoting::Unquoted, plan::Quoting::Single, plan::Quoting::Double}) {
    const char* q = quoting == plan::Quoting::Single   ? "'"
                    : quoting == plan::Quoting::Double ? "\""
                                                       : "";
    plan::CommandPiece piece = value({lit("a\tb "), cap(0), lit("'\x02"), secret("key"), lit("")});
    piece.quoting = quoting;
    plan::Command c = command({text(std::string("printf '%s|' ") + q + "L"), piece,
                               text(std::string("R") + q + " >\"$1/out\"")});
    for (bool block : {false, true}) {
      CAPTURE(quoting, block);
      shell::ProgramStyle style;
      style.block_safe = block;
      write_file(dir + "/t.sh", "(\n" + shell::command_text(c, style) + "\n)\n");
      Run r = run(fmt::format(
          "cd '{0}' && BATON_CAP_0=$(cat cap; printf x) && export BATON_CAP_0=${{BATON_CAP_0%x}} "
          "&& export BATON_SECRET_KEY=\"$(cat secret)\" BATON_TEST_PWNED='{0}/pwned' && "
          "dash t.sh '{0}'",
          dir));
      CHECK(r.status == 0);
      CHECK(read_file(dir + "/out") == fmt::format("La\tb {}'\x02{}R|", captured, secret_value));
    }
  }
  CHECK(run("test -e '" + dir + "/pwned'").status != 0);
  run("rm -rf '" + dir + "'");
}

TEST_CASE("shell quote: long values with many control characters", "[shell_quote]") {
  // A word of a block-safe program with thousands of escaped characters, and a long word with
  // a few: a shell's stack must not grow with them (dash copies the word read so far onto its
  // stack at each command substitution in it).
  std::string many, few;
  for (int i = 0; i < 5000; ++i) many += std::string("a\x01") + (i % 7 ? "" : "\t'");
  for (int i = 0; i < 200; ++i) few += std::string(1000, 'x') + "\x1b";
  std::vector<std::string> vals = {many, few};
  for (Form form : {Form::Word, Form::BlockWord, Form::Literal}) {
    std::string dir = temp_dir();
    std::vector<std::string> got = printed_by_dash(vals, form, dir);
    CHECK(got[0] == many);
    CHECK(got[1] == few);
    run("rm -rf '" + dir + "'");
  }
}

}  // namespace
}  // namespace baton
