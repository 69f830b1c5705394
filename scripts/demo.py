#!/usr/bin/python3
"""make demo: a realistic, deterministic reseller database and what its seller wants to see.

Generates build/demo/vaultlister-demo.db with the built extension: one seller in New York,
~300 items of clothing, shoes and bags, listed across ebay, poshmark, mercari and depop, six
months of sales recorded through the domain triggers, offers, shops whose credentials are
encrypted with encrypt(), automation rules with cron schedules. Then it prints profit by platform
and month, the delist queue a sale produces, an oversell alert, low stock, the automation rules
due now (vl_due_rules), cross-listing drafts (vl_crosslist), a search (vl_search), vl_health and
"your numbers": the income statement by month and platform (vl_profit_loss), the 1099-K outlook
(vl_1099k), sell-through, inventory aging and account health. It also draws two charts as PNG
files next to the database (python3-matplotlib): profit by month and platform, and the aging
histogram.

Everything is fixed: a seeded random generator, ids derived from it, and the demo's own clock
(DEMO_NOW), so two runs print the same report apart from values that are random by design
(ciphertexts, ids that SQLite's DEFAULTs generate). Every feature the demo needs is checked
first: a missing one stops it with exit status 2 and names it.

Usage: /usr/bin/python3 scripts/demo.py --ext build/vaultlister --out build/demo/vaultlister-demo.db
       [--report FILE] [--seed N]
"""
import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import uuid

DEMO_NOW = "2026-11-20 15:00:00"          # the demo's clock, UTC
DEMO_KEY = "demo-key: never use this one in production!"  # >= 32 characters
USER_ID = "00000000-0000-4000-8000-000000000001"
PLATFORMS = ["ebay", "poshmark", "mercari", "depop"]

NEEDED_FUNCTIONS = ["vl_import_sales", "vl_migrate", "vl_version", "net_profit", "platform_fee", "encrypt", "decrypt",
                    "vl_set_key", "vl_cron_next"]
NEEDED_MODULES = ["vl_due_rules", "vl_crosslist", "vl_search", "vl_health", "vl_marketplace_csv",
                  "vl_profit_loss", "vl_sell_through", "vl_inventory_aging", "vl_account_health", "vl_1099k"]
CHARTS = {"profit": "profit-by-month-and-platform.png", "aging": "inventory-aging.png"}

