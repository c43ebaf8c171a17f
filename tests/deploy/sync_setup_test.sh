#!/bin/sh
# kiosk-sync-setup writes a Syncthing configuration that Debian's Syncthing really reads as meant:
# the GUI and REST API on a Unix socket only (0660), with the key from the env file (root:USER
# 0640), no global discovery, relays, NAT or usage reports, the inbox receive-only and the status
# folder send-only. --office ID pairs it with the office (both folders shared with it); a bad id
# is refused with a reason. Runs setup into a temp state dir as root (USER root), starts
# Syncthing on that configuration, asks its REST API over the socket, and stops it. A second run
# keeps the configuration; --force writes it again and keeps the office and the device id.
# Usage: sync_setup_test.sh DEPLOY_SOURCE_DIR
set -eu
deploy=$(cd "${1:?usage: sync_setup_test.sh DEPLOY_SOURCE_DIR}" && pwd)
tmp=$(mktemp -d)
pid=""
stop_syncthing() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
cleanup() { stop_syncthing; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ ! -f "$tmp/st.log" ] || tail -20 "$tmp/st.log"; exit 1; }
setup() { sh "$deploy/session/kiosk-sync-setup" "$@"; }

export KIOSK_STATE_DIR="$tmp/state" KIOSK_SYNC_ENV="$tmp/syncthing.env" KIOSK_USER=root \
    KIOSK_SYNC_SOCKET="$tmp/gui.sock" KIOSK_ETC_DIR="$tmp/etc"
config="$tmp/state/syncthing/config.xml"
setup >"$tmp/setup.out" || fail "setup failed: $(cat "$tmp/setup.out")"
grep -q "kiosk-sync-setup --office" "$tmp/setup.out" || fail "setup does not say how to pair"
[ "$(stat -c %a "$tmp/syncthing.env")" = 640 ] || fail "the API key file is not 0640"
[ "$(stat -c %a "$config")" = 600 ] || fail "config.xml is not 0600"
grep -q "<address>$tmp/gui.sock</address>" "$config" || fail "the GUI is not on the Unix socket"
. "$tmp/syncthing.env"
before=$(md5sum <"$config")
setup | grep -q "already set up" || fail "a second run did not keep it"
[ "$(md5sum <"$config")" = "$before" ] || fail "a second run changed it"

# Syncthing on exactly that configuration (no --gui-address): its REST API over the socket.
start_syncthing() {
    STNOUPGRADE=1 HOME="$tmp/state/syncthing" timeout 60 syncthing serve \
        --home="$tmp/state/syncthing" --no-browser --no-restart >"$tmp/st.log" 2>&1 &
    pid=$!
}
rest() { python3 - "$tmp/gui.sock" "$STGUIAPIKEY" "$1" <<'PY'
import http.client, json, socket, sys, time
path, key, target = sys.argv[1:4]
class Unix(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(5)
        self.sock.connect(path)
for _ in range(120):
    try:
        c = Unix("localhost")
        c.request("GET", target, headers={"X-API-Key": key})
        r = c.getresponse()
        if r.status == 200:
            print(json.dumps(json.load(r)))
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit(1)
PY
}
start_syncthing
conf=$(rest /rest/config) || fail "Syncthing's REST API did not answer on the socket with the key of the env file"
[ "$(stat -c %a "$tmp/gui.sock")" = 660 ] || fail "the socket is not 0660: $(stat -c %a "$tmp/gui.sock")"
echo "$conf" | python3 -c '
import json, sys
c = json.load(sys.stdin)
o = c["options"]
bad = [k for k, v in (("globalAnnounceEnabled", False), ("relaysEnabled", False), ("natEnabled", False),
                      ("urAccepted", -1), ("crashReportingEnabled", False)) if o[k] != v]
folders = {f["id"]: f["type"] for f in c["folders"]}
if folders != {"jbnm-packs": "receiveonly", "jbnm-status": "sendonly"}: bad.append("folders %s" % folders)
if not c["gui"]["address"].startswith("/"): bad.append("gui " + c["gui"]["address"])
if len(c["devices"]) != 1: bad.append("devices before pairing: %d" % len(c["devices"]))
if bad: print("FAIL: Syncthing read:", bad); sys.exit(1)
' || fail "the configuration Syncthing read is not the one meant"
status=$(rest "/rest/db/status?folder=jbnm-packs") || fail "no folder status for jbnm-packs"
echo "$status" | grep -q '"state"' || fail "the folder status has no state: $status"
my_id=$(echo "$conf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["devices"][0]["deviceID"])')
stop_syncthing
echo "ok   kiosk-sync-setup: Syncthing runs it as meant, REST on the socket only"

# --office: a real device id (another Syncthing's), shared both folders; bad ids refused, also one
# with a single character mistyped.
syncthing generate --home="$tmp/office" --no-default-folder >/dev/null 2>&1
office=$(HOME="$tmp/office" syncthing serve --home="$tmp/office" --device-id)
# One character changed: the form holds, a check character does not (Syncthing would not start).
typo=$(echo "$office" | sed 's/^A/B/; t; s/^./A/')
for bad in "not-an-id" "ABCDEFG-ABCDEFG" "ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEFG-ABCDEF1" \
    '"/><device id="X' "$typo"; do
    out=$(setup --office "$bad" 2>&1) && fail "--office took a bad id: $bad"
    echo "$out" | grep -q "办公室设备 ID" || fail "--office $bad: no reason in Chinese first: $out"
done
[ "$(md5sum <"$config")" = "$before" ] || fail "a refused --office changed the configuration"
out=$(setup --office "$(echo "$office" | tr 'A-Z' 'a-z')" 2>&1) || fail "--office failed: $out"
echo "$out" | grep -q "accept" || fail "--office does not say what to do at the office: $out"
start_syncthing
conf=$(rest /rest/config) || fail "Syncthing did not start on the paired configuration"
echo "$conf" | python3 -c '
import json, sys
c = json.load(sys.stdin)
me, office = sys.argv[1:3]
ids = {d["deviceID"]: d for d in c["devices"]}
bad = []
if set(ids) != {me, office}: bad.append("devices %s" % sorted(ids))
elif ids[office]["name"] != "office" or ids[office]["addresses"] != ["dynamic"]: bad.append("office %s" % ids[office])
for f in c["folders"]:
    if {d["deviceID"] for d in f["devices"]} != {me, office}: bad.append(f["id"] + " not shared with the office")
if bad: print("FAIL: paired:", bad); sys.exit(1)
' "$my_id" "$office" || fail "--office did not pair as meant"
stop_syncthing
echo "ok   kiosk-sync-setup --office: paired with the office, the device id kept"

setup --force >/dev/null || fail "--force failed"
grep -q "<device id=\"$office\" name=\"office\"" "$config" || fail "--force dropped the office"
setup --office "$office" --office-address "tcp://10.0.0.5:22000" >/dev/null || fail "--office-address failed"
grep -q "<address>tcp://10.0.0.5:22000</address>" "$config" || fail "--office-address not written"
setup --force >/dev/null
grep -q "<address>tcp://10.0.0.5:22000</address>" "$config" || fail "--force dropped the office's address"
out=$(setup --office "$office" --office-address 'tcp://x"/><gui' 2>&1) && fail "--office-address took markup"
echo "ok   kiosk-sync-setup --force keeps the office; a bad address is refused"
