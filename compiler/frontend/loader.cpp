// The loader: reads the root file and its imports (each once), validates encodings, and hands
// each file to the IR builder.
#include "compiler/frontend/loader.h"

#include <cstring>
#include <filesystem>
#include <map>
#include <string_view>

#include "compiler/frontend/ir_builder.h"
#include "compiler/frontend/spec_file_reader.h"

namespace baton {
namespace fs = std::filesystem;

namespace {

/// The extension of a spec. Only files whose names end in it are imported, and a name that
/// ends in it must lead to a file whose name does too: so a spec under review cannot make the
/// checker read another file (`/etc/shadow`, `/proc/self/environ`, a token), whose text its
/// diagnostics would quote, even through a symbolic link.
constexpr std::string_view kSpecExtension = ".baton";

bool has_spec_name(std::string_view path) {
  return path.size() >= kSpecExtension.size() &&
         path.substr(path.size() - kSpecExtension.size()) == kSpecExtension;
}

/// Why `canonical`, what `named` leads to, may not be read: "" when it may.
std::string spec_name_problem(const std::string& named, const std::string& canonical) {
  if (!has_spec_name(named) || canonical.empty() || has_spec_name(canonical)) return "";
  return "it leads to '" + canonical + "', which is not a " + std::string(kSpecExtension) + " file";
}

const char kSpecNameHelp[] = "baton reads only specs: files whose names end in .baton";

/// Line and column (1-based, code points) of byte `offset` in `text`.
SourceRange range_at(FileId file, const std::string& text, size_t offset) {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  }
  return SourceRange{file, line, col, line, col + 1};
}

/// Byte offset of the first byte that is not part of valid UTF-8, or npos.
size_t invalid_utf8_at(const std::string& s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // Runs of ASCII eight bytes at a time: most specs are nothing else.
    for (uint64_t word; i + 8 <= n; i += 8) {
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
    }
    if (i >= n) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t min;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      min = 0x10000;
    } else
      return i;
    if (i + len > n) return i;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string::npos;
}

