-- Outbox (domain-rules.md, Outbox): a domain event queues one webhook_deliveries row per active
-- webhook of the same user whose events array names it; delivery happens outside the database.
-- Each trigger first asks the index on webhooks(user_id) whether the user has any active
-- webhook, so a user without webhooks pays one probe per event.
-- Matching the event is exact but cheap: when the events text is a flat array (it starts with
-- '[' and holds no other '[', no '{', no backslash, and none of JSON5's single quotes or
-- comments), every element is a scalar, every string is written without escapes and each '"'
-- is a string delimiter, so the text contains '"sale.created"' exactly when one top-level
-- element is the string sale.created. Any other shape (nested values, escapes, leading spaces)
-- takes the json_each fallback, which was the only test before (json_each per webhook per
-- event was a large part of a sale's cost in bench/README.md's profile).
-- Payloads are built from NEW (not re-read from the table) because the order in which SQLite
-- fires the triggers of one event is unspecified; the sale's item is resolved the way
-- sales_after_insert fills it in.
-- Each @outbox line (event | trigger event | condition | payload pairs) becomes one trigger
-- outbox_<event>, written at build time by cmake/sql_families.cmake: the WHEN clause is the
-- condition AND the webhooks probe, the body one INSERT ... SELECT over the subscribed webhooks
-- with the match above.

-- @outbox: sale.created | AFTER INSERT ON sales | |
--    'sale_id', new.id, 'listing_id', new.listing_id,
--    'inventory_id', coalesce(new.inventory_id, (SELECT inventory_id FROM listings WHERE id = new.listing_id)),
--    'platform', new.platform, 'platform_order_id', new.platform_order_id, 'sale_price', new.sale_price, 'status', new.status

-- @outbox: sale.status_changed | AFTER UPDATE OF status ON sales |
--    new.status IS NOT old.status |
--    'sale_id', new.id, 'platform', new.platform, 'from', old.status, 'to', new.status

-- @outbox: offer.created | AFTER INSERT ON offers | |
--    'offer_id', new.id, 'listing_id', new.listing_id, 'platform', new.platform,
--    'buyer_username', new.buyer_username, 'offer_amount', new.offer_amount

-- @outbox: listing.sold | AFTER UPDATE OF status ON listings |
--    new.status = 'sold' AND old.status IS NOT 'sold' |
--    'listing_id', new.id, 'inventory_id', new.inventory_id, 'platform', new.platform, 'price', new.price

-- @outbox: inventory.low_stock | AFTER UPDATE OF quantity ON inventory |
--    new.quantity > 0 AND new.quantity <= new.low_stock_threshold AND old.quantity > new.low_stock_threshold |
--    'inventory_id', new.id, 'title', new.title, 'quantity', new.quantity, 'threshold', new.low_stock_threshold

-- The oversell alert (20_sales.sql) is the event: one place decides what an oversell is.
-- @outbox: inventory.oversold | AFTER INSERT ON alerts |
--    new.type = 'oversell' AND new.user_id IS NOT NULL |
--    'alert_id', new.id, 'sale_id', json_extract(new.data, '$.sale_id'),
--    'inventory_id', json_extract(new.data, '$.inventory_id'), 'platform', json_extract(new.data, '$.platform')
