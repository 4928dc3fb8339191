// Layout probe (tests/layout/CMakeLists.txt): the driver starts the language server.
#include "lsp/server.h"
