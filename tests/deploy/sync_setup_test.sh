#!/bin/sh
# kiosk-sync-setup writes a Syncthing configuration that Debian's Syncthing really reads as meant:
# REST on 127.0.0.1 with the key from the env file (root:USER 0640), no global discovery, relays,
# NAT or usage reports, the inbox receive-only and the status folder send-only. Runs setup into a
# temp state dir as root (USER root), starts Syncthing on free loopback ports, asks its REST API,
# and stops it. A second run keeps the configuration; --force writes it again. --publisher makes
# the kiosk's publishing key pair once (with KIOSK_PACK), kept on later runs, and makes the inbox
# send & receive, also on a kiosk set up before.
# Usage: sync_setup_test.sh DEPLOY_SOURCE_DIR KIOSK_PACK
set -eu
deploy=$(cd "${1:?usage: sync_setup_test.sh DEPLOY_SOURCE_DIR KIOSK_PACK}" && pwd)
kiosk_pack=${2:?usage: sync_setup_test.sh DEPLOY_SOURCE_DIR KIOSK_PACK}
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

# --publisher on a new kiosk: the key pair once, modes, the inbox send & receive, the .pub sent.
export KIOSK_ETC_DIR="$tmp/etc" KIOSK_PACK="$kiosk_pack"
mkdir -p "$tmp/etc"
pub=$tmp/publisher
KIOSK_STATE_DIR="$pub" sh "$deploy/session/kiosk-sync-setup" --publisher >"$tmp/pub.out" ||
    fail "--publisher failed: $(cat "$tmp/pub.out")"
[ "$(stat -c %a:%U:%G "$tmp/etc/publish.key")" = "640:root:$KIOSK_USER" ] ||
    fail "publish.key is $(stat -c %a:%U:%G "$tmp/etc/publish.key"), not 640:root:$KIOSK_USER"
[ "$(stat -c %a "$tmp/etc/publish.pub")" = 644 ] || fail "publish.pub is not 0644"
grep -q '^untrusted comment: kiosk-pack secret key' "$tmp/etc/publish.key" ||
    fail "publish.key is not a key kiosk-pack made"
ls -a "$tmp/etc" | grep -q '^\.publish' && fail "the private key folder was left behind"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$pub/syncthing/config.xml" ||
    fail "the publisher's inbox is not send & receive"
grep -q 'id="jbnm-status".*type="sendonly"' "$pub/syncthing/config.xml" ||
    fail "the publisher's status folder is not send-only"
cmp -s "$tmp/etc/publish.pub" "$pub/status/$(hostname).pub" ||
    fail "the public key is not in the status folder as $(hostname).pub"
keyid=$(sed -n '1s/.* key \([0-9A-F]*\)$/\1/p' "$tmp/etc/publish.pub")
[ -n "$keyid" ] && grep -q "publishes with key $keyid" "$tmp/pub.out" ||
    fail "the key id is not printed: $(cat "$tmp/pub.out")"
grep -q "Send & Receive" "$tmp/pub.out" || fail "the next step is not said: $(cat "$tmp/pub.out")"
secret=$(md5sum <"$tmp/etc/publish.key")
KIOSK_STATE_DIR="$pub" sh "$deploy/session/kiosk-sync-setup" --publisher >/dev/null ||
    fail "a second --publisher run failed"
[ "$(md5sum <"$tmp/etc/publish.key")" = "$secret" ] || fail "a second run made a new key"
echo "ok   kiosk-sync-setup --publisher: one key pair, kept; inbox send & receive"

# --publisher on a kiosk set up before: the same key, and its receive-only inbox switched over.
KIOSK_STATE_DIR="$tmp/state" sh "$deploy/session/kiosk-sync-setup" --publisher >"$tmp/pub.out" ||
    fail "--publisher on an existing kiosk failed: $(cat "$tmp/pub.out")"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$tmp/state/syncthing/config.xml" ||
    fail "the existing inbox was not made send & receive"
[ "$(md5sum <"$tmp/etc/publish.key")" = "$secret" ] || fail "the existing key was replaced"
[ -f "$tmp/state/status/$(hostname).pub" ] || fail "no .pub in the existing status folder"
echo "ok   kiosk-sync-setup --publisher: an existing kiosk becomes the publisher"
