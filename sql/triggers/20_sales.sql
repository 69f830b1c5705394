-- Sales, the centre of the business (domain-rules.md, Sales 1-7): derived profit, the listing's
-- item filled in, one unit taken per sale, "sold on one, delisted everywhere", oversell recorded
-- (never refused), the status machine, and undo on cancellation or a restocked return.
--
-- Decisions:
--   * SQLite fires several triggers on one event in an unspecified order, so everything an
--     INSERT causes runs from ONE trigger (sales_after_insert), in the order that matters: fill
--     inventory_id and profit, then one read of the item's quantity, which picks exactly one
--     path: oversell (quantity already 0), the sold-out cascade then the decrement (quantity
--     exactly 1: this sale takes the last unit), or the decrement alone (more than 1). The paths
--     are triggers of the internal view _vl_sale_stock (below), so a sale runs only the
--     statements of its own path.
--   * The sync_queue rows of a sold-out cascade carry the sale id and each listing's previous
--     status in their payload; that is how undo finds "every listing this sale ended" and puts
--     it back as it was, without a column of its own.
--   * An oversold sale took no unit (its alerts row says so), so undoing it gives none back.
--   * The sold listing becomes sold only if it was active: a pending or erroring listing cannot
--     move to sold (listing status machine), and refusing would lose the sale. It is ended by the
--     item's sold-out rule instead (40_inventory.sql), so it is not live either way.
--   * Moving a sale to another item later (UPDATE inventory_id) recomputes profit but does not
--     move stock: stock follows the recorded sale, corrections to stock are edits of inventory.

CREATE TRIGGER {schema}.sales_status_required BEFORE INSERT ON sales WHEN new.status IS NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: status cannot be NULL (name one of the statuses, or leave it out for pending)');
END;

CREATE TRIGGER {schema}.sales_after_insert AFTER INSERT ON sales BEGIN
  -- Rules 1, 2 and 6 in one write of the sale's row: the listing's item filled in, the derived
  -- profit (whatever the client wrote is overwritten), shipped_at / delivered_at when the sale is
  -- recorded in that status without them, and updated_at (so the touch trigger has nothing to do).
  -- Two statements, exactly one of which matches: inventory_id is in the SET list only when it is
  -- filled in, so a sale that names its item does not wake the UPDATE OF inventory_id triggers.
  UPDATE sales SET inventory_id = (SELECT inventory_id FROM listings WHERE id = new.listing_id),
      -- unit_cost (0006_analytics): the cost this net_profit uses.
      unit_cost = (SELECT i.cost_price FROM listings l JOIN inventory i ON i.id = l.inventory_id WHERE l.id = new.listing_id),
      net_profit = round(sale_price - coalesce(platform_fee, 0) - coalesce(shipping_cost, 0)
        - coalesce((SELECT i.cost_price FROM listings l JOIN inventory i ON i.id = l.inventory_id
                    WHERE l.id = new.listing_id), 0), 2),
      shipped_at = CASE WHEN new.status = 'shipped' AND new.shipped_at IS NULL THEN CURRENT_TIMESTAMP ELSE shipped_at END,
      delivered_at = CASE WHEN new.status = 'delivered' AND new.delivered_at IS NULL THEN CURRENT_TIMESTAMP ELSE delivered_at END,
      updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.inventory_id IS NULL AND new.listing_id IS NOT NULL;
  UPDATE sales SET unit_cost = (SELECT cost_price FROM inventory WHERE id = new.inventory_id),  -- 0006_analytics
      net_profit = round(sale_price - coalesce(platform_fee, 0) - coalesce(shipping_cost, 0)
        - coalesce((SELECT cost_price FROM inventory WHERE id = new.inventory_id), 0), 2),
      shipped_at = CASE WHEN new.status = 'shipped' AND new.shipped_at IS NULL THEN CURRENT_TIMESTAMP ELSE shipped_at END,
      delivered_at = CASE WHEN new.status = 'delivered' AND new.delivered_at IS NULL THEN CURRENT_TIMESTAMP ELSE delivered_at END,
      updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND NOT (new.inventory_id IS NULL AND new.listing_id IS NOT NULL);

  -- The item's effects, rules 3 and 4: one read of the item, handed to _vl_sale_stock, whose
  -- INSTEAD OF triggers below are the three paths of a sale, chosen by the quantity before it.
  -- A cancelled or returned sale takes nothing. The sale's inventory_id is re-read by rowid (the
  -- statements above filled it in).
  INSERT INTO _vl_sale_stock(sale_id, listing_id, platform, inventory_id, quantity, user_id, title)
  SELECT new.id, new.listing_id, new.platform, i.id, i.quantity, i.user_id, i.title
  FROM inventory i
  WHERE new.status NOT IN ('cancelled', 'returned')
    AND i.id = (SELECT inventory_id FROM sales WHERE rowid = new.rowid);
