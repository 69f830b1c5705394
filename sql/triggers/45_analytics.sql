-- The facts of the seller's numbers (migration 0006_analytics): when an item was first listed,
-- lots kept to one user, and updated_at of the new user tables. Built-ins only, like every set.
-- The cost a sale's net_profit used (sales.unit_cost) is kept next to net_profit itself, in
-- 20_sales.sql and 40_inventory.sql, so the two can never disagree.

-- inventory.first_listed_at: the moment the item's first listing went live (its listed_at, which
-- listings_after_insert / listings_status_times stamp). Several triggers fire on one event in an
-- unspecified order, so the listing's listed_at is re-read by rowid. Set once: a relist, or a
-- second platform, never changes it. A listing recorded as already sold was live before.
CREATE TRIGGER {schema}.listings_first_listed_ins AFTER INSERT ON listings
WHEN new.status IN ('active', 'sold') BEGIN
  UPDATE inventory SET first_listed_at = coalesce((SELECT listed_at FROM listings WHERE rowid = new.rowid), CURRENT_TIMESTAMP)
  WHERE id = new.inventory_id AND first_listed_at IS NULL;
END;

CREATE TRIGGER {schema}.listings_first_listed_upd AFTER UPDATE OF status ON listings
WHEN new.status = 'active' AND old.status IS NOT 'active' BEGIN
  UPDATE inventory SET first_listed_at = coalesce((SELECT listed_at FROM listings WHERE rowid = new.rowid), CURRENT_TIMESTAMP)
  WHERE id = new.inventory_id AND first_listed_at IS NULL;
END;

-- inventory.disposed_at: a soft delete disposes of the units left (at the disposed_at the same
-- UPDATE gives, else now); a restore takes it back.
CREATE TRIGGER {schema}.inventory_disposed AFTER UPDATE OF status ON inventory
WHEN (new.status = 'deleted') IS NOT (old.status = 'deleted') BEGIN
  UPDATE inventory SET disposed_at = CASE WHEN new.status = 'deleted' THEN coalesce(new.disposed_at, CURRENT_TIMESTAMP) END
  WHERE rowid = new.rowid;
END;

-- Tenancy: a lot holds items of its own user only.
CREATE TRIGGER {schema}.lot_items_tenancy_ins BEFORE INSERT ON lot_items BEGIN
  SELECT RAISE(ABORT, 'vaultlister: lot_items: inventory_id names an item of another user (put items of the lot''s user_id in it)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> (SELECT user_id FROM lots WHERE id = new.lot_id);
END;

CREATE TRIGGER {schema}.lot_items_tenancy_upd BEFORE UPDATE OF lot_id, inventory_id ON lot_items BEGIN
  SELECT RAISE(ABORT, 'vaultlister: lot_items: inventory_id names an item of another user (put items of the lot''s user_id in it)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> (SELECT user_id FROM lots WHERE id = new.lot_id);
END;

CREATE TRIGGER {schema}.lots_tenancy_upd BEFORE UPDATE OF user_id ON lots
WHEN new.user_id IS NOT old.user_id AND EXISTS (SELECT 1 FROM lot_items WHERE lot_id = new.id) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: lots: user_id cannot change while the lot holds items (move its items out first)');
END;

-- updated_at: the touch family of 10_common.sql, written by cmake/sql_families.cmake.
-- @touch: lots expenses mileage

-- Returns close the loop (domain-rules.md, Returns). A return with restock = 1 that reaches
-- 'received' (or is recorded later than that: refunded, closed, or with received_at) puts the
-- sold unit back: quantity + 1, a sold item active again. Its ended listings stay ended for the
-- seller to relist once the item is checked. returns.restocked_at (its received_at, else now)
-- marks the return that did it, so a later status change, a second return of the same sale, or
-- the sale turning 'returned' never gives a second unit. A sale that took no unit (an oversell, or cancelled: cancelling gave
-- it back already) gives none. One audit_logs row records each move.
-- A return recorded as already received goes through the same rule: the insert trigger only
-- names its status again, which wakes returns_restock_upd.
CREATE TRIGGER {schema}.returns_restock_ins AFTER INSERT ON returns
WHEN new.restock = 1 AND ((new.status = 'received' OR new.status = 'refunded' OR new.status = 'closed') OR new.received_at IS NOT NULL) BEGIN
  UPDATE returns SET status = status WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.returns_restock_upd AFTER UPDATE OF status, received_at, restock ON returns
WHEN new.restock = 1 AND ((new.status = 'received' OR new.status = 'refunded' OR new.status = 'closed') OR new.received_at IS NOT NULL)
  AND new.restocked_at IS NULL
  AND (SELECT inventory_id FROM sales WHERE id = new.sale_id) IS NOT NULL
  AND (SELECT status FROM sales WHERE id = new.sale_id) <> 'cancelled'
  AND NOT EXISTS (SELECT 1 FROM returns WHERE sale_id = new.sale_id AND restocked_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM alerts WHERE user_id = new.user_id AND type = 'oversell'
                    AND json_extract(data, '$.sale_id') = new.sale_id) BEGIN
  UPDATE inventory SET quantity = quantity + 1,
      status = CASE WHEN status = 'sold' THEN 'active' ELSE status END, updated_at = CURRENT_TIMESTAMP
  WHERE id = (SELECT inventory_id FROM sales WHERE id = new.sale_id);
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  SELECT new.user_id, 'inventory.restock', 'inventory', i.id,
         json_object('return_id', new.id, 'sale_id', new.sale_id, 'quantity', i.quantity, 'status', i.status)
  FROM inventory i WHERE i.id = (SELECT inventory_id FROM sales WHERE id = new.sale_id);
  UPDATE returns SET restocked_at = coalesce(new.received_at, CURRENT_TIMESTAMP) WHERE rowid = new.rowid;
END;

-- restocked_at is the trigger's record: a client cannot clear it to restock again.
CREATE TRIGGER {schema}.returns_restocked_kept BEFORE UPDATE OF restocked_at ON returns
WHEN old.restocked_at IS NOT NULL AND new.restocked_at IS NOT old.restocked_at BEGIN
  SELECT RAISE(ABORT, 'vaultlister: returns: restocked_at cannot change once the unit is back in stock (it records the restock)');
END;
