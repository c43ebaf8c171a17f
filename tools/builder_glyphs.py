#!/usr/bin/python3
"""Prints the non-ASCII characters of the string literals in the sources whose messages the kiosk
shows staff after a workbook build (the pack builder's problems, the diff lines, the table labels):
kiosk/ui/builder_glyphs.h holds them, so the font atlas has every glyph of those messages.
Run from the repository root: tools/builder_glyphs.py > /tmp/g && compare, or --check."""
import glob
import re
import sys

SOURCES = sorted(glob.glob("kiosk/pack/*.cpp")) + [
    "kiosk/update/workbook_build.cpp", "kiosk/update/pack_diff.cpp",
    "kiosk/core/content_tables.cpp"]


def glyphs():
    chars = set()
    for path in SOURCES:
        with open(path, encoding="utf-8") as f:
            for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', f.read()):
                chars.update(ch for ch in literal if ord(ch) > 0x7F)
    return "".join(sorted(chars))


if __name__ == "__main__":
    print(glyphs())
