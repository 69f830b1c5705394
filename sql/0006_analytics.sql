-- 0006_analytics: the facts the seller's numbers need (profit and loss, 1099-K, cost of goods,
-- sell-through, aging, account health). The 8 core tables of the seed keep their columns as they
-- are; the new ones are appended. Reference data (mileage rates, 1099-K thresholds, what each
-- platform counts as gross) lives in tables a user can extend, never in code; every seeded row
-- names its source.

-- Sales: what the buyer paid for shipping; the cost the sale's net_profit used (kept by the
-- sales triggers, sql/triggers/20_sales.sql, next to net_profit); who cancelled the order.
ALTER TABLE {schema}.sales ADD COLUMN shipping_charged REAL DEFAULT 0 CHECK (shipping_charged IS NULL OR shipping_charged >= 0);
ALTER TABLE {schema}.sales ADD COLUMN unit_cost REAL CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE {schema}.sales ADD COLUMN cancelled_by TEXT CHECK (cancelled_by IN ('seller', 'buyer', 'platform'));

-- Returns: when the unit came back in stock (sql/triggers/45_analytics.sql), so a later status
-- change never restocks twice.
ALTER TABLE {schema}.returns ADD COLUMN restocked_at DATETIME;

-- Inventory: when the item's first listing went live (set by sql/triggers/45_analytics.sql; a
-- relist never changes it), and when it was disposed of (soft-deleted with units left: donated,
-- thrown away; set by the same file, cleared on restore). vl_cogs counts its units then.
ALTER TABLE {schema}.inventory ADD COLUMN first_listed_at DATETIME;
ALTER TABLE {schema}.inventory ADD COLUMN disposed_at DATETIME;

-- Existing rows. Subqueries name the schema: vl_migrate may be upgrading an attached file.
-- The cost a stored net_profit was computed from is its item's cost_price (the profit rule
-- recomputes a sale when its item's cost changes).
-- Each UPDATE touches only the rows it changes, so no trigger of an adopted file fires for others.
UPDATE {schema}.sales SET unit_cost = (SELECT cost_price FROM {schema}.inventory WHERE id = sales.inventory_id)
WHERE inventory_id IS NOT NULL AND (SELECT cost_price FROM {schema}.inventory WHERE id = sales.inventory_id) IS NOT NULL;
-- A return that already gave its unit back under the earlier rule (the first received restock
-- return of a sale marked returned, unless the sale was an oversell) is marked as such.
UPDATE {schema}.returns SET restocked_at = coalesce(received_at, refunded_at, updated_at, CURRENT_TIMESTAMP)
WHERE restock = 1 AND (status IN ('received', 'refunded', 'closed') OR received_at IS NOT NULL)
  AND (SELECT status FROM {schema}.sales WHERE id = returns.sale_id) = 'returned'
  AND (SELECT inventory_id FROM {schema}.sales WHERE id = returns.sale_id) IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {schema}.alerts WHERE user_id = returns.user_id AND type = 'oversell'
                    AND json_extract(data, '$.sale_id') = returns.sale_id)
  AND rowid = (SELECT min(rowid) FROM {schema}.returns r WHERE r.sale_id = returns.sale_id AND r.restock = 1
                 AND (r.status IN ('received', 'refunded', 'closed') OR r.received_at IS NOT NULL));
-- An item was first listed at the earliest listed_at of its listings.
UPDATE {schema}.inventory SET first_listed_at = (
    SELECT listed_at FROM {schema}.listings WHERE inventory_id = inventory.id AND listed_at IS NOT NULL
    ORDER BY julianday(listed_at) LIMIT 1)
WHERE EXISTS (SELECT 1 FROM {schema}.listings WHERE inventory_id = inventory.id AND listed_at IS NOT NULL);
-- A deleted item was disposed of when it was last changed (the best date the file has).
UPDATE {schema}.inventory SET disposed_at = coalesce(updated_at, CURRENT_TIMESTAMP) WHERE status = 'deleted';