# category -> [(subcategory, {brand: [models]}, sizes, cost range, list range)]
CATALOG = {
    "Women's Clothing": [
        ("Sweaters", {"J.Crew": ["Cashmere Crewneck Sweater", "Cable Knit Cardigan"],
                      "Madewell": ["Merino Turtleneck", "Ribbed Cardigan"],
                      "Everlane": ["Grade-A Cashmere Crew"], "Vince": ["Boiled Cashmere Sweater"],
                      "Eileen Fisher": ["Organic Linen Tunic Sweater"]},
         ["XS", "S", "M", "L", "XL"], (4, 18), (28, 95)),
        ("Dresses", {"Reformation": ["Wrap Midi Dress", "Linen Slip Dress"],
                     "Free People": ["Floral Maxi Dress", "Smocked Mini Dress"],
                     "Anthropologie": ["Somerset Maxi Dress"], "Madewell": ["Lightspun Tiered Dress"]},
         ["XS", "S", "M", "L", "2", "4", "6", "8"], (3, 15), (25, 120)),
        ("Jeans", {"Levi's": ["Ribcage Straight Jeans", "Wedgie Icon Jeans"],
                   "Madewell": ["Perfect Vintage Jeans", "10-Inch High-Rise Skinny Jeans"],
                   "AGOLDE": ["90's Pinch Waist Jeans"], "Citizens of Humanity": ["Charlotte High Rise Jeans"]},
         ["24", "25", "26", "27", "28", "29", "30"], (3, 12), (24, 78)),
        ("Activewear", {"Lululemon": ["Align High-Rise Pant 25in", "Define Jacket", "Scuba Half-Zip Hoodie"],
                        "Athleta": ["Salutation Stash Tight"], "Alo Yoga": ["Airlift Legging"]},
         ["2", "4", "6", "8", "10", "XS", "S", "M"], (8, 30), (38, 98)),
    ],
    "Men's Clothing": [
        ("Jackets", {"Patagonia": ["Better Sweater Fleece Jacket", "Nano Puff Jacket", "Retro-X Fleece"],
                     "The North Face": ["Denali Fleece Jacket", "Nuptse 1996 Puffer"],
                     "Levi's": ["Trucker Denim Jacket"], "Carhartt": ["Detroit Jacket", "Duck Chore Coat"],
                     "Filson": ["Tin Cloth Cruiser Jacket"]},
         ["S", "M", "L", "XL", "XXL"], (6, 35), (45, 180)),
        ("Shirts", {"J.Crew": ["Oxford Button-Down Shirt"], "Ralph Lauren": ["Classic Fit Oxford Shirt"],
                    "Brooks Brothers": ["Non-Iron Dress Shirt"], "Pendleton": ["Board Shirt Wool Flannel"],
                    "Harley-Davidson": ["Vintage Graphic T-Shirt"]},
         ["S", "M", "L", "XL"], (2, 10), (18, 65)),
        ("Jeans", {"Levi's": ["501 Original Fit Jeans", "511 Slim Jeans", "505 Regular Fit Jeans"],
                   "Wrangler": ["Cowboy Cut Jeans"], "Carhartt": ["Double Knee Carpenter Pants"]},
         ["30x30", "32x30", "32x32", "34x32", "36x32"], (3, 12), (28, 85)),
    ],
    "Shoes": [
        ("Sneakers", {"Nike": ["Air Max 90", "Air Force 1 '07", "Dunk Low Retro"],
                      "New Balance": ["990v5 Made in USA", "550"], "ASICS": ["Gel-Kayano 14"],
                      "Adidas": ["Samba OG", "Gazelle"]},
         ["7", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12"], (15, 60), (60, 220)),
        ("Boots", {"Dr. Martens": ["1460 Smooth Leather Boots", "Jadon Platform Boots"],
                   "Blundstone": ["Classic Chelsea Boots"], "Red Wing": ["Moc Toe Boots", "Iron Ranger Boots"]},
         ["7", "8", "9", "10", "11"], (12, 45), (70, 210)),
    ],
    "Bags": [
        ("Handbags", {"Coach": ["Tabby Shoulder Bag 26", "Signature Canvas Tote"],
                      "Kate Spade": ["Saffiano Leather Satchel"], "Michael Kors": ["Jet Set Crossbody"],
                      "Tory Burch": ["Fleming Convertible Shoulder Bag"]},
         ["One Size"], (12, 70), (65, 260)),
        ("Backpacks", {"Fjällräven": ["Kånken Classic Backpack"], "The North Face": ["Borealis Backpack"]},
         ["One Size"], (6, 20), (30, 70)),
    ],
}
COLORS = ["Black", "Navy", "Heather Grey", "Olive", "Cream", "Burgundy", "Camel", "White", "Denim Blue"]
CONDITIONS = [("new", 8), ("like_new", 30), ("good", 45), ("fair", 14), ("poor", 3)]
# Marketplace habits: share of listings, price multiplier, what the seller pays to ship.
PLATFORM_PRICE = {"ebay": 1.00, "poshmark": 1.12, "mercari": 0.95, "depop": 1.00}
SELLER_SHIPPING = {"ebay": (7.5, 12.5), "poshmark": (0.0, 0.0), "mercari": (6.0, 9.0), "depop": (5.5, 8.0)}
BUYERS = ["thriftqueen", "vintage.vibes", "sneakerhead_22", "closetcrush", "denimdan", "bargainbecca",
          "retro_rick", "stylehunter", "jen.resells", "mike_collects", "poshpam", "dealseeker88"]


class DemoError(Exception):
    pass


def ident(rng):
    """A UUID v4 from the seeded generator: stable across runs."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def ts(d):
    return d.strftime("%Y-%m-%d %H:%M:%S")


def check_features(conn):
    fns = {r[0] for r in conn.execute("SELECT name FROM pragma_function_list")}
    mods = {r[0] for r in conn.execute("SELECT name FROM pragma_module_list")}
    missing = ["function %s()" % f for f in NEEDED_FUNCTIONS if f not in fns]
    missing += ["virtual table %s" % m for m in NEEDED_MODULES if m not in mods]
    if missing:
        raise DemoError("this build lacks what the demo needs: " + ", ".join(missing)
                        + " (the SQL surface of the API spec; rebuild once they have landed)")


def expect(cond, what):
    """Stops the demo when a domain rule did not do its job: the demo never papers over one."""
    if not cond:
        raise DemoError("domain rule not in effect: " + what)


def pick_weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def generate(conn, rng):
    """Fills the database; returns the ids the report's scenarios use."""
    start = dt.datetime(2026, 4, 1, 9, 0, 0)
    conn.execute("INSERT INTO users (id, email, password_hash, username, full_name, subscription_tier,"
                 " timezone, created_at) VALUES (?, ?, ?, ?, ?, 'pro', 'America/New_York', ?)",
                 (USER_ID, "maya@thriftedbymaya.example", "$argon2id$v=19$m=65536,t=3,p=4$demo$demo",
                  "thriftedbymaya", "Maya Ortiz", ts(start - dt.timedelta(days=400))))

    # Shops: credentials go in encrypted with the connection's key, bound to the shop id.
    for i, p in enumerate(PLATFORMS):
        shop_id = ident(rng)
        secret = json.dumps({"access_token": "%s-token-%08x" % (p, rng.getrandbits(32)),
                             "refresh_token": "%s-refresh-%08x" % (p, rng.getrandbits(32))})
        conn.execute("INSERT INTO shops (id, user_id, platform, platform_username, credentials, created_at)"
                     " VALUES (?, ?, ?, ?, encrypt(?, NULL, json_array('shops', 'credentials', ?)), ?)",
                     (shop_id, USER_ID, p, "thriftedbymaya" if i != 3 else "maya.thrifts", secret, shop_id,
                      ts(start - dt.timedelta(days=300 - 20 * i))))

    items = []
    n = 0
    for category, subs in CATALOG.items():
        for sub, models, sizes, cost_rng, list_rng in subs:
            for _ in range(27):
                n += 1
                brand = rng.choice(sorted(models))
                noun = rng.choice(models[brand])
                color = rng.choice(COLORS)
                size = rng.choice(sizes)
                cond = pick_weighted(rng, CONDITIONS)
                cost = round(rng.uniform(*cost_rng), 2)
                lst = float(round(rng.uniform(*list_rng)) - 0.01 * rng.choice([0, 0, 100, 1]))
                lst = max(lst, round(cost * 2.2, 0))
                size_label = "" if size == "One Size" else " Size %s" % size
                title = "%s %s %s%s" % (brand, noun, color, size_label)
                created = start + dt.timedelta(days=rng.uniform(0, 215), minutes=rng.randint(0, 600))
                qty = 1
                if sub == "Activewear" and rng.random() < 0.3:
                    qty = rng.randint(2, 4)   # a few multiples bought in a lot
                item = {"id": ident(rng), "sku": "TBM-%04d" % n, "title": title, "brand": brand,
                        "category": category, "sub": sub, "size": size, "color": color,
                        "cond": cond, "cost": cost, "list": lst, "qty": qty, "created": created}
                items.append(item)

    items.sort(key=lambda it: it["created"])
    for it in items:
        desc = ("%s %s in %s, %s condition. %s. Smoke-free home, ships within 1 business day."
                % (it["brand"], it["title"].split(" ", 1)[1], it["color"].lower(),
                   it["cond"].replace("_", " "),
                   "Size %s" % it["size"] if it["size"] != "One Size" else "Measurements in photos"))
        tags = sorted({it["brand"].lower(), it["sub"].lower(), it["color"].lower()})
        images = ["https://img.example/%s/%d.jpg" % (it["sku"], k) for k in range(1, rng.randint(2, 6))]
        conn.execute(
            "INSERT INTO inventory (id, user_id, sku, title, description, brand, category, subcategory,"
            " size, color, condition, cost_price, list_price, quantity, low_stock_threshold, tags, images,"
            " status, location, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active',?,?,?)",
            (it["id"], USER_ID, it["sku"], it["title"], desc, it["brand"], it["category"], it["sub"],
             it["size"], it["color"], it["cond"], it["cost"], it["list"], it["qty"],
             2 if it["qty"] > 1 else 1, json.dumps(tags), json.dumps(images),
             "Bin %s-%d" % (it["category"][0], rng.randint(1, 12)), ts(it["created"]), ts(it["created"])))
        # Cross-list on 2-4 marketplaces.
        it["listings"] = {}
        for p in sorted(rng.sample(PLATFORMS, rng.randint(2, 4)), key=PLATFORMS.index):
            lid = ident(rng)
            price = round(it["list"] * PLATFORM_PRICE[p], 0) - (0.01 if p != "poshmark" else 0)
            listed = it["created"] + dt.timedelta(hours=rng.randint(2, 72))
            conn.execute(
                "INSERT INTO listings (id, inventory_id, user_id, platform, platform_listing_id, title,"
                " description, price, shipping_price, condition_tag, status, images, views, likes,"
                " listed_at, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,'active',?,?,?,?,?,?)",
                (lid, it["id"], USER_ID, p, "%s-%d" % (p[:2].upper(), rng.randint(10**8, 10**9)),
                 it["title"][:80], desc, price, 0.0, it["cond"], json.dumps(images),
                 rng.randint(5, 900), rng.randint(0, 60), ts(listed), ts(listed), ts(listed)))
            it["listings"][p] = (lid, price, listed)

    # Keep a handful of fresh items out of the sales history for the live scenarios.
    reserved = {}
    fresh = [it for it in items if len(it["listings"]) >= 3 and it["qty"] == 1]
    reserved["live_sale"] = fresh[-1]
    reserved["oversell"] = [it for it in fresh if "ebay" in it["listings"] and "poshmark" in it["listings"]
                            and it is not fresh[-1]][-1]
    reserved["crosslist"] = fresh[-3] if fresh[-3] not in reserved.values() else fresh[-4]
    reserved["low_stock"] = {"id": ident(rng), "sku": "TBM-LOT1"}
    taken = {reserved["live_sale"]["id"], reserved["oversell"]["id"], reserved["crosslist"]["id"]}

    # Six months of sales, oldest first, through the triggers (which take stock, end the other
    # listings and queue their delists).
    sale_end = dt.datetime(2026, 11, 19, 20, 0, 0)
    sales = []
    for it in items:
        if it["id"] in taken or rng.random() > 0.52:
            continue
        for _ in range(it["qty"] if rng.random() < 0.5 else 1):
            first = max(l[2] for l in it["listings"].values())
            first = max(first, dt.datetime(2026, 6, 1, 8, 0, 0))
            if first >= sale_end:
                break
            when = first + dt.timedelta(seconds=rng.uniform(0, (sale_end - first).total_seconds()))
            p = rng.choice(sorted(it["listings"]))
            sales.append((when, it, p))
    sales.sort(key=lambda s: s[0])
    for when, it, p in sales:
        lid, price, _ = it["listings"][p]
        row = conn.execute("SELECT quantity FROM inventory WHERE id = ?", (it["id"],)).fetchone()
        if row[0] == 0:
            continue   # sold out already: the demo's history has no oversells (the scenario shows one)
        accepted = round(price * rng.choice([1, 1, 0.9, 0.85, 0.8]), 2)
        ship_lo, ship_hi = SELLER_SHIPPING[p]
        shipping = round(rng.uniform(ship_lo, ship_hi), 2)
        age = (dt.datetime(2026, 11, 20) - when).days
        status = "delivered" if age > 10 else "shipped" if age > 2 else "pending"
        conn.execute(
            "INSERT INTO sales (id, user_id, listing_id, inventory_id, platform, platform_order_id,"
            " buyer_username, sale_price, platform_fee, shipping_cost, status, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?, platform_fee(?, ?, 0, ?), ?,?,?,?)",
            (ident(rng), USER_ID, lid, it["id"], p, "%s-%08d" % (p[:2].upper(), rng.randint(0, 10**8)),
             rng.choice(BUYERS), accepted, p, accepted, when.strftime("%Y-%m-%d"), shipping, status,
             ts(when), ts(when)))

    # Offers on live listings: most pending, some answered.
    live = conn.execute("SELECT id, platform, price FROM listings WHERE status = 'active'"
                        " AND platform IN ('poshmark', 'mercari', 'ebay') ORDER BY listed_at, id").fetchall()
    for lid, p, price in rng.sample(live, min(70, len(live))):
        made = dt.datetime(2026, 11, 20, 15) - dt.timedelta(hours=rng.randint(1, 96))
        amount = round(price * rng.uniform(0.6, 0.9), 0)
        status = pick_weighted(rng, [("pending", 60), ("declined", 15), ("countered", 15), ("accepted", 0)])
        counter = round((price + amount) / 2, 0) if status == "countered" else None
        conn.execute(
            "INSERT INTO offers (id, user_id, listing_id, platform, buyer_username, offer_amount,"
            " counter_amount, status, expires_at, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (ident(rng), USER_ID, lid, p, rng.choice(BUYERS), amount, counter,
             "pending" if status == "countered" else status,
             ts(made + dt.timedelta(hours=48 if p == "poshmark" else 24 * 7)), ts(made), ts(made)))
        if status == "countered":
            conn.execute("UPDATE offers SET status = 'countered' WHERE listing_id = ? AND status = 'pending'"
                         " AND counter_amount IS NOT NULL", (lid,))

    # Automation rules with cron schedules (minute hour dom month dow, the owner's time zone).
    rules = [
        ("Share closet every evening", "share", "poshmark", "0 19 * * *", {"scope": "all_active"},
         {"share": "closet"}),
        ("Morning share of new listings", "share", "poshmark", "30 8 * * 1-5", {"listed_within_days": 7},
         {"share": "listings"}),
        ("Relist stale Mercari items", "relist", "mercari", "0 10 * * 1", {"min_age_days": 30},
         {"relist": True}),
        ("Weekend price drop 10%", "price_drop", "ebay", "0 9 * * sat", {"min_age_days": 21},
         {"percent": 10, "floor": "cost_plus_20"}),
        ("Offer to likers", "offer", "poshmark", "15 */4 * * *", {"min_likes": 3},
         {"discount_percent": 15, "shipping_discount": True}),
        ("Monthly stale inventory review", "custom", None, "0 8 1 * *", {"min_age_days": 90},
         {"notify": True}),
        ("Paused: follow back", "follow", "poshmark", "0 12 * * *", {}, {"follow_back": True}),
    ]
    rule_ids = []
    for i, (name, typ, p, sched, cond, act) in enumerate(rules):
        rid = ident(rng)
        rule_ids.append(rid)
        conn.execute(
            "INSERT INTO automation_rules (id, user_id, name, type, platform, is_enabled, schedule,"
            " conditions, actions, last_run_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (rid, USER_ID, name, typ, p, 0 if name.startswith("Paused") else 1, sched, json.dumps(cond),
             json.dumps(act), "2026-11-19 03:00:00" if i % 2 else "2026-11-13 12:00:00",
             "2026-09-01 12:00:00", "2026-09-01 12:00:00"))
    return reserved


