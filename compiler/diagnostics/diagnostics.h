// Diagnostics: the registry of kinds, the diagnostic value, and the engine that collects them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace baton {

enum class Severity { Error, Warning, Remark };

/// Every diagnostic kind, declared once in diagnostic_kinds.def.
enum class DiagKind {
#define BATON_DIAG(Enum, Code, Name, Sev, Doc) Enum,
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef BATON_DIAG
};

/// Static facts about a kind: stable code, name, default severity, one-line description.
struct DiagKindInfo {
  DiagKind kind;
  std::string_view code;
  std::string_view name;
  Severity severity;
  std::string_view description;
};

const DiagKindInfo& diag_info(DiagKind kind);
/// Every registered kind, in registry order.
const std::vector<DiagKindInfo>& all_diag_kinds();
/// The kind a code (`W0201`, in any case) or a name (`shadowed-name`) stands for; nullptr when
/// none does.
const DiagKindInfo* find_diag_kind(std::string_view code_or_name);
/// Every code and every name, for "did you mean" suggestions; those of warnings and remarks
/// only when `without_errors` (where only those fit: rule levels, suppressions).
std::vector<std::string> diag_kind_words(bool without_errors = false);

/// A secondary location that explains the primary one ("first declared here").
struct DiagNote {
  SourceRange range;  ///< may be invalid: a note without a place
  std::string message;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  SourceRange range;  ///< may be invalid for diagnostics about the command line
  std::string message;
  std::vector<DiagNote> notes;
  std::string help;  ///< "" when there is none
};

/// Orders diagnostics by file, line, column, then their order in `list` (a stable sort);
/// those without a place (command line, I/O) come first.
void sort_by_location(std::vector<Diagnostic>& list);

/// Collects diagnostics for one compilation; the driver renders them at the end.
class DiagnosticEngine {
 public:
  /// Adds a diagnostic with the kind's default severity and returns it for notes and help.
  Diagnostic& report(DiagKind kind, SourceRange range, std::string message);

  /// Adds every diagnostic of `other`, in its order.
  void append(const DiagnosticEngine& other);

  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  /// Orders diagnostics by file, line, column, then emission order (a stable sort).
  void sort_by_location();

 private:
  std::vector<Diagnostic> diags_;
};

}  // namespace baton
