-- Rules that hold for every table (domain-rules.md, "Everywhere"): updated_at, tenancy, and
-- money and quantities that are never negative. SQLite built-ins only, so they hold in a
-- connection that never loaded the extension.
--
-- Why the shapes below:
--   * Refusals are BEFORE triggers raising RAISE(ABORT, 'vaultlister: ...'), so the refused
--     statement changes nothing and the message arrives before the schema's generic CHECK text.
--   * A trigger's WHEN clause does the cheap test; the body (one SELECT RAISE per column, so each
--     message names its column) runs only for a row that is already wrong. Bulk inserts of valid
--     rows pay one WHEN per row.
--   * A tenancy lookup whose target row is missing yields NULL and passes: a dangling reference
--     is the foreign key's business (PRAGMA foreign_keys), not a cross-user one.

-- updated_at --------------------------------------------------------------------------------
-- An AFTER trigger cannot change NEW, so it writes the row again. The second condition stops a
-- loop under PRAGMA recursive_triggers = ON: once the column holds this second's timestamp the
-- trigger no longer fires. Every other UPDATE trigger of these tables names its columns
-- (UPDATE OF ...), so this refresh wakes nothing else. Every UPDATE that a trigger of ours makes
-- sets updated_at = CURRENT_TIMESTAMP itself (the value this trigger would write), so that
-- the WHEN clause is false and the row is not written a second time.
-- One trigger <table>_touch per table named below (cmake/sql_families.cmake writes them at build
-- time, all of the same shape).

-- @touch: automation_rules bundles collaborations feature_flags image_assets inventory
--    listing_templates listings offers reports returns sales
--    shipping_profiles shops user_preferences users webhooks

-- Tenancy -------------------------------------------------------------------------------------

CREATE TRIGGER {schema}.listings_tenancy_ins BEFORE INSERT ON listings BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.listings_tenancy_upd BEFORE UPDATE OF inventory_id, user_id ON listings BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

