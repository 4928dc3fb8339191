// Layout probe (tests/layout/CMakeLists.txt): the IR knows nothing of diagnostics.
#include "compiler/diagnostics/diagnostics.h"