def scenarios(conn, reserved):
    """The live moments of the report: a sale that delists everywhere, an oversell, low stock."""
    out = {}
    # 1. A sale on eBay of a one-off item listed on several marketplaces.
    it = reserved["live_sale"]
    lid, price, _ = it["listings"]["ebay"] if "ebay" in it["listings"] else next(iter(it["listings"].values()))
    plat = conn.execute("SELECT platform FROM listings WHERE id = ?", (lid,)).fetchone()[0]
    sale_id = "11111111-1111-4111-8111-000000000001"
    conn.execute("INSERT INTO sales (id, user_id, listing_id, platform, buyer_username, sale_price,"
                 " platform_fee, shipping_cost, status, created_at)"
                 " VALUES (?, ?, ?, ?, 'closetcrush', ?, platform_fee(?, ?, 0, '2026-11-20'), 8.95, 'pending', ?)",
                 (sale_id, USER_ID, lid, plat, price, plat, price, DEMO_NOW))
    got = conn.execute("SELECT inventory_id FROM sales WHERE id = ?", (sale_id,)).fetchone()[0]
    expect(got == it["id"], "a sale naming only its listing gets the listing's inventory_id (Sales 2)")
    out["live_sale"] = (sale_id, it, plat)
    queued = conn.execute("SELECT count(*) FROM sync_queue q JOIN listings l ON l.id = q.entity_id"
                          " WHERE q.action = 'delist' AND l.inventory_id = ?", (it["id"],)).fetchone()[0]
    expect(queued == len(it["listings"]) - 1,
           "a sale that sells out an item ends and queues a delist for every other listing (Sales 3)")

    # 2. Oversell: sold on eBay, and a Poshmark buyer checked out before the delist went through.
    it = reserved["oversell"]
    for n, p in enumerate(["ebay", "poshmark"]):
        lid, price, _ = it["listings"][p]
        conn.execute("INSERT INTO sales (id, user_id, listing_id, inventory_id, platform, buyer_username,"
                     " sale_price, platform_fee, shipping_cost, status, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, platform_fee(?, ?, 0, '2026-11-20'), ?, 'pending', ?)",
                     ("22222222-2222-4222-8222-00000000000%d" % (n + 1), USER_ID, lid, it["id"], p,
                      ["denimdan", "poshpam"][n], price, p, price, SELLER_SHIPPING[p][0], DEMO_NOW))
    alerts = conn.execute("SELECT count(*) FROM alerts WHERE type = 'oversell' AND user_id = ?",
                          (USER_ID,)).fetchone()[0]
    expect(alerts == 1, "a sale of a sold-out item is kept and raises an oversell alert (Sales 4)")
    out["oversell"] = it

    # 3. Low stock: a lot of 7 leggings, threshold 5; three sales cross the threshold once.
    lot = reserved["low_stock"]
    conn.execute("INSERT INTO inventory (id, user_id, sku, title, description, brand, category, subcategory,"
                 " size, color, condition, cost_price, list_price, quantity, low_stock_threshold, tags,"
                 " status, created_at) VALUES (?, ?, ?, 'Lululemon Align High-Rise Pant 25\" Black Size 6',"
                 " 'New with tags, bought as a lot.', 'Lululemon', 'Women''s Clothing', 'Activewear', '6',"
                 " 'Black', 'new', 22.00, 68.00, 7, 5, '[\"lululemon\",\"leggings\"]', 'active',"
                 " '2026-11-01 10:00:00')", (lot["id"], USER_ID, lot["sku"]))
    lot_listing = "33333333-3333-4333-8333-000000000001"
    conn.execute("INSERT INTO listings (id, inventory_id, user_id, platform, title, price, status, created_at)"
                 " VALUES (?, ?, ?, 'poshmark', 'Lululemon Align High-Rise Pant 25\" Black Size 6', 68, 'active',"
                 " '2026-11-01 12:00:00')", (lot_listing, lot["id"], USER_ID))
    for n in range(3):
        conn.execute("INSERT INTO sales (id, user_id, listing_id, platform, buyer_username, sale_price,"
                     " platform_fee, shipping_cost, status, created_at)"
                     " VALUES (?, ?, ?, 'poshmark', ?, 68, platform_fee('poshmark', 68, 0, '2026-11-20'), 0,"
                     " 'pending', ?)", ("33333333-3333-4333-8333-00000000010%d" % n, USER_ID, lot_listing,
                                        BUYERS[n], DEMO_NOW))
    lows = conn.execute("SELECT count(*) FROM notifications WHERE type = 'low_stock' AND user_id = ?"
                        " AND json_extract(data, '$.inventory_id') = ?", (USER_ID, lot["id"])).fetchone()[0]
    if lows == 0:   # data may name the item under another key: count by user instead
        lows = conn.execute("SELECT count(*) FROM notifications WHERE type = 'low_stock' AND user_id = ?"
                            " AND (data LIKE '%' || ? || '%' OR message LIKE '%Lululemon Align%')",
                            (USER_ID, lot["id"])).fetchone()[0]
    expect(lows == 1, "a sale that brings quantity to the low-stock threshold notifies once per crossing"
                      " (Sales 5); got %d notifications" % lows)
    out["low_stock"] = lot
    return out


