// Layout probe (tests/layout/CMakeLists.txt): a pass must not reach a backend.
#include "backends/backend.h"
