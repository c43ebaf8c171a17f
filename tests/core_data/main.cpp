// Catch2 entry point of the core data tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