def bookkeeping(conn, rng):
    """What the seller's numbers need beyond sales: monthly expenses (overhead, and eBay's promoted
    listings) and two returns that came back for a refund and went back in stock. No mileage: the
    seeded IRS rates stop at 2025, and a trip without its year's rate is an unknown cost."""
    for month in range(6, 12):
        day = "2026-%02d-" % month
        conn.execute("INSERT INTO expenses (user_id, spent_at, category, amount, notes) VALUES (?, ?, ?, ?, ?)",
                     (USER_ID, day + "03", "supplies", round(rng.uniform(25, 60), 2), "mailers, tape, labels"))
        conn.execute("INSERT INTO expenses (user_id, spent_at, category, amount) VALUES (?, ?, ?, ?)",
                     (USER_ID, day + "01", "subscription", 29.00))
        conn.execute("INSERT INTO expenses (user_id, spent_at, category, amount, platform) VALUES (?, ?, ?, ?, 'ebay')",
                     (USER_ID, day + "28", "promoted listings", round(rng.uniform(8, 30), 2)))
    returned = conn.execute("SELECT id, sale_price, platform_fee, created_at FROM sales WHERE status = 'delivered'"
                            " AND created_at < '2026-10-01' ORDER BY created_at, id LIMIT 2").fetchall()
    for sale_id, price, fee, when in returned:
        back = (dt.datetime.strptime(when, "%Y-%m-%d %H:%M:%S") + dt.timedelta(days=12)).strftime("%Y-%m-%d %H:%M:%S")
        conn.execute("INSERT INTO returns (user_id, sale_id, reason, status, refund_amount, fee_refund,"
                     " return_shipping_cost, restock, requested_at, received_at, refunded_at)"
                     " VALUES (?, ?, 'not as described', 'refunded', ?, ?, 7.25, 1, ?, ?, ?)",
                     (USER_ID, sale_id, price, fee, back, back, back))


