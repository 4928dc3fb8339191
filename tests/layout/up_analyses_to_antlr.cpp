// Layout probe (tests/layout/CMakeLists.txt): only the front end sees the generated parser.
#include "BatonParser.h"
