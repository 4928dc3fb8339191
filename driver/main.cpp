// The baton executable.
#include <malloc.h>

#include "driver/driver.h"

int main(int argc, char** argv) {
  // The parse tree of a large spec is millions of small blocks freed at once; with glibc's
  // fastbins the next large allocation then stalls consolidating them (250 ms of a 2.3 s
  // plan for a 1.6 MB spec). Without fastbins the frees coalesce as they happen.
  mallopt(M_MXFAST, 0);
  return baton::run_driver(argc, argv);
}
