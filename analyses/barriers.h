// Barriers (see ActionNode): how the analyses see through them. A barrier outside every cycle
// stands exactly for its N*M edges: reachability, levels and each step's waits are the same
// through it. Inside a cycle it would not be: splitting moves edges by component, edge by edge,
// and a cycle's report names actions. So the cycle pass first dissolves each barrier that lies on
// a cycle back into its edges, in the order they would have been made without it; a cycle is
// then split and reported exactly as without barriers, and barriers never reach a diagnostic.
#pragma once

#include "analyses/action_graph.h"

namespace baton {

/// Replaces each barrier that lies on a cycle by the edges it stands for (each source to each
/// target, with the kind and range of its edges), at the place in the edge list where they would
/// have been made. A dissolved barrier stays a node without edges. Linear when no barrier lies on
/// a cycle; the edges a dissolved one restores otherwise.
void dissolve_cyclic_barriers(ActionGraph& g);

}  // namespace baton
