// Catch2 main of the update tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