def write_exports(conn, folder):
    """One sales export of each marketplace, in the shapes the marketplaces download (docs/imports.md),
    naming SKUs of items that are in stock so the import takes stock and delists elsewhere."""
    os.makedirs(folder, exist_ok=True)
    skus = [r[0] for r in conn.execute(
        "SELECT sku FROM inventory WHERE user_id = ? AND status = 'active' AND quantity >= 1"
        " AND sku LIKE 'TBM-0%' ORDER BY sku LIMIT 3", (USER_ID,))]
    if len(skus) < 3:
        raise DemoError("the generated data has fewer than 3 items in stock to import sales for")
    title = lambda sku: conn.execute("SELECT title FROM inventory WHERE sku = ?", (sku,)).fetchone()[0]
    q = lambda t: '"' + t.replace('"', '""') + '"'
    ebay = (",,,,,,,,,,,\r\n"
            "Sales Record Number,Order Number,Buyer Username,Buyer Name,Item Number,Item Title,Custom Label,"
            "Quantity,Sold For,Shipping And Handling,Total Price,Sale Date\r\n\"\"\r\n"
            "5001,27-11111-22222,vintage_hunter,Sam,,,,,,\"$8.50\",\"$86.50\",Nov-18-26\r\n"
            "5002,27-11111-22222,,,1234567890,%s,%s,1,\"$48.00\",,,\r\n"
            "5003,27-11111-22222,,,1234567891,%s,ZZ-NOT-OURS,1,\"$30.00\",,,\r\n"
            "2,record(s) downloaded,\r\nSeller ID : thriftedbymaya\r\n") % (q(title(skus[0])), skus[0], q("Vintage Brass Candle Holder"))
    posh = ("Poshmark Sales Report for @maya.thrifts\n11/01/2026 - 11/19/2026\n\"\"\n"
            "Listing Date,Order Date,SKU,Order Id,Listing Title,Order Price,Seller Shipping Discount,"
            "Upgraded Shipping Label Fee,Packaging Fee,Your Earnings,Buyer Username\n"
            "10/02/2026,11/19/2026,%s,6734ab12cd,%s,$55.00,$1.50,--,--,$42.50,closetfan88\n") % (skus[1], q(title(skus[1])))
    merc = ('"Item Id","Sold Date","Canceled Date","Completed Date","Item Title","Order Status","Item Price",'
            '"Buyer Shipping Fee","Seller Shipping Fee","Mercari Selling Fee","Payment Processing Fee",'
            '"Net Seller Proceeds"\n'
            '"m90000000001","2026-11-17","","2026-11-19",%s,"Completed","36.00","0.00","6.99","3.60","0.00","25.41"\n'
            '"m90000000002","2026-11-18","2026-11-18","",%s,"Canceled","22.00","","","","","0.00"\n'
            ) % (q(title(skus[2])), q("Canceled Scarf"))
    paths = {}
    for name, text in (("ebay-orders.csv", ebay), ("poshmark-sales.csv", posh), ("mercari-sales.csv", merc)):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        paths[name] = path
    return paths, skus


