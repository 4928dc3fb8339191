// The Catch2 main for baton's unit tests (one binary; one file per module under test).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
