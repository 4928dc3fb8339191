// A deterministic, readable text form of an ir::Module, for `baton dump-ir` and for tests that
// compare two modules.
#pragma once

#include <string>

#include "compiler/base/source.h"
#include "compiler/ir/ir.h"

namespace baton::ir {

/// What dump_ir() leaves out.
struct DumpOptions {
  /// Show the value written for a secret param (an error, E0311, but the IR keeps it). Off
  /// by default, as in every output of baton; the tests that compare two modules turn it on.
  bool show_secret_values = false;
};

/// `module` as text, one line per entity: the module's flags, then every expression by id
/// (`%3 binary t.baton:2:11-2:16 %1 + %2`), then the params, hosts (attributes indented),
/// services (inputs, outputs, actions; an action's `after` targets and commands indented
/// further), events and orders, each with its fields and source ranges. A range is
/// `file:line:col-line:col`; the ranges after the first on a line leave the file out when it
/// is the same. A field that an expression's kind does not use is shown only when it is set
/// (`lhs=%4`), so that two modules are equal exactly when their dumps are (given
/// `show_secret_values`, and distinct file names).
std::string dump_ir(const Module& module, const SourceManager& sources,
                    const DumpOptions& options = {});

}  // namespace baton::ir
