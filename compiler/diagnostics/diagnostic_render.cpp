// Renders diagnostics as human (clang-like snippets), gcc (one line each), json and SARIF 2.1.0.
#include "compiler/diagnostics/diagnostic_render.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

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
  return sm.file(r.file).display_name + ":" + std::to_string(r.line) + ":" + std::to_string(r.col);
}

/// Splits UTF-8 text into code points (as byte strings). A control character other than a
/// tab, or a byte that is not valid UTF-8 (the line of an E0004 or E0005 diagnostic), becomes
/// U+FFFD: the snippet must not write raw control bytes to a terminal, and must stay valid
/// UTF-8 itself; it still takes one column, so the caret stays under it.
std::vector<std::string_view> code_points(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    bool ok = len > 0 && i + len <= s.size() && (len != 2 || c >= 0xC2);
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      // One replacement per bad byte, as the loader's offset counts them.
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    bool control = len == 1 && ((c < 0x20 && c != '\t') || c == 0x7F);
    out.push_back(control ? kReplacement : s.substr(i, len));
    i += len;
  }
  return out;
}

/// The source line and a caret line under the range; long lines are cut to a window.
std::string snippet(const SourceRange& r, const SourceManager& sm, const Style& style) {
  if (!r.valid()) return "";
  std::vector<std::string_view> cps = code_points(sm.line_text(r.file, r.line));
  size_t begin = r.col - 1;
  size_t end = r.end_line == r.line ? std::max<size_t>(r.end_col - 1, begin + 1) : cps.size();
  end = std::max(end, begin + 1);
  constexpr size_t kWidth = 120, kContext = 40;
  size_t from = 0, to = cps.size();
  if (cps.size() > kWidth) {
    from = begin > kContext ? begin - kContext : 0;
    to = std::min(cps.size(), from + kWidth);
  }
  std::string text = from > 0 ? "..." : "", marks = from > 0 ? "   " : "";
  for (size_t i = from; i < to; ++i) {
    text += cps[i];
    if (i < begin) {
      marks += cps[i] == "\t" ? "\t" : " ";
    } else if (i < end) {
      marks += i == begin ? "^" : "~";
    }
  }
  if (to < cps.size()) text += "...";
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
                    style("1", d.message) + " [" + std::string(diag_info(d.kind).code) + "]\n";
  out += snippet(d.range, sm, style);
  for (const DiagNote& n : d.notes) {
    out += style("1", location(n.range, sm) + ":") + " " + style("1;36", "note") + ": " +
           n.message + "\n";
    out += snippet(n.range, sm, style);
  }
  if (!d.help.empty()) out += style("1;32", "help") + ": " + d.help + "\n";
  return out;
}

std::string render_gcc(const Diagnostic& d, const SourceManager& sm) {
  std::string out = location(d.range, sm) + ": " + severity_word(d.severity) + ": " + d.message +
                    " [" + std::string(diag_info(d.kind).code) + "]\n";
  for (const DiagNote& n : d.notes) out += location(n.range, sm) + ": note: " + n.message + "\n";
  if (!d.help.empty()) out += location(d.range, sm) + ": note: " + d.help + "\n";
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
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
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
