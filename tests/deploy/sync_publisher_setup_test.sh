#!/bin/sh
# kiosk-sync-setup --publisher (deploy/README.md, "Keys across kiosks"): the kiosk's own publishing
# key pair is made once with kiosk-pack keygen (publish.key root:USER 0640 and nothing left of the
# private folder it was made in, publish.pub 0644 and a copy as status/<host>.pub for the office),
# kept on later runs; the inbox is send & receive, the status folder still send-only; a kiosk set
# up before keeps its key and gets its inbox switched over. Runs as root in temp folders.
# Usage: sync_publisher_setup_test.sh DEPLOY_SOURCE_DIR KIOSK_PACK
set -eu
usage="usage: sync_publisher_setup_test.sh DEPLOY_SOURCE_DIR KIOSK_PACK"
setup="$(cd "${1:?$usage}" && pwd)/session/kiosk-sync-setup"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

export KIOSK_SYNC_ENV="$tmp/syncthing.env" KIOSK_USER=root KIOSK_ETC_DIR="$tmp/etc"
export KIOSK_PACK="${2:?$usage}"
mkdir -p "$tmp/etc"
host=$(hostname)

# A new kiosk made the publisher.
pub=$tmp/publisher
KIOSK_STATE_DIR="$pub" sh "$setup" --publisher >"$tmp/pub.out" ||
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
cmp -s "$tmp/etc/publish.pub" "$pub/status/$host.pub" ||
    fail "the public key is not in the status folder as $host.pub"
keyid=$(sed -n '1s/.* key \([0-9A-F]*\)$/\1/p' "$tmp/etc/publish.pub")
[ -n "$keyid" ] && grep -q "publishes with key $keyid" "$tmp/pub.out" ||
    fail "the key id is not printed: $(cat "$tmp/pub.out")"
grep -q "Send & Receive" "$tmp/pub.out" || fail "the next step is not said: $(cat "$tmp/pub.out")"
secret=$(md5sum <"$tmp/etc/publish.key")
KIOSK_STATE_DIR="$pub" sh "$setup" --publisher >/dev/null || fail "a second --publisher run failed"
[ "$(md5sum <"$tmp/etc/publish.key")" = "$secret" ] || fail "a second run made a new key"
echo "ok   kiosk-sync-setup --publisher: one key pair, kept; inbox send & receive"

# Without --publisher a kiosk receives only; made the publisher later, it gets its own key.
plain=$tmp/plain
export KIOSK_ETC_DIR="$tmp/etc-plain"
mkdir -p "$KIOSK_ETC_DIR"
KIOSK_STATE_DIR="$plain" sh "$setup" >/dev/null || fail "setup without --publisher failed"
grep -q 'id="jbnm-packs".*type="receiveonly"' "$plain/syncthing/config.xml" ||
    fail "without --publisher the inbox is not receive-only"
[ ! -e "$plain/status/$host.pub" ] || fail "without --publisher a public key was sent"
[ ! -e "$KIOSK_ETC_DIR/publish.key" ] || fail "without --publisher a publishing key was made"
device=$(grep -o '<device id="[A-Z2-7-]*" name=' "$plain/syncthing/config.xml")
KIOSK_STATE_DIR="$plain" sh "$setup" --publisher >"$tmp/pub.out" ||
    fail "--publisher on an existing kiosk failed: $(cat "$tmp/pub.out")"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$plain/syncthing/config.xml" ||
    fail "the existing inbox was not made send & receive"
[ "$(grep -o '<device id="[A-Z2-7-]*" name=' "$plain/syncthing/config.xml")" = "$device" ] ||
    fail "the kiosk's Syncthing device id changed"
secret=$(md5sum <"$KIOSK_ETC_DIR/publish.key")
[ -f "$plain/status/$host.pub" ] || fail "no .pub in the existing status folder"
KIOSK_STATE_DIR="$plain" sh "$setup" --force --publisher >/dev/null || fail "--force --publisher failed"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$plain/syncthing/config.xml" ||
    fail "--force --publisher wrote a receive-only inbox"
[ "$(md5sum <"$KIOSK_ETC_DIR/publish.key")" = "$secret" ] || fail "the existing key was replaced"
# The role stays with the key: pairing or --force later, without --publisher, keeps it.
KIOSK_STATE_DIR="$plain" sh "$setup" \
    --office GTJX4SA-RRMPEBW-UZTET5S-XNC3JBQ-F2C42FE-WCX3W76-4J7HGTS-AJTBFAL >/dev/null ||
    fail "--office on the publisher failed"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$plain/syncthing/config.xml" ||
    fail "pairing the publisher made its inbox receive-only: it could not publish any more"
KIOSK_STATE_DIR="$plain" sh "$setup" --force >/dev/null || fail "--force on the publisher failed"
grep -q 'id="jbnm-packs".*type="sendreceive"' "$plain/syncthing/config.xml" ||
    fail "--force on the publisher made its inbox receive-only"
echo "ok   kiosk-sync-setup --publisher: an existing kiosk becomes the publisher and stays one"
