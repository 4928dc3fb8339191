// Layout probe (tests/layout/CMakeLists.txt): the base knows nothing of the IR.
#include "compiler/ir/ir.h"
