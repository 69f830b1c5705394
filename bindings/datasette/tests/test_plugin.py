"""datasette-vaultlister against the real Datasette 0.64.8 over HTTP: every canned query, the search
form, the JSON API, money cells, the dashboard's chart, and the key functions kept out of the SQL box.
Expected rows come from the oracle (the same file, read directly) by other means than the plugin's
SQL wherever the plugin's SQL is not simply a call of a library function."""
import datetime as dt
import markupsafe
from decimal import ROUND_HALF_UP, Decimal
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest

from conftest import DB_NAME, DEMO_KEY, Server, env, start_datasette

CANNED = ["search", "delist_queue", "profit_and_loss", "stale_listings", "inventory_aging", "oversell_alerts",
          "health"]
PL_WINDOW = ("0001-01-01", "9999-12-31")   # queries.PROFIT_WINDOW, restated: the test states what it expects
PL_MONEY = ("gross", "refunds", "fees", "shipping", "cogs", "expenses", "net")


def test_versions_and_plugin(server):
    _, versions = server.json("/-/versions.json")
    assert versions["datasette"]["version"] == "0.64.8"
    _, plugins = server.json("/-/plugins.json")
    (plugin,) = [p for p in plugins if p["name"] == "datasette-vaultlister"]
    assert set(plugin["hooks"]) >= {"prepare_connection", "canned_queries", "render_cell", "register_routes"}
    # prepare_connection loaded the library: its functions answer in the SQL box.
    rows = server.rows("/%s.json" % DB_NAME, sql="SELECT vl_version() AS v, vl_schema_version() AS s")
    migrations = [f for f in os.listdir(os.path.join(env("VL_SOURCE"), "sql")) if re.match(r"\d{4}_.*\.sql$", f)]
    assert rows[0]["s"] == len(migrations) >= 7 and rows[0]["v"] == open(os.path.join(env("VL_SOURCE"), "VERSION")).readline().strip()
    rows = server.rows("/%s.json" % DB_NAME, sql="SELECT json_extract(vl_info(), '$.entry_point') AS e")
    assert rows == [{"e": "sqlite3_vaultlister_nosecrets_init"}]


def test_canned_queries_listed(server):
    _, db = server.json("/%s.json" % DB_NAME)
    assert [q["name"] for q in db["queries"]] == CANNED
    assert [q["title"] for q in db["queries"]] == [
        "Search", "Delist queue", "Profit and loss by month and platform", "Stale listings and aging",
        "Inventory aging", "Oversell alerts", "Health"]
    status, page = server.get("/" + DB_NAME)
    assert status == 200 and "Stale listings and aging" in page


def expected_search(oracle, q):
    return [r["title"] for r in oracle.execute("SELECT title FROM vl_search(?) ORDER BY rank LIMIT 50", (q,))]


@pytest.mark.parametrize("q", ["levi's 50", "Levi's"])
def test_search_with_an_apostrophe(server, oracle, q):
    rows = server.rows("/%s/search.json" % DB_NAME, q=q)
    titles = [r["title"] for r in rows]
    assert titles == expected_search(oracle, q)
    assert titles and all(t.startswith("Levi's ") for t in titles), titles
    # Every column the query promises, with the item's own values.
    first = oracle.execute("SELECT sku, list_price, status FROM inventory WHERE title = ?", (titles[0],)).fetchone()
    assert (rows[0]["sku"], rows[0]["list_price"], rows[0]["status"]) == tuple(first)
    # The form page: the typed query back in the box, the titles in the table (HTML-escaped).
    status, page = server.get("/%s/search" % DB_NAME, q=q)
    assert status == 200
    assert 'value="%s"' % markupsafe.escape(q) in page
    for t in titles:
        assert markupsafe.escape(t) in page


def test_search_empty_box_shows_nothing(server):
    assert server.rows("/%s/search.json" % DB_NAME, q="") == []
    assert server.rows("/%s/search.json" % DB_NAME, q="   ") == []


def test_delist_queue(server, oracle):
    rows = server.rows("/%s/delist_queue.json" % DB_NAME)
    listings = {r["id"]: dict(r) for r in oracle.execute("SELECT id, inventory_id, title, price, status FROM listings")}
    items = {r["id"]: dict(r) for r in oracle.execute("SELECT id, sku, title FROM inventory")}
    want = []
    for q in oracle.execute("SELECT platform, entity_type, entity_id, action, status FROM sync_queue"):
        if (q["entity_type"], q["action"], q["status"]) == ("listing", "delist", "pending"):
            lst = listings[q["entity_id"]]
            want.append((q["platform"], lst["title"], lst["price"], items[lst["inventory_id"]]["sku"]))
    got = [(r["platform"], r["listing"], r["price"], r["sku"]) for r in rows]
    assert want and sorted(got) == sorted(want)
    # The demo's live sale: sold on eBay just now, its three other listings ended and queued.
    live = [r for r in rows if r["sold_on"] == "ebay" and r["item"].startswith("Anthropologie Somerset Maxi Dress")]
    assert sorted(r["platform"] for r in live) == ["depop", "mercari", "poshmark"]
    assert all(r["listing_status"] == "ended" and r["quantity"] == 0 for r in live)