END;

-- _vl_sale_stock: an internal view (the _vl_ prefix: not part of the schema clients use; it holds
-- no rows and reads no table). Inserting into it is how sales_after_insert calls exactly one of
-- the three triggers below: a trigger has no `if`, and each statement of a trigger runs for every
-- sale (opening its write cursors before finding nothing to do), so the rare paths would
-- otherwise cost every sale (bench/README.md, sale_trigger_vs_app_code). The WHEN clauses are
-- disjoint, so the order in which SQLite fires them does not matter. A NULL quantity (the CHECK
-- refuses it) runs none of them, as before.
DROP VIEW IF EXISTS {schema}._vl_sale_stock;
CREATE VIEW {schema}._vl_sale_stock(sale_id, listing_id, platform, inventory_id, quantity, user_id, title)
AS SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

-- Rule 3, the common sale: the item has more than one unit; take one. The status is not in the
-- SET list: it stays as it is, and the item's UPDATE OF status triggers are not woken.
CREATE TRIGGER {schema}.sales_take_unit INSTEAD OF INSERT ON _vl_sale_stock WHEN new.quantity > 1 BEGIN
  UPDATE inventory SET quantity = quantity - 1, updated_at = CURRENT_TIMESTAMP
  WHERE id = new.inventory_id AND quantity > 0;
END;

-- Rule 3, this sale takes the last unit: delist everywhere else, mark the sold listing (sold_at
-- stamped here, as listings_status_times would), then the decrement: at 0 the item is sold (a
-- deleted item stays deleted). The listings first: the item's sold-out rule (40_inventory.sql)
-- then finds only what is left.
CREATE TRIGGER {schema}.sales_last_unit INSTEAD OF INSERT ON _vl_sale_stock WHEN new.quantity = 1 BEGIN
  INSERT INTO sync_queue(user_id, platform, action, entity_type, entity_id, payload)
  SELECT l.user_id, l.platform, 'delist', 'listing', l.id,
         json_object('sale_id', new.sale_id, 'inventory_id', l.inventory_id, 'sold_on', new.platform,
                     'previous_status', l.status, 'reason', 'sold_out')
  FROM listings l
  WHERE l.inventory_id = new.inventory_id AND l.id IS NOT new.listing_id AND l.status IN ('active', 'pending');
  UPDATE listings SET status = 'ended', updated_at = CURRENT_TIMESTAMP
  WHERE inventory_id = new.inventory_id AND id IS NOT new.listing_id AND status IN ('active', 'pending');
  UPDATE listings SET status = 'sold', sold_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE id = new.listing_id AND status = 'active';
  UPDATE inventory SET quantity = quantity - 1,
      status = CASE WHEN status <> 'deleted' THEN 'sold' ELSE status END,
      updated_at = CURRENT_TIMESTAMP
  WHERE id = new.inventory_id AND quantity > 0;
END;

