#!/bin/sh
# Builds the jbnm-kiosk .deb from a finished build folder (cpack) and checks with dpkg-deb that it
# holds the programs, the built-in pack, the units and config, and the user-creating scripts.
# Usage: deb_test.sh BUILD_DIR
set -u
build=${1:?usage: deb_test.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    echo "FAIL cpack could not build the package"
    exit 1
fi
deb=$(ls "$tmp"/out/jbnm-kiosk_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "FAIL no jbnm-kiosk_*.deb in $tmp/out"; exit 1; }
echo "built $(basename "$deb")"

dpkg-deb -c "$deb" >"$tmp/contents" || fail "dpkg-deb -c cannot read $deb"
for path in ./usr/bin/kiosk ./usr/bin/kiosk-pack ./usr/share/jbnm-kiosk/builtin.db \
    ./usr/lib/systemd/system/jbnm-kiosk.service ./usr/lib/jbnm-kiosk/kiosk-session \
    ./usr/lib/jbnm-kiosk/kiosk-xclient ./usr/lib/jbnm-kiosk/kiosk-display \
    ./usr/lib/jbnm-kiosk/kiosk-usb-mount ./usr/lib/udev/rules.d/90-jbnm-kiosk-usb.rules \
    ./usr/share/X11/xorg.conf.d/90-jbnm-kiosk.conf ./etc/jbnm-kiosk/config.json \
    ./usr/share/polkit-1/rules.d/50-jbnm-kiosk.rules \
    ./etc/jbnm-kiosk/display.env ./etc/jbnm-kiosk/keys/ ./etc/pam.d/jbnm-kiosk \
    ./usr/share/jbnm-kiosk/assets/ ./usr/lib/sysctl.d/90-jbnm-kiosk.conf \
    ./usr/lib/systemd/logind.conf.d/90-jbnm-kiosk.conf \
    ./usr/lib/systemd/system.conf.d/90-jbnm-kiosk.conf; do
    grep -q " $path\$" "$tmp/contents" || fail "missing $path"
done
for program in ./usr/bin/kiosk ./usr/bin/kiosk-pack ./usr/lib/jbnm-kiosk/kiosk-session; do
    grep " $program\$" "$tmp/contents" | grep -q '^-rwxr-xr-x root/root' ||
        fail "$program is not an executable owned by root"
done

# The programs are the real build, not placeholders; the built-in pack is an SQLite database.
dpkg-deb -x "$deb" "$tmp/root"
for program in kiosk kiosk-pack; do
    [ "$(head -c 4 "$tmp/root/usr/bin/$program" | od -An -c | tr -d ' ')" = "177ELF" ] ||
        fail "/usr/bin/$program is not an ELF executable"
done
# Installed where systemd reads them: the merged configuration shows the keyboard lockdown.
for want in "systemd/logind.conf:NAutoVTs=0" "systemd/logind.conf:HandlePowerKey=ignore" \
    "systemd/system.conf:CtrlAltDelBurstAction=none" "sysctl.d:kernel.sysrq = 0"; do
    config=${want%%:*} line=${want#*:}
    systemd-analyze cat-config --root="$tmp/root" "$config" 2>/dev/null | grep -qxF "$line" ||
        fail "$config of the installed package lacks: $line"
done
head -c 15 "$tmp/root/usr/share/jbnm-kiosk/builtin.db" | grep -q "SQLite format 3" ||
    fail "builtin.db is not an SQLite database"

# Control fields, conffiles and maintainer scripts.
[ "$(dpkg-deb -f "$deb" Package)" = "jbnm-kiosk" ] || fail "package name is not jbnm-kiosk"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libglfw3 libsodium23 libsystemd0 libsqlite3-0 libfreetype6 fonts-noto-cjk \
    fonts-material-design-icons-iconfont xserver-xorg-core xserver-xorg-input-libinput \
    x11-xserver-utils xinit xinput polkitd adduser; do
    echo "$depends" | grep -Eq "(^|, )$dep( |,|$)" || fail "Depends lacks $dep"
done
dpkg-deb -e "$deb" "$tmp/control"
for file in config.json display.env; do
    grep -qx "/etc/jbnm-kiosk/$file" "$tmp/control/conffiles" || fail "$file is not a conffile"
done
for script in postinst prerm postrm; do
    [ -x "$tmp/control/$script" ] || { fail "no executable $script"; continue; }
    sh -n "$tmp/control/$script" || fail "$script has a syntax error"
done
grep -q "adduser --system" "$tmp/control/postinst" || fail "postinst does not create the user"
grep -q "systemctl mask ctrl-alt-del.target" "$tmp/control/postinst" ||
    fail "postinst does not mask ctrl-alt-del.target (Ctrl+Alt+Del would reboot)"
grep -q "deluser --system" "$tmp/control/postrm" || fail "postrm purge does not remove the user"

[ "$failures" -eq 0 ] && echo "package checks passed: $(wc -l <"$tmp/contents") entries"
exit "$failures"
