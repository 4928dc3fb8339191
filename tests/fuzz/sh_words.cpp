// The sh word reader of the quoting's harness, and the real shell it is checked against.
#include "sh_words.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

extern char** environ;

namespace baton::fuzz {
namespace {

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

/// `text` from `i` is `$(printf 'FORMAT')`: appends what it prints, less trailing newlines,
/// and moves `i` past it; false when it is anything else.
bool read_printf_substitution(std::string_view text, size_t& i, std::string& out) {
  constexpr std::string_view kOpen = "$(printf '";
  if (text.substr(i, kOpen.size()) != kOpen) return false;
  size_t k = i + kOpen.size();
  std::string printed;
  while (k < text.size() && text[k] != '\'') {
    char c = text[k];
    if (c == '%' || c == '\0') return false;
    if (c != '\\') {
      printed += c;
      ++k;
      continue;
    }
    // printf's format: `\ooo`, one to three octal digits.
    size_t digits = 0;
    unsigned value = 0;
    while (digits < 3 && k + 1 + digits < text.size() && is_octal(text[k + 1 + digits])) {
      value = value * 8 + static_cast<unsigned>(text[k + 1 + digits] - '0');
      ++digits;
    }
    if (digits == 0 || value > 0xFF) return false;
    printed += static_cast<char>(value);
    k += 1 + digits;
  }
  if (text.substr(k, 2) != "')") return false;
  while (!printed.empty() && printed.back() == '\n') printed.pop_back();
  out += printed;
  i = k + 2;
  return true;
}

bool is_name_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

/// `text` from `i` is `$NAME` for a variable of `variables`: appends its value and moves `i`
/// past it; false when it is not.
bool read_variable(std::string_view text, size_t& i, const ShVariables& variables,
                   std::string& out) {
  size_t end = i + 1;
  while (end < text.size() && is_name_char(text[end], end == i + 1)) ++end;
  auto found = variables.find(text.substr(i + 1, end - i - 1));
  if (end == i + 1 || found == variables.end()) return false;
  out += found->second;
  i = end;
  return true;
}

/// A double-quoted part from `i` (at the opening quote); false when it is not one we read.
bool read_double_quoted(std::string_view text, size_t& i, const ShVariables& variables,
                        std::string& out) {
  ++i;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return false;
      // A backslash keeps its special meaning only before these; before a newline it joins
      // the lines.
      char next = text[i + 1];
      if (next == '$' || next == '`' || next == '"' || next == '\\') {
        out += next;
      } else if (next != '\n') {
        out += c;
        out += next;
      }
      i += 2;
      continue;
    }
    if (c == '$') {
      bool substitution = text.substr(i, 2) == "$(";
      if (substitution ? !read_printf_substitution(text, i, out)
                       : !read_variable(text, i, variables, out))
        return false;
      continue;
    }
    if (c == '`' || c == '\0') return false;
    out += c;
    ++i;
  }
  return false;
}

bool unquoted_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::strchr("-_./,:=+@%^", c) != nullptr;
}

}  // namespace

std::optional<std::string> read_sh_word(std::string_view text, const ShVariables& variables) {
  if (text.empty()) return std::nullopt;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\'') {
      size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view inside = text.substr(i + 1, close - i - 1);
      if (inside.find('\0') != std::string_view::npos) return std::nullopt;
      out += inside;
      i = close + 1;
    } else if (c == '\\') {
      if (i + 1 >= text.size() || text[i + 1] == '\0') return std::nullopt;
      if (text[i + 1] != '\n') out += text[i + 1];
      i += 2;
    } else if (c == '"') {
      if (!read_double_quoted(text, i, variables, out)) return std::nullopt;
    } else if (unquoted_plain(c)) {
      // `~` and `#` are not plain: at the start of a word they expand or comment.
      out += c;
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<ShVariables> read_sh_assignments(std::string_view text) {
  ShVariables variables;
  size_t i = 0;
  while (i < text.size()) {
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos || eq == i) return std::nullopt;
    for (size_t k = i; k < eq; ++k)
      if (!is_name_char(text[k], k == i)) return std::nullopt;
    std::string value;
    size_t end = eq + 1;
    if (!read_printf_substitution(text, end, value)) return std::nullopt;
    if (end < text.size() && text[end] != '\n') return std::nullopt;
    variables[std::string(text.substr(i, eq - i))] = value;
    i = end + 1;
  }
  return variables;
}

std::optional<std::string> run_sh_printf(const std::string& shell, const std::string& prelude,
                                         const std::string& text) {
  std::string script = prelude + "printf '%s' " + text;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<char*> argv = {const_cast<char*>(shell.c_str()), const_cast<char*>("-c"),
                             script.data(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, shell.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  std::string out;
  if (spawned == 0) {
    char buf[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    return std::nullopt;
  return out;
}

}  // namespace baton::fuzz
