// Layout probe (tests/layout/CMakeLists.txt): nothing below the driver includes it.
#include "driver/driver.h"
