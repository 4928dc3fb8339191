// Renders diagnostics as human (clang-like snippets), gcc (one line each), json and SARIF 2.1.0.
#include "compiler/diagnostics/diagnostic_render.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>

#include "compiler/base/percent_encoding.h"
#include "compiler/base/version.h"

namespace baton {
namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Remark: return "remark";
  }
  return "error";
}

struct Style {
  bool on;
  std::string operator()(const char* code, const std::string& text) const {
    return on ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  }
};

const char* severity_colour(Severity s) {
  switch (s) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;35";
    case Severity::Remark: return "1;36";
  }
  return "1";
}

std::string location(const SourceRange& r, const SourceManager& sm) {
  if (!r.valid()) return "baton";
  return printable_text(sm.file(r.file).display_name) + ":" + std::to_string(r.line) + ":" +
         std::to_string(r.col);
}

/// The length of the UTF-8 sequence that starts at s[i], or 0 when none valid starts there
/// (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short).
size_t sequence_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (len >= 3) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    bool bad = (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
               (c == 0xF4 && c1 >= 0x90);
    if (bad) return 0;
  }
  return len;
}

/// True for the control characters a terminal may act on: C0, DEL and C1 (U+0080 to U+009F,
/// which some terminals take as the start of an escape sequence).
bool is_control(std::string_view code_point) {
  unsigned char c = static_cast<unsigned char>(code_point[0]);
  if (code_point.size() == 1) return c < 0x20 || c == 0x7F;
  return code_point.size() == 2 && c == 0xC2 && static_cast<unsigned char>(code_point[1]) < 0xA0;
}

/// True for a character that terminals draw two columns wide (East Asian wide and fullwidth
/// forms, emoji): the caret line gives it two marks, so that the caret stays under the range.
/// The main blocks, not the whole Unicode table: a rare one missed only shifts a caret.
bool is_wide(std::string_view code_point) {
  if (code_point.size() < 3) return false;
  uint32_t cp = static_cast<unsigned char>(code_point[0]) & (code_point.size() == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < code_point.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(code_point[k]) & 0x3F);
  static constexpr std::pair<uint32_t, uint32_t> kWide[] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
      {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
      {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
  for (const auto& [first, last] : kWide)
    if (cp >= first && cp <= last) return true;
  return false;
}

/// A source line split into code points (as byte strings), each control character but a tab
/// shown as U+FFFD, which still takes one column, so the caret stays under it; only the first
/// `keep` are kept (a quote shows 120 columns of a line that may be megabytes long), and
/// `total` counts them all. nullopt when the line is not text (a NUL, a byte that is not
/// UTF-8): such a line is never quoted, since it is not from a spec (an E0004 or E0005 file
/// may be any file the checker can read).
std::optional<std::vector<std::string_view>> code_points(std::string_view s, size_t keep,
                                                         size_t& total) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::vector<std::string_view> out;
  total = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = sequence_length(s, i);
    if (len == 0 || s[i] == '\0') return std::nullopt;
    std::string_view cp = s.substr(i, len);
    if (total++ < keep) out.push_back(is_control(cp) && cp != "\t" ? kReplacement : cp);
    i += len;
  }
  return out;
}

/// The source line and a caret line under the range; long lines are cut to a window.
std::string snippet(const SourceRange& r, const SourceManager& sm, const Style& style) {
  if (!r.valid()) return "";
  constexpr size_t kWidth = 120, kContext = 40;
  size_t begin = r.col - 1;
  // Nothing past the quoted window is read but to count it: the window starts at most
  // kContext before the range and is kWidth wide.
  size_t size = 0;
  std::optional<std::vector<std::string_view>> line_points =
      code_points(sm.line_text(r.file, r.line), begin + kWidth + 1, size);
  if (!line_points) return "";
  const std::vector<std::string_view>& cps = *line_points;
  size_t end = r.end_line == r.line ? std::max<size_t>(r.end_col - 1, begin + 1) : size;
  end = std::max(end, begin + 1);
  size_t from = 0, to = size;
  if (size > kWidth) {
    from = begin > kContext ? begin - kContext : 0;
    to = std::min(size, from + kWidth);
  }
  std::string text = from > 0 ? "..." : "", marks = from > 0 ? "   " : "";
  for (size_t i = from; i < to; ++i) {
    text += cps[i];
    const bool wide = is_wide(cps[i]);
    if (i < begin) {
      marks += cps[i] == "\t" ? "\t" : wide ? "  " : " ";
    } else if (i < end) {
      marks += i == begin ? "^" : "~";
      if (wide) marks += "~";
    }
  }
  if (to < size) text += "...";
  for (size_t i = std::max(begin, to); i < end && i == begin; ++i) marks += "^";  // at line end
  if (marks.find('^') == std::string::npos) marks += "^";
  std::string num = std::to_string(r.line);
  if (num.size() < 5) num.insert(0, 5 - num.size(), ' ');
  std::string gutter(num.size(), ' ');
  std::string line = num + " | " + text;
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line + "\n" + gutter + " | " + style("1;32", marks) + "\n";
}

