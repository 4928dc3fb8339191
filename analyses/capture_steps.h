// Where each instance's captured outputs are taken once cycles are split: after the later of
// its last deploy action and the second run of each of its split actions.
#pragma once

#include <cstdint>
#include <vector>

#include "analyses/cycles.h"

namespace baton {

/// By instance: the node after which its captured outputs are taken (kNone when it has no deploy
/// action). Usually the last deploy action (its #1 when that is split); when a split action
/// that is not the last runs its #1 after it, that #1. When neither comes after the other, the
/// last deploy action waits for the #1 (a sequence edge is added), so that the captures see
/// every run. The readers of a capture (data edges) are moved to wait for that node.
std::vector<uint32_t> place_captures(const ir::Module& module, const Instances& instances,
                                     ActionGraph& g, const CycleResult& cycles);

}  // namespace baton
