#!/usr/bin/python3
"""Executes every example in docs/ against the built library, so the docs cannot rot.

Format (see docs/README.md): a ```sql block is run statement by statement in the page's
connection (one fresh in-memory database per page, extension loaded, foreign_keys on).
When the next block is ```output, what the sql block printed must equal it exactly:
one line per row, columns joined by '|', NULL as an empty string, reals as SQLite's shell
prints them; an error prints 'Error: <message>' and ends the block. A sql block with no
output block after it must run without error.

Usage: run_examples.py <extension path without suffix> <docs dir>
"""
import os
import re
import sqlite3
import sys

FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.S | re.M)


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        r = "%.15g" % v
        if re.fullmatch(r"-?\d+", r):
            r += ".0"
        return r
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def statements(sql):
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


def run_block(conn, sql):
    out = []
    for stmt in statements(sql):
        try:
            cur = conn.execute(stmt)
            for row in cur.fetchall():
                out.append("|".join(fmt(v) for v in row))
        except sqlite3.Error as e:
            out.append("Error: %s" % e)
            return "\n".join(out), True
    return "\n".join(out), False


def run_page(ext, path):
    text = open(path, encoding="utf-8").read()
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension(ext)
    conn.enable_load_extension(False)
    conn.execute("PRAGMA foreign_keys = ON")
    failures, executed, checked = [], 0, 0
    for i, (lang, body) in enumerate(blocks):
        if lang != "sql":
            continue
        executed += 1
        got, errored = run_block(conn, body)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt and nxt[0] == "output":
            checked += 1
            want = nxt[1].rstrip("\n")
            if got != want:
                failures.append("%s: example %d\n--- sql\n%s--- expected\n%s\n--- got\n%s"
                                % (path, executed, body, want, got))
        elif errored:
            failures.append("%s: example %d failed: %s\n%s" % (path, executed, got, body))
    conn.close()
    return failures, executed, checked


def main():
    ext, docs = sys.argv[1], sys.argv[2]
    os.environ.setdefault("VAULTLISTER_KEY", "docs-example-key-0123456789abcdef!")
    failures, executed, checked, pages = [], 0, 0, 0
    for root, _, files in sorted(os.walk(docs)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            f, e, c = run_page(ext, os.path.join(root, name))
            failures += f
            executed += e
            checked += c
            pages += 1 if e else 0
    for f in failures:
        print(f, file=sys.stderr)
    print("docs examples: %d executed on %d pages, %d outputs compared, %d failed"
          % (executed, pages, checked, len(failures)))
    if executed == 0:
        print("no examples found", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
