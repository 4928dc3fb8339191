// Layout probe (tests/layout/CMakeLists.txt): the language server uses the analyses.
#include "analyses/resolve.h"
