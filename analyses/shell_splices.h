// Where each `${...}` of a shell command stands in the author's text: unquoted, inside '...' or
// inside "...", or somewhere a value cannot be delivered as data (a here-document, backquotes,
// $'...', a comment, ...). A small scanner over the command's literal parts, linear in their
// length, with an explicit stack for `$(...)` (no recursion).
#pragma once

#include <cstdint>
#include <vector>

#include "analyses/plan/plan.h"
#include "compiler/ir/ir.h"

namespace baton {

/// Why a `${...}` cannot take a value where it stands (None: it can).
enum class SpliceProblem : uint8_t {
  None,
  HereDocument,    ///< in a here-document's body or delimiter
  Backquotes,      ///< inside `...`
  AnsiCQuotes,     ///< inside $'...'
  Comment,         ///< after a # that starts a comment
  ParamExpansion,  ///< inside the shell's own ${...}
  Arithmetic,      ///< inside $((...))
  AfterBackslash,  ///< right after a backslash, which would escape the quoting of the value
  AfterDollar,     ///< right after a $, which would join the value to an expansion
  LostTrack,       ///< after a `case` inside $(...), whose `)` the scanner cannot tell apart
};

/// The context of one `${...}`.
struct Splice {
  plan::Quoting quoting = plan::Quoting::Unquoted;
  SpliceProblem problem = SpliceProblem::None;
};

/// One Splice per part of `parts` that is a `${...}` (in order); text parts are the author's
/// shell text.
std::vector<Splice> shell_splices(const std::vector<ir::StringPart>& parts);

/// Why a value cannot stand there, for the diagnostic's message.
const char* splice_problem_message(SpliceProblem p);
/// What to write instead, for the diagnostic's help.
const char* splice_problem_help(SpliceProblem p);

}  // namespace baton
