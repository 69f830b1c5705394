"""datasette-vaultlister against the real Datasette 0.64.8 over HTTP: every canned query, the search
form, the JSON API, money cells, the dashboard's chart, and the key functions kept out of the SQL box.
Expected rows come from the oracle (the same file, read directly) by other means than the plugin's
SQL wherever the plugin's SQL is not simply a call of a library function."""
import datetime as dt
import markupsafe
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest

from conftest import DB_NAME, DEMO_KEY, Server, env, start_datasette

CANNED = ["search", "delist_queue", "profit_and_loss", "stale_listings", "oversell_alerts", "health"]


def test_versions_and_plugin(server):
    _, versions = server.json("/-/versions.json")
    assert versions["datasette"]["version"] == "0.64.8"
    _, plugins = server.json("/-/plugins.json")
    (plugin,) = [p for p in plugins if p["name"] == "datasette-vaultlister"]
    assert set(plugin["hooks"]) >= {"prepare_connection", "canned_queries", "render_cell", "register_routes"}
    # prepare_connection loaded the library: its functions answer in the SQL box.
    rows = server.rows("/%s.json" % DB_NAME, sql="SELECT vl_version() AS v, vl_schema_version() AS s")
    assert rows[0]["s"] == 5 and rows[0]["v"] == open(os.path.join(env("VL_SOURCE"), "VERSION")).readline().strip()
    rows = server.rows("/%s.json" % DB_NAME, sql="SELECT json_extract(vl_info(), '$.entry_point') AS e")
    assert rows == [{"e": "sqlite3_vaultlister_nosecrets_init"}]


def test_canned_queries_listed(server):
    _, db = server.json("/%s.json" % DB_NAME)
    assert [q["name"] for q in db["queries"]] == CANNED
    assert [q["title"] for q in db["queries"]] == [
        "Search", "Delist queue", "Profit and loss by month and platform", "Stale listings and aging",
        "Oversell alerts", "Health"]
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


def expected_profit(oracle):
    """{(month, platform): (sales, revenue, net_profit)} summed in Python from the sales rows."""
    acc = defaultdict(lambda: [0, 0.0, 0.0])
    for s in oracle.execute("SELECT created_at, platform, status, sale_price, net_profit FROM sales"):
        if s["status"] in ("cancelled", "returned"):
            continue
        a = acc[(s["created_at"][:7], s["platform"])]
        a[0] += 1
        a[1] += s["sale_price"]
        a[2] += s["net_profit"]
    return {k: (n, round(rev, 2), round(p, 2)) for k, (n, rev, p) in acc.items()}


def test_profit_and_loss(server, oracle):
    rows = server.rows("/%s/profit_and_loss.json" % DB_NAME)
    got = {(r["month"], r["platform"]): (r["sales"], r["revenue"], r["net_profit"]) for r in rows}
    want = expected_profit(oracle)
    assert len(rows) == len(got) == len(want) >= 20
    for k, (n, rev, p) in want.items():
        assert got[k][0] == n and got[k][1] == pytest.approx(rev, abs=0.005) and \
            got[k][2] == pytest.approx(p, abs=0.005), (k, got[k], want[k])
    assert [(r["month"], r["platform"]) for r in rows] == sorted(want)


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
    assert rows == want and len(rows) == 10
    # Datasette opens every file read-only, and vl_health's search-index check needs to write
    # (FTS5 integrity-check is an INSERT): it says so. Everything else is ok on the demo.
    assert [(r["name"], r["status"]) for r in rows if r["status"] != "ok"] == [("fts", "problem")]
    assert [r["detail"] for r in rows if r["name"] == "fts"] == ["cannot check: the database is read-only"]


def test_money_renders_as_money(server, oracle):
    status, page = server.get("/%s/profit_and_loss" % DB_NAME)
    assert status == 200
    k, (_n, rev, _p) = sorted(expected_profit(oracle).items())[0]
    assert '<span class="vl-money">$%s</span>' % "{:,.2f}".format(rev) in page
    # A table page too, and a value over a thousand gets its separator.
    status, page = server.get("/%s/profit_and_loss" % DB_NAME)
    assert re.search(r'<span class="vl-money">\$\d,\d{3}\.\d{2}</span>', page), "no revenue >= $1,000 rendered"
    status, page = server.get("/%s/sales" % DB_NAME, _size="5")
    assert status == 200 and page.count('class="vl-money"') >= 5 * 4   # price, fee, shipping, tax, profit
    # Not money: the quantity column.
    status, page = server.get("/%s/inventory" % DB_NAME, _size="5")
    assert re.search(r'class="col-quantity type-int">\d+</td>', page)


def chart_months(page):
    svg = re.search(r'<svg[^>]*id="vl-profit-chart".*?</svg>', page, re.S).group(0)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return [(g.get("data-month"), float(g.get("data-net-profit")), g.findall(ns + "rect"))
            for g in root.iter(ns + "g") if g.get("class") == "vl-month"]


def test_dashboard_chart(server, oracle):
    status, page = server.get("/-/vaultlister")
    assert status == 200
    months = chart_months(page)
    want = defaultdict(float)
    for (month, _platform), (_n, _rev, p) in expected_profit(oracle).items():
        want[month] += p
    assert [m for m, _t, _r in months] == sorted(want) and len(months) == 6
    for month, total, rects in months:
        assert total == pytest.approx(want[month], abs=0.01), month
        assert sorted(r.get("data-platform") for r in rects) == ["depop", "ebay", "mercari", "poshmark"]
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
        assert oracle.execute("SELECT count(decrypt(credentials)) FROM shops").fetchone()[0] == 4
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
