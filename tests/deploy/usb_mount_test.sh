#!/bin/sh
# kiosk-usb-mount (run by udev for each USB filesystem), in dry-run mode: FAT, exFAT and NTFS
# sticks are mounted noexec,nosuid,nodev, owned by the kiosk user, with the driver named; every
# other filesystem (ext4, btrfs, xfs…) is refused with a log line, and so are odd device names.
# Usage: usb_mount_test.sh DEPLOY_SOURCE_DIR
set -u
deploy=${1:?usage: usb_mount_test.sh DEPLOY_SOURCE_DIR}
script=$deploy/session/kiosk-usb-mount
export KIOSK_USB_DRY_RUN=1
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# A kiosk user (uid 998, gid 997) and a logger that writes to a file we can read.
fakebin=$(mktemp -d)
trap 'rm -rf "$fakebin"' EXIT
log=$fakebin/log
printf '#!/bin/sh\n[ "$2" = kiosk ] || exit 1\n[ "$1" = -u ] && echo 998 || echo 997\n' >"$fakebin/id"
printf '#!/bin/sh\nshift 2; [ "$1" = -- ] && shift; echo "$*" >>"%s"\n' "$log" >"$fakebin/logger"
chmod +x "$fakebin/id" "$fakebin/logger"
helper() {  # helper FSTYPE NAME → the helper's output; status is the helper's
    PATH="$fakebin:$PATH" ID_FS_TYPE=$1 "$script" "/dev/$2" "$2" 2>&1
}

for fs_driver in vfat:vfat exfat:exfat ntfs:ntfs3 ntfs3:ntfs3; do
    fs=${fs_driver%:*} driver=${fs_driver#*:}
    out=$(helper "$fs" sdb1) || fail "$fs: non-zero status: $out"
    for option in noexec nosuid nodev uid=998 gid=997 umask=0077; do
        echo "$out" | grep -Eq -- "--options=([^ ]*,)?$option(,| )" || fail "$fs: no $option in: $out"
    done
    echo "$out" | grep -q -- "--type=$driver " || fail "$fs: driver $driver not named: $out"
    echo "$out" | grep -q -- " /dev/sdb1 /media/usb-sdb1$" || fail "$fs: wrong mount point: $out"
    echo "$out" | grep -q -- "--no-block" || fail "$fs: would block udev: $out"
done

# Filesystems with their own owners, modes and device nodes, and big kernel parsers, are refused:
# nothing is mounted, the helper does not fail udev, and the journal says why.
for fs in ext2 ext3 ext4 btrfs xfs f2fs iso9660 swap ""; do
    : >"$log"
    out=$(helper "$fs" sdc1) || fail "${fs:-no type}: non-zero status: $out"
    echo "$out" | grep -q systemd-mount && fail "${fs:-no type} would be mounted: $out"
    grep -q "not mounting /dev/sdc1: filesystem '${fs:-unknown}' is not FAT, exFAT or NTFS" "$log" ||
        fail "${fs:-no type}: refusal not logged: $(cat "$log")"
done

# Without the kiosk user a stick would belong to root: not mounted.
: >"$log"
printf '#!/bin/sh\nexit 1\n' >"$fakebin/id"
out=$(helper vfat sdd1) && fail "no kiosk user: status 0: $out"
echo "$out" | grep -q systemd-mount && fail "mounted with no kiosk user: $out"
grep -q "there is no user 'kiosk'" "$log" || fail "missing kiosk user not logged: $(cat "$log")"

# udev's kernel name becomes a folder name: anything but plain characters is refused.
if out=$(ID_FS_TYPE=vfat "$script" /dev/sdb1 "../etc" 2>&1); then
    fail "a name with a path was accepted: $out"
fi

# The udev rule matches USB filesystems only and hands the helper the node and kernel name.
rule=$deploy/udev/90-jbnm-kiosk-usb.rules
grep -q 'ENV{ID_BUS}=="usb"' "$rule" || fail "udev rule does not restrict to USB"
grep -q 'kiosk-usb-mount $devnode %k' "$rule" || fail "udev rule does not call kiosk-usb-mount"

[ "$failures" -eq 0 ] || exit 1
echo "all USB mount checks passed"
