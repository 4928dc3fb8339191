// Layout probe (tests/layout/CMakeLists.txt): a pass must not reach the front end.
#include "compiler/frontend/loader.h"
