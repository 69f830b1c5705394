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

CREATE TRIGGER {schema}.automation_rules_touch AFTER UPDATE ON automation_rules
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE automation_rules SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.bundles_touch AFTER UPDATE ON bundles
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE bundles SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.collaborations_touch AFTER UPDATE ON collaborations
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE collaborations SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.feature_flags_touch AFTER UPDATE ON feature_flags
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE feature_flags SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.image_assets_touch AFTER UPDATE ON image_assets
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE image_assets SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.inventory_touch AFTER UPDATE ON inventory
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE inventory SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.listing_templates_touch AFTER UPDATE ON listing_templates
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE listing_templates SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.listings_touch AFTER UPDATE ON listings
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE listings SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.offers_touch AFTER UPDATE ON offers
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE offers SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.reports_touch AFTER UPDATE ON reports
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE reports SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.returns_touch AFTER UPDATE ON returns
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE returns SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.sales_touch AFTER UPDATE ON sales
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE sales SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.shipping_profiles_touch AFTER UPDATE ON shipping_profiles
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE shipping_profiles SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.shops_touch AFTER UPDATE ON shops
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE shops SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.user_preferences_touch AFTER UPDATE ON user_preferences
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE user_preferences SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.users_touch AFTER UPDATE ON users
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.webhooks_touch AFTER UPDATE ON webhooks
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE webhooks SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

-- Tenancy -------------------------------------------------------------------------------------

CREATE TRIGGER {schema}.listings_tenancy_ins BEFORE INSERT ON listings BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.listings_tenancy_upd BEFORE UPDATE OF inventory_id, user_id ON listings BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
END;