-- A sale is the busiest insert: the WHEN clause asks the three questions with one read of the
-- listing and one of the item, and the body (one statement per message, the first that applies
-- raises) runs only for a wrong row.
CREATE TRIGGER {schema}.sales_tenancy_ins BEFORE INSERT ON sales
WHEN (SELECT user_id <> new.user_id OR inventory_id <> new.inventory_id FROM listings WHERE id = new.listing_id)
  OR (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sales: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sales: listing_id and inventory_id name different items (give the listing''s inventory_id, or leave inventory_id NULL)')
  WHERE (SELECT inventory_id FROM listings WHERE id = new.listing_id) <> new.inventory_id;
END;

CREATE TRIGGER {schema}.sales_tenancy_upd BEFORE UPDATE OF listing_id, inventory_id, user_id ON sales
WHEN (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id
  OR (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sales: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.offers_tenancy_ins BEFORE INSERT ON offers BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.offers_tenancy_upd BEFORE UPDATE OF listing_id, user_id ON offers BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.returns_tenancy_ins BEFORE INSERT ON returns BEGIN
  SELECT RAISE(ABORT, 'vaultlister: returns: sale_id names a sale of another user (use a sale of the same user_id)')
  WHERE (SELECT user_id FROM sales WHERE id = new.sale_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.returns_tenancy_upd BEFORE UPDATE OF sale_id, user_id ON returns BEGIN
  SELECT RAISE(ABORT, 'vaultlister: returns: sale_id names a sale of another user (use a sale of the same user_id)')
  WHERE (SELECT user_id FROM sales WHERE id = new.sale_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.bundles_tenancy_ins BEFORE INSERT ON bundles WHEN new.sale_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundles: sale_id names a sale of another user (use a sale of the same user_id)')
  WHERE (SELECT user_id FROM sales WHERE id = new.sale_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.bundles_tenancy_upd BEFORE UPDATE OF sale_id, user_id ON bundles BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundles: sale_id names a sale of another user (use a sale of the same user_id)')
  WHERE (SELECT user_id FROM sales WHERE id = new.sale_id) <> new.user_id;
END;

-- bundle_items has no user_id of its own: the bundle's owner must own the item and the listing.
CREATE TRIGGER {schema}.bundle_items_tenancy_ins BEFORE INSERT ON bundle_items BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: inventory_id names an item of another user than the bundle''s (bundle items of the bundle owner only)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> (SELECT user_id FROM bundles WHERE id = new.bundle_id);
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: listing_id names a listing of another user than the bundle''s (bundle listings of the bundle owner only)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> (SELECT user_id FROM bundles WHERE id = new.bundle_id);
END;

CREATE TRIGGER {schema}.bundle_items_tenancy_upd BEFORE UPDATE OF bundle_id, inventory_id, listing_id ON bundle_items BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: inventory_id names an item of another user than the bundle''s (bundle items of the bundle owner only)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> (SELECT user_id FROM bundles WHERE id = new.bundle_id);
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: listing_id names a listing of another user than the bundle''s (bundle listings of the bundle owner only)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> (SELECT user_id FROM bundles WHERE id = new.bundle_id);
END;

CREATE TRIGGER {schema}.price_history_tenancy_ins BEFORE INSERT ON price_history BEGIN
  SELECT RAISE(ABORT, 'vaultlister: price_history: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: price_history: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.image_assets_tenancy BEFORE INSERT ON image_assets WHEN new.inventory_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: image_assets: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.image_assets_tenancy_upd BEFORE UPDATE OF inventory_id, user_id ON image_assets BEGIN
  SELECT RAISE(ABORT, 'vaultlister: image_assets: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.messages_tenancy_ins BEFORE INSERT ON messages
WHEN new.listing_id IS NOT NULL OR new.offer_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: messages: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: messages: offer_id names an offer of another user (use an offer of the same user_id)')
  WHERE (SELECT user_id FROM offers WHERE id = new.offer_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.messages_tenancy_upd BEFORE UPDATE OF listing_id, offer_id, user_id ON messages BEGIN
  SELECT RAISE(ABORT, 'vaultlister: messages: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: messages: offer_id names an offer of another user (use an offer of the same user_id)')
  WHERE (SELECT user_id FROM offers WHERE id = new.offer_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.inventory_tags_tenancy BEFORE INSERT ON inventory_tags BEGIN
  SELECT RAISE(ABORT, 'vaultlister: inventory_tags: tag_id names a tag of another user (tag an item with its owner''s tags)')
  WHERE (SELECT user_id FROM tags WHERE id = new.tag_id) <> (SELECT user_id FROM inventory WHERE id = new.inventory_id);
END;

CREATE TRIGGER {schema}.automation_logs_tenancy BEFORE INSERT ON automation_logs WHEN new.rule_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: automation_logs: rule_id names a rule of another user (log runs of the same user''s rules)')
  WHERE (SELECT user_id FROM automation_rules WHERE id = new.rule_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.sustainability_log_tenancy BEFORE INSERT ON sustainability_log
WHEN new.inventory_id IS NOT NULL OR new.sale_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sustainability_log: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sustainability_log: sale_id names a sale of another user (use a sale of the same user_id)')
  WHERE (SELECT user_id FROM sales WHERE id = new.sale_id) <> new.user_id;
END;

-- Money and quantities ----------------------------------------------------------------------
-- The CHECKs of the schema stay as the last line of defence; these come first with a message
-- that names the column. A text such as 'abc' compares greater than every number, so the CHECK
-- alone would let it through: a money column holds a number or NULL.
-- Speed: these run on every row of a bulk insert. The type test is written as
-- typeof(x) IN ('text', 'blob') (the same set as NOT IN ('integer', 'real', 'null'): typeof
-- names exactly one of the five storage classes) because SQLite codes an IN list of three or more
-- constants as an ephemeral index built under OP_Once, and OP_Once re-arms on every invocation
-- of a trigger program: each row would build small b-trees. Two constants are coded as two
-- comparisons. Inside a trigger, never write an IN list of three or more constants.
-- Each line below becomes <table>_amounts_ins and <table>_amounts_upd (BEFORE UPDATE OF the
-- columns named), written at build time by cmake/sql_families.cmake: money is a number >= 0 or
-- NULL, whole an integer >= 0 or NULL.

-- @amounts: inventory cost_price=money list_price=money quantity=whole low_stock_threshold=whole
-- @amounts: listings price=money original_price=money shipping_price=money
-- @amounts: sales sale_price=money platform_fee=money shipping_cost=money tax_amount=money
-- @amounts: offers offer_amount=money counter_amount=money
-- @amounts: returns refund_amount=money fee_refund=money return_shipping_cost=money
-- @amounts: bundles bundle_price=money shipping_discount=money
-- @amounts: bundle_items allocated_price=money
