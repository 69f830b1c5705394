"""The canned queries the plugin adds to every vaultlister database, and the columns that hold money.

Each query is one constant. Profit and loss and inventory aging are the library's analytics
functions (vl_profit_loss, vl_inventory_aging); the chart on /-/vaultlister follows
PROFIT_BY_MONTH_PLATFORM because it runs the same constant, and needs its columns `month`,
`platform` and `net`.
"""

# [start, end) for vl_profit_loss: every day it accepts (YYYY-MM-DD), so every month the file has.
PROFIT_WINDOW = ("0001-01-01", "9999-12-31")

# What a person types into a search box, through vl_search (docs/sql/vl_search.md). An empty box
# shows nothing rather than an error: vl_search is only asked when there is something to find.
SEARCH = """SELECT s.title, s.brand, i.sku, i.list_price, i.quantity, i.status, s.snippet
FROM vl_search(:q) AS s JOIN inventory AS i ON i.id = s.id
WHERE trim(:q) <> ''
ORDER BY s.rank
LIMIT 50"""

# The delists a sale queued (domain-rules.md, Sales 3) that no worker has pushed yet: the listing
# to take down and the item it belongs to.
DELIST_QUEUE = """SELECT q.created_at AS queued_at, q.platform, l.title AS listing, l.price,
       l.status AS listing_status, i.sku, i.title AS item, i.quantity,
       json_extract(q.payload, '$.sold_on') AS sold_on, q.attempts, q.last_error
FROM sync_queue AS q
JOIN listings AS l ON l.id = q.entity_id
JOIN inventory AS i ON i.id = l.inventory_id
WHERE q.entity_type = 'listing' AND q.action = 'delist' AND q.status = 'pending'
ORDER BY q.created_at, q.platform, l.id"""

# The income statement by month (UTC) of the sale and platform, through vl_profit_loss
# (docs/sql/vl_profit_loss.md): sales not cancelled, returns in the month they were refunded,
# expenses naming a platform on its row, and each month's overhead (expenses naming none, mileage)
# on a row whose platform is NULL. The window is every date the function accepts, so nothing the
# file holds is left out. cogs and net are NULL (unknown, never 0) when a sale's cost is unknown.
PROFIT_BY_MONTH_PLATFORM = """SELECT month, platform, orders, gross, refunds, fees, shipping, cogs, expenses, net,
       margin, roi
FROM vl_profit_loss('%s', '%s')""" % PROFIT_WINDOW

# Active listings by age (days since listed_at, or since the row was created when it never
# recorded a listing time), oldest first, with the bucket they fall in and how they are doing.
STALE_LISTINGS = """SELECT l.platform, l.title, l.price, i.sku, coalesce(l.listed_at, l.created_at) AS listed_at,
       CAST(julianday('now') - julianday(coalesce(l.listed_at, l.created_at)) AS INTEGER) AS days_listed,
       CASE
         WHEN julianday('now') - julianday(coalesce(l.listed_at, l.created_at)) < 30 THEN '0-29 days'
         WHEN julianday('now') - julianday(coalesce(l.listed_at, l.created_at)) < 60 THEN '30-59 days'
         WHEN julianday('now') - julianday(coalesce(l.listed_at, l.created_at)) < 90 THEN '60-89 days'
         ELSE '90+ days'
       END AS age,
       l.views, l.likes
FROM listings AS l JOIN inventory AS i ON i.id = l.inventory_id
WHERE l.status = 'active'
ORDER BY days_listed DESC, l.platform, l.id"""

# Sales that arrived for an item with no stock left (domain-rules.md, Sales 4): the alert, the
# sale and the item, newest first, acknowledged ones too (the column says which).
OVERSELL_ALERTS = """SELECT a.created_at AS alerted_at, a.severity, a.acknowledged,
       json_extract(a.data, '$.platform') AS platform, i.sku, i.title AS item, i.quantity,
       s.buyer_username AS buyer, s.sale_price, s.status AS sale_status
FROM alerts AS a
LEFT JOIN sales AS s ON s.id = json_extract(a.data, '$.sale_id')
LEFT JOIN inventory AS i ON i.id = json_extract(a.data, '$.inventory_id')
WHERE a.type = 'oversell'
ORDER BY a.created_at DESC, a.id"""

# The stock on hand by how long it has been listed (docs/sql/vl_inventory_aging.md): always seven
# buckets, 0-30 days to 365+ and never listed, as of today (UTC).
INVENTORY_AGING = """SELECT bucket, items, units, cost_value FROM vl_inventory_aging(date('now'))"""

HEALTH = "SELECT name, status, detail FROM vl_health"

# name -> (title, description, SQL). The name is the query's URL: /<database>/<name>.
CANNED = {
    "search": ("Search", "Find items by title, brand, tags, description or SKU (vl_search).", SEARCH),
    "delist_queue": ("Delist queue", "Listings a sale ended elsewhere, still to be taken down on their "
                     "platform (pending sync_queue delists).", DELIST_QUEUE),
    "profit_and_loss": ("Profit and loss by month and platform", "vl_profit_loss over every month: "
                        "net = gross - refunds - fees - shipping - cogs - expenses; the row without a platform "
                        "is the month's overhead; a blank cogs or net is unknown (a sale whose cost is unknown), "
                        "never 0.", PROFIT_BY_MONTH_PLATFORM),
    "stale_listings": ("Stale listings and aging", "Active listings, oldest first, with their age bucket.",
                       STALE_LISTINGS),
    "inventory_aging": ("Inventory aging", "vl_inventory_aging as of today: stock on hand by days since it was "
                        "first listed; a blank cost_value is unknown (an item without a cost).", INVENTORY_AGING),
    "oversell_alerts": ("Oversell alerts", "Sales that arrived for an item with no stock left.", OVERSELL_ALERTS),
    "health": ("Health", "vl_health: schema, indexes, triggers, search index and data checks.", HEALTH),
}

# Columns whose values are amounts of money, in the tables of the schema and in the queries above.
MONEY_COLUMNS = frozenset({
    "cost_price", "list_price", "price", "original_price", "shipping_price", "sale_price", "platform_fee",
    "shipping_cost", "tax_amount", "net_profit", "revenue", "fees", "shipping", "offer_amount",
    "counter_amount", "refund_amount", "fee_refund", "return_shipping_cost", "bundle_price",
    "allocated_price", "domestic_cost", "international_cost", "previous_cost_price", "previous_list_price",
    "estimated_fee", "estimated_net_profit", "gross", "refunds", "cogs", "expenses", "net", "cost_value",
})

# A database is a vaultlister database when it has these tables (vl_migrate creates them).
REQUIRED_TABLES = ("inventory", "listings", "sales", "sync_queue", "alerts")