def import_exports(conn, paths):
    """Imports each export twice: the second run must add nothing (idempotent)."""
    out = []
    for name, path in paths.items():
        first = conn.execute("SELECT vl_import_sales(?)", (path,)).fetchone()[0]
        again = json.loads(conn.execute("SELECT vl_import_sales(?)", (path,)).fetchone()[0])
        expect(again["imported"] == 0, "re-importing %s adds nothing" % name)
        out.append((name, first, again["already_present"]))
    return out


def money(x):
    return "%10.2f" % (x or 0)


def table(conn, sql, params=(), width=None):
    cur = conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [["" if v is None else ("%.2f" % v if isinstance(v, float) else str(v)) for v in r]
            for r in cur.fetchall()]
    if width:
        rows = [[c if len(c) <= width else c[:width - 1] + "…" for c in r] for r in rows]
    w = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]
    lines = ["  " + "  ".join(c.ljust(w[i]) for i, c in enumerate(cols)).rstrip(),
             "  " + "  ".join("-" * w[i] for i in range(len(cols)))]
    lines += ["  " + "  ".join(r[i].ljust(w[i]) for i in range(len(cols))).rstrip() for r in rows]
    return lines, rows


def report(conn, live):
    out = []

    def section(title):
        out.extend(["", "== " + title])

    one = lambda sql, p=(): conn.execute(sql, p).fetchone()
    out.append("VaultLister demo — seller thriftedbymaya (America/New_York), clock %s UTC, extension %s"
               % (DEMO_NOW, one("SELECT vl_version()")[0]))
    n_items, n_sold = one("SELECT count(*), sum(status = 'sold') FROM inventory")
    n_list = one("SELECT count(*) FROM listings")[0]
    n_sales, gross, profit = one("SELECT count(*), sum(sale_price), sum(net_profit) FROM sales"
                                 " WHERE status NOT IN ('cancelled', 'returned')")
    out.append("items %d (%d sold out), listings %d, sales %d, gross $%.2f, net profit $%.2f"
               % (n_items, n_sold, n_list, n_sales, gross, profit))

    section("Profit by platform and month (net_profit = price - fee - shipping - cost)")
    lines, _ = table(conn, """
        SELECT strftime('%Y-%m', created_at) AS month, platform, count(*) AS sales,
               round(sum(sale_price), 2) AS gross, round(sum(platform_fee), 2) AS fees,
               round(sum(net_profit), 2) AS net_profit,
               round(100.0 * sum(net_profit) / sum(sale_price), 1) || '%' AS margin
        FROM sales WHERE status NOT IN ('cancelled', 'returned')
        GROUP BY month, platform ORDER BY month, platform""")
    out += lines
    lines, _ = table(conn, """
        SELECT platform, count(*) AS sales, round(sum(net_profit), 2) AS net_profit,
               round(avg(net_profit), 2) AS per_sale
        FROM sales WHERE status NOT IN ('cancelled', 'returned') GROUP BY platform ORDER BY net_profit DESC""")
    out += [""] + lines
    bad = one("SELECT count(*) FROM sales s LEFT JOIN inventory i ON i.id = s.inventory_id"
              " WHERE s.net_profit IS NOT net_profit(s.sale_price, s.platform_fee, s.shipping_cost, i.cost_price)")[0]
    out.append("  sales whose stored net_profit disagrees with net_profit(): %d" % bad)
    if bad:
        raise DemoError("domain rule not in effect: sales.net_profit agrees with net_profit() (Sales 1)")

    sale_id, it, plat = live["live_sale"]
    section("Sold on %s just now: %s — the delist queue" % (plat, it["title"]))
    lines, _ = table(conn, """
        SELECT q.platform, q.action, q.status, l.status AS listing_status, l.price
        FROM sync_queue q JOIN listings l ON l.id = q.entity_id
        WHERE q.entity_type = 'listing' AND l.inventory_id = ? ORDER BY q.platform""", (it["id"],))
    out += lines
    out.append("  item quantity now %d, status %s" % one("SELECT quantity, status FROM inventory WHERE id = ?",
                                                        (it["id"],)))

    it = live["oversell"]
    section("Oversell alert: %s" % it["title"])
    lines, _ = table(conn, """SELECT a.type, a.severity, s.platform, s.buyer_username AS buyer, s.sale_price
                              FROM alerts a JOIN sales s ON s.inventory_id = ? AND s.platform = 'poshmark'
                              WHERE a.type = 'oversell' AND a.user_id = ?""", (it["id"], USER_ID))
    out += lines

    section("Low stock")
    lines, _ = table(conn, """SELECT sku, title, quantity, low_stock_threshold AS threshold FROM inventory
                              WHERE user_id = ? AND status = 'active' AND quantity > 0
                                AND quantity <= low_stock_threshold AND quantity > 1
                              ORDER BY quantity, sku""", (USER_ID,), width=60)
    out += lines
    out.append("  low_stock notifications: %d" % one("SELECT count(*) FROM notifications WHERE type = 'low_stock'")[0])

    section("Offers waiting for an answer")
    lines, _ = table(conn, """SELECT o.platform, count(*) AS pending,
                                     round(avg(100.0 * o.offer_amount / l.price), 1) || '%' AS avg_of_price
                              FROM offers o JOIN listings l ON l.id = o.listing_id
                              WHERE o.status = 'pending' AND datetime(o.expires_at) > datetime(?)
                              GROUP BY o.platform ORDER BY o.platform""", (DEMO_NOW,))
    out += lines

    section("Automation rules due at %s (vl_due_rules)" % DEMO_NOW)
    lines, _ = table(conn, """SELECT name, type, platform, schedule, due_at FROM vl_due_rules(?)
                              ORDER BY due_at, name""", (DEMO_NOW,), width=40)
    out += lines
    lines, _ = table(conn, """SELECT name, schedule, vl_cron_next(schedule, ?, 'America/New_York') AS next_run_utc
                              FROM automation_rules WHERE is_enabled ORDER BY name""", (DEMO_NOW,))
    out += [""] + lines

    it_id = live["crosslist_id"]
    section("Cross-listing drafts (vl_crosslist) for %s" % one("SELECT title FROM inventory WHERE id = ?",
                                                              (it_id,))[0])
    lines, _ = table(conn, """SELECT platform, title, price, condition, estimated_fee AS fee,
                                     estimated_net_profit AS net, already_listed AS listed, problems
                              FROM vl_crosslist(?)""", (it_id,), width=44)
    out += lines

    section("Search: vl_search('patagonia fleece')")
    lines, _ = table(conn, """SELECT title, brand, round(rank, 3) AS rank FROM vl_search('patagonia fleece')
                              LIMIT 5""", width=60)
    out += lines
    section("Type-ahead: vl_search('levi''s 50')")
    lines, _ = table(conn, "SELECT title FROM vl_search('levi''s 50') LIMIT 3", width=60)
    out += lines

    section("Shops: credentials encrypted with encrypt()")
    shops = conn.execute("SELECT platform, platform_username, credentials, id FROM shops ORDER BY platform").fetchall()
    for p, user, cred, shop_id in shops:
        token = json.loads(conn.execute("SELECT decrypt(?, NULL, json_array('shops', 'credentials', ?))",
                                        (cred, shop_id)).fetchone()[0])["access_token"]
        out.append("  %-9s %-15s %s…  decrypts to access_token %s…" % (p, user, cred[:6], token[:len(p) + 7]))
    try:
        conn.execute("SELECT decrypt(?, 'a-wrong-key-that-is-long-enough-32+', json_array('shops', 'credentials', ?))",
                     (shops[0][2], shops[0][3])).fetchone()
        raise DemoError("decrypt() with a wrong key returned a value instead of failing")
    except sqlite3.OperationalError as e:
        out.append("  with a wrong key: %s" % e)

    section("Marketplace imports (vl_import_sales), each file imported twice")
    for name, first, present in live["imports"]:
        out.append("  %-20s %s" % (name, first))
        out.append("  %-20s again: already_present %d, imported 0" % ("", present))
    lines, _ = table(conn, """SELECT s.platform, s.platform_order_id AS order_id, s.sale_price, s.platform_fee AS fee,
                                     s.net_profit, i.sku, i.quantity AS left, i.status
                              FROM sales s LEFT JOIN inventory i ON i.id = s.inventory_id
                              WHERE s.notes LIKE 'imported from %' ORDER BY s.platform, s.sale_price""")
    out += [""] + lines

    out += your_numbers(conn)

    section("vl_health")
    lines, rows = table(conn, "SELECT name, status, detail FROM vl_health", width=70)
    out += lines
    return out


