// Layout probe (tests/layout/CMakeLists.txt): the passes read the IR.
#include "compiler/ir/ir.h"