-- Rule 4, oversell (no stock left): the money was taken on the platform, so keep the sale and
-- tell the seller. The item takes nothing.
CREATE TRIGGER {schema}.sales_oversell INSTEAD OF INSERT ON _vl_sale_stock WHEN new.quantity = 0 BEGIN
  INSERT INTO alerts(user_id, type, severity, data)
  VALUES (new.user_id, 'oversell', 'critical',
          json_object('sale_id', new.sale_id, 'inventory_id', new.inventory_id, 'listing_id', new.listing_id,
                      'platform', new.platform, 'title', new.title));
  INSERT INTO notifications(user_id, type, title, message, data)
  VALUES (new.user_id, 'oversell', 'Oversold: ' || new.title,
          'A sale on ' || new.platform || ' arrived for an item with no stock left: cancel it on the platform or find another unit.',
          json_object('sale_id', new.sale_id, 'inventory_id', new.inventory_id, 'listing_id', new.listing_id, 'platform', new.platform));
END;

-- Rule 1 on UPDATE. net_profit is in the column list so a client's write to it is overwritten;
-- the WHEN clause ends the chain (also under recursive_triggers = ON).
CREATE TRIGGER {schema}.sales_profit AFTER UPDATE OF sale_price, platform_fee, shipping_cost, inventory_id, net_profit, unit_cost ON sales
WHEN new.net_profit IS NOT round(new.sale_price - coalesce(new.platform_fee, 0) - coalesce(new.shipping_cost, 0)
      - coalesce((SELECT cost_price FROM inventory WHERE id = new.inventory_id), 0), 2)
  OR new.unit_cost IS NOT (SELECT cost_price FROM inventory WHERE id = new.inventory_id) BEGIN  -- 0006_analytics
  UPDATE sales SET unit_cost = (SELECT cost_price FROM inventory WHERE id = new.inventory_id),  -- 0006_analytics
      net_profit = round(new.sale_price - coalesce(new.platform_fee, 0) - coalesce(new.shipping_cost, 0)
      - coalesce((SELECT cost_price FROM inventory WHERE id = new.inventory_id), 0), 2),
      updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid;
END;

