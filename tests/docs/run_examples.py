#!/usr/bin/python3
"""Executes every example in docs/ against the built library, so the docs cannot rot.

Format (see docs/README.md): a ```sql block is run statement by statement in the page's
connection (one fresh in-memory database per page, extension loaded, foreign_keys on).
When the next block is ```output, what the sql block printed must equal it exactly:
one line per row, columns joined by '|', NULL as an empty string, reals as SQLite's shell
prints them; an error prints 'Error: <message>' and ends the block. A sql block with no
output block after it must run without error.

Usage: run_examples.py [--shell COMMAND] <extension path without suffix> <docs dir>

--shell runs each page in a sqlite3 shell instead of Python's sqlite3 module, with the same
expected output: COMMAND is split on spaces and started with the page's statements on stdin
(make test-windows: "wine64 build-win/sqlite3.exe", the extension path in Windows form). Each
statement is preceded by a marker line; the shell runs with .bail on, so an error ends the
process: it is reported for its block like the module's error, then the page resumes in a fresh
shell that first replays, silently, every statement that had succeeded.
"""
import os
import re
import shlex
import sqlite3
import subprocess
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


def judge(path, blocks, i, number, got, errored, failures):
    """Compares sql block i's output with the output block after it, if any (returns 1 then);
    a block without one must not have failed. Appends what is wrong to failures."""
    body = blocks[i][1]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt and nxt[0] == "output":
        want = nxt[1].rstrip("\n")
        if got != want:
            failures.append("%s: example %d\n--- sql\n%s--- expected\n%s\n--- got\n%s"
                            % (path, number, body, want, got))
        return 1
    if errored:
        failures.append("%s: example %d failed: %s\n%s" % (path, number, got, body))
    return 0


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
        checked += judge(path, blocks, i, executed, got, errored, failures)
    conn.close()
    return failures, executed, checked


MARK = "~vl-example~"
SHELL_ERROR = re.compile(r"^(?:Parse error|Runtime error|Error)(?: near line \d+)?: (.*)$")


def shell_run(cmd, ext, stmts):
    """Runs (block, statement) pairs in one shell; returns {pair: output lines} for those that ran,
    and (pair, message) for the one that failed, or None."""
    # The module's connection settings: foreign keys on (run_page), a 5 s busy timeout (Python's).
    script = [".bail on", ".timeout 5000", ".load %s" % ext, "PRAGMA foreign_keys = ON;"]
    for key, sql in stmts:
        script.append(".print %s %d %d" % (MARK, key[0], key[1]))
        script.append(sql if sql.rstrip().endswith(";") else sql + ";")
    proc = subprocess.run(cmd, input="\n".join(script) + "\n", capture_output=True,
                          text=True, encoding="utf-8", errors="replace")
    outs, cur = {}, None
    for line in proc.stdout.replace("\r\n", "\n").split("\n"):
        if line.startswith(MARK + " "):
            b, n = line[len(MARK) + 1:].split()
            cur = (int(b), int(n))
            outs[cur] = []
        elif cur is not None:
            outs[cur].append(line)
    if cur is not None and outs[cur] and outs[cur][-1] == "":
        outs[cur].pop()
    if proc.returncode == 0:
        return outs, None
    err = proc.stderr.replace("\r\n", "\n").split("\n")[0]
    m = SHELL_ERROR.match(err)
    # The shell adds the result code of a failed step, " (19)"; the module's message has none.
    return outs, (cur, re.sub(r" \(\d+\)$", "", m.group(1)) if m else err)


def run_page_shell(cmd, ext, path):
    text = open(path, encoding="utf-8").read()
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    sql_blocks = [(i, list(statements(body))) for i, (lang, body) in enumerate(blocks) if lang == "sql"]
    pending = [((i, n), s) for i, stmts in sql_blocks for n, s in enumerate(stmts)]
    done, results, errors = [], {}, {}
    while pending:
        outs, failed = shell_run(cmd, ext, done + pending)
        ran = [p for p in pending if p[0] in outs]
        if failed is None:
            for key, _ in ran:
                results[key] = outs[key]
            break
        key, message = failed
        if key is None or key in [d[0] for d in done]:
            return ["%s: the shell failed before running its examples: %s" % (path, message)], 0, 0
        for k, _ in ran:
            results[k] = outs[k]
        errors[key[0]] = message
        # The rest of the failed statement's block is skipped, as in run_block.
        done += [p for p in ran if p[0] != key]
        pending = [p for p in pending if p[0][0] > key[0]]
    failures, executed, checked = [], 0, 0
    for i, stmts in sql_blocks:
        executed += 1
        out = []
        for n in range(len(stmts)):
            if (i, n) in results:
                out += results[(i, n)]
        if i in errors:
            out.append("Error: %s" % errors[i])
        checked += judge(path, blocks, i, executed, "\n".join(out), i in errors, failures)
    return failures, executed, checked


def main():
    args = sys.argv[1:]
    shell = None
    if args[:1] == ["--shell"]:
        shell, args = shlex.split(args[1]), args[2:]
    ext, docs = args[0], args[1]
    os.environ.setdefault("VAULTLISTER_KEY", "docs-example-key-0123456789abcdef!")
    failures, executed, checked, pages = [], 0, 0, 0
    for root, _, files in sorted(os.walk(docs)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            page = os.path.join(root, name)
            f, e, c = run_page_shell(shell, ext, page) if shell else run_page(ext, page)
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
