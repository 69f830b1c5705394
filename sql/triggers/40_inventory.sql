-- Inventory (domain-rules.md, Inventory and Sales 1, 3, 5): price changes into price_history,
-- profit follows a corrected cost, soft delete and running out of stock take the item's live
-- listings down, low-stock notices, and tags JSON kept equal to the tags / inventory_tags tables.
-- The full-text index is 00_fts.sql.
--
-- Bulk inserts must stay near the speed of the FTS-only schema: the only INSERT triggers here
-- are behind WHEN clauses that a plain row (tags '[]') answers without a lookup.

CREATE TRIGGER {schema}.inventory_price_history AFTER UPDATE OF list_price, cost_price ON inventory
WHEN new.list_price IS NOT old.list_price OR new.cost_price IS NOT old.cost_price BEGIN
  INSERT INTO price_history(inventory_id, user_id, previous_cost_price, cost_price, previous_list_price, list_price, change_reason)
  VALUES (new.id, new.user_id, old.cost_price, new.cost_price, old.list_price, new.list_price, 'inventory price change');
END;

-- Sales 1: a corrected cost changes the profit of every sale of the item.
CREATE TRIGGER {schema}.inventory_cost_profit AFTER UPDATE OF cost_price ON inventory
WHEN new.cost_price IS NOT old.cost_price BEGIN
  UPDATE sales SET unit_cost = new.cost_price,  -- 0006_analytics: the cost net_profit uses
      net_profit = round(sale_price - coalesce(platform_fee, 0) - coalesce(shipping_cost, 0)
      - coalesce(new.cost_price, 0), 2),
      updated_at = CURRENT_TIMESTAMP
  WHERE inventory_id = new.id;
END;

-- Soft delete ends the live listings and queues a delist for each.
CREATE TRIGGER {schema}.inventory_soft_delete AFTER UPDATE OF status ON inventory
WHEN new.status = 'deleted' AND old.status IS NOT 'deleted' BEGIN
  INSERT INTO sync_queue(user_id, platform, action, entity_type, entity_id, payload)
  SELECT user_id, platform, 'delist', 'listing', id,
         json_object('inventory_id', inventory_id, 'previous_status', status, 'reason', 'item_deleted')
  FROM listings WHERE inventory_id = new.id AND status IN ('active', 'pending');
  UPDATE listings SET status = 'ended', updated_at = CURRENT_TIMESTAMP WHERE inventory_id = new.id AND status IN ('active', 'pending');
END;

-- No live listing of a sold-out item, however the quantity reached 0. A sale's own cascade
-- (20_sales.sql) has already ended the other listings before its decrement, so this finds only
-- what is left: a listing that could not move to sold, or an edit of quantity by hand. The WHEN
-- clause asks the listings index whether anything is left, so a sale that has already ended
-- every listing runs neither statement.
CREATE TRIGGER {schema}.inventory_sold_out AFTER UPDATE OF quantity ON inventory
WHEN new.quantity = 0 AND old.quantity > 0
  AND EXISTS (SELECT 1 FROM listings WHERE inventory_id = new.id AND (status = 'active' OR status = 'pending')) BEGIN
  INSERT INTO sync_queue(user_id, platform, action, entity_type, entity_id, payload)
  SELECT user_id, platform, 'delist', 'listing', id,
         json_object('inventory_id', inventory_id, 'previous_status', status, 'reason', 'out_of_stock')
  FROM listings WHERE inventory_id = new.id AND status IN ('active', 'pending');
  UPDATE listings SET status = 'ended', updated_at = CURRENT_TIMESTAMP WHERE inventory_id = new.id AND status IN ('active', 'pending');
END;

-- Sales 5: one notice per crossing of the threshold (from above it to at or below it, and above
-- 0). An item created at or below its threshold has not crossed it; at 0 it is sold out instead.
CREATE TRIGGER {schema}.inventory_low_stock AFTER UPDATE OF quantity ON inventory
WHEN new.quantity > 0 AND new.quantity <= new.low_stock_threshold AND old.quantity > new.low_stock_threshold BEGIN
  INSERT INTO notifications(user_id, type, title, message, data)
  VALUES (new.user_id, 'low_stock', 'Low stock: ' || new.title,
          new.quantity || ' left (threshold ' || new.low_stock_threshold || ')',
          json_object('inventory_id', new.id, 'quantity', new.quantity, 'threshold', new.low_stock_threshold));
END;

-- Tags -----------------------------------------------------------------------------------------
-- inventory.tags (a JSON array of strings) and tags / inventory_tags hold the same set, compared
-- without case as the tags table's UNIQUE (user_id, name COLLATE NOCASE) does. Either side may be
-- written; each trigger changes the other side only where it differs, so the two directions meet
-- and stop (also under recursive_triggers = ON).

