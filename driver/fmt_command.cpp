// `baton fmt` (fmt_command.h): each file read, formatted, then written, listed or diffed.
#include "driver/fmt_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <iostream>

#include "compiler/frontend/spec_file_reader.h"
#include "driver/driver.h"
#include "driver/format_verify.h"
#include "driver/output_writer.h"
#include "driver/unified_diff.h"
#include "format/formatter.h"

namespace baton {
namespace {

void print_error(const std::string& message) {
  std::cerr << "baton: error: " << printable_text(message) << "\n";
}

/// Formats one file as `request` asks; returns its exit status.
int fmt_one(const std::string& path, const FmtRequest& request, const RenderOptions& render) {
  const bool stdin_file = path == "-";
  const std::string shown = stdin_file ? "<stdin>" : path;
  struct stat before {};
  if (!stdin_file && !request.check && !request.diff) {
    // Rewritten in place: only a regular file (a FIFO would be read, then waited on).
    if (::stat(path.c_str(), &before) == 0 && !S_ISREG(before.st_mode)) {
      print_error("cannot format '" + path + "' in place: it is not a regular file");
      return kExitUsage;
    }
  }
  std::string raw, err;
  if (!read_spec_file(path, SpecOrigin::CommandLine, raw, err)) {
    print_error("cannot read '" + path + "': " + err);
    return kExitUsage;
  }
  SourceManager sources;
  DiagnosticEngine diags;
  std::string formatted;
  if (!format::format_spec(raw, shown, sources, diags, formatted)) {
    diags.sort_by_location();
    std::string text = render_diagnostics(diags.diagnostics(), sources, render);
    const bool to_stdout = render.format == DiagFormat::Json || render.format == DiagFormat::Sarif;
    (to_stdout ? std::cout : std::cerr) << text;
    return kExitErrors;
  }
  if (request.verify) {
    std::string problem = verify_formatting(stdin_file ? "-" : path, raw, formatted);
    if (!problem.empty()) {
      print_error(shown + ": --verify: " + problem + "; the file is left as it is");
      return kExitErrors;
    }
  }
  const bool changed = formatted != raw;
  if (request.check || request.diff) {
    if (!changed) return kExitClean;
    std::cout << (request.diff ? unified_diff(raw, formatted, shown) : shown + "\n");
    return kExitErrors;
  }
  if (stdin_file) {
    std::cout << formatted << std::flush;
    return std::cout ? kExitClean : kExitUsage;
  }
  if (!changed) return kExitClean;
  if (!write_output_file(path, formatted, false, &err)) {
    print_error(err);
    return kExitUsage;
  }
  // The file keeps its permissions (write_output_file gives a replaced file the default ones).
  if (before.st_mode != 0) ::chmod(path.c_str(), before.st_mode & 07777);
  return kExitClean;
}

}  // namespace

int run_fmt(const FmtRequest& request, const RenderOptions& render) {
  if (request.check && request.diff) {
    print_error("--check and --diff do not go together: choose one");
    return kExitUsage;
  }
  if (std::count(request.files.begin(), request.files.end(), "-") > 1) {
    print_error("standard input ('-') can be formatted once per run");
    return kExitUsage;
  }
  int status = kExitClean;
  for (const std::string& file : request.files)
    status = std::max(status, fmt_one(file, request, render));
  std::cout << std::flush;
  return status;
}

}  // namespace baton
