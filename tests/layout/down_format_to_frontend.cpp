// Layout probe (tests/layout/CMakeLists.txt): the formatter reads the front end's verdict.
#include "compiler/frontend/ir_builder.h"