CREATE TRIGGER {schema}.inventory_tags_valid_ins BEFORE INSERT ON inventory
WHEN new.tags IS NOT NULL AND new.tags <> '[]' AND CASE WHEN json_valid(new.tags) AND json_type(new.tags) = 'array'
  THEN EXISTS (SELECT 1 FROM json_each(new.tags) WHERE type <> 'text' OR trim(value) = '') ELSE 0 END BEGIN
  SELECT RAISE(ABORT, 'vaultlister: inventory: tags must be a JSON array of non-empty strings (for example ["vintage","denim"])');
END;

CREATE TRIGGER {schema}.inventory_tags_valid_upd BEFORE UPDATE OF tags ON inventory
WHEN new.tags IS NOT NULL AND new.tags <> '[]' AND CASE WHEN json_valid(new.tags) AND json_type(new.tags) = 'array'
  THEN EXISTS (SELECT 1 FROM json_each(new.tags) WHERE type <> 'text' OR trim(value) = '') ELSE 0 END BEGIN
  SELECT RAISE(ABORT, 'vaultlister: inventory: tags must be a JSON array of non-empty strings (for example ["vintage","denim"])');
END;

CREATE TRIGGER {schema}.inventory_tags_from_json_ins AFTER INSERT ON inventory
WHEN new.tags IS NOT NULL AND new.tags <> '[]' BEGIN
  INSERT OR IGNORE INTO tags(user_id, name) SELECT DISTINCT new.user_id, value FROM json_each(new.tags);
  INSERT OR IGNORE INTO inventory_tags(inventory_id, tag_id)
  SELECT new.id, t.id FROM json_each(new.tags) j JOIN tags t ON t.user_id = new.user_id AND t.name = j.value COLLATE NOCASE;
END;

CREATE TRIGGER {schema}.inventory_tags_from_json_upd AFTER UPDATE OF tags ON inventory
WHEN new.tags IS NOT old.tags BEGIN
  INSERT OR IGNORE INTO tags(user_id, name) SELECT DISTINCT new.user_id, value FROM json_each(coalesce(new.tags, '[]'));
  DELETE FROM inventory_tags WHERE inventory_id = new.id AND tag_id NOT IN (
    SELECT t.id FROM json_each(coalesce(new.tags, '[]')) j
    JOIN tags t ON t.user_id = new.user_id AND t.name = j.value COLLATE NOCASE);
  INSERT OR IGNORE INTO inventory_tags(inventory_id, tag_id)
  SELECT new.id, t.id FROM json_each(coalesce(new.tags, '[]')) j
  JOIN tags t ON t.user_id = new.user_id AND t.name = j.value COLLATE NOCASE;
END;

CREATE TRIGGER {schema}.inventory_tags_to_json_ins AFTER INSERT ON inventory_tags BEGIN
  UPDATE inventory SET tags = json_insert(coalesce(tags, '[]'), '$[#]', (SELECT name FROM tags WHERE id = new.tag_id)), updated_at = CURRENT_TIMESTAMP
  WHERE id = new.inventory_id
    AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(inventory.tags, '[]')) j
                    WHERE j.value = (SELECT name FROM tags WHERE id = new.tag_id) COLLATE NOCASE);
END;

CREATE TRIGGER {schema}.inventory_tags_to_json_del AFTER DELETE ON inventory_tags BEGIN
  UPDATE inventory SET tags = (SELECT json_group_array(j.value) FROM json_each(inventory.tags) j
                               WHERE NOT (j.value = (SELECT name FROM tags WHERE id = old.tag_id) COLLATE NOCASE)), updated_at = CURRENT_TIMESTAMP
  WHERE id = old.inventory_id
    AND EXISTS (SELECT 1 FROM json_each(coalesce(inventory.tags, '[]')) j
                WHERE j.value = (SELECT name FROM tags WHERE id = old.tag_id) COLLATE NOCASE);
END;

-- Runs before the tag row goes, while its name can still be looked up, and whether or not
-- foreign keys (and so the ON DELETE CASCADE) are on in this connection.
CREATE TRIGGER {schema}.tags_before_delete BEFORE DELETE ON tags BEGIN
  DELETE FROM inventory_tags WHERE tag_id = old.id;
END;

CREATE TRIGGER {schema}.tags_rename AFTER UPDATE OF name ON tags WHEN new.name IS NOT old.name BEGIN
  UPDATE inventory SET tags = (SELECT json_group_array(CASE WHEN j.value = old.name COLLATE NOCASE THEN new.name ELSE j.value END)
                               FROM json_each(inventory.tags) j), updated_at = CURRENT_TIMESTAMP
  WHERE id IN (SELECT inventory_id FROM inventory_tags WHERE tag_id = new.id);
END;
