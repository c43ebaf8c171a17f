// Catch2 entry point for the deploy tests (systemd notifier, local log).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
