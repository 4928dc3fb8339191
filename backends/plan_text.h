// The text of `baton plan`: numbered steps by level, what each waits for and what triggers it.
#pragma once

#include <string>

#include "analyses/plan/plan.h"

namespace baton {

/// The plan as text for people; `spec` names the file in the heading.
std::string render_plan_text(const plan::Plan& plan, const std::string& spec);

}  // namespace baton
