// Layout probe (tests/layout/CMakeLists.txt): the driver runs the passes.
#include "analyses/pipeline.h"
