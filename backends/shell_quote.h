// Quoting for POSIX sh: words of the programs that run on hosts, and literals of the driver.
//
// Every value from a spec reaches a shell as data, never as code. These functions are the one
// place that turns arbitrary bytes into shell text; the shell and ansible backends use nothing
// else to put a value into a command.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace baton::shell {

/// One single-quoted sh word that holds `s` exactly, whatever it holds (`'` becomes `'\''`).
/// The empty string is `''`.
std::string quote(std::string_view s);
/// quote(), appended to `out`.
void append_quoted(std::string& out, std::string_view s);

/// Like quote(), for a program that is stored in a YAML literal block and linted: the word
/// holds `s` exactly, but no line of it ends in a blank, the bytes of characters that YAML or
/// ansible-lint reject in a block (tabs, control characters, line separators, invalid UTF-8)
/// are expanded from variables (`"$baton_b011"` for a tab, see append_byte_definitions()), the
/// Jinja delimiters `{{`, `{%` and `{#` are split by an empty quoted piece (`{''{`), and every
/// line is folded (`'\` newline `'`) before it grows past `width` columns. `*column` is the
/// column where the word starts; on return it is the column after it.
std::string quote_block_safe(std::string_view s, std::size_t width, std::size_t* column);
/// quote_block_safe(), appended to `out`.
void append_quoted_block_safe(std::string& out, std::string_view s, std::size_t width,
                              std::size_t* column);

/// A flag per byte value.
using ByteFlags = std::array<bool, 256>;
/// Flags in `bytes` the bytes of `s` that quote_block_safe() takes from variables; true when
/// there is one.
bool collect_block_escapes(std::string_view s, ByteFlags& bytes);
/// The assignments of those variables, one line each (`baton_b011=$(printf '\011')`), to run
/// before a block-safe word that uses them. A byte is never a newline, which the command
/// substitution would drop.
void append_byte_definitions(std::string& out, const ByteFlags& bytes);

/// A literal for the source of a generated sh script: the shell reads it back as `s`. Single
/// quotes, `$`, backquotes and backslashes are escaped outside the quotes, so that shellcheck
/// never sees what looks like an expansion inside single quotes (SC2016, SC1003).
std::string literal(std::string_view s);
/// literal(), appended to `out`.
void append_literal(std::string& out, std::string_view s);

/// A here-document delimiter, `base` or `base` followed by a number, that is not a line of
/// `body`; the body of a quoted here-document (`<<'DELIM'`) is then read back exactly.
std::string heredoc_delimiter(std::string_view body, std::string_view base);

/// True when `s` is valid UTF-8.
bool valid_utf8(std::string_view s);

/// True when `s` is valid UTF-8 and holds only what a YAML literal block may hold as is (no
/// control characters other than newline, no line separators, no tabs, no line ending in a
/// blank, no first line starting with a blank).
bool block_safe(std::string_view s);

}  // namespace baton::shell