std::string render_human(const Diagnostic& d, const SourceManager& sm, const Style& style) {
  std::string out = style("1", location(d.range, sm) + ":") + " " +
                    style(severity_colour(d.severity), severity_word(d.severity)) + ": " +
                    style("1", printable_text(d.message)) + " [" +
                    std::string(diag_info(d.kind).code) + "]\n";
  out += snippet(d.range, sm, style);
  for (const DiagNote& n : d.notes) {
    out += style("1", location(n.range, sm) + ":") + " " + style("1;36", "note") + ": " +
           printable_text(n.message) + "\n";
    out += snippet(n.range, sm, style);
  }
  if (!d.help.empty()) out += style("1;32", "help") + ": " + printable_text(d.help) + "\n";
  return out;
}

std::string render_gcc(const Diagnostic& d, const SourceManager& sm) {
  std::string out = location(d.range, sm) + ": " + severity_word(d.severity) + ": " +
                    printable_text(d.message) + " [" + std::string(diag_info(d.kind).code) + "]\n";
  for (const DiagNote& n : d.notes)
    out += location(n.range, sm) + ": note: " + printable_text(n.message) + "\n";
  if (!d.help.empty()) out += location(d.range, sm) + ": note: " + printable_text(d.help) + "\n";
  return out;
}

nlohmann::json json_range(const SourceRange& r, const SourceManager& sm) {
  if (!r.valid()) return nullptr;
  return {{"file", sm.file(r.file).display_name},
          {"line", r.line},
          {"column", r.col},
          {"end_line", r.end_line},
          {"end_column", r.end_col}};
}

std::string render_json(const std::vector<Diagnostic>& diags, const SourceManager& sm) {
  nlohmann::json list = nlohmann::json::array();
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diags) {
    const DiagKindInfo& info = diag_info(d.kind);
    nlohmann::json notes = nlohmann::json::array();
    for (const DiagNote& n : d.notes)
      notes.push_back({{"message", n.message}, {"location", json_range(n.range, sm)}});
    list.push_back({{"code", info.code},
                    {"name", info.name},
                    {"severity", severity_word(d.severity)},
                    {"message", d.message},
                    {"location", json_range(d.range, sm)},
                    {"notes", notes},
                    {"help", d.help.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.help)}});
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  nlohmann::json doc = {
      {"version", 1}, {"diagnostics", list}, {"errors", errors}, {"warnings", warnings}};
  // Replace, never throw: a file name or message may hold bytes that are not UTF-8.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

/// FNV-1a, for SARIF fingerprints that survive unrelated edits above the diagnostic.
std::string fingerprint(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

/// A file name as a SARIF URI reference: every byte but unreserved characters and '/' is
/// percent-encoded ("my spec.baton" -> "my%20spec.baton", "<stdin>" -> "%3Cstdin%3E").
std::string sarif_uri(const std::string& path) {
  return percent_encode_path(path);
}

nlohmann::json sarif_location(const SourceRange& r, const SourceManager& sm) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", sarif_uri(sm.file(r.file).display_name)}}},
            {"region",
             {{"startLine", r.line},
              {"startColumn", r.col},
              {"endLine", r.end_line},
              {"endColumn", r.end_col}}}}}};
}