/// "0xFF".
std::string hex_byte(char c) {
  static const char kDigits[] = "0123456789ABCDEF";
  unsigned char b = static_cast<unsigned char>(c);
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

/// Loads a spec and its imports depth first, with an explicit stack rather than recursion so
/// that a chain of thousands of imports cannot exhaust the call stack.
class Loader {
 public:
  Loader(SourceManager& sources, ir::Module& module, DiagnosticEngine& diags,
         const SourceOverlay* overlay = nullptr)
      : sources_(sources), module_(module), diags_(diags), overlay_(overlay) {}

  /// `given`: the root's text, instead of what the file holds (nullptr: read it).
  LoadStatus load_root(const std::string& path, const std::string* given = nullptr) {
    std::string canonical;
    if (path != "-") {
      std::error_code ec;
      canonical = fs::weakly_canonical(path, ec).string();
    }
    std::string text, err = spec_name_problem(path, canonical);
    if (!err.empty()) {
      diags_.report(DiagKind::FileUnreadable, {}, "cannot read '" + path + "': " + err).help =
          kSpecNameHelp;
      return LoadStatus::IoError;
    }
    if (given != nullptr) {
      text = *given;
    } else if (!read_overlay(canonical, text) &&
               !read_spec_file(path, SpecOrigin::CommandLine, text, err)) {
      diags_.report(DiagKind::FileUnreadable, {}, "cannot read '" + path + "': " + err);
      return LoadStatus::IoError;
    }
    load_text(path == "-" ? "<stdin>" : path, canonical, std::move(text), SourceRange{});
    while (!stack_.empty()) {
      Frame& top = stack_.back();
      if (top.next == top.imports.size()) {
        finish(top.id);
        stack_.pop_back();
        continue;
      }
      ImportRequest imp = top.imports[top.next++];
      follow(imp, top.base, top.display_base);
    }
    return LoadStatus::Ok;
  }

 private:
  /// A file whose imports are being followed.
  struct Frame {
    FileId id;
    SourceRange via;  ///< the import that loaded it (invalid for the root)
    std::vector<ImportRequest> imports;
    size_t next = 0;        ///< the next import to follow
    fs::path base;          ///< imports are resolved against this directory
    fs::path display_base;  ///< and named in messages relative to this one
  };

  /// The overlay's text for `canonical`, if it has one.
  bool read_overlay(const std::string& canonical, std::string& text) const {
    if (overlay_ == nullptr || canonical.empty()) return false;
    auto it = overlay_->find(canonical);
    if (it == overlay_->end()) return false;
    // As from disk: the text ends just after its first NUL.
    size_t nul = it->second.find('\0');
    text = nul == std::string::npos ? it->second : it->second.substr(0, nul + 1);
    return true;
  }

  /// Records that `id` and everything it imports are loaded. Imported files rank before the
  /// file that imports them: their declarations come first ("first declared here").
  void finish(FileId id) {
    if (module_.file_rank.size() <= id) module_.file_rank.resize(id + 1, 0);
    module_.file_rank[id] = next_rank_++;
  }

  void load_text(const std::string& display, const std::string& canonical, std::string text,
                 SourceRange via) {
    // A UTF-8 byte order mark is not part of the spec; dropping it keeps columns right.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    FileId id = sources_.add(display, canonical, std::move(text));
    if (!canonical.empty()) loaded_[canonical] = id;
    if (!check_spec_encoding(sources_, id, diags_)) {
      module_.incomplete = true;
      finish(id);
      return;
    }
    Frame frame;
    frame.id = id;
    frame.via = via;
    build_ir(sources_, id, module_, diags_, frame.imports);
    frame.base = canonical.empty() ? fs::current_path() : fs::path(canonical).parent_path();
    // Imported files are named relative to how the user named the root, for short messages.
    frame.display_base = canonical.empty() ? fs::path() : fs::path(display).parent_path();
    stack_.push_back(std::move(frame));
  }

  void follow(const ImportRequest& imp, const fs::path& base, const fs::path& display_base) {
    if (imp.path.empty()) {
      module_.incomplete = module_.missing_imports = true;
      diags_.report(DiagKind::ImportNotFound, imp.range, "import of an empty path").help =
          "name a file: import \"common.baton\"";
      return;
    }
    if (!has_spec_name(imp.path)) {
      refuse_import(imp, "not a " + std::string(kSpecExtension) + " file").help = kSpecNameHelp;
      return;
    }
    std::error_code ec;
    fs::path target = fs::path(imp.path).is_absolute() ? fs::path(imp.path) : base / imp.path;
    std::string canonical = fs::weakly_canonical(target, ec).string();
    if (ec) canonical = target.lexically_normal().string();
    if (std::string why = spec_name_problem(imp.path, canonical); !why.empty()) {
      refuse_import(imp, why).help = kSpecNameHelp;
      return;
    }
    auto seen = loaded_.find(canonical);
    if (seen != loaded_.end()) {
      for (size_t i = 0; i < stack_.size(); ++i) {
        if (stack_[i].id != seen->second) continue;
        report_cycle(imp, i);
        return;
      }
      return;  // already loaded through another path: each file is parsed once
    }
    std::string text, err;
    if (!read_overlay(canonical, text) &&
        !read_spec_file(target.string(), SpecOrigin::Import, text, err)) {
      Diagnostic& d = refuse_import(imp, err);
      // Where a file was looked for matters when there is none; not when it is a FIFO.
      if (!fs::exists(target, ec))
        d.help = "imports are resolved relative to the importing file's directory";
      return;
    }
    fs::path shown =
        fs::path(imp.path).is_absolute() ? fs::path(imp.path) : display_base / imp.path;
    load_text(shown.lexically_normal().string(), canonical, std::move(text), imp.range);
  }

  /// Reports that `imp` cannot be read, and why; the spec is incomplete without it.
  Diagnostic& refuse_import(const ImportRequest& imp, const std::string& why) {
    module_.incomplete = module_.missing_imports = true;
    return diags_.report(DiagKind::ImportNotFound, imp.range,
                         "cannot import '" + imp.path + "': " + why);
  }

  /// `imp`, in the file on top of the stack, imports stack_[first] again: the files from
  /// there to the top form a cycle. A note shows each import along it.
  void report_cycle(const ImportRequest& imp, size_t first) {
    auto name = [this](size_t k) { return sources_.file(stack_[k].id).display_name; };
    std::string path;
    for (size_t k = first; k < stack_.size(); ++k) path += name(k) + " -> ";
    path += name(first);
    Diagnostic& d = diags_.report(DiagKind::ImportCycle, imp.range, "import cycle: " + path);
    for (size_t k = first + 1; k < stack_.size(); ++k)
      d.notes.push_back({stack_[k].via, "'" + name(k - 1) + "' imports '" + name(k) + "' here"});
    d.help = "move what both files need into a third file that both import";
  }

  SourceManager& sources_;
  ir::Module& module_;
  DiagnosticEngine& diags_;
  const SourceOverlay* overlay_;
  std::map<std::string, FileId> loaded_;
  std::vector<Frame> stack_;  ///< files whose imports are being followed, root first
  uint32_t next_rank_ = 0;
};

}  // namespace

bool check_spec_encoding(const SourceManager& sources, FileId id, DiagnosticEngine& diags) {
  const std::string& t = sources.file(id).text;
  const std::string& display = sources.file(id).display_name;
  if (size_t nul = t.find('\0'); nul != std::string::npos) {
    diags.report(DiagKind::BinaryFile, range_at(id, t, nul),
                 "'" + display + "' contains a NUL byte: it is a binary file, not a spec");
    return false;
  }
  if (size_t bad = invalid_utf8_at(t); bad != std::string::npos) {
    diags
        .report(DiagKind::InvalidUtf8, range_at(id, t, bad),
                "'" + display + "' is not valid UTF-8: byte " + hex_byte(t[bad]) + " at offset " +
                    std::to_string(bad))
        .help = "save the file as UTF-8";
    return false;
  }
  return true;
}

LoadStatus load_spec(const std::string& path, SourceManager& sources, ir::Module& module,
                     DiagnosticEngine& diags) {
  return Loader(sources, module, diags).load_root(path);
}

LoadStatus load_spec_text(const std::string& path, const std::string& text, SourceManager& sources,
                          ir::Module& module, DiagnosticEngine& diags) {
  return Loader(sources, module, diags).load_root(path, &text);
}

LoadStatus load_spec(const std::string& path, SourceManager& sources, ir::Module& module,
                     DiagnosticEngine& diags, const SourceOverlay& overlay) {
  return Loader(sources, module, diags, &overlay).load_root(path);
}

}  // namespace baton
