// Loading a spec: reading files, checking their encoding, and following imports.
#pragma once

#include <map>
#include <string>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

enum class LoadStatus {
  Ok,       ///< every file read (the spec may still have errors in `diags`)
  IoError,  ///< the root file could not be read: a usage or I/O error (exit status 2)
};

/// Reads `path` ("-" for standard input) and every file it imports, each parsed once, into
/// `module`. Imports are resolved relative to the importing file; a missing import, an import
/// cycle, a non-UTF-8 or binary file are reported in `diags` at their location. Only specs are
/// read: an import must be a regular file named `*.baton`, and a `*.baton` name (the root's
/// too) must not be a link to a file named otherwise (docs/diagnostics.md, "What diagnostics
/// quote"); no file is read past its first NUL byte or past kMaxSpecBytes.
LoadStatus load_spec(const std::string& path, SourceManager& sources, ir::Module& module,
                     DiagnosticEngine& diags);

/// Reports in `diags` why file `id` cannot be a spec's text, as load_spec() does: a NUL byte
/// (E0005) or bytes that are not UTF-8 (E0004). Returns false when it reported one.
bool check_spec_encoding(const SourceManager& sources, FileId id, DiagnosticEngine& diags);

/// As load_spec(), with `text` as the root file's content instead of what `path` holds (its
/// imports are still read from disk, relative to `path`): `baton fmt --verify` loads a file's
/// formatted text as if it were on disk.
LoadStatus load_spec_text(const std::string& path, const std::string& text, SourceManager& sources,
                          ir::Module& module, DiagnosticEngine& diags);
/// Texts that stand in for files on disk, by canonical path: an editor's unsaved documents.
using SourceOverlay = std::map<std::string, std::string>;

/// As above, but a file (the root or an import) whose canonical path is in `overlay` is read
/// from there instead of from disk (the language server's open documents).
LoadStatus load_spec(const std::string& path, SourceManager& sources, ir::Module& module,
                     DiagnosticEngine& diags, const SourceOverlay& overlay);

}  // namespace baton
