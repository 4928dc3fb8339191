// Layout probe (tests/layout/CMakeLists.txt): the language server does not see the driver
// that links it (the driver hands it a SpecChecker instead).
#include "driver/run_settings.h"
