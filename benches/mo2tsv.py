#!/usr/bin/env python3
"""Reads gettext .mo catalogs into English → French / German TSV pairs.

Usage: mo2tsv.py EXTRACT_DIR OUT_DIR

EXTRACT_DIR holds one folder per unpacked package; every
usr/share/locale/{fr,de}/LC_MESSAGES/*.mo in them is read. Writes
OUT_DIR/en-fr.tsv, OUT_DIR/en-de.tsv (source TAB target, one pair a line) and
OUT_DIR/counts.txt (pairs each package contributed, after de-duplication).

Kept: entries with a non-empty msgid and msgstr, no plural forms, a source of
at most 1,000 characters with at least one letter. The message context
(msgctxt) is dropped, white space (including newlines and tabs) is collapsed
to one space, and a (source, target) pair seen before is skipped. Compiled .mo
files hold no fuzzy entries (msgfmt leaves them out).
"""

import os
import re
import struct
import sys

WS = re.compile(r"\s+")
LETTER = re.compile(r"[^\W\d_]")
MAX_SOURCE_CHARS = 1000


def read_mo(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x950412DE:
        end = "<"
    elif magic == 0xDE120495:
        end = ">"
    else:
        raise ValueError(f"{path}: not a .mo file")
    _rev, n, orig, trans = struct.unpack(end + "4I", data[4:20])
    for i in range(n):
        olen, ooff = struct.unpack(end + "2I", data[orig + 8 * i : orig + 8 * i + 8])
        tlen, toff = struct.unpack(end + "2I", data[trans + 8 * i : trans + 8 * i + 8])
        yield data[ooff : ooff + olen], data[toff : toff + tlen]


def clean(raw):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return WS.sub(" ", text).strip()


def main():
    extract, out = sys.argv[1], sys.argv[2]
    counts = []
    for lang in ("fr", "de"):
        seen = set()
        pairs = []
        for pkg in sorted(os.listdir(extract)):
            base = os.path.join(extract, pkg, "usr/share/locale", lang, "LC_MESSAGES")
            if not os.path.isdir(base):
                counts.append((pkg, lang, 0))
                continue
            got = 0
            for name in sorted(os.listdir(base)):
                if not name.endswith(".mo"):
                    continue
                for msgid, msgstr in read_mo(os.path.join(base, name)):
                    if not msgid or b"\0" in msgid or b"\0" in msgstr:
                        continue  # header or plural forms
                    if b"\x04" in msgid:
                        msgid = msgid.split(b"\x04", 1)[1]  # drop msgctxt
                    src, tgt = clean(msgid), clean(msgstr)
                    if not src or not tgt or len(src) > MAX_SOURCE_CHARS or not LETTER.search(src):
                        continue
                    if (src, tgt) in seen:
                        continue
                    seen.add((src, tgt))
                    pairs.append((src, tgt))
                    got += 1
            counts.append((pkg, lang, got))
        with open(os.path.join(out, f"en-{lang}.tsv"), "w", encoding="utf-8") as f:
            for src, tgt in pairs:
                f.write(f"{src}\t{tgt}\n")
    with open(os.path.join(out, "counts.txt"), "w", encoding="utf-8") as f:
        total = {}
        for pkg, lang, got in counts:
            f.write(f"{pkg}\t{lang}\t{got}\n")
            total[lang] = total.get(lang, 0) + got
        for lang, got in total.items():
            f.write(f"TOTAL\t{lang}\t{got}\n")


if __name__ == "__main__":
    main()
