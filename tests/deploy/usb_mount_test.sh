#!/bin/sh
# kiosk-usb-mount (run by udev for each USB filesystem), in dry-run mode: every stick is mounted
# noexec,nosuid,nodev under the media root; odd names and unknown filesystems are not mounted.
# Usage: usb_mount_test.sh DEPLOY_SOURCE_DIR
set -u
deploy=${1:?usage: usb_mount_test.sh DEPLOY_SOURCE_DIR}
script=$deploy/session/kiosk-usb-mount
export KIOSK_USB_DRY_RUN=1
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

for fs in vfat exfat ntfs ext4; do
    out=$(ID_FS_TYPE=$fs "$script" /dev/sdb1 sdb1 2>&1) || fail "$fs: non-zero status: $out"
    for option in noexec nosuid nodev; do
        echo "$out" | grep -Eq -- "--options=([^ ]*,)?$option(,| )" || fail "$fs: no $option in: $out"
    done
    echo "$out" | grep -q -- " /dev/sdb1 /media/usb-sdb1$" || fail "$fs: wrong mount point: $out"
    echo "$out" | grep -q -- "--no-block" || fail "$fs: would block udev: $out"
done
out=$(ID_FS_TYPE=ntfs "$script" /dev/sdc1 sdc1) && echo "$out" | grep -q -- "--type=ntfs3" ||
    fail "ntfs should use the kernel's ntfs3 driver: $out"

# With the kiosk user present, FAT/exFAT/NTFS sticks belong to it so it can write its report.
fakebin=$(mktemp -d)
trap 'rm -rf "$fakebin"' EXIT
printf '#!/bin/sh\n[ "$2" = kiosk ] && echo 998\n' >"$fakebin/id"
chmod +x "$fakebin/id"
for fs in vfat exfat ntfs; do
    out=$(PATH="$fakebin:$PATH" ID_FS_TYPE=$fs "$script" /dev/sdb1 sdb1)
    echo "$out" | grep -q "uid=998,gid=998,umask=0077" || fail "$fs: not owned by kiosk: $out"
done

# udev's kernel name becomes a folder name: anything but plain characters is refused.
if out=$(ID_FS_TYPE=vfat "$script" /dev/sdb1 "../etc" 2>&1); then
    fail "a name with a path was accepted: $out"
fi
# A filesystem the kiosk cannot use (e.g. a swap partition or iso9660) is left alone.
out=$(ID_FS_TYPE=swap "$script" /dev/sdb2 sdb2 2>&1) || fail "swap: should exit 0 quietly"
echo "$out" | grep -q systemd-mount && fail "swap would be mounted: $out"

# The udev rule matches USB filesystems only and hands the helper the node and kernel name.
rule=$deploy/udev/90-jbnm-kiosk-usb.rules
grep -q 'ENV{ID_BUS}=="usb"' "$rule" || fail "udev rule does not restrict to USB"
grep -q 'kiosk-usb-mount $devnode %k' "$rule" || fail "udev rule does not call kiosk-usb-mount"

[ "$failures" -eq 0 ] && echo "all USB mount checks passed"
exit "$failures"
