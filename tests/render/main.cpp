// Catch2 entry point of test_render.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
