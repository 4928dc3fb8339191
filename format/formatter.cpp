// format_spec(): the front end's verdict on the file, then its layout (spec_layout.h).
#include "format/formatter.h"

#include "compiler/frontend/ir_builder.h"
#include "compiler/frontend/loader.h"
#include "compiler/ir/ir.h"
#include "format/format_tokens.h"
#include "format/spec_layout.h"

namespace baton::format {
namespace {

/// `s` with the spaces and tabs that end each of its lines removed.
std::string without_trailing_spaces(std::string_view s) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    size_t stop = nl == std::string_view::npos ? s.size() : nl;
    size_t last = stop;
    while (last > start && (s[last - 1] == ' ' || s[last - 1] == '\t')) --last;
    out.append(s.substr(start, last - start));
    if (nl == std::string_view::npos) return out;
    out += '\n';
    start = nl + 1;
  }
}

}  // namespace

std::string normalized_text(std::string_view raw) {
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out += raw[i];
  }
  return out;
}

bool format_spec(std::string_view raw, const std::string& display_name, SourceManager& sources,
                 DiagnosticEngine& diags, std::string& out, const LayoutWidth& width) {
  std::string text(raw);
  // As the loader reads a file: the byte order mark is not part of the spec.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  FileId id = sources.add(display_name, "", text);
  if (!check_spec_encoding(sources, id, diags)) return false;
  const std::string& t = sources.file(id).text;
  ir::Module module;
  std::vector<ImportRequest> imports;
  DiagnosticEngine found;
  build_ir(sources, id, module, found, imports);
  if (found.has_errors()) {
    diags.append(found);
    return false;
  }
  out = layout_spec(normalized_text(t), width);
  return true;
}

std::vector<PlacedComment> placed_comments(std::string_view text) {
  std::vector<PlacedComment> out;
  size_t tokens = 0;
  for (const Token& t : lex_for_format(text)) {
    if (t.is_comment()) {
      out.push_back({without_trailing_spaces(token_text(text, t)), tokens});
    } else if (t.kind != TokenKind::Punct ||
               (token_text(text, t) != ";" && token_text(text, t) != ",")) {
      ++tokens;
    }
  }
  return out;
}

}  // namespace baton::format
