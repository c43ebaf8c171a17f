#!/bin/sh
# kiosk-display against fake xrandr/xinput that record their calls: the screen turns as
# display.env says and the touchscreen gets the matching matrix; mistakes are refused clearly.
# Usage: display_test.sh DEPLOY_SOURCE_DIR
set -u
script=${1:?usage: display_test.sh DEPLOY_SOURCE_DIR}/session/kiosk-display
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cat >"$tmp/bin/xrandr" <<'FAKE'
#!/bin/sh
if [ "$1" = "--query" ]; then
    echo "Screen 0: minimum 320 x 200, current 1920 x 1080, maximum 16384 x 16384"
    echo "eDP-1 disconnected (normal left inverted right x axis y axis)"
    echo "HDMI-1 connected 1920x1080+0+0 (normal left inverted right x axis y axis) 527mm x 296mm"
    echo "   1920x1080     60.00*+"
    exit 0
fi
echo "xrandr $*" >>"$CALLS"
FAKE
cat >"$tmp/bin/xinput" <<'FAKE'
#!/bin/sh
if [ "$1" = "list" ]; then
    printf '%s\n' "Virtual core pointer" "Virtual core XTEST pointer" "ILITEK ILITEK-TP" \
        "Virtual core keyboard" "Power Button"
    exit 0
fi
# set-prop DEVICE PROP VALUES...: keyboards and buttons have no matrix
case "$2" in "Power Button" | "Virtual core keyboard") exit 1 ;; esac
[ "$2" = "No Such Panel" ] && exit 1
echo "xinput $*" >>"$CALLS"
FAKE
chmod +x "$tmp/bin/xrandr" "$tmp/bin/xinput"
export PATH="$tmp/bin:$PATH" CALLS="$tmp/calls" KIOSK_DISPLAY_ENV="$tmp/display.env"

failures=0
check() {  # check NAME EXPECTED_STATUS EXPECTED_CALLS_FILE_CONTENT [EXPECTED_STDERR_PART]
    : >"$CALLS"
    "$script" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$2" ] || [ "$(cat "$CALLS")" != "$3" ] ||
        { [ -n "${4:-}" ] && ! grep -qF -- "$4" "$tmp/err"; }; then
        echo "FAIL $1: status $got (want $2)"
        echo "  calls: $(cat "$CALLS")"
        echo "  want:  $3"
        echo "  stderr: $(cat "$tmp/err")"
        failures=$((failures + 1))
    else
        echo "ok   $1"
    fi
}

printf 'ROTATE=left\nTOUCH_DEVICE="ILITEK ILITEK-TP"\n' >"$tmp/display.env"
check "portrait left, named panel" 0 "xrandr --output HDMI-1 --rotate left
xinput set-prop ILITEK ILITEK-TP Coordinate Transformation Matrix 0 -1 1 1 0 0 0 0 1"

printf 'ROTATE=right\nOUTPUT=DP-2\n' >"$tmp/display.env"
check "portrait right on a named output, every pointer" 0 "xrandr --output DP-2 --rotate right
xinput set-prop ILITEK ILITEK-TP Coordinate Transformation Matrix 0 1 0 -1 0 1 0 0 1"

printf 'ROTATE=inverted\nTOUCH_DEVICE="ILITEK ILITEK-TP"\nTOUCH_MATRIX="-1 0 1 0 1 0 0 0 1"\n' \
    >"$tmp/display.env"
check "explicit matrix for a mirrored panel" 0 "xrandr --output HDMI-1 --rotate inverted
xinput set-prop ILITEK ILITEK-TP Coordinate Transformation Matrix -1 0 1 0 1 0 0 0 1"

rm -f "$tmp/display.env"
check "no config file: landscape" 0 "xrandr --output HDMI-1 --rotate normal
xinput set-prop ILITEK ILITEK-TP Coordinate Transformation Matrix 1 0 0 0 1 0 0 0 1"

printf 'ROTATE=portrait\n' >"$tmp/display.env"
check "unknown rotation refused, nothing changed" 2 "" "ROTATE must be normal, left, right or inverted, not 'portrait'"

printf 'ROTATE=left\nTOUCH_MATRIX="1 0 0"\n' >"$tmp/display.env"
check "short matrix refused, nothing changed" 2 "" "TOUCH_MATRIX needs 9 numbers, got 3"

printf 'ROTATE=left\nTOUCH_DEVICE="No Such Panel"\n' >"$tmp/display.env"
check "missing touch device named" 2 "xrandr --output HDMI-1 --rotate left" "touch device 'No Such Panel' not found"

# Where the panel's own origin (its native top-left, 0 0) lands on the turned screen, as the
# libinput matrices for xrandr's rotations place it (left: top-right, right: bottom-left, ...).
for case in "left 0 0 1 0" "right 0 0 0 1" "inverted 0 0 1 1" "normal 0.25 0.5 0.25 0.5"; do
    set -- $case
    m=$("$script" --matrix "$1")
    got=$(echo "$m $2 $3" | awk '{ printf "%g %g", $1*$10 + $2*$11 + $3, $4*$10 + $5*$11 + $6 }')
    if [ "$got" != "$4 $5" ]; then
        echo "FAIL matrix $1 maps ($2,$3) to ($got), want ($4 $5)"
        failures=$((failures + 1))
    fi
done

[ "$failures" -eq 0 ] && echo "all display checks passed"
exit "$failures"