-- Purchase lots. An item belongs to at most one lot (inventory_id is the key of lot_items); its
-- acquisition date is its lot's purchased_at, else inventory.created_at. vl_allocate_lot spreads
-- total_cost over the items.
CREATE TABLE {schema}.lots (
    id           TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purchased_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    supplier     TEXT,
    total_cost   REAL NOT NULL DEFAULT 0 CHECK (total_cost >= 0),
    notes        TEXT,
    created_at   DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at   DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.lot_items (
    lot_id          TEXT NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
    inventory_id    TEXT PRIMARY KEY NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
    estimated_value REAL CHECK (estimated_value IS NULL OR estimated_value >= 0),
    created_at      DATETIME DEFAULT CURRENT_TIMESTAMP
) WITHOUT ROWID;

-- Expenses: platform NULL means overhead (supplies, storage, subscriptions).
CREATE TABLE {schema}.expenses (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    spent_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    category   TEXT NOT NULL CHECK (length(trim(category)) > 0),
    amount     REAL NOT NULL CHECK (amount >= 0),
    platform   TEXT CHECK (platform = lower(platform)),
    notes      TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Business miles driven (sourcing trips, post office runs); valued at the year's rate.
CREATE TABLE {schema}.mileage (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    driven_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    miles      REAL NOT NULL CHECK (miles >= 0),
    purpose    TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.mileage_rates (
    year           INTEGER PRIMARY KEY NOT NULL CHECK (typeof(year) = 'integer' AND year BETWEEN 1900 AND 9999),
    cents_per_mile REAL NOT NULL CHECK (cents_per_mile >= 0),
    source         TEXT NOT NULL CHECK (length(trim(source)) > 0)
);

INSERT INTO {schema}.mileage_rates (year, cents_per_mile, source) VALUES
    (2023, 65.5, 'IRS Notice 2023-03 (standard mileage rate for business use, 2023)'),
    (2024, 67,   'IRS Notice 2024-08 (standard mileage rate for business use, 2024)'),
    (2025, 70,   'IRS Notice 2025-05 (standard mileage rate for business use, 2025)');

-- Information-return thresholds. A form is expected for a year when the gross is strictly over
-- gross_over and (transactions_over is NULL, i.e. any count, or the count is strictly over it).
-- first_year / last_year are calendar years, both inclusive; last_year NULL = still in force.
-- States with lower thresholds are added as rows with their jurisdiction.
CREATE TABLE {schema}.tax_form_thresholds (
    form              TEXT NOT NULL CHECK (length(trim(form)) > 0),
    jurisdiction      TEXT NOT NULL CHECK (length(trim(jurisdiction)) > 0),
    first_year        INTEGER NOT NULL CHECK (typeof(first_year) = 'integer'),
    last_year         INTEGER CHECK (last_year IS NULL OR (typeof(last_year) = 'integer' AND last_year >= first_year)),
    gross_over        REAL NOT NULL CHECK (gross_over >= 0),
    transactions_over INTEGER CHECK (transactions_over IS NULL OR (typeof(transactions_over) = 'integer' AND transactions_over >= 0)),
    source            TEXT NOT NULL CHECK (length(trim(source)) > 0),
    PRIMARY KEY (form, jurisdiction, first_year)
);

INSERT INTO {schema}.tax_form_thresholds (form, jurisdiction, first_year, last_year, gross_over, transactions_over, source) VALUES
    ('1099-K', 'federal', 2011, 2023, 20000, 200,
     'IRC 6050W(e) de minimis rule ($20,000 and 200 transactions); the $600 threshold of the American Rescue Plan Act of 2021 was delayed for 2022 and 2023 by IRS Notices 2023-10 and 2023-74'),
    ('1099-K', 'federal', 2024, 2024, 5000, NULL,
     'IRS Notice 2024-85: transition threshold of more than $5,000, any number of transactions, for calendar year 2024'),
    ('1099-K', 'federal', 2025, NULL, 20000, 200,
     'Public Law 119-21 (July 2025) sec. 70432 restored the $20,000 and 200 transactions de minimis rule; IRS Notice 2024-85 had planned $2,500 for 2025 and $600 from 2026');

-- What each platform counts in Box 1a of its 1099-K: the item price always, buyer-paid shipping
-- and buyer-paid sales tax when the flags say so; cancelled orders never. Dates are 'YYYY-MM-DD',
-- [valid_from, valid_to). verified = 1 only once the row was checked against the platform's own
-- tax page; the seeded rows come from the project's research notes and are not.
CREATE TABLE {schema}.platform_gross_basis (
    platform          TEXT NOT NULL CHECK (platform = lower(platform) AND length(platform) > 0),
    valid_from        DATE NOT NULL CHECK (valid_from IS date(julianday(valid_from))),
    valid_to          DATE CHECK (valid_to IS NULL OR (valid_to IS date(julianday(valid_to)) AND valid_to > valid_from)),
    includes_shipping INTEGER NOT NULL CHECK (includes_shipping IN (0, 1)),
    includes_tax      INTEGER NOT NULL CHECK (includes_tax IN (0, 1)),
    source            TEXT NOT NULL CHECK (length(trim(source)) > 0),
    verified          INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    PRIMARY KEY (platform, valid_from)
);

INSERT INTO {schema}.platform_gross_basis (platform, valid_from, valid_to, includes_shipping, includes_tax, source, verified) VALUES
    ('mercari', '2025-01-01', NULL, 1, 1,
     'Mercari 1099-K help (as summarised in reference/marketplaces.md): item price, buyer-paid shipping and buyer-paid sales tax; buyer fees, refunds and cancelled orders excluded', 0),
    ('ebay', '2000-01-01', NULL, 1, 0,
     'eBay 1099-K help (as summarised in the project research): item price and buyer-paid shipping; sales tax and cancelled-and-refunded orders excluded', 0);

CREATE INDEX {schema}.idx_lots_user_id ON lots(user_id);
CREATE INDEX {schema}.idx_lot_items_lot_id ON lot_items(lot_id);
CREATE INDEX {schema}.idx_expenses_user_id_spent_at ON expenses(user_id, spent_at);
CREATE INDEX {schema}.idx_mileage_user_id_driven_at ON mileage(user_id, driven_at);
CREATE INDEX {schema}.idx_sales_user_id_created_at ON sales(user_id, created_at);