/// The anchor GitHub gives the heading `### E0202 unknown-name` of docs/diagnostics.md.
std::string docs_anchor(const DiagKindInfo& k) {
  std::string anchor = std::string(k.code) + "-" + std::string(k.name);
  for (char& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return anchor;
}

const char* sarif_level(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

/// SARIF 2.1.0 as GitHub code scanning takes it: one run, the whole registry as rules, one
/// result per diagnostic that has a place in a file. A diagnostic with no place (a file that
/// cannot be read) is a problem of the run, not a finding: it goes to the invocation's
/// toolExecutionNotifications, since code scanning rejects results without a location.
std::string render_sarif(const std::vector<Diagnostic>& diags, const SourceManager& sm) {
  nlohmann::json rules = nlohmann::json::array();
  for (const DiagKindInfo& k : all_diag_kinds()) {
    rules.push_back({{"id", k.code},
                     {"name", k.name},
                     {"shortDescription", {{"text", k.description}}},
                     {"helpUri", std::string(kDocsUrl) + "#" + docs_anchor(k)},
                     {"defaultConfiguration", {{"level", sarif_level(k.severity)}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json notifications = nlohmann::json::array();
  bool run_failed = false;
  std::map<std::string, int> occurrences;  // fingerprint -> times seen, to keep them unique
  for (const Diagnostic& d : diags) {
    const DiagKindInfo& info = diag_info(d.kind);
    std::string message = d.message + (d.help.empty() ? "" : "\nhelp: " + d.help);
    if (!d.range.valid()) {
      notifications.push_back({{"level", sarif_level(d.severity)},
                               {"message", {{"text", message}}},
                               {"descriptor", {{"id", info.code}}}});
      run_failed = run_failed || d.severity == Severity::Error;
      continue;
    }
    nlohmann::json result = {{"ruleId", info.code},
                             {"ruleIndex", static_cast<size_t>(d.kind)},
                             {"level", sarif_level(d.severity)},
                             {"message", {{"text", message}}},
                             {"locations", nlohmann::json::array({sarif_location(d.range, sm)})}};
    // The code, the message and the text of the line, not its number: the fingerprint
    // survives edits elsewhere in the file. A repeat on an identical line gets ":2", ":3".
    std::string line(sm.line_text(d.range.file, d.range.line));
    std::string hash = fingerprint(std::string(info.code) + "\n" + d.message + "\n" + line);
    result["partialFingerprints"] = {
        {"batonDiagnostic/v1", hash + ":" + std::to_string(++occurrences[hash])}};
    nlohmann::json related = nlohmann::json::array();
    int id = 0;
    for (const DiagNote& n : d.notes) {
      if (!n.range.valid()) continue;
      nlohmann::json loc = sarif_location(n.range, sm);
      loc["id"] = id++;
      loc["message"] = {{"text", n.message}};
      related.push_back(loc);
    }
    if (!related.empty()) result["relatedLocations"] = related;
    results.push_back(result);
  }
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "baton"},
          {"version", kVersion},
          {"informationUri", kDocsUrl},
          {"rules", rules}}}}},
      // Our columns count code points; SARIF's default is UTF-16 code units.
      {"columnKind", "unicodeCodePoints"},
      {"invocations", nlohmann::json::array({{{"executionSuccessful", !run_failed},
                                              {"toolExecutionNotifications", notifications}}})},
      {"results", results}};
  nlohmann::json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", nlohmann::json::array({run})}};
  // Replace, never throw: a file name or message may hold bytes that are not UTF-8.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string printable_text(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = sequence_length(text, i);
    std::string_view cp = text.substr(i, len == 0 ? 1 : len);
    i += cp.size();
    if (len > 0 && !is_control(cp)) {
      out += cp;
    } else if (cp == "\n") {
      out += "\\n";
    } else if (cp == "\r") {
      out += "\\r";
    } else if (cp == "\t") {
      out += "\\t";
    } else {
      for (unsigned char c : cp) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  }
  return out;
}

std::string render_diagnostics(const std::vector<Diagnostic>& diags, const SourceManager& sources,
                               const RenderOptions& options) {
  switch (options.format) {
    case DiagFormat::Json: return render_json(diags, sources);
    case DiagFormat::Sarif: return render_sarif(diags, sources);
    case DiagFormat::Gcc: {
      std::string out;
      for (const Diagnostic& d : diags) out += render_gcc(d, sources);
      return out;
    }
    case DiagFormat::Human: break;
  }
  Style style{options.color};
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diags) {
    out += render_human(d, sources, style);
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  if (errors + warnings > 0) {
    auto count = [](size_t n, const char* word) {
      return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    out += errors && warnings ? count(errors, "error") + " and " + count(warnings, "warning")
           : errors           ? count(errors, "error")
                              : count(warnings, "warning");
    out += " generated.\n";
  }
  return out;
}

}  // namespace baton
