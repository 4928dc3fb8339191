// Layout probe (tests/layout/CMakeLists.txt): the formatter sees the front end, not the analyses.
#include "analyses/pipeline.h"
