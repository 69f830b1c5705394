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

-- updated_at, in the shape of 10_common.sql.
CREATE TRIGGER {schema}.lots_touch AFTER UPDATE ON lots
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE lots SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.expenses_touch AFTER UPDATE ON expenses
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE expenses SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.mileage_touch AFTER UPDATE ON mileage
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE mileage SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;