YEAR_START, YEAR_END = "2026-01-01", "2027-01-01"


def your_numbers(conn):
    """The numbers a seller asks for every week and every April, all computed by the database."""
    out = ["", "== Your numbers: profit and loss by month and platform (vl_profit_loss)",
           "   net = gross - refunds - fees - shipping - cogs - expenses; the blank platform is overhead"]
    lines, _ = table(conn, """SELECT month, coalesce(platform, '') AS platform, orders, gross, refunds, fees,
                                     shipping, cogs, expenses, net, margin AS "margin%", roi AS "roi%"
                              FROM vl_profit_loss(?, ?, ?)""", (YEAR_START, YEAR_END, USER_ID))
    out += lines
    lines, _ = table(conn, """SELECT coalesce(platform, 'overhead') AS platform, sum(orders) AS orders,
                                     round(sum(gross), 2) AS gross, round(sum(net), 2) AS net
                              FROM vl_profit_loss(?, ?, ?) GROUP BY platform
                              ORDER BY platform IS NULL, net DESC""", (YEAR_START, YEAR_END, USER_ID))
    out += [""] + lines
    known, unknown = conn.execute("SELECT round(total(net), 2), count(*) - count(net) FROM vl_profit_loss(?, ?, ?)",
                                  (YEAR_START, YEAR_END, USER_ID)).fetchone()
    no_cost = conn.execute("SELECT count(*) FROM sales WHERE user_id = ? AND unit_cost IS NULL"
                           " AND status IS NOT 'cancelled'", (USER_ID,)).fetchone()[0]
    out.append("  net for 2026 so far: $%.2f in the months and platforms whose costs are all known;"
               " %d rows unknown" % (known, unknown))
    out.append("  (blank cogs and net: %d imported sales matched no item, so their cost is unknown, never 0:"
               " link them to an item and the rows fill in)" % no_cost)

    out += ["", "== Your numbers: will a 1099-K come for 2026? (vl_1099k)"]
    lines, _ = table(conn, """SELECT platform, gross, transactions, threshold_gross, threshold_transactions,
                                     form_expected, reconciled_gross FROM vl_1099k(2026, ?)""", (USER_ID,))
    out += lines

    out += ["", "== Your numbers: sell-through, June to November (vl_sell_through)"]
    lines, _ = table(conn, """SELECT coalesce(platform, 'all') AS platform, sold_items, active_items,
                                     sell_through AS "sell_through%", median_days_to_sell, mean_days_to_sell,
                                     median_days_to_list
                              FROM vl_sell_through('2026-06-01', '2026-12-01', NULL, ?)""", (USER_ID,))
    out += lines

    out += ["", "== Your numbers: inventory aging as of %s (vl_inventory_aging)" % DEMO_NOW[:10]]
    lines, _ = table(conn, "SELECT bucket, items, units, cost_value FROM vl_inventory_aging(?, ?)",
                     (DEMO_NOW[:10], USER_ID))
    out += lines

    out += ["", "== Your numbers: account health, last 90 days (vl_account_health)"]
    lines, _ = table(conn, """SELECT platform, orders, seller_cancellations, cancellation_rate AS "rate%",
                                     limit_rate AS "limit%", at_risk FROM vl_account_health(?, ?)""",
                     (DEMO_NOW[:10], USER_ID))
    out += lines
    return out


