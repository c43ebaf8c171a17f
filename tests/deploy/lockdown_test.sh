#!/bin/sh
# The keyboard lockdown a visitor with a keyboard runs into: no SysRq (sysctl), no power/sleep
# keys and no gettys on other VTs (logind), no Ctrl+Alt+Del burst reboot (PID 1), and in X no
# console switch, no zap, no zoom and no keyboard at all, while touchscreens are kept.
# Each key must be one the installed systemd knows (a misspelt key is silently ignored), and
# the real Xorg must parse the Xorg file (a parse error would keep the kiosk off the screen).
# Usage: lockdown_test.sh DEPLOY_SOURCE_DIR
set -u
deploy=${1:?usage: lockdown_test.sh DEPLOY_SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

settings() {  # settings FILE → its KEY=VALUE lines without blanks or comments
    sed -e 's/[[:space:]]*=[[:space:]]*/=/' -e '/^[[:space:]]*[#;]/d' -e '/^[[:space:]]*$/d' \
        -e '/^\[/d' "$1"
}
expect() {  # expect FILE KEY=VALUE...
    file=$1
    shift
    for want in "$@"; do
        settings "$file" | grep -qxF -- "$want" || fail "$(basename "$file"): no $want"
    done
}
known_keys() {  # known_keys FILE SECTION BINARY: every key is one the binary parses
    file=$1 section=$2 binary=$3
    [ "$(grep -m1 '^\[' "$file")" = "[$section]" ] || fail "$(basename "$file"): not a [$section] file"
    strings "$binary" >"$tmp/strings"
    settings "$file" | while IFS='=' read -r key _; do
        grep -qx -e "$section.$key" -e "$key" "$tmp/strings" || echo "$key"
    done >"$tmp/unknown"
    [ -s "$tmp/unknown" ] && fail "$(basename "$file"): $binary does not know: $(cat "$tmp/unknown")"
}

# --- kernel: SysRq off ---
sysctl_file=$deploy/lockdown/sysctl.conf
expect "$sysctl_file" kernel.sysrq=0


# --- logind: no getty on other VTs, every power/sleep key and the lid ignored ---
logind_file=$deploy/lockdown/logind.conf
expect "$logind_file" NAutoVTs=0 ReserveVT=0 HandlePowerKey=ignore HandlePowerKeyLongPress=ignore \
    HandleRebootKey=ignore HandleRebootKeyLongPress=ignore HandleSuspendKey=ignore \
    HandleSuspendKeyLongPress=ignore HandleHibernateKey=ignore HandleHibernateKeyLongPress=ignore \
    HandleLidSwitch=ignore HandleLidSwitchExternalPower=ignore HandleLidSwitchDocked=ignore
known_keys "$logind_file" Login /lib/systemd/systemd-logind

# --- PID 1: Ctrl+Alt+Del pressed 7 times in 2 s does not force a reboot ---
system_file=$deploy/lockdown/system.conf
expect "$system_file" CtrlAltDelBurstAction=none
known_keys "$system_file" Manager /lib/systemd/systemd

# --- Xorg: server flags, keyboards ignored, touchscreens kept (the later class wins) ---
xorg_file=$deploy/xorg/90-jbnm-kiosk.conf
# One line per section: its name and its entries, quotes and case as Xorg ignores them.
awk '
    { sub(/#.*/, ""); gsub(/"/, ""); $0 = tolower($0); $1 = $1 }
    /^section / { if (open) print "unclosed"; open = 1; line = $2; next }
    /^endsection$/ { if (!open) print "stray-endsection"; print line; open = 0; next }
    open && NF { line = line "|" $0 }
    END { if (open) print "unclosed" }
' "$xorg_file" >"$tmp/sections"
grep -q -e '^unclosed$' -e '^stray-endsection$' "$tmp/sections" && fail "Section/EndSection unbalanced"
flags=$(grep '^serverflags' "$tmp/sections")
for flag in dontvtswitch dontzap dontzoom; do
    echo "$flags" | grep -q "|option $flag true" || fail "ServerFlags: $flag is not true"
done
classes=$(grep -n '^inputclass' "$tmp/sections")
keyboard=$(echo "$classes" | grep '|matchiskeyboard on' | grep '|option ignore on' | cut -d: -f1)
touch=$(echo "$classes" | grep '|matchistouchscreen on' | grep '|option ignore off' | cut -d: -f1)
[ -n "$keyboard" ] || fail "no InputClass ignores keyboards"
[ -n "$touch" ] || fail "no InputClass keeps touchscreens"
[ -n "$keyboard" ] && [ -n "$touch" ] && [ "$touch" -lt "$keyboard" ] &&
    fail "the touchscreen class comes before the keyboard class, so keyboards win"
echo "$classes" | grep '|option ignore off' | grep -q -e '|matchispointer on' -e '|matchiskeyboard' &&
    fail "a class lets keyboards back in (pointers or keyboards with Ignore off)"

# The real Xorg reads the file: as an unprivileged user it cannot open a VT and stops right after
# the configuration (no modules, no socket files: only an abstract local socket).
xorg=/usr/lib/xorg/Xorg
if [ ! -x "$xorg" ]; then
    fail "$xorg missing: install xserver-xorg-core (./dev.sh installs it)"
else
    # Xorg keeps the previous log as .old, so its folder must be writable for the user it runs as.
    mkdir "$tmp/conf.d" "$tmp/log" && cp "$xorg_file" "$tmp/conf.d/" && chmod -R a+rX "$tmp" &&
        chmod a+w "$tmp/log"
    as_user=""
    [ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    display=150
    while [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
    # shellcheck disable=SC2086  # as_user is a command and its arguments
    timeout 30 $as_user "$xorg" ":$display" -config /dev/null -configdir "$tmp/conf.d" \
        -modulepath "$tmp/none" -logfile "$tmp/log/xorg.log" -nolisten tcp -nolisten unix \
        -novtswitch >"$tmp/xorg.out" 2>&1
    if grep -q -i -e "parse error" -e "problem parsing" "$tmp/log/xorg.log"; then
        fail "Xorg cannot parse $xorg_file:"
        grep -i -A2 "parse" "$tmp/log/xorg.log"
    fi
    missing=""
    for flag in DontVTSwitch DontZap DontZoom; do
        grep -q "(\*\*) Option \"$flag\" \"true\"" "$tmp/log/xorg.log" || missing="$missing $flag"
    done
    [ -z "$missing" ] || fail "Xorg did not take$missing: $(grep -F '(EE)' "$tmp/xorg.out" | head -n 3)"
fi

[ "$failures" -eq 0 ] || exit 1
echo "all lockdown checks passed"
