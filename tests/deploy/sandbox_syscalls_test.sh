#!/bin/sh
# The system-call deny-list of jbnm-kiosk.service must not break X or the kiosk: an X server
# (Xvfb runs the same keymap compiler child as Xorg) and the real kiosk, both with the unit's
# denied calls answered by EPERM, start, show the home screen and take a screenshot.
# Control: with @setuid denied too (plain ~@privileged), the X server dies, so the check bites.
# Usage: sandbox_syscalls_test.sh DENY_EXEC_HELPER KIOSK_BIN BUILTIN_DB DEPLOY_SOURCE_DIR
set -u
helper=${1:?usage: sandbox_syscalls_test.sh HELPER KIOSK BUILTIN_DB DEPLOY_DIR}
kiosk=${2:?} builtin=${3:?} deploy=${4:?}
unit=$deploy/systemd/jbnm-kiosk.service
tmp=$(mktemp -d)
xvfb_pid=""
trap '[ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

calls_of() {  # calls_of @GROUP|NAME → the system call names, nested groups expanded
    case "$1" in
        @*) systemd-analyze syscall-filter "$1" | sed 's/^[[:space:]]*//' | while read -r item; do
                case "$item" in "" | "#"* | "$1") ;; @*) calls_of "$item" ;; *) echo "$item" ;; esac
            done ;;
        *) echo "$1" ;;
    esac
}

# The unit's filter: "~" lines deny, later plain lines take calls back out of the deny-list.
grep '^SystemCallFilter=~' "$unit" | sed 's/^SystemCallFilter=~//' | tr ' ' '\n' >"$tmp/deny-groups"
grep '^SystemCallFilter=[^~]' "$unit" | sed 's/^SystemCallFilter=//' | tr ' ' '\n' >"$tmp/allow-groups"
while read -r g; do [ -z "$g" ] || calls_of "$g"; done <"$tmp/deny-groups" | sort -u >"$tmp/deny"
while read -r g; do [ -z "$g" ] || calls_of "$g"; done <"$tmp/allow-groups" | sort -u >"$tmp/allow"
comm -23 "$tmp/deny" "$tmp/allow" >"$tmp/filter"
for call in mount reboot ptrace init_module settimeofday swapon iopl chroot; do
    grep -qx "$call" "$tmp/filter" || fail "the unit does not deny $call"
done

start_x() {  # start_x LIST → starts Xvfb under LIST on a free display; status 0 once it listens
    display=160
    while [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ]; do
        display=$((display + 1))
    done
    "$helper" "$1" Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do
        [ -e "/tmp/.X11-unix/X$display" ] && kill -0 "$xvfb_pid" 2>/dev/null && return 0
        kill -0 "$xvfb_pid" 2>/dev/null || break
        sleep 0.1
    done
    return 1
}
stop_x() { kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=""; }

if start_x "$tmp/filter"; then
    mkdir "$tmp/data"
    printf 'wait 1500\ntap 640 400\nwait 1000\nshot %s/home.png\nquit\n' "$tmp" >"$tmp/replay"
    DISPLAY=:$display XDG_CACHE_HOME=$tmp/cache timeout 120 "$helper" "$tmp/filter" "$kiosk" \
        --window 1280x800 --pack "$builtin" --data-dir "$tmp/data" --replay "$tmp/replay" \
        >"$tmp/kiosk.log" 2>&1 || fail "the kiosk failed under the filter: $(tail -n 5 "$tmp/kiosk.log")"
    [ "$(wc -c <"$tmp/home.png" 2>/dev/null || echo 0)" -gt 10000 ] ||
        fail "no screenshot from the kiosk under the filter"
    stop_x
else
    fail "the X server does not start under the unit's filter: $(tail -n 5 "$tmp/xvfb.log")"
    stop_x
fi

# Control: deny @setuid too, and the X server's keymap compiler child gives up, taking X along.
calls_of @setuid | cat - "$tmp/filter" | sort -u >"$tmp/too-strict"
if start_x "$tmp/too-strict"; then
    sleep 1  # the keymap is compiled right after the socket appears
    kill -0 "$xvfb_pid" 2>/dev/null && fail "Xvfb survived with @setuid denied: the check proves nothing"
fi
stop_x

[ "$failures" -eq 0 ] || exit 1
echo "X and the kiosk run under the unit's system-call filter ($(wc -l <"$tmp/filter") calls denied)"