def charts(conn, folder):
    """Draws the two charts with matplotlib (Agg: no display needed); returns their paths."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise DemoError("python3-matplotlib is needed for the charts (apt-get install python3-matplotlib): %s" % e)
    plt.rcParams.update({"font.size": 10, "svg.hashsalt": "vaultlister"})
    paths = {k: os.path.join(folder, v) for k, v in CHARTS.items()}

    rows = conn.execute("SELECT month, platform, net FROM vl_profit_loss(?, ?, ?)",
                        (YEAR_START, YEAR_END, USER_ID)).fetchall()
    months = sorted({m for m, _, _ in rows})
    plats = [p for p in PLATFORMS if any(r[1] == p for r in rows)]
    net = {(m, p): n for m, p, n in rows}
    totals = [sum((net.get((m, p)) or 0) for p in plats + [None]) for m in months]
    unknown = [(m, p) for (m, p), v in net.items() if v is None]
    colors = {"ebay": "#1f77b4", "poshmark": "#d62728", "mercari": "#9467bd", "depop": "#2ca02c"}
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    width = 0.8 / max(1, len(plats))
    for i, p in enumerate(plats):
        xs = [k - 0.4 + width * (i + 0.5) for k in range(len(months))]
        ax.bar(xs, [net.get((m, p)) or 0 for m in months], width, label=p, color=colors.get(p))
    for m, p in unknown:   # a figure that depends on an unknown cost is not drawn as 0
        k, i = months.index(m), plats.index(p) if p in plats else 0
        ax.annotate("?", (k - 0.4 + width * (i + 0.5), 0), ha="center", va="bottom", fontsize=12,
                    fontweight="bold", color=colors.get(p, "black"))
    ax.plot(range(len(months)), totals, color="black", marker="o",
            label="total after overhead" + (" (? = cost unknown, left out)" if unknown else ""))
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(range(len(months)))
    ax.set_xticklabels([dt.datetime.strptime(m, "%Y-%m").strftime("%b %Y") for m in months])
    ax.set_ylabel("net profit (USD)")
    ax.set_title("Net profit by month and platform (vl_profit_loss)")
    ax.legend(loc="upper left", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(paths["profit"], metadata={"Software": None})
    plt.close(fig)

    rows = conn.execute("SELECT bucket, units, cost_value FROM vl_inventory_aging(?, ?)",
                        (DEMO_NOW[:10], USER_ID)).fetchall()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    bars = ax.bar([b for b, _, _ in rows], [u for _, u, _ in rows],
                  color=["#2ca02c", "#8fbc3f", "#e0c341", "#f39c34", "#e0603a", "#b22222", "#999999"])
    for bar, (_, units, cost) in zip(bars, rows):
        label = "$%.0f" % cost if cost is not None else "cost ?"
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                    va="bottom", fontsize=9, xytext=(0, 2), textcoords="offset points")
    ax.set_xlabel("days since first listed")
    ax.set_ylabel("units in stock")
    ax.set_title("Inventory aging as of %s (vl_inventory_aging; labels: cost value)" % DEMO_NOW[:10])
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(paths["aging"], metadata={"Software": None})
    plt.close(fig)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ext", required=True, help="the built library, without suffix (build/vaultlister)")
    ap.add_argument("--out", required=True, help="database file to (re)create")
    ap.add_argument("--report", help="also write the report to this file")
    ap.add_argument("--seed", type=int, default=20261125)
    args = ap.parse_args()

    if not hasattr(sqlite3.Connection, "enable_load_extension"):
        print("vaultlister demo: %s's sqlite3 cannot load extensions; run it with /usr/bin/python3"
              % sys.executable, file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(args.out + suffix):
            os.remove(args.out + suffix)
    conn = sqlite3.connect(args.out, isolation_level=None)
    try:
        conn.enable_load_extension(True)
        conn.load_extension(args.ext)
        conn.enable_load_extension(False)
        conn.execute("PRAGMA foreign_keys = ON")
        check_features(conn)
        conn.execute("SELECT vl_set_key(?)", (DEMO_KEY,))
        conn.execute("SELECT vl_migrate()")
        rng = random.Random(args.seed)
        conn.execute("BEGIN")
        reserved = generate(conn, rng)
        conn.execute("COMMIT")
        conn.execute("BEGIN")
        live = scenarios(conn, reserved)
        live["crosslist_id"] = reserved["crosslist"]["id"]
        bookkeeping(conn, random.Random(args.seed + 1))
        conn.execute("COMMIT")
        paths, _ = write_exports(conn, os.path.join(os.path.dirname(os.path.abspath(args.out)), "exports"))
        live["imports"] = import_exports(conn, paths)
        lines = report(conn, live)
        chart_paths = charts(conn, os.path.dirname(os.path.abspath(args.out)))
    except (DemoError, sqlite3.Error) as e:
        print("vaultlister demo FAILED: %s" % e, file=sys.stderr)
        return 2
    finally:
        conn.close()
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)
    print("\ndatabase: %s   (open it: sqlite3 %s  then  .load %s)" % (args.out, args.out, args.ext))
    print("charts:   %s\n          %s" % (chart_paths["profit"], chart_paths["aging"]))
    print("in Datasette with the vaultlister plugin, on 127.0.0.1:8001: make datasette DATASETTE_DB=%s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
