// `baton lsp`: the checker the language server calls, which is `check` over the open documents.
#include "driver/language_server.h"

#include <unistd.h>

#include "analyses/pipeline.h"
#include "compiler/frontend/loader.h"
#include "driver/reported_diagnostics.h"
#include "lsp/server.h"

namespace baton {
namespace {

/// `check` with the editor's documents read instead of the disk.
class CommandLineChecker : public lsp::SpecChecker {
 public:
  explicit CommandLineChecker(const LspCommandOptions& options) : options_(options) {}

  std::vector<std::unique_ptr<lsp::CheckedSpec>> check(const std::string& path,
                                                       const SourceOverlay& overlay) override {
    std::vector<std::unique_ptr<lsp::CheckedSpec>> out;
    for (const std::string& spec : check_units({path}, options_.project)) {
      auto checked = std::make_unique<lsp::CheckedSpec>();
      checked->root = spec;
      DiagnosticEngine diags;
      LoadStatus status = load_spec(spec, checked->sources, checked->module, diags, overlay);
      const auto end = static_cast<FileId>(checked->sources.size());
      RunSettings settings;
      if (status == LoadStatus::Ok &&
          resolve_run_settings(spec, options_.project, checked->sources, diags, settings)) {
        PlanOptions& plan = checked->plan_options;
        plan.params = settings.params;
        plan.max_instances = options_.max_instances;
        plan.keep_commands = false;
        analyze_module(checked->module, plan, diags);
      }
      diags.sort_by_location();
      checked->diagnostics = reported_diagnostics(diags, checked->sources, 0, end,
                                                  {&settings.levels, options_.remarks});
      out.push_back(std::move(checked));
    }
    return out;
  }

 private:
  const LspCommandOptions& options_;
};

}  // namespace

int cmd_lsp(const LspCommandOptions& options) {
  CommandLineChecker checker(options);
  lsp::LanguageServer server(checker);
  return server.serve(STDIN_FILENO, STDOUT_FILENO);
}

}  // namespace baton
