// The baton executable.
#include "compiler/driver.h"

int main(int argc, char** argv) { return baton::run_driver(argc, argv); }
