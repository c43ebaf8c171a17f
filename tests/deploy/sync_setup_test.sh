#!/bin/sh
# kiosk-sync-setup writes a Syncthing configuration that Debian's Syncthing really reads as meant:
# REST on 127.0.0.1 with the key from the env file (root:USER 0640), no global discovery, relays,
# NAT or usage reports, the inbox receive-only and the status folder send-only. Runs setup into a
# temp state dir as root (USER root), starts Syncthing on free loopback ports, asks its REST API,
# and stops it. A second run keeps the configuration; --force writes it again.
# Usage: sync_setup_test.sh DEPLOY_SOURCE_DIR
set -eu
deploy=$(cd "${1:?usage: sync_setup_test.sh DEPLOY_SOURCE_DIR}" && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ ! -f "$tmp/st.log" ] || tail -20 "$tmp/st.log"; exit 1; }

export KIOSK_STATE_DIR="$tmp/state" KIOSK_SYNC_ENV="$tmp/syncthing.env" KIOSK_USER=root
sh "$deploy/session/kiosk-sync-setup" >"$tmp/setup.out" || fail "setup failed: $(cat "$tmp/setup.out")"
[ "$(stat -c %a "$tmp/syncthing.env")" = 640 ] || fail "the API key file is not 0640"
[ "$(stat -c %a "$tmp/state/syncthing/config.xml")" = 600 ] || fail "config.xml is not 0600"
grep -q '<address>127.0.0.1:8384</address>' "$tmp/state/syncthing/config.xml" ||
    fail "the GUI is not on 127.0.0.1"
. "$tmp/syncthing.env"
before=$(md5sum <"$tmp/state/syncthing/config.xml")
sh "$deploy/session/kiosk-sync-setup" | grep -q "already set up" || fail "a second run did not keep it"
[ "$(md5sum <"$tmp/state/syncthing/config.xml")" = "$before" ] || fail "a second run changed it"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
STNOUPGRADE=1 HOME="$tmp/state/syncthing" timeout 60 syncthing serve --home="$tmp/state/syncthing" \
    --no-browser --no-restart --gui-address="http://127.0.0.1:$port" >"$tmp/st.log" 2>&1 &
pid=$!
rest() { python3 - "$port" "$STGUIAPIKEY" "$1" <<'PY'
import json, sys, time, urllib.request
port, key, path = sys.argv[1:4]
for _ in range(120):
    try:
        req = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), headers={"X-API-Key": key})
        print(json.dumps(json.load(urllib.request.urlopen(req, timeout=5))))
        sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(1)
PY
}
config=$(rest /rest/config) || fail "Syncthing's REST API did not answer with the key of the env file"
echo "$config" | python3 -c '
import json, sys
c = json.load(sys.stdin)
o = c["options"]
bad = [k for k, v in (("globalAnnounceEnabled", False), ("relaysEnabled", False), ("natEnabled", False),
                      ("urAccepted", -1), ("crashReportingEnabled", False)) if o[k] != v]
folders = {f["id"]: f["type"] for f in c["folders"]}
if folders != {"jbnm-packs": "receiveonly", "jbnm-status": "sendonly"}: bad.append("folders %s" % folders)
if not c["gui"]["address"].startswith("127.0.0.1:"): bad.append("gui " + c["gui"]["address"])
if bad: print("FAIL: Syncthing read:", bad); sys.exit(1)
' || fail "the configuration Syncthing read is not the one meant"
echo "ok   kiosk-sync-setup: Syncthing runs it as meant"

KIOSK_STATE_DIR="$tmp/state" sh "$deploy/session/kiosk-sync-setup" --force >/dev/null || fail "--force failed"
