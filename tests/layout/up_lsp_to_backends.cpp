// Layout probe (tests/layout/CMakeLists.txt): the language server answers from the analyses,
// never from a backend's output.
#include "backends/backend.h"
