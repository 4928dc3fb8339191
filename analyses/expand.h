// Expansion: sizes replicated groups and creates one instance per host member and per service
// placed on it.
#pragma once

#include <cstdint>

#include "analyses/evaluate.h"

namespace baton {

/// Evaluates group sizes (ints known at compile time, at least `min`, at most
/// `max_instances`) and creates the instances. A size that depends on a param with no value
/// gives a group with one representative member (Instances::all_sizes_known is then false).
/// With `assume_extra` >= 0, such a group gets instead max(min, 1) + assume_extra members (its
/// minimum, or 1 without one), as if the size were known: `check` analyses cycles so.
Instances expand_instances(const ir::Module& module, const Resolution& names, Evaluator& eval,
                           uint64_t max_instances, DiagnosticEngine& diags,
                           int64_t assume_extra = -1);

}  // namespace baton
