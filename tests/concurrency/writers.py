#!/usr/bin/python3
"""Concurrency and write-lock tests of vaultlister (docs/reliability.md).

    writers.py EXT all           the 4-writer test, then the held-write-lock test
    writers.py EXT writers       only the 4-writer test
    writers.py EXT lock          only the held-write-lock test

EXT is the built library without its suffix. Run by tests/clients/concurrency.sh under ctest.
Debian's /usr/bin/python3 is required: pyenv builds cannot load extensions.

The 4-writer test: four processes (each its own connection that loaded the extension, WAL,
busy_timeout) record 250 sales each against 200 items of 5 units with three live listings each,
while two reader processes run vl_search and vl_health in a loop. Three writers INSERT sales
(BEGIN IMMEDIATE ... COMMIT, as an application should); the fourth goes through
vl_import_sales(), which opens its own BEGIN IMMEDIATE. The expected final state is not a
constant: every sale is its own transaction, so the sales' rowid order IS the serial order the
database chose, and a model of domain-rules.md (Sales 1, 3, 4, 5) replayed in that order must give
exactly the stock, item and listing statuses, delist queue, oversell alerts, notifications and
every net_profit found in the file. Order-independent facts (no sale lost, quantity =
max(0, 5 - units sold)) are checked as well.

The held-write-lock test: one connection holds BEGIN IMMEDIATE; another connection's
vl_migrate(), vl_import_sales(), vl_install_triggers() and vl_expire_offers() each fail with the
documented "locked" error after its busy timeout, and a snapshot of the whole file (schema and
every row of every table) is unchanged. Once the lock is released the same calls succeed, and a
TRUNCATE checkpoint completes, which it could not if a failed call had left a statement (and so
a read transaction) open on its connection.
"""
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

EXT = None
N_ITEMS = 200
UNITS = 5
THRESHOLD = 2
N_WRITERS = 4
SALES_PER_WRITER = 250
N_READERS = 2
PLATFORMS = ("ebay", "poshmark", "mercari")
BUSY_MS = 60000


def connect(path, busy_ms=BUSY_MS):
    conn = sqlite3.connect(path, isolation_level=None, timeout=busy_ms / 1000.0)
    conn.enable_load_extension(True)
    conn.load_extension(EXT)
    conn.enable_load_extension(False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = %d" % busy_ms)
    return conn


def fail(msg):
    sys.stdout.flush()
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


# ---------------------------------------------------------------- the shop ---
def item_id(n):
    return "i%03d" % n


def cost_cents(n):
    return 300 + (n % 7) * 125          # 3.00 .. 10.50


def listing_id(n, platform):
    return "l%03d-%s" % (n, platform)


def setup(path):
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("SELECT vl_migrate()")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO users(id, email, password_hash, username) "
                 "VALUES ('u1', 'maya@example.com', 'x', 'maya')")
    for n in range(N_ITEMS):
        conn.execute(
            "INSERT INTO inventory(id, user_id, sku, title, brand, list_price, cost_price, quantity, "
            "low_stock_threshold, status) VALUES (?, 'u1', ?, ?, 'Patagonia', 80, ?, ?, ?, 'active')",
            (item_id(n), "SKU-%03d" % n, "Patagonia Fleece Jacket %03d" % n, cost_cents(n) / 100.0,
             UNITS, THRESHOLD))
        for p in PLATFORMS:
            conn.execute(
                "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) "
                "VALUES (?, ?, 'u1', ?, ?, 80, 'active')",
                (listing_id(n, p), item_id(n), p, "Patagonia Fleece %03d" % n))
    conn.execute("COMMIT")
    conn.close()


