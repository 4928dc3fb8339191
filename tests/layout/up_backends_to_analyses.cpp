// Layout probe (tests/layout/CMakeLists.txt): a backend must not reach into the passes.
#include "analyses/evaluate.h"
