// Catch2 entry point of test_stats.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
