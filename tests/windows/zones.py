#!/usr/bin/python3
"""make test-windows: the same vl_cron_next answers on Linux and Windows for every zone name.

zones.py <tzdata folder>            prints SQL: one row per Zone and Link name of the folder's
                                    text files, `name|t1|t2|...`, the UTC times of two schedules
                                    after instants around 2026's DST changes (US, EU, southern).
zones.py --explain <tzdata> <diff>  reads diff(1) output of the Linux and Windows rows. The Linux
                                    library reads the installed tzdata package, the DLL the folder
                                    (the newest bookworm tzdata source): when they are different
                                    releases a zone may really have changed between them. Each
                                    differing zone's 2026-2027 transitions are listed by zdump from
                                    /usr/share/zoneinfo and from the folder compiled by zic: a zone
                                    whose transitions differ is explained by the data; any other
                                    difference is a bug, and the exit status is 1.
"""
import os
import re
import subprocess
import sys
import tempfile

FILES = ["africa", "antarctica", "asia", "australasia", "backward", "etcetera", "europe",
         "northamerica", "southamerica"]
INSTANTS = ["2026-01-15 12:00:00", "2026-03-07 12:00:00", "2026-03-08 12:00:00",
            "2026-03-28 12:00:00", "2026-03-29 12:00:00", "2026-04-04 12:00:00",
            "2026-06-15 12:00:00", "2026-10-03 12:00:00", "2026-10-24 12:00:00",
            "2026-10-25 12:00:00", "2026-10-31 12:00:00", "2026-11-01 12:00:00"]
SCHEDULES = ["0 9 * * *", "30 2 * * *"]


def names(tzdir):
    out = set()
    for f in FILES:
        for line in open(os.path.join(tzdir, f), encoding="utf-8"):
            w = line.split("#", 1)[0].split()
            if len(w) >= 2 and w[0] == "Zone":
                out.add(w[1])
            elif len(w) >= 3 and w[0] == "Link":
                out.add(w[2])
    return sorted(out)


def version(path):
    try:
        first = open(path, encoding="utf-8").readline()
    except OSError:
        return None
    m = re.search(r"(\d{4}[a-z])", first)
    return m.group(1) if m else None


def transitions(tzdir, zone):
    path = os.path.join(tzdir, zone)
    out = subprocess.run(["zdump", "-v", "-c", "2026,2028", path], capture_output=True, text=True).stdout
    return [l[len(path):].strip() for l in out.splitlines() if "NULL" not in l]


def main():
    if sys.argv[1] == "--explain":
        tzdir, diff = sys.argv[2], sys.argv[3]
        win_v = version(os.path.join(tzdir, "version"))
        lin_v = version("/usr/share/zoneinfo/tzdata.zi")
        zones = sorted({l[2:].split("|")[0] for l in open(diff, encoding="utf-8")
                        if l.startswith(("< ", "> "))})
        print("vl_cron_next differs between Linux (tzdata %s) and Windows (tzdata %s) for %d zone(s): %s"
              % (lin_v, win_v, len(zones), " ".join(zones)))
        with tempfile.TemporaryDirectory() as compiled:
            subprocess.run(["/usr/sbin/zic", "-d", compiled] + [os.path.join(tzdir, f) for f in FILES],
                           check=True, capture_output=True)
            unexplained = []
            for z in zones:
                lin = transitions("/usr/share/zoneinfo", z)
                win = transitions(compiled, z)
                if lin == win:
                    unexplained.append(z)
            if unexplained:
                print("the same 2026-2027 transitions in both tz releases, yet different answers: %s"
                      % " ".join(unexplained))
                return 1
        print("each of them has different 2026-2027 transitions in tzdata %s and %s: explained by the data"
              % (lin_v, win_v))
        return 0
    for z in names(sys.argv[1]):
        cols = ", ".join("vl_cron_next('%s', '%s', '%s')" % (s, t, z)
                         for s in SCHEDULES for t in INSTANTS)
        print("SELECT '%s', %s;" % (z, cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
