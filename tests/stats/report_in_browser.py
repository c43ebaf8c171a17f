#!/usr/bin/env python3
"""The exported statistics report in a real browser (Debian's chromium, headless, file:// only).

Makes a statistics database of 45 synthetic days with `kiosk-pack stats-synth` (items drawn from
the built-in pack, installed as current.db, plus two that are not in it), writes the report with
`kiosk-pack stats`, then has chromium dump the rendered DOM (charts present: the day bars, the
168 heat-map cells, removed items marked) and take a screenshot that must not be blank.

usage: report_in_browser.py KIOSK_PACK BUILTIN_PACK [--keep DIR]
  --keep DIR  also copy the report folder and screenshot.png into DIR (to look at them)
Sections: running things · PNG check · the test
"""
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib

DAYS = 45
TODAY = "2026-12-02"
BROWSER_TIMEOUT_S = 90


# --- running things ---

def run(cmd, timeout=120):
    """Runs cmd in its own process group; kills the whole group when it overruns."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        sys.exit(f"FAIL: timed out after {timeout} s: {' '.join(cmd)}")
    if proc.returncode != 0:
        sys.exit(f"FAIL: exit {proc.returncode}: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return out


def no_network_prefix():
    """A private network namespace with nothing in it, when we may make one (root in CI)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def chromium(profile, url, *extra):
    cmd = no_network_prefix() + [
        "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
        f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--disable-default-apps", "--disable-breakpad",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,3000",
        "--hide-scrollbars", *extra, url]
    return run(cmd, timeout=BROWSER_TIMEOUT_S)


# --- PNG check ---

def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA PNG, unfiltered."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("FAIL: the screenshot is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                sys.exit(f"FAIL: unexpected PNG format depth {depth} colour {colour}")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif f == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def check_screenshot(path):
    width, height, bpp, rows = png_pixels(path)
    if (width, height) != (1280, 3000):
        sys.exit(f"FAIL: screenshot is {width}×{height}, not 1280×3000")
    colours = set()
    for y in range(0, height, 7):
        line = rows[y]
        for x in range(0, width * bpp, bpp * 5):
            colours.add(bytes(line[x:x + 3]))
    # The navy header, the teal and amber accents must all be on screen.
    def near(rgb):
        return any(all(abs(c[i] - rgb[i]) <= 12 for i in range(3)) for c in colours)
    for name, rgb in (("navy", (0x0B, 0x1F, 0x33)), ("teal", (0x19, 0xC3, 0xB1)),
                      ("amber", (0xF5, 0xA5, 0x24))):
        if not near(rgb):
            sys.exit(f"FAIL: no {name} in the screenshot: blank or unstyled?")
    if len(colours) < 50:
        sys.exit(f"FAIL: only {len(colours)} colours in the screenshot: blank?")


# --- the test ---

def main():
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        keep = args[args.index("--keep") + 1]
        del args[args.index("--keep"):args.index("--keep") + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    kiosk_pack, builtin = args
    if not os.access("/usr/bin/chromium", os.X_OK):
        sys.exit("FAIL: /usr/bin/chromium is missing: apt-get install chromium (./dev.sh does)")
    tmp = tempfile.mkdtemp(prefix="stats-report-")
    try:
        data, out = os.path.join(tmp, "data"), os.path.join(tmp, "out")
        os.makedirs(data)
        shutil.copy(builtin, os.path.join(data, "current.db"))
        run([kiosk_pack, "stats-synth", "--data-dir", data, "--days", str(DAYS),
             "--sessions-per-day", "150", "--seed", "7", "--today", TODAY, "--content", builtin])
        run([kiosk_pack, "stats", "--data-dir", data, "-o", out, "--days", str(DAYS),
             "--today", TODAY])
        report = os.path.join(out, "report.html")
        url = "file://" + report
        dom = chromium(os.path.join(tmp, "profile-dom"), url, "--dump-dom").decode()
        checks = {
            "svg charts": (dom.count("<svg"), lambda n: n >= 6),
            "heat-map cells": (dom.count('class="heat-cell"'), lambda n: n == 168),
            "day bars": (dom.count('class="day-bar"'), lambda n: n == DAYS),
            "item rows": (dom.count('class="item-row'), lambda n: n >= 10),
            "removed marks": (dom.count("（已删除）"), lambda n: n >= 1),
            "scripts": (dom.count("<script"), lambda n: n == 0),
        }
        for name, (count, ok) in checks.items():
            if not ok(count):
                sys.exit(f"FAIL: {name}: {count} in the rendered page")
        shot = os.path.join(tmp, "screenshot.png")
        chromium(os.path.join(tmp, "profile-shot"), url, f"--screenshot={shot}")
        check_screenshot(shot)
        if keep:
            shutil.copytree(out, keep, dirs_exist_ok=True)
            shutil.copy(shot, os.path.join(keep, "screenshot.png"))
        print(f"ok: {DAYS} days rendered; " +
              ", ".join(f"{k} {v[0]}" for k, v in checks.items()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
