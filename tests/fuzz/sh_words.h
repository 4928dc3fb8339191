// A reader of the sh words that baton's quoting writes (backends/shell_quote.h), for the
// quoting's fuzz harness: what a POSIX shell makes of one word, for the part of the shell's
// grammar that the quoting uses, and a refusal of everything else.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace baton::fuzz {

/// Shell variables by name.
using ShVariables = std::map<std::string, std::string, std::less<>>;

/// The bytes that a POSIX shell (dash, as the generated scripts run) gives a command for
/// `text` read as exactly one word: single quotes, backslashes outside quotes (a backslash
/// before a newline joins the lines), double quotes, and inside them `$NAME` for a variable of
/// `variables` and `$(printf 'FORMAT')` whose FORMAT holds only plain characters and `\ooo`
/// octal escapes (trailing newlines of its output dropped, as a command substitution does),
/// and unquoted letters, digits and `-_./,:=+@%^`. nullopt for anything else: another
/// expansion, an unset variable, a glob character, a blank or an operator outside quotes (the
/// text would be more than one word, or not the bytes it looks like), an unterminated quote, a
/// NUL.
std::optional<std::string> read_sh_word(std::string_view text, const ShVariables& variables = {});

/// The variables that `text`, lines of `NAME=$(printf 'FORMAT')` (what
/// shell::append_byte_definitions() writes), assign; nullopt for any other line.
std::optional<ShVariables> read_sh_assignments(std::string_view text);

/// What `shell -c "PRELUDE printf '%s' TEXT"` prints: the shell's own reading of `text` after
/// `prelude` (assignments) ran, to check read_sh_word against (a fork and exec per call; slow).
/// nullopt when the shell cannot run.
std::optional<std::string> run_sh_printf(const std::string& shell, const std::string& prelude,
                                         const std::string& text);

}  // namespace baton::fuzz
