// Catch2 entry point of test_core_motion.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