# ------------------------------------------------------------- the writers ---
def plan(w):
    """The sales writer w records: deterministic, so the verifier knows each one."""
    rng = random.Random(7919 * (w + 1))
    out = []
    for k in range(SALES_PER_WRITER):
        n = rng.randrange(N_ITEMS)
        price = rng.randrange(1000, 9000)        # cents
        fee = rng.randrange(0, price // 5)
        ship = rng.choice((0, 515, 915))
        r = rng.random()
        if w == N_WRITERS - 1:
            mode = "import"
        elif r < 0.55:
            mode = "listing"
        elif r < 0.9:
            mode = "item"
        else:
            mode = "cancelled"
        out.append({"key": "w%d-%03d" % (w, k), "item": n, "platform": rng.choice(PLATFORMS),
                    "price": price, "fee": fee, "ship": ship, "mode": mode})
    return out


def money(cents):
    return "$%d.%02d" % (cents // 100, cents % 100)


def writer(path, w):
    conn = connect(path)
    for s in plan(w):
        if s["mode"] == "import":
            # Poshmark: fee = price - earnings - seller shipping discount.
            earnings = s["price"] - s["fee"] - s["ship"]
            csv = ("Poshmark Sales Report for @maya\n"
                   "Order Date,SKU,Order Id,Listing Title,Order Price,Seller Shipping Discount,"
                   "Your Earnings,Buyer Username\n"
                   "03/04/2025,SKU-%03d,%s,Patagonia Fleece,%s,%s,%s,buyer%d\n"
                   % (s["item"], s["key"], money(s["price"]), money(s["ship"]), money(earnings), w))
            rep = json.loads(conn.execute("SELECT vl_import_sales(?, 'poshmark', 'u1')",
                                          (csv.encode(),)).fetchone()[0])
            check(rep["imported"] == 1 and rep["unmatched_sku"] == 0, "import %s: %r" % (s["key"], rep))
            continue
        conn.execute("BEGIN IMMEDIATE")
        lid = listing_id(s["item"], s["platform"]) if s["mode"] == "listing" else None
        iid = None if s["mode"] == "listing" else item_id(s["item"])
        conn.execute(
            "INSERT INTO sales(id, user_id, listing_id, inventory_id, platform, platform_order_id, "
            "sale_price, platform_fee, shipping_cost, status, net_profit) "
            "VALUES (?, 'u1', ?, ?, ?, ?, ?, ?, ?, ?, 12345)",
            (s["key"], lid, iid, s["platform"], s["key"], s["price"] / 100.0, s["fee"] / 100.0,
             s["ship"] / 100.0, "cancelled" if s["mode"] == "cancelled" else "pending"))
        conn.execute("COMMIT")
    conn.close()


def reader(path, stop_file, out_file):
    """Loops until the writers are done. Every statement reads one consistent snapshot, so every
    invariant must hold in each; what does not is collected (not fatal at once) so the run still
    verifies the final state and then reports everything that went wrong."""
    conn = connect(path)
    loops = 0
    problems = {}

    def saw(what):
        problems[what] = problems.get(what, 0) + 1

    while not os.path.exists(stop_file) or loops < 3:
        try:
            hits = conn.execute("SELECT count(*) FROM vl_search('patagonia fle')").fetchone()[0]
            if hits == 0:
                saw("vl_search found nothing")
            for name, detail in conn.execute("SELECT name, detail FROM vl_health WHERE status <> 'ok'"):
                saw("vl_health %s: %s" % (name, detail))
            if conn.execute("SELECT count(*) FROM inventory WHERE quantity < 0").fetchone()[0]:
                saw("a negative quantity")
            if conn.execute("SELECT count(*) FROM listings l JOIN inventory i ON i.id = l.inventory_id "
                            "WHERE i.quantity = 0 AND l.status IN ('active', 'pending')").fetchone()[0]:
                saw("a live listing of a sold-out item")
        except sqlite3.Error as e:
            saw("error: %s" % e)
        loops += 1
    conn.close()
    with open(out_file, "w") as f:
        json.dump({"loops": loops, "problems": problems}, f)


# ------------------------------------------------------------------ model ---
def cents(x):
    return int(round(x * 100))


def verify(path):
    conn = connect(path)
    check(conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity_check")
    check(conn.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign_key_check")
    bad = conn.execute("SELECT name, detail FROM vl_health WHERE status <> 'ok'").fetchall()
    check(not bad, "vl_health after the run: %r" % bad)

    # No sale lost: every planned sale is there exactly once, with the amounts it was given.
    rows = conn.execute(
        "SELECT rowid, id, listing_id, inventory_id, platform, platform_order_id, status, "
        "sale_price, platform_fee, shipping_cost, net_profit FROM sales ORDER BY rowid").fetchall()
    check(len(rows) == N_WRITERS * SALES_PER_WRITER,
          "%d sales, want %d" % (len(rows), N_WRITERS * SALES_PER_WRITER))
    by_order = {r[5]: r for r in rows}
    planned = {s["key"]: s for w in range(N_WRITERS) for s in plan(w)}
    check(set(by_order) == set(planned), "sales lost or invented")
    for key, s in planned.items():
        r = by_order[key]
        check((cents(r[7]), cents(r[8]), cents(r[9])) == (s["price"], s["fee"], s["ship"]),
              "sale %s amounts %r" % (key, r[7:10]))
        check(r[3] == item_id(s["item"]), "sale %s item %r" % (key, r[3]))

    # Replay domain-rules.md in the order the database serialized the sales.
    qty = {item_id(n): UNITS for n in range(N_ITEMS)}
    istatus = {item_id(n): "active" for n in range(N_ITEMS)}
    lstatus = {listing_id(n, p): "active" for n in range(N_ITEMS) for p in PLATFORMS}
    lsold_at = set()
    queue, alerts, notes = [], [], []
    for (_, sid, lid, iid, platform, _, status, price, fee, ship, profit) in rows:
        n = int(iid[1:])
        want = cents(price) - cents(fee) - cents(ship) - cost_cents(n)
        check(cents(profit) == want and abs(profit * 100 - want) < 1e-6,
              "net_profit of %s is %r, want %.2f" % (sid, profit, want / 100.0))
        if status in ("cancelled", "returned"):
            continue
        if qty[iid] == 0:
            alerts.append((sid, iid, lid, platform))
            notes.append(("oversell", sid, iid))
        if qty[iid] == 1:
            for p in PLATFORMS:
                other = listing_id(n, p)
                if other != lid and lstatus[other] in ("active", "pending"):
                    queue.append((other, p, sid, lstatus[other], "sold_out"))
                    lstatus[other] = "ended"
            if lid is not None and lstatus[lid] == "active":
                lstatus[lid] = "sold"
                lsold_at.add(lid)
        if qty[iid] > 0:
            old = qty[iid]
            qty[iid] -= 1
            if qty[iid] == 0:
                istatus[iid] = "sold"
                for p in PLATFORMS:   # inventory_sold_out: whatever is still live
                    other = listing_id(n, p)
                    if lstatus[other] in ("active", "pending"):
                        queue.append((other, p, None, lstatus[other], "out_of_stock"))
                        lstatus[other] = "ended"
            if 0 < qty[iid] <= THRESHOLD < old:
                notes.append(("low_stock", None, iid))

    got = dict(conn.execute("SELECT id, quantity || '|' || status FROM inventory").fetchall())
    check(got == {i: "%d|%s" % (qty[i], istatus[i]) for i in qty}, "inventory differs from the rules")
    # Order-independent: stock is exactly what was not sold, never below 0.
    taken = {i: 0 for i in qty}
    for r in rows:
        if r[6] not in ("cancelled", "returned"):
            taken[r[3]] += 1
    check(all(qty[i] == max(0, UNITS - taken[i]) for i in qty), "stock != max(0, units - sold)")
    sold_out = sum(1 for i in qty if qty[i] == 0)
    oversold = sum(max(0, taken[i] - UNITS) for i in qty)
    check(sold_out > 20 and oversold > 20 and sold_out < N_ITEMS, "the plan must sell out and oversell")

    got = dict(conn.execute("SELECT id, status || '|' || (sold_at IS NOT NULL) FROM listings").fetchall())
    check(got == {l: "%s|%d" % (lstatus[l], l in lsold_at) for l in lstatus}, "listings differ from the rules")

    got = sorted(conn.execute(
        "SELECT entity_id, platform, json_extract(payload, '$.sale_id'), "
        "json_extract(payload, '$.previous_status'), json_extract(payload, '$.reason') FROM sync_queue "
        "WHERE action = 'delist' AND entity_type = 'listing' AND user_id = 'u1' AND status = 'pending'").fetchall(),
        key=repr)
    check(got == sorted(queue, key=repr), "delist queue differs: %d rows, want %d" % (len(got), len(queue)))
    check(conn.execute("SELECT count(*) FROM sync_queue").fetchone()[0] == len(queue), "extra sync_queue rows")

    got = sorted(conn.execute(
        "SELECT json_extract(data, '$.sale_id'), json_extract(data, '$.inventory_id'), "
        "json_extract(data, '$.listing_id'), json_extract(data, '$.platform') FROM alerts "
        "WHERE type = 'oversell' AND severity = 'critical'").fetchall(), key=repr)
    check(got == sorted(alerts, key=repr), "oversell alerts differ: %d, want %d" % (len(got), len(alerts)))
    check(conn.execute("SELECT count(*) FROM alerts").fetchone()[0] == len(alerts) == oversold,
          "alerts count != oversold units")

    got = sorted(conn.execute(
        "SELECT type, json_extract(data, '$.sale_id'), json_extract(data, '$.inventory_id') "
        "FROM notifications").fetchall(), key=repr)
    check(got == sorted(notes, key=repr), "notifications differ: %d, want %d" % (len(got), len(notes)))
    conn.close()
    return len(rows), sold_out, oversold, len(queue)


def run_writers(tmp):
    path = os.path.join(tmp, "shop.db")
    setup(path)
    stop = os.path.join(tmp, "stop")
    me = os.path.abspath(__file__)
    readers = [subprocess.Popen([sys.executable, me, EXT, "_reader", path, stop,
                                 os.path.join(tmp, "reader%d" % r)]) for r in range(N_READERS)]
    writers = [subprocess.Popen([sys.executable, me, EXT, "_writer", path, str(w)])
               for w in range(N_WRITERS)]
    codes = [p.wait() for p in writers]
    open(stop, "w").close()
    rcodes = [p.wait() for p in readers]
    check(codes == [0] * N_WRITERS, "writer exit codes %r" % codes)
    check(rcodes == [0] * N_READERS, "reader exit codes %r" % rcodes)
    seen = [json.load(open(os.path.join(tmp, "reader%d" % r))) for r in range(N_READERS)]
    total, sold_out, oversold, delists = verify(path)
    print("ok: final state: %d sales from %d writers, none lost; %d items sold out, %d oversold "
          "units, %d delists, every net_profit right, integrity_check ok"
          % (total, N_WRITERS, sold_out, oversold, delists))
    problems = {}
    for r in seen:
        for what, n in r["problems"].items():
            problems[what] = problems.get(what, 0) + n
    check(not problems, "readers (%s loops) saw: %s" % ("+".join(str(r["loops"]) for r in seen),
                                                        "; ".join("%s (x%d)" % kv for kv in sorted(problems.items()))))
    print("ok: readers ran %s loops of vl_search + vl_health, every snapshot consistent"
          % "+".join(str(r["loops"]) for r in seen))


# ------------------------------------------------------- held write lock ---
def snapshot(conn):
    """sha256 over the schema and every row of every table (sqlite_master order)."""
    h = hashlib.sha256()
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"):
        h.update(repr(r).encode())
    for t in names:
        if t.startswith("sqlite_stat"):
            continue
        qt = '"' + t.replace('"', '""') + '"'
        try:
            for r in conn.execute("SELECT * FROM %s ORDER BY 1" % qt):
                h.update(repr(r).encode())
        except sqlite3.OperationalError:   # FTS5 shadow-free virtual tables read fine; others skip
            h.update(("unreadable " + t).encode())
    return h.hexdigest(), len(names)


LOCKED = "vaultlister: %s: the database is locked by another connection " \
         "(retry when the other writer has finished, or raise the busy timeout)"


def expect_locked(conn, sql, fn, args=()):
    try:
        conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as e:
        check(str(e) == LOCKED % fn, "%s: got %r" % (fn, str(e)))
        check(not conn.in_transaction, "%s left a transaction open" % fn)
        return
    fail("%s succeeded while another connection held the write lock" % fn)


def run_lock(tmp):
    csv = (b"Poshmark Sales Report for @maya\n"
           b"Order Date,SKU,Order Id,Listing Title,Order Price,Seller Shipping Discount,"
           b"Your Earnings,Buyer Username\n"
           b"03/04/2025,SKU-001,lock-1,Patagonia Fleece,$45.00,$2.00,$34.00,shopper1\n")
    for migrated in (False, True):
        path = os.path.join(tmp, "lock-%d.db" % migrated)
        holder = connect(path)
        holder.execute("PRAGMA journal_mode = WAL")
        if migrated:
            holder.execute("SELECT vl_migrate()")
            holder.execute("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'm@x', 'x', 'maya')")
            holder.execute("INSERT INTO inventory(id, user_id, sku, title, list_price, quantity, status) "
                           "VALUES ('i1', 'u1', 'SKU-001', 'Fleece', 50, 1, 'active')")
            holder.execute("INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) "
                           "VALUES ('l1', 'i1', 'u1', 'ebay', 'Fleece', 50, 'active')")
            holder.execute("INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, expires_at) "
                           "VALUES ('o1', 'u1', 'l1', 'ebay', 40, '2026-01-01 00:00:00')")
            # A dropped trigger gives vl_migrate (which reinstalls missing triggers) and
            # vl_install_triggers something to write.
            holder.execute("DROP TRIGGER sales_after_insert")
        else:
            holder.execute("CREATE TABLE before_migrate(x)")
        before = snapshot(holder)
        other = connect(path, busy_ms=300)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE IF NOT EXISTS held(x)")  # a write in the open transaction
        t0 = time.monotonic()
        expect_locked(other, "SELECT vl_migrate()", "vl_migrate")
        waited = time.monotonic() - t0
        if migrated:
            expect_locked(other, "SELECT vl_import_sales(?, 'poshmark', 'u1')", "vl_import_sales", (csv,))
            expect_locked(other, "SELECT vl_install_triggers()", "vl_install_triggers")
            expect_locked(other, "SELECT vl_expire_offers('2026-11-25 12:00:00')", "vl_expire_offers")
        holder.execute("ROLLBACK")
        check(waited >= 0.25, "vl_migrate gave up after %.3fs, before its 0.3s busy timeout" % waited)
        check(snapshot(other) == before, "the file changed after refused calls (migrated=%s)" % migrated)
        # Released: the same calls now succeed on the same connection.
        rep = json.loads(other.execute("SELECT vl_migrate()").fetchone()[0])
        check(rep["to"] > 0, "vl_migrate after release: %r" % rep)
        if migrated:
            check(other.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sales_after_insert'")
                  .fetchone()[0] == 1, "trigger not back")
            check(other.execute("SELECT vl_install_triggers()").fetchone()[0] > 0, "install_triggers")
            check(other.execute("SELECT vl_expire_offers('2026-11-25 12:00:00')").fetchone()[0] == 1,
                  "expire_offers after release")
            rep = json.loads(other.execute("SELECT vl_import_sales(?, 'poshmark', 'u1')", (csv,)).fetchone()[0])
            check(rep["imported"] == 1, "import after release: %r" % rep)
            check(holder.execute("SELECT quantity, status FROM inventory").fetchone() == (0, "sold"),
                  "the imported sale did not take the unit")
        # A leftover statement of `other` would pin a read snapshot and block TRUNCATE.
        busy, _, _ = holder.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        check(busy == 0, "checkpoint blocked: a statement was left open")
        other.close()
        holder.close()
    print("ok: held write lock: vl_migrate, vl_import_sales, vl_install_triggers, vl_expire_offers "
          "refused cleanly after the busy timeout, file unchanged, then succeeded")


def main():
    global EXT
    EXT = sys.argv[1]
    what = sys.argv[2] if len(sys.argv) > 2 else "all"
    if what == "_writer":
        writer(sys.argv[3], int(sys.argv[4]))
        return
    if what == "_reader":
        reader(sys.argv[3], sys.argv[4], sys.argv[5])
        return
    with tempfile.TemporaryDirectory() as tmp:
        if what in ("all", "lock"):
            run_lock(tmp)
        if what in ("all", "writers"):
            run_writers(tmp)


if __name__ == "__main__":
    main()