def cents(dollars):
    """An amount to the cent, half away from zero (as docs/sql/vl_profit_loss.md says); None stays None."""
    if dollars is None:
        return None
    return int(Decimal(repr(float(dollars))).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Figure:
    """A sum in cents that becomes unknown (None) once an unknown amount is added."""
    def __init__(self):
        self.cents = 0

    def add(self, c):
        self.cents = None if self.cents is None or c is None else self.cents + c


def expected_profit(oracle):
    """{(month, platform or None): {orders, gross, ..., net (in cents, None when unknown)}}, the income
    statement computed in Python from the sales, returns, expenses, mileage and mileage_rates rows by
    the formula of docs/sql/vl_profit_loss.md, over every row the file has."""
    acc = {}

    def at(month, platform):
        return acc.setdefault((month, platform), {"orders": 0, **{k: Figure() for k in PL_MONEY if k != "net"}})

    sales = {}
    for s in oracle.execute("SELECT id, created_at, platform, status, sale_price, shipping_charged, platform_fee, "
                            "shipping_cost, unit_cost FROM sales"):
        sales[s["id"]] = s
        if s["status"] == "cancelled":
            continue
        a = at(s["created_at"][:7], s["platform"])
        a["orders"] += 1
        a["gross"].add(cents(s["sale_price"] or 0) + cents(s["shipping_charged"] or 0))
        a["fees"].add(cents(s["platform_fee"] or 0))
        a["shipping"].add(cents(s["shipping_cost"] or 0))
        a["cogs"].add(cents(s["unit_cost"]))
    for r in oracle.execute("SELECT sale_id, platform, status, refunded_at, refund_amount, fee_refund, "
                            "return_shipping_cost, restock FROM returns"):
        if r["refunded_at"] is None or r["status"] == "rejected":
            continue
        sale = sales[r["sale_id"]]
        a = at(r["refunded_at"][:7], r["platform"] or sale["platform"])
        a["refunds"].add(cents(r["refund_amount"] or 0))
        a["fees"].add(-cents(r["fee_refund"] or 0))
        a["shipping"].add(cents(r["return_shipping_cost"] or 0))
        if r["restock"] == 1:
            unit = cents(sale["unit_cost"])
            a["cogs"].add(None if unit is None else -unit)
    for e in oracle.execute("SELECT spent_at, platform, amount FROM expenses"):
        at(e["spent_at"][:7], e["platform"])["expenses"].add(cents(e["amount"]))
    rates = {r[0]: r[1] for r in oracle.execute("SELECT year, cents_per_mile FROM mileage_rates")}
    for m in oracle.execute("SELECT driven_at, miles FROM mileage"):
        rate = rates.get(int(m["driven_at"][:4]))
        at(m["driven_at"][:7], None)["expenses"].add(
            None if rate is None or m["miles"] is None else int(Decimal(repr(m["miles"] * rate)).quantize(
                Decimal(1), rounding=ROUND_HALF_UP)))
    out = {}
    for k, a in acc.items():
        row = {"orders": a["orders"], **{f: a[f].cents for f in PL_MONEY if f != "net"}}
        net = Figure()
        net.add(row["gross"] - row["refunds"] - row["fees"] - row["shipping"])
        net.add(None if row["cogs"] is None else -row["cogs"])
        net.add(None if row["expenses"] is None else -row["expenses"])
        row["net"] = net.cents
        out[k] = row
    return out


def pl_order(key):
    """vl_profit_loss's order: month, then platform, the overhead row (platform NULL) last."""
    month, platform = key
    return (month, platform is None, platform or "")


def direct_profit(oracle):
    return [dict(r) for r in oracle.execute(
        "SELECT month, platform, orders, gross, refunds, fees, shipping, cogs, expenses, net, margin, roi "
        "FROM vl_profit_loss(?, ?)", PL_WINDOW)]


def test_profit_and_loss(server, oracle):
    rows = server.rows("/%s/profit_and_loss.json" % DB_NAME)
    # The same rows as the function asked directly, in its order.
    assert rows == direct_profit(oracle)
    # And the figures computed in Python from the tables, to the cent; an unknown one is null, not 0.
    want = expected_profit(oracle)
    assert [(r["month"], r["platform"]) for r in rows] == sorted(want, key=pl_order) and len(rows) >= 20
    for r in rows:
        w = want[(r["month"], r["platform"])]
        assert r["orders"] == w["orders"], r
        for f in PL_MONEY:
            assert (None if r[f] is None else cents(r[f])) == w[f], (f, r, w)
    # Hand-checked invariants: every sale not cancelled is counted once; every known net is
    # gross - refunds - fees - shipping - cogs - expenses to the cent; the demo has overhead rows
    # (expenses naming no platform) and unknown nets (imported sales whose item, so cost, is unknown),
    # exactly in the months and platforms of those sales.
    assert sum(r["orders"] for r in rows) == \
        oracle.execute("SELECT count(*) FROM sales WHERE status IS NOT 'cancelled'").fetchone()[0]
    for r in rows:
        if r["net"] is not None:
            assert cents(r["net"]) == sum(cents(r[f]) * (1 if f == "gross" else -1) for f in PL_MONEY[:-1]), r
    assert any(r["platform"] is None and r["expenses"] > 0 for r in rows)
    no_cost = {(m, p) for m, p in oracle.execute(
        "SELECT substr(created_at, 1, 7), platform FROM sales WHERE unit_cost IS NULL AND status IS NOT 'cancelled'")}
    assert no_cost and {(r["month"], r["platform"]) for r in rows if r["net"] is None} == no_cost


def age_bucket(days):
    return "0-29 days" if days < 30 else "30-59 days" if days < 60 else "60-89 days" if days < 90 else "90+ days"


def test_stale_listings_and_aging(server, oracle):
    rows = server.rows("/%s/stale_listings.json" % DB_NAME)
    now = dt.datetime.utcnow()
    want = {}
    for r in oracle.execute("SELECT l.id, l.platform, l.title, l.status, l.listed_at, l.created_at, i.sku "
                            "FROM listings l JOIN inventory i ON i.id = l.inventory_id"):
        if r["status"] == "active":
            since = dt.datetime.fromisoformat(r["listed_at"] or r["created_at"])
            want[(r["platform"], r["sku"], r["title"])] = (now - since).total_seconds() / 86400
    got = {(r["platform"], r["sku"], r["title"]): r for r in rows}
    assert len(rows) == len(got) == len(want) > 100
    assert set(got) == set(want)
    for k, days in want.items():
        assert abs(got[k]["days_listed"] - days) < 1.01, (k, got[k], days)
        if abs(days - round(days / 30) * 30) > 0.01:   # not on a bucket boundary right now
            assert got[k]["age"] == age_bucket(days), (k, got[k], days)
    ages = [r["days_listed"] for r in rows]
    assert ages == sorted(ages, reverse=True)
    assert {r["age"] for r in rows} >= {"90+ days", "60-89 days"}


AGING = [("0-30", 30), ("31-60", 60), ("61-90", 90), ("91-180", 180), ("181-365", 365), ("365+", None)]


def expected_aging(oracle, today):
    """[(bucket, items, units, cost_value in cents or None)] from the inventory rows in Python, by
    docs/sql/vl_inventory_aging.md: whole days from the day first listed to today."""
    acc = {name: [0, 0, Figure()] for name, _ in AGING + [("never listed", None)]}
    for i in oracle.execute("SELECT quantity, status, created_at, first_listed_at, cost_price FROM inventory"):
        if not i["quantity"] or i["quantity"] <= 0 or i["status"] in ("sold", "deleted"):
            continue
        if i["created_at"] is not None and dt.date.fromisoformat(i["created_at"][:10]) > today:
            continue
        listed = i["first_listed_at"] and dt.date.fromisoformat(i["first_listed_at"][:10])
        if not listed or listed > today:
            name = "never listed"
        else:
            days = (today - listed).days
            name = next(n for n, most in AGING if most is None or days <= most)
        a = acc[name]
        a[0] += 1
        a[1] += i["quantity"]
        a[2].add(None if i["cost_price"] is None else cents(i["cost_price"]) * i["quantity"])
    return [(name, n, u, c.cents) for name, (n, u, c) in acc.items()]


def test_inventory_aging(server, oracle):
    rows = server.rows("/%s/inventory_aging.json" % DB_NAME)
    today = dt.datetime.now(dt.timezone.utc).date()
    assert rows == [dict(r) for r in oracle.execute(
        "SELECT bucket, items, units, cost_value FROM vl_inventory_aging(?)", (today.isoformat(),))]
    got = [(r["bucket"], r["items"], r["units"], None if r["cost_value"] is None else cents(r["cost_value"]))
           for r in rows]
    assert got == expected_aging(oracle, today)
    # Every unit on hand that is not sold or deleted is in exactly one bucket; the demo's stock is
    # spread over several of them.
    assert sum(r["units"] for r in rows) == oracle.execute(
        "SELECT total(quantity) FROM inventory WHERE quantity > 0 AND status NOT IN ('sold', 'deleted')").fetchone()[0]
    assert sum(1 for r in rows if r["items"]) >= 3, rows


def test_oversell_alerts(server, oracle):
    rows = server.rows("/%s/oversell_alerts.json" % DB_NAME)
    n = oracle.execute("SELECT count(*) FROM alerts WHERE type = 'oversell'").fetchone()[0]
    assert len(rows) == n == 1
    (r,) = rows
    assert (r["item"], r["platform"], r["severity"], r["quantity"]) == \
        ("Adidas Samba OG Camel Size 7", "poshmark", "critical", 0)
    sale = oracle.execute("SELECT buyer_username, sale_price FROM sales WHERE platform = 'poshmark' AND inventory_id ="
                          " (SELECT id FROM inventory WHERE title = ?)", (r["item"],)).fetchone()
    assert (r["buyer"], r["sale_price"]) == tuple(sale)


def test_health(server, oracle):
    rows = server.rows("/%s/health.json" % DB_NAME)
    want = [dict(r) for r in oracle.execute("SELECT name, status, detail FROM vl_health")]
    assert rows == want and len(rows) == 11
    # Datasette opens every file read-only, and vl_health's search-index check needs to write
    # (FTS5 integrity-check is an INSERT): it says so. Everything else is ok on the demo.
    assert [(r["name"], r["status"]) for r in rows if r["status"] != "ok"] == [("fts", "problem")]
    assert [r["detail"] for r in rows if r["name"] == "fts"] == ["cannot check: the database is read-only"]


def test_money_renders_as_money(server, oracle):
    status, page = server.get("/%s/profit_and_loss" % DB_NAME)
    assert status == 200
    first = direct_profit(oracle)[0]
    assert '<td class="col-gross"><span class="vl-money">$%s</span>' % "{:,.2f}".format(first["gross"]) in page
    for col in PL_MONEY:
        assert re.search(r'<td class="col-%s"><span class="vl-money">-?\$' % col, page), col
    # A value over a thousand gets its separator; an unknown net is an empty cell, not $0.00.
    assert re.search(r'<span class="vl-money">\$\d,\d{3}\.\d{2}</span>', page), "no gross >= $1,000 rendered"
    assert re.search(r'<td class="col-net">&nbsp;</td>', page), "no unknown net rendered empty"
    status, page = server.get("/%s/inventory_aging" % DB_NAME)
    assert status == 200 and re.search(r'<td class="col-cost_value"><span class="vl-money">\$', page)
    status, page = server.get("/%s/sales" % DB_NAME, _size="5")
    assert status == 200 and page.count('class="vl-money"') >= 5 * 4   # price, fee, shipping, tax, profit
    # Not money: the quantity column.
    status, page = server.get("/%s/inventory" % DB_NAME, _size="5")
    assert re.search(r'class="col-quantity type-int">\d+</td>', page)


def chart_months(page):
    svg = re.search(r'<svg[^>]*id="vl-profit-chart".*?</svg>', page, re.S).group(0)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return [(g.get("data-month"), g.get("data-net-profit"), float(g.get("data-known-net-profit")),
             g.get("data-unknown"), g.findall(ns + "rect")) for g in root.iter(ns + "g") if g.get("class") == "vl-month"]


def test_dashboard_chart(server, oracle):
    status, page = server.get("/-/vaultlister")
    assert status == 200
    months = chart_months(page)
    # Per month, from the Python income statement: each segment (the overhead row as "overhead"),
    # and the total over all of them, unknown as soon as one segment is.
    want = defaultdict(dict)
    for (month, platform), row in expected_profit(oracle).items():
        want[month][platform or "overhead"] = row["net"]
    assert [m[0] for m in months] == sorted(want) and len(months) == 6
    unknown_months = 0
    for month, total, known, unknown, rects in months:
        segs = want[month]
        missing = sorted(p for p, v in segs.items() if v is None)
        assert known == pytest.approx(sum(v for v in segs.values() if v is not None) / 100, abs=0.005), month
        if missing:
            unknown_months += 1
            assert total == "unknown" and sorted(unknown.split()) == missing, (month, total, unknown)
        else:
            assert unknown is None and float(total) == pytest.approx(known, abs=0.005), month
        drawn = {r.get("data-platform"): r for r in rects if r.get("data-platform")}
        assert set(drawn) == {p for p, v in segs.items() if v != 0}, month
        for p, v in segs.items():
            if v is None:   # drawn as an unknown box, never as a value
                assert drawn[p].get("class") == "vl-unknown" and drawn[p].get("data-net-profit") == "unknown"
            elif v:
                assert drawn[p].get("class") is None and float(drawn[p].get("data-net-profit")) == \
                    pytest.approx(v / 100, abs=0.005), (month, p)
        assert "overhead" in drawn, month   # the demo pays a subscription every month it sells
    assert unknown_months >= 1
    assert "? net unknown: a cost is missing (not 0)</text>" in page
    # The page loads nothing from elsewhere (test_browser.py checks what the browser fetched).
    assert not re.search(r'src="(https?:)?//|<link[^>]*href="(https?:)?//', page)
    for name in CANNED:
        assert 'href="/%s/%s"' % (DB_NAME, name) in page


def test_dashboard_unknown_database(server):
    status, page = server.get("/-/vaultlister", database="nope")
    assert status == 404
    assert page == "vaultlister: /-/vaultlister: no vaultlister database named nope (one of: %s)" % DB_NAME


def test_key_functions_unavailable_in_the_sql_box(server, oracle):
    # Positive control: with the key Datasette has in its environment, the full library decrypts.
    os.environ["VAULTLISTER_KEY"] = DEMO_KEY
    try:
        assert oracle.execute("SELECT count(decrypt(credentials, NULL, json_array('shops', 'credentials', id))) "
                              "FROM shops").fetchone()[0] == 4
    finally:
        del os.environ["VAULTLISTER_KEY"]
    for fn, sql in (("decrypt", "SELECT decrypt(credentials) FROM shops"),
                    ("decrypt", "SELECT decrypt(credentials, '%s') FROM shops" % DEMO_KEY.replace("'", "''")),
                    ("vl_set_key", "SELECT vl_set_key('%s')" % DEMO_KEY.replace("'", "''")),
                    ("encrypt", "SELECT encrypt('x')")):
        status, data = server.json("/%s.json" % DB_NAME, sql=sql)
        assert status == 400 and data["ok"] is False and data["error"] == "no such function: " + fn, (sql, data)
    rows = server.rows("/%s.json" % DB_NAME, sql="SELECT count(*) AS n FROM pragma_function_list "
                       "WHERE name IN ('encrypt', 'decrypt', 'vl_set_key')")
    assert rows == [{"n": 0}]
    # Nor can the box load a library itself.
    status, data = server.json("/%s.json" % DB_NAME, sql="SELECT load_extension('%s')" % env("VL_EXT"))
    assert data["ok"] is False and data["error"] == "not authorized", data


def test_full_library_alongside_the_plugin_is_refused(served_db, out_dir):
    """Given --load-extension with the full library as well, the plugin refuses every connection, so
    Datasette does not start, rather than expose decrypt."""
    log_path = os.path.join(out_dir, "datasette-full-library.log")
    with pytest.raises(RuntimeError, match="datasette exited"):
        start_datasette(env("VL_DS_VENV"), ["-i", served_db, "--load-extension", env("VL_EXT") + ".so"], log_path)
    text = " ".join(open(log_path).read().split())   # the traceback printer wraps long lines
    assert "SecretsRegistered: vaultlister: datasette: decrypt, encrypt, vl_set_key registered on this connection (load vaultlister " \
           "only through the datasette-vaultlister plugin, not also with --load-extension)" in text, text


def test_nosecrets_load_extension_alongside_the_plugin(served_db, out_dir):
    """--load-extension=...:sqlite3_vaultlister_nosecrets_init as well: the plugin keeps that load."""
    proc, log, base = start_datasette(
        env("VL_DS_VENV"), ["-i", served_db, "--load-extension",
                            env("VL_EXT") + ".so:sqlite3_vaultlister_nosecrets_init"],
        os.path.join(out_dir, "datasette-nosecrets-load-extension.log"))
    try:
        s = Server(base)
        assert s.rows("/%s/oversell_alerts.json" % DB_NAME)[0]["item"] == "Adidas Samba OG Camel Size 7"
        status, data = s.json("/%s.json" % DB_NAME, sql="SELECT decrypt(credentials) FROM shops")
        assert data["error"] == "no such function: decrypt", data
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
