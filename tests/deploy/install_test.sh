#!/bin/sh
# deploy/install.sh in dry-run mode: mistakes are refused before anything is changed, and a good
# call installs the package without recommends, writes the display settings and enables the unit.
# Usage: install_test.sh DEPLOY_SOURCE_DIR
set -u
script=${1:?usage: install_test.sh DEPLOY_SOURCE_DIR}/install.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KIOSK_INSTALL_DRY_RUN=1
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
touch "$tmp/jbnm-kiosk_1.0.0_amd64.deb" "$tmp/signer.pub"
deb=$tmp/jbnm-kiosk_1.0.0_amd64.deb

refused() {  # refused WHY EXPECTED_MESSAGE ARGS...
    why=$1 message=$2
    shift 2
    if out=$(sh "$script" "$@" 2>&1); then fail "$why: accepted"; return; fi
    echo "$out" | grep -qF -- "$message" || fail "$why: unclear message: $out"
    echo "$out" | grep -q '^+ ' && fail "$why: ran commands before refusing: $out"
}
refused "no package" "give the package file"
refused "missing package" "no such file" "$tmp/nope.deb"
refused "bad rotation" "--rotate must be normal, left, right or inverted, not 'up'" "$deb" --rotate up
refused "option without value" "--touch needs a value" "$deb" --touch
refused "missing key" "no such key file" "$deb" --key "$tmp/none.pub"
refused "unknown option" "unknown option --fast" "$deb" --fast

out=$(sh "$script" "$deb" --rotate right --touch "ILITEK ILITEK-TP" --key "$tmp/signer.pub" 2>&1) ||
    fail "good call failed: $out"
for want in "apt-get install -y --no-install-recommends $deb" \
    "s/^ROTATE=.*/ROTATE=right/ /etc/jbnm-kiosk/display.env" \
    'TOUCH_DEVICE="ILITEK ILITEK-TP"' "$tmp/signer.pub /etc/jbnm-kiosk/keys/" \
    "systemctl enable jbnm-kiosk.service" "systemctl restart jbnm-kiosk.service"; do
    echo "$out" | grep -qF -- "$want" || fail "good call does not run: $want"
done

# --sync: Syncthing from Debian, our configuration, the kiosk pointed at the inbox, the unit on.
out=$(sh "$script" "$deb" --sync 2>&1) || fail "--sync call failed: $out"
for want in "apt-get install -y --no-install-recommends syncthing" \
    "/usr/lib/jbnm-kiosk/kiosk-sync-setup" '"sync_inbox": "/var/lib/jbnm-kiosk/inbox"' \
    "systemctl enable --now jbnm-kiosk-sync.service"; do
    echo "$out" | grep -qF -- "$want" || fail "--sync does not run: $want"
done
echo "$out" | grep -q -- --publisher && fail "without --publisher, the kiosk is made a publisher"
# --sync --publisher: the setup makes this kiosk's publishing key, the kiosk is pointed at it.
out=$(sh "$script" "$deb" --sync --publisher 2>&1) || fail "--sync --publisher call failed: $out"
for want in "/usr/lib/jbnm-kiosk/kiosk-sync-setup --publisher" \
    '"publish_key": "/etc/jbnm-kiosk/publish.key"'; do
    echo "$out" | grep -qF -- "$want" || fail "--sync --publisher does not run: $want"
done
out=$(sh "$script" "$deb" --publisher 2>&1) && fail "--publisher without --sync was accepted: $out"
out=$(sh "$script" "$deb" 2>&1)
echo "$out" | grep -q syncthing && fail "without --sync, Syncthing is installed: $out"
# --office pairs it with the office device, and the kiosk asks Syncthing's REST socket.
office=ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG
out=$(sh "$script" "$deb" --sync --office "$office" 2>&1) || fail "--office call failed: $out"
for want in "/usr/lib/jbnm-kiosk/kiosk-sync-setup --office $office" \
    '"sync_rest_socket": "/run/jbnm-kiosk-sync/gui.sock"'; do
    echo "$out" | grep -qF -- "$want" || fail "--sync --office does not run: $want"
done
out=$(sh "$script" "$deb" --sync --publisher --office "$office" 2>&1) || fail "both failed: $out"
echo "$out" | grep -qF -- "/usr/lib/jbnm-kiosk/kiosk-sync-setup --office $office --publisher" ||
    fail "--office with --publisher does not run one setup with both: $out"
out=$(sh "$script" "$deb" --office "$office" 2>&1) && fail "--office without --sync was taken: $out"
echo "$out" | grep -q "give --sync too" || fail "--office without --sync: no reason given: $out"

[ "$failures" -eq 0 ] && echo "all install.sh checks passed"
exit "$failures"
