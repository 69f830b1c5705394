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

CREATE TRIGGER {schema}.outbox_sale_created AFTER INSERT ON sales
WHEN EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'sale.created', json_object('event', 'sale.created', 'sale_id', new.id, 'listing_id', new.listing_id,
         'inventory_id', coalesce(new.inventory_id, (SELECT inventory_id FROM listings WHERE id = new.listing_id)),
         'platform', new.platform, 'platform_order_id', new.platform_order_id, 'sale_price', new.sale_price, 'status', new.status)
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"sale.created"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'sale.created') END;
END;

CREATE TRIGGER {schema}.outbox_sale_status_changed AFTER UPDATE OF status ON sales
WHEN new.status IS NOT old.status AND
  EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'sale.status_changed', json_object('event', 'sale.status_changed', 'sale_id', new.id, 'platform', new.platform, 'from', old.status, 'to', new.status)
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"sale.status_changed"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'sale.status_changed') END;
END;

CREATE TRIGGER {schema}.outbox_offer_created AFTER INSERT ON offers
WHEN EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'offer.created', json_object('event', 'offer.created', 'offer_id', new.id, 'listing_id', new.listing_id, 'platform', new.platform,
         'buyer_username', new.buyer_username, 'offer_amount', new.offer_amount)
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"offer.created"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'offer.created') END;
END;

CREATE TRIGGER {schema}.outbox_listing_sold AFTER UPDATE OF status ON listings
WHEN new.status = 'sold' AND old.status IS NOT 'sold' AND
  EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'listing.sold', json_object('event', 'listing.sold', 'listing_id', new.id, 'inventory_id', new.inventory_id, 'platform', new.platform, 'price', new.price)
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"listing.sold"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'listing.sold') END;
END;

CREATE TRIGGER {schema}.outbox_inventory_low_stock AFTER UPDATE OF quantity ON inventory
WHEN new.quantity > 0 AND new.quantity <= new.low_stock_threshold AND old.quantity > new.low_stock_threshold AND
  EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'inventory.low_stock', json_object('event', 'inventory.low_stock', 'inventory_id', new.id, 'title', new.title, 'quantity', new.quantity, 'threshold', new.low_stock_threshold)
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"inventory.low_stock"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'inventory.low_stock') END;
END;

-- The oversell alert (20_sales.sql) is the event: one place decides what an oversell is.
CREATE TRIGGER {schema}.outbox_inventory_oversold AFTER INSERT ON alerts
WHEN new.type = 'oversell' AND new.user_id IS NOT NULL AND
  EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1) BEGIN
  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)
  SELECT w.id, 'inventory.oversold', json_object('event', 'inventory.oversold', 'alert_id', new.id, 'sale_id', json_extract(new.data, '$.sale_id'),
         'inventory_id', json_extract(new.data, '$.inventory_id'), 'platform', json_extract(new.data, '$.platform'))
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"inventory.oversold"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = 'inventory.oversold') END;
END;
