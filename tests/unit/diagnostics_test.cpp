// Unit tests for the diagnostic registry and the engine.
#include "compiler/diagnostics/diagnostics.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace baton {
namespace {

/// `E0202`: a severity letter and four digits.
bool is_code(std::string_view code) {
  if (code.size() != 5 || std::string_view("EWR").find(code[0]) == std::string_view::npos)
    return false;
  for (char c : code.substr(1))
    if (c < '0' || c > '9') return false;
  return true;
}

/// `unknown-name`: lowercase words of letters and digits joined by single dashes.
bool is_kebab(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && name[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

TEST_CASE("the shape checks of the registry test reject what they should", "[diagnostics]") {
  CHECK(is_code("E0202"));
  CHECK(!is_code("E202"));
  CHECK(!is_code("X0202"));
  CHECK(!is_code("E02a2"));
  CHECK(is_kebab("unknown-name"));
  CHECK(!is_kebab("Unknown-name"));
  CHECK(!is_kebab("unknown--name"));
  CHECK(!is_kebab("-name"));
  CHECK(!is_kebab("unknown_name"));
}

TEST_CASE("the registry has unique codes and names, in the documented shape", "[diagnostics]") {
  const std::vector<DiagKindInfo>& kinds = all_diag_kinds();
  REQUIRE(!kinds.empty());
  std::set<std::string_view> codes, names;
  for (size_t i = 0; i < kinds.size(); ++i) {
    const DiagKindInfo& k = kinds[i];
    INFO("code " << k.code);
    CHECK(static_cast<size_t>(k.kind) == i);  // the enum indexes the table
    CHECK(codes.insert(k.code).second);
    CHECK(names.insert(k.name).second);
    CHECK(is_code(k.code));
    CHECK(is_kebab(k.name));
    CHECK(!k.description.empty());
    // The letter says the default severity.
    char letter = k.code[0];
    CHECK((letter == 'E') == (k.severity == Severity::Error));
    CHECK((letter == 'W') == (k.severity == Severity::Warning));
    CHECK((letter == 'R') == (k.severity == Severity::Remark));
  }
}

TEST_CASE("every front-end kind is registered with its stable code", "[diagnostics]") {
  // Codes are stable once released: these must never change.
  const std::pair<DiagKind, const char*> expected[] = {
      {DiagKind::FileUnreadable, "E0001"},      {DiagKind::ImportNotFound, "E0002"},
      {DiagKind::ImportCycle, "E0003"},         {DiagKind::InvalidUtf8, "E0004"},
      {DiagKind::BinaryFile, "E0005"},          {DiagKind::EmptySpec, "E0006"},
      {DiagKind::SyntaxError, "E0101"},         {DiagKind::UnterminatedString, "E0102"},
      {DiagKind::UnterminatedComment, "E0103"}, {DiagKind::InvalidCharacter, "E0104"},
      {DiagKind::InvalidEscape, "E0105"},       {DiagKind::NestingTooDeep, "E0106"},
      {DiagKind::UnclosedBlock, "E0107"},       {DiagKind::IntegerTooLarge, "E0108"},
      {DiagKind::ExpressionTooLong, "E0109"},   {DiagKind::DuplicateDeclaration, "E0201"},
      {DiagKind::UnknownName, "E0202"},         {DiagKind::UnknownMember, "E0203"},
      {DiagKind::UnknownHost, "E0204"},         {DiagKind::UnknownType, "E0205"},
      {DiagKind::UnknownEvent, "E0206"},        {DiagKind::UnknownFunction, "E0207"},
      {DiagKind::WrongKind, "E0208"},           {DiagKind::ContextNameOutsideService, "E0209"},
      {DiagKind::WrongArgumentCount, "E0210"},  {DiagKind::ShadowedName, "W0201"},
  };
  for (const auto& [kind, code] : expected) CHECK(diag_info(kind).code == code);
  CHECK(diag_info(DiagKind::UnknownName).name == "unknown-name");
  CHECK(diag_info(DiagKind::ShadowedName).severity == Severity::Warning);
}

TEST_CASE("the engine counts by severity and sorts by place, stably", "[diagnostics]") {
  DiagnosticEngine diags;
  diags.report(DiagKind::UnknownName, SourceRange{1, 3, 1, 3, 2}, "c");
  diags.report(DiagKind::ShadowedName, SourceRange{0, 9, 4, 9, 5}, "b");
  diags.report(DiagKind::UnknownName, SourceRange{0, 2, 7, 2, 8}, "a2");
  diags.report(DiagKind::UnknownName, SourceRange{0, 2, 7, 2, 8}, "a3");
  diags.report(DiagKind::FileUnreadable, SourceRange{}, "io").help = "h";
  CHECK(diags.error_count() == 4);
  CHECK(diags.warning_count() == 1);
  CHECK(diags.has_errors());
  diags.sort_by_location();
  std::vector<std::string> order;
  for (const Diagnostic& d : diags.diagnostics()) order.push_back(d.message);
  // No place first, then by file, line, column; equal places keep their emission order.
  CHECK(order == std::vector<std::string>{"io", "a2", "a3", "b", "c"});
  CHECK(diags.diagnostics()[0].help == "h");
  CHECK(diags.diagnostics()[3].severity == Severity::Warning);

  DiagnosticEngine all;
  all.append(diags);
  all.append(diags);
  CHECK(all.diagnostics().size() == 10);
  CHECK(!DiagnosticEngine().has_errors());
}

}  // namespace
}  // namespace baton
