// Layout probe (tests/layout/CMakeLists.txt): a backend reads the plan.
#include "analyses/plan/plan.h"
