#!/bin/sh
# `systemd-analyze verify` on the kiosk's units, headless and without systemd as PID 1: the unit
# is copied to a temp folder with /usr/lib/jbnm-kiosk/ pointing at the source scripts, so the
# ExecStart check finds a real executable. Any output (unknown key, bad value) is a failure.
# Usage: verify_units.sh DEPLOY_SOURCE_DIR
set -eu
deploy=$(cd "${1:?usage: verify_units.sh DEPLOY_SOURCE_DIR}" && pwd)  # ExecStart needs an absolute path
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

verify() {  # verify UNIT_FILE → prints systemd-analyze's complaints, returns its status
    systemd-analyze verify --man=no "$1" 2>&1
}

status=0
for unit in "$deploy"/systemd/*.service; do
    name=$(basename "$unit")
    sed "s#/usr/lib/jbnm-kiosk/#$deploy/session/#g" "$unit" >"$tmp/$name"
    if ! out=$(verify "$tmp/$name") || [ -n "$out" ]; then
        echo "FAIL $name:"
        echo "$out"
        status=1
    else
        echo "ok   $name"
    fi

    # Control: the same check must notice a typo, or this test proves nothing here.
    sed 's/^WatchdogSec=/WatchdogSecs=/; s/^Restart=/Restarts=/' "$tmp/$name" >"$tmp/typo-$name"
    if out=$(verify "$tmp/typo-$name") && [ -z "$out" ]; then
        echo "FAIL systemd-analyze verify did not notice a misspelt key in $name"
        status=1
    fi
done
exit $status