-- Rule 6: the status machine. RAISE takes a constant message, so each refused (from, to) pair
-- has its own CASE arm and the message names both statuses.
-- The WHEN clause lets every allowed move through with a few comparisons; the CASE runs only
-- for a refused move, a NULL status (the comparisons give NULL, coalesce makes it 'not allowed')
-- or a value the column's CHECK then refuses.
CREATE TRIGGER {schema}.sales_status_machine BEFORE UPDATE OF status ON sales
WHEN new.status IS NOT old.status AND NOT coalesce((
  (old.status = 'pending' AND (new.status = 'confirmed' OR new.status = 'shipped' OR new.status = 'cancelled'))
  OR (old.status = 'confirmed' AND (new.status = 'shipped' OR new.status = 'cancelled'))
  OR (old.status = 'shipped' AND (new.status = 'delivered' OR new.status = 'returned'))
  OR (old.status = 'delivered' AND new.status = 'returned')), 0) BEGIN
  SELECT CASE
    WHEN new.status IS NULL THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot be NULL (name one of the statuses)')
    WHEN old.status = 'pending' AND new.status = 'delivered' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from pending to delivered (allowed: pending -> confirmed, shipped, cancelled)')
    WHEN old.status = 'pending' AND new.status = 'returned' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from pending to returned (allowed: pending -> confirmed, shipped, cancelled)')
    WHEN old.status = 'confirmed' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from confirmed to pending (allowed: confirmed -> shipped, cancelled)')
    WHEN old.status = 'confirmed' AND new.status = 'delivered' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from confirmed to delivered (allowed: confirmed -> shipped, cancelled)')
    WHEN old.status = 'confirmed' AND new.status = 'returned' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from confirmed to returned (allowed: confirmed -> shipped, cancelled)')
    WHEN old.status = 'shipped' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from shipped to pending (allowed: shipped -> delivered, returned)')
    WHEN old.status = 'shipped' AND new.status = 'confirmed' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from shipped to confirmed (allowed: shipped -> delivered, returned)')
    WHEN old.status = 'shipped' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from shipped to cancelled (allowed: shipped -> delivered, returned)')
    WHEN old.status = 'delivered' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from delivered to pending (allowed: delivered -> returned)')
    WHEN old.status = 'delivered' AND new.status = 'confirmed' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from delivered to confirmed (allowed: delivered -> returned)')
    WHEN old.status = 'delivered' AND new.status = 'shipped' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from delivered to shipped (allowed: delivered -> returned)')
    WHEN old.status = 'delivered' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from delivered to cancelled (allowed: delivered -> returned)')
    WHEN old.status = 'cancelled' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from cancelled to pending (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'confirmed' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from cancelled to confirmed (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'shipped' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from cancelled to shipped (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'delivered' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from cancelled to delivered (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'returned' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from cancelled to returned (cancelled is final)')
    WHEN old.status = 'returned' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from returned to pending (returned is final)')
    WHEN old.status = 'returned' AND new.status = 'confirmed' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from returned to confirmed (returned is final)')
    WHEN old.status = 'returned' AND new.status = 'shipped' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from returned to shipped (returned is final)')
    WHEN old.status = 'returned' AND new.status = 'delivered' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from returned to delivered (returned is final)')
    WHEN old.status = 'returned' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: sales: status cannot move from returned to cancelled (returned is final)')
  END;
END;


CREATE TRIGGER {schema}.sales_status_times AFTER UPDATE OF status ON sales
WHEN new.status IS NOT old.status AND new.status IN ('shipped', 'delivered') BEGIN
  UPDATE sales SET shipped_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'shipped' AND new.shipped_at IS NULL;
  UPDATE sales SET delivered_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'delivered' AND new.delivered_at IS NULL;
END;

-- Rule 7: undo. cancelled and returned are final (status machine), so this runs at most once
-- per sale from the sale's side. A returned sale's unit comes back through its return
-- (45_analytics.sql, returns.restocked_at), never here, so it is never given twice.
CREATE TRIGGER {schema}.sales_undo AFTER UPDATE OF status ON sales
WHEN old.status NOT IN ('cancelled', 'returned') AND new.inventory_id IS NOT NULL
  AND new.status = 'cancelled'
  AND NOT EXISTS (SELECT 1 FROM returns WHERE sale_id = new.id AND restocked_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM alerts WHERE user_id = new.user_id AND type = 'oversell'
                    AND json_extract(data, '$.sale_id') = new.id) BEGIN
  UPDATE inventory SET quantity = quantity + 1,
      status = CASE WHEN status = 'sold' THEN 'active' ELSE status END, updated_at = CURRENT_TIMESTAMP
  WHERE id = new.inventory_id;
  INSERT INTO sync_queue(user_id, platform, action, entity_type, entity_id, payload)
  SELECT l.user_id, l.platform, 'relist', 'listing', l.id,
         json_object('sale_id', new.id, 'inventory_id', l.inventory_id, 'reason', new.status)
  FROM sync_queue q JOIN listings l ON l.id = q.entity_id
  WHERE q.entity_type = 'listing' AND q.action = 'delist'
    AND q.entity_id IN (SELECT id FROM listings WHERE inventory_id = new.inventory_id)
    AND json_extract(q.payload, '$.sale_id') = new.id
    AND l.status = 'ended'
    AND (SELECT status FROM inventory WHERE id = new.inventory_id) <> 'deleted';
  UPDATE listings SET status = coalesce((
      SELECT json_extract(q.payload, '$.previous_status') FROM sync_queue q
      WHERE q.entity_type = 'listing' AND q.entity_id = listings.id AND q.action = 'delist'
        AND json_extract(q.payload, '$.sale_id') = new.id
      ORDER BY q.rowid DESC LIMIT 1), 'active'), updated_at = CURRENT_TIMESTAMP
  WHERE inventory_id = new.inventory_id AND status = 'ended'
    AND id IN (SELECT entity_id FROM sync_queue q
               WHERE q.entity_type = 'listing' AND q.action = 'delist'
                 AND json_extract(q.payload, '$.sale_id') = new.id)
    AND (SELECT status FROM inventory WHERE id = new.inventory_id) <> 'deleted';
END;

-- Rule 7 from the return's side, and a return's restock, live in 45_analytics.sql
-- (returns_restock_ins / returns_restock_upd, 0006_analytics).