CREATE TRIGGER {schema}.sales_tenancy_ins BEFORE INSERT ON sales
WHEN new.listing_id IS NOT NULL OR new.inventory_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: listing_id names a listing of another user (use a listing of the same user_id)')
  WHERE (SELECT user_id FROM listings WHERE id = new.listing_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sales: inventory_id names an item of another user (use an item of the same user_id)')
  WHERE (SELECT user_id FROM inventory WHERE id = new.inventory_id) <> new.user_id;
  SELECT RAISE(ABORT, 'vaultlister: sales: listing_id and inventory_id name different items (give the listing''s inventory_id, or leave inventory_id NULL)')
  WHERE (SELECT inventory_id FROM listings WHERE id = new.listing_id) <> new.inventory_id;
END;

CREATE TRIGGER {schema}.sales_tenancy_upd BEFORE UPDATE OF listing_id, inventory_id, user_id ON sales BEGIN
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

CREATE TRIGGER {schema}.inventory_amounts_ins BEFORE INSERT ON inventory
WHEN new.cost_price < 0 OR typeof(new.cost_price) IN ('text', 'blob')
  OR new.list_price < 0 OR typeof(new.list_price) IN ('text', 'blob')
  OR new.quantity < 0 OR typeof(new.quantity) NOT IN ('integer', 'null')
  OR new.low_stock_threshold < 0 OR typeof(new.low_stock_threshold) NOT IN ('integer', 'null') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: inventory: cost_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.cost_price < 0 OR typeof(new.cost_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: inventory: list_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.list_price < 0 OR typeof(new.list_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: inventory: quantity must be a whole number >= 0 (got a negative or non-numeric value)')
  WHERE new.quantity < 0 OR typeof(new.quantity) NOT IN ('integer', 'null');
  SELECT RAISE(ABORT, 'vaultlister: inventory: low_stock_threshold must be a whole number >= 0 (got a negative or non-numeric value)')
  WHERE new.low_stock_threshold < 0 OR typeof(new.low_stock_threshold) NOT IN ('integer', 'null');
END;

CREATE TRIGGER {schema}.inventory_amounts_upd BEFORE UPDATE OF cost_price, list_price, quantity, low_stock_threshold ON inventory
WHEN new.cost_price < 0 OR typeof(new.cost_price) IN ('text', 'blob')
  OR new.list_price < 0 OR typeof(new.list_price) IN ('text', 'blob')
  OR new.quantity < 0 OR typeof(new.quantity) NOT IN ('integer', 'null')
  OR new.low_stock_threshold < 0 OR typeof(new.low_stock_threshold) NOT IN ('integer', 'null') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: inventory: cost_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.cost_price < 0 OR typeof(new.cost_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: inventory: list_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.list_price < 0 OR typeof(new.list_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: inventory: quantity must be a whole number >= 0 (got a negative or non-numeric value)')
  WHERE new.quantity < 0 OR typeof(new.quantity) NOT IN ('integer', 'null');
  SELECT RAISE(ABORT, 'vaultlister: inventory: low_stock_threshold must be a whole number >= 0 (got a negative or non-numeric value)')
  WHERE new.low_stock_threshold < 0 OR typeof(new.low_stock_threshold) NOT IN ('integer', 'null');
END;

CREATE TRIGGER {schema}.listings_amounts_ins BEFORE INSERT ON listings
WHEN new.price < 0 OR typeof(new.price) IN ('text', 'blob')
  OR new.original_price < 0 OR typeof(new.original_price) IN ('text', 'blob')
  OR new.shipping_price < 0 OR typeof(new.shipping_price) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.price < 0 OR typeof(new.price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: listings: original_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.original_price < 0 OR typeof(new.original_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: listings: shipping_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_price < 0 OR typeof(new.shipping_price) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.listings_amounts_upd BEFORE UPDATE OF price, original_price, shipping_price ON listings
WHEN new.price < 0 OR typeof(new.price) IN ('text', 'blob')
  OR new.original_price < 0 OR typeof(new.original_price) IN ('text', 'blob')
  OR new.shipping_price < 0 OR typeof(new.shipping_price) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.price < 0 OR typeof(new.price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: listings: original_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.original_price < 0 OR typeof(new.original_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: listings: shipping_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_price < 0 OR typeof(new.shipping_price) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.sales_amounts_ins BEFORE INSERT ON sales
WHEN new.sale_price < 0 OR typeof(new.sale_price) IN ('text', 'blob')
  OR new.platform_fee < 0 OR typeof(new.platform_fee) IN ('text', 'blob')
  OR new.shipping_cost < 0 OR typeof(new.shipping_cost) IN ('text', 'blob')
  OR new.tax_amount < 0 OR typeof(new.tax_amount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: sale_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.sale_price < 0 OR typeof(new.sale_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: platform_fee must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.platform_fee < 0 OR typeof(new.platform_fee) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: shipping_cost must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_cost < 0 OR typeof(new.shipping_cost) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: tax_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.tax_amount < 0 OR typeof(new.tax_amount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.sales_amounts_upd BEFORE UPDATE OF sale_price, platform_fee, shipping_cost, tax_amount ON sales
WHEN new.sale_price < 0 OR typeof(new.sale_price) IN ('text', 'blob')
  OR new.platform_fee < 0 OR typeof(new.platform_fee) IN ('text', 'blob')
  OR new.shipping_cost < 0 OR typeof(new.shipping_cost) IN ('text', 'blob')
  OR new.tax_amount < 0 OR typeof(new.tax_amount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: sales: sale_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.sale_price < 0 OR typeof(new.sale_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: platform_fee must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.platform_fee < 0 OR typeof(new.platform_fee) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: shipping_cost must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_cost < 0 OR typeof(new.shipping_cost) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: sales: tax_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.tax_amount < 0 OR typeof(new.tax_amount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.offers_amounts_ins BEFORE INSERT ON offers
WHEN new.offer_amount < 0 OR typeof(new.offer_amount) IN ('text', 'blob')
  OR new.counter_amount < 0 OR typeof(new.counter_amount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: offer_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.offer_amount < 0 OR typeof(new.offer_amount) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: offers: counter_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.counter_amount < 0 OR typeof(new.counter_amount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.offers_amounts_upd BEFORE UPDATE OF offer_amount, counter_amount ON offers
WHEN new.offer_amount < 0 OR typeof(new.offer_amount) IN ('text', 'blob')
  OR new.counter_amount < 0 OR typeof(new.counter_amount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: offer_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.offer_amount < 0 OR typeof(new.offer_amount) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: offers: counter_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.counter_amount < 0 OR typeof(new.counter_amount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.returns_amounts_ins BEFORE INSERT ON returns
WHEN new.refund_amount < 0 OR typeof(new.refund_amount) IN ('text', 'blob')
  OR new.fee_refund < 0 OR typeof(new.fee_refund) IN ('text', 'blob')
  OR new.return_shipping_cost < 0 OR typeof(new.return_shipping_cost) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: returns: refund_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.refund_amount < 0 OR typeof(new.refund_amount) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: returns: fee_refund must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.fee_refund < 0 OR typeof(new.fee_refund) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: returns: return_shipping_cost must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.return_shipping_cost < 0 OR typeof(new.return_shipping_cost) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.returns_amounts_upd BEFORE UPDATE OF refund_amount, fee_refund, return_shipping_cost ON returns
WHEN new.refund_amount < 0 OR typeof(new.refund_amount) IN ('text', 'blob')
  OR new.fee_refund < 0 OR typeof(new.fee_refund) IN ('text', 'blob')
  OR new.return_shipping_cost < 0 OR typeof(new.return_shipping_cost) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: returns: refund_amount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.refund_amount < 0 OR typeof(new.refund_amount) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: returns: fee_refund must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.fee_refund < 0 OR typeof(new.fee_refund) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: returns: return_shipping_cost must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.return_shipping_cost < 0 OR typeof(new.return_shipping_cost) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.bundles_amounts_ins BEFORE INSERT ON bundles
WHEN new.bundle_price < 0 OR typeof(new.bundle_price) IN ('text', 'blob')
  OR new.shipping_discount < 0 OR typeof(new.shipping_discount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundles: bundle_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.bundle_price < 0 OR typeof(new.bundle_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: bundles: shipping_discount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_discount < 0 OR typeof(new.shipping_discount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.bundles_amounts_upd BEFORE UPDATE OF bundle_price, shipping_discount ON bundles
WHEN new.bundle_price < 0 OR typeof(new.bundle_price) IN ('text', 'blob')
  OR new.shipping_discount < 0 OR typeof(new.shipping_discount) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundles: bundle_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.bundle_price < 0 OR typeof(new.bundle_price) IN ('text', 'blob');
  SELECT RAISE(ABORT, 'vaultlister: bundles: shipping_discount must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.shipping_discount < 0 OR typeof(new.shipping_discount) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.bundle_items_amounts_ins BEFORE INSERT ON bundle_items
WHEN new.allocated_price < 0 OR typeof(new.allocated_price) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: allocated_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.allocated_price < 0 OR typeof(new.allocated_price) IN ('text', 'blob');
END;

CREATE TRIGGER {schema}.bundle_items_amounts_upd BEFORE UPDATE OF allocated_price ON bundle_items
WHEN new.allocated_price < 0 OR typeof(new.allocated_price) IN ('text', 'blob') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: bundle_items: allocated_price must be a number >= 0 (got a negative or non-numeric value)')
  WHERE new.allocated_price < 0 OR typeof(new.allocated_price) IN ('text', 'blob');
END;

