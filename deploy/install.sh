#!/bin/sh
# Turns a fresh Debian 12 mini-PC into the JBNM kiosk. Run as root on the mini-PC:
#   sudo sh install.sh jbnm-kiosk_1.0.0_amd64.deb [--rotate left|right|normal|inverted]
#        [--touch "TOUCH DEVICE NAME"] [--key signer.pub] [--no-start]
#        [--sync [--office ID] [--publisher]]
# It installs the package (apt pulls Xorg and the libraries), writes the display settings, trusts
# the given pack key, asks for the staff PIN, and enables the kiosk so it starts at every boot.
# --sync: several kiosks kept in step by Syncthing (deploy/README.md, "Several kiosks"); --office
# ID pairs the kiosk with the office's Syncthing device; --publisher gives this kiosk its own key
# to publish its content to the other kiosks (deploy/README.md, "Keys across kiosks").
# KIOSK_INSTALL_DRY_RUN=1 prints the commands instead of running them.
set -eu

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 2; }
run() {
    if [ -n "${KIOSK_INSTALL_DRY_RUN:-}" ]; then echo "+ $*"; else "$@"; fi
}
deb="" rotate="" touch="" key="" start=yes sync=no office="" publisher=no
while [ $# -gt 0 ]; do
    case "$1" in
        --rotate | --touch | --key | --office)
            [ $# -ge 2 ] || die "$1 needs a value (see --help)"
            case "$1" in
                --rotate) rotate=$2 ;; --touch) touch=$2 ;; --key) key=$2 ;; --office) office=$2 ;;
            esac
            shift 2 ;;
        --no-start) start=no; shift ;;
        --sync) sync=yes; shift ;;
        --publisher) publisher=yes; shift ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) deb=$1; shift ;;
    esac
done
[ -n "$deb" ] || die "give the package file, e.g.: sudo sh install.sh jbnm-kiosk_1.0.0_amd64.deb"
[ -f "$deb" ] || die "$deb: no such file"
case "$rotate" in "" | normal | left | right | inverted) ;;
    *) die "--rotate must be normal, left, right or inverted, not '$rotate'" ;;
esac
[ -z "$key" ] || [ -f "$key" ] || die "$key: no such key file"
[ -z "$office" ] || [ "$sync" = yes ] || die "--office pairs the kiosk's Syncthing: give --sync too"
[ "$publisher" = no ] || [ "$sync" = yes ] || die "--publisher needs --sync too"
[ -n "${KIOSK_INSTALL_DRY_RUN:-}" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo sh install.sh ...)"
if [ -r /etc/debian_version ]; then
    case "$(cat /etc/debian_version)" in 12*) ;; *) echo "warning: made for Debian 12" >&2 ;; esac
fi

say "1/5 Installing the package and what it needs (Xorg, fonts, libraries)"
# --no-install-recommends keeps desktops, terminals and the setuid Xorg wrapper off the machine.
case "$deb" in */*) ;; *) deb=./$deb ;; esac
run apt-get update
run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb"

say "2/5 Display settings (/etc/jbnm-kiosk/display.env)"
env_file=/etc/jbnm-kiosk/display.env
[ -z "$rotate" ] || run sed -i "s/^ROTATE=.*/ROTATE=$rotate/" "$env_file"
[ -z "$touch" ] || run sed -i "s|^TOUCH_DEVICE=.*|TOUCH_DEVICE=\"$touch\"|" "$env_file"
echo "ROTATE=${rotate:-unchanged} TOUCH_DEVICE=${touch:-every pointer}"

say "3/5 Trusted pack key"
if [ -n "$key" ]; then
    run install -m 0644 -o root -g root "$key" /etc/jbnm-kiosk/keys/
else
    echo "none given: only the built-in content shows until a key is copied to /etc/jbnm-kiosk/keys/"
fi

say "4/5 Staff PIN"
# The PIN is stored as a libsodium password hash readable by the kiosk only.
if kiosk-pack help 2>/dev/null | grep -q set-pin; then
    run kiosk-pack set-pin --file /etc/jbnm-kiosk/staff-pin
    run chown root:kiosk /etc/jbnm-kiosk/staff-pin
    run chmod 0640 /etc/jbnm-kiosk/staff-pin
else
    echo "kiosk-pack set-pin is not available in this version: set the PIN later with"
    echo "  sudo kiosk-pack set-pin --file /etc/jbnm-kiosk/staff-pin"
fi

if [ "$sync" = yes ]; then
    say "4b/5 Several kiosks: Syncthing (inbox and status folders, park LAN only)"
    # Debian's Syncthing as the kiosk user; its GUI and REST API on a Unix socket only.
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends syncthing
    set --  # the setup's own options
    [ -z "$office" ] || set -- "$@" --office "$office"
    [ "$publisher" = no ] || set -- "$@" --publisher
    run /usr/lib/jbnm-kiosk/kiosk-sync-setup "$@"
    run sed -i -e 's|"sync_inbox": ""|"sync_inbox": "/var/lib/jbnm-kiosk/inbox"|' \
        -e 's|"sync_status_dir": ""|"sync_status_dir": "/var/lib/jbnm-kiosk/status"|' \
        -e 's|"sync_rest_socket": ""|"sync_rest_socket": "/run/jbnm-kiosk-sync/gui.sock"|' \
        /etc/jbnm-kiosk/config.json
    if [ "$publisher" = yes ]; then
        run sed -i 's|"publish_key": ""|"publish_key": "/etc/jbnm-kiosk/publish.key"|' \
            /etc/jbnm-kiosk/config.json
    fi
    run systemctl enable --now jbnm-kiosk-sync.service
fi

say "5/5 Boot straight into the kiosk"
# A display manager would fight the kiosk for tty1 and the GPU.
if systemctl is-enabled --quiet display-manager.service 2>/dev/null; then
    run systemctl disable display-manager.service
fi
run systemctl set-default multi-user.target
run systemctl enable jbnm-kiosk.service
if [ "$start" = yes ]; then
    run systemctl restart jbnm-kiosk.service
    echo "The kiosk is starting on the screen. Check with: systemctl status jbnm-kiosk"
else
    echo "Enabled; it starts at the next boot."
fi
echo "Reboot once: the keyboard lockdown of logind and systemd (power keys, VTs) starts at boot."
