// The sh program that runs one step (or one capture) on its host: shared by the shell and
// ansible backends, so that both run the same text and follow the same event convention.
//
// A step's program runs each command in a subshell, in order, and sums up their exit statuses:
// 0 is `changed`, kUnchangedStatus (99) is `ok`, anything else stops the step as `failed`. The
// step is `changed` when one command was, `ok` when every command reported ok. A capture's
// program prints the command's standard output minus its final newline, followed by one `x`
// (so that no transport can strip trailing newlines of the value).
//
// What is known only at run time reaches the program as environment variables, never as text:
// BATON_CAP_<n> for Plan::captures[n] and BATON_SECRET_<NAME> for a secret param; the values of
// `${...}` refer to them inside double quotes, so they stay one word of data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "analyses/plan/plan.h"

namespace baton::shell {

/// The exit status by which a command reports that it changed nothing (the `ok` event).
inline constexpr int kUnchangedStatus = 99;

/// How values become words in a program.
struct ProgramStyle {
  /// Use quote_block_safe() (for a YAML literal block) instead of quote().
  bool block_safe = false;
  /// With block_safe: fold values before this column (0: never).
  std::size_t fold_width = 0;
};

/// The variable that holds Plan::captures[index] for the program that uses it.
std::string capture_variable(uint32_t index);
/// The variable that holds the secret param `name`: BATON_SECRET_ and the name in capitals.
std::string secret_variable(const std::string& name);

/// What a program reads at run time.
struct RuntimeInputs {
  std::set<uint32_t> captures;
  std::set<std::string> secrets;  ///< by param name
};
void collect_inputs(const plan::Command& command, RuntimeInputs& inputs);
void collect_inputs(const plan::Word& value, RuntimeInputs& inputs);
/// What a step's program reads at run time: its env clause's values and its commands'.
RuntimeInputs step_inputs(const plan::Step& step);

/// The shell text of one command: the author's text as is, every value one word. With
/// ProgramStyle::block_safe, the lines that assign the variables its words expand some bytes
/// from (shell_quote.h, append_byte_definitions()) come first.
std::string command_text(const plan::Command& command, const ProgramStyle& style);
/// command_text(), appended to `out`.
void append_command_text(std::string& out, const plan::Command& command, const ProgramStyle& style);

/// The assignments of a step's env clause, `NAME=word` and `export NAME`, each value one word
/// as in a command (a run-time value read from its BATON_ variable): the first lines of its
/// program, so that every transport delivers them alike.
void append_env_text(std::string& out, const std::vector<plan::EnvVar>& env,
                     const ProgramStyle& style);

/// The fixed text a step program starts with (after the environment is set).
extern const char* const kStepPrologue;
/// What wraps each command of a step: `(` and a newline before it; a newline, `)` and the
/// status check after it.
extern const char* const kCommandOpen;
extern const char* const kCommandClose;
/// The text a step program ends with.
extern const char* const kStepEpilogue;
/// The text before and after the command of a capture program.
extern const char* const kCapturePrologue;
extern const char* const kCaptureEpilogue;

/// The whole program of a step: kStepPrologue, each command between kCommandOpen and
/// kCommandClose, kStepEpilogue.
std::string step_program(const plan::Step& step, const ProgramStyle& style);
void append_step_program(std::string& out, const plan::Step& step, const ProgramStyle& style);
/// The whole program of a capture, appended to `out`.
void append_capture_program(std::string& out, const plan::Capture& capture,
                            const ProgramStyle& style);

/// Checks what every runnable backend needs of a plan: no deadlock, each wait in an earlier
/// level, captures taken after a step of their host, secret names that stay distinct in
/// capitals. Returns false with a message in *err otherwise.
bool check_runnable(const plan::Plan& plan, std::string* err);

}  // namespace baton::shell
