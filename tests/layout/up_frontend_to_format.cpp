// Layout probe (tests/layout/CMakeLists.txt): the front end does not see the formatter.
#include "format/formatter.h"
