-- make test-windows: one reseller's day on a file database, the same script on Linux (the .so in
-- Debian's sqlite3) and on Windows (the DLL in sqlite3.exe under Wine); both outputs must equal
-- domain.expected. The runner loads the extension first and runs it in a folder holding
-- vaultlister_app.sql (tests/fixtures/legacy) and the two sample exports beside this file
-- (poshmark-sales.csv has CRLF line ends, as a file saved on Windows does).
.read vaultlister_app.sql
INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'h', 'ann');
INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Red Velvet Dress', 40);
-- vl_migrate adopts the web application's file: its migrations, its rows, its own columns.
SELECT json_extract(r, '$.adopted') IS NOT NULL, json_array_length(r, '$.applied') > 0 FROM (SELECT vl_migrate() AS r);
SELECT json_extract(r, '$.adopted') IS NULL, json_array_length(r, '$.applied') FROM (SELECT vl_migrate() AS r);
SELECT name, status FROM vl_health WHERE status <> 'ok' ORDER BY name;
SELECT count(*) > 0 FROM vl_health;
-- The sold-out cascade: a sale of the last unit sells the item and ends its other listings.
INSERT INTO users(id, email, password_hash, username) VALUES ('w1', 'win@example.com', 'h', 'closet');
INSERT INTO inventory(id, user_id, sku, title, brand, list_price, cost_price, quantity, status) VALUES
  ('d1', 'w1', 'DJ-1', 'Denim Jacket', 'Levi''s', 60, 12.5, 1, 'active'),
  ('fleece', 'w1', 'PAT-1', 'Patagonia Fleece', 'Patagonia', 50, 12, 1, 'active');
INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES
  ('l1', 'd1', 'w1', 'ebay', 'Denim Jacket', 60, 'active'),
  ('l2', 'd1', 'w1', 'poshmark', 'Denim Jacket', 58, 'active'),
  ('l3', 'd1', 'w1', 'mercari', 'Denim Jacket', 55, 'pending');
INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee, net_profit) VALUES ('s1', 'w1', 'l1', 'ebay', 50, 6.55, 999);
SELECT inventory_id, net_profit FROM sales WHERE id = 's1';
SELECT quantity, status FROM inventory WHERE id = 'd1';
SELECT id, status FROM listings WHERE inventory_id = 'd1' ORDER BY id;
SELECT action, entity_id, platform FROM sync_queue ORDER BY entity_id, platform;
-- Money: net_profit and the dated fee schedules.
SELECT net_profit(100, 12.5, 7.25, 40), net_profit(49.99, 9.99, 5.5, 12);
SELECT platform_fee('ebay', 10.00, 0, '2025-06-01'), platform_fee('ebay', 25, 5, '2025-06-01'),
       platform_fee('poshmark', 45, 0, '2026-03-04'), platform_fee('mercari', 30, 0, '2026-03-04');
SELECT component, basis, base, percent, fixed, amount FROM vl_fee_breakdown('ebay', 10000, 0, '2025-06-01');
-- Search: FTS5 through the extension's triggers, adopted rows included.
SELECT id, title FROM vl_search('jacket');
SELECT id FROM inventory_fts WHERE inventory_fts MATCH 'velvet';
-- Imports from export files on disk (paths relative to the working folder).
SELECT vl_import_sales('poshmark-sales.csv', NULL, 'w1');
SELECT vl_import_sales('poshmark-sales.csv', NULL, 'w1');
SELECT vl_import_sales('ebay-orders.csv', NULL, 'w1');
SELECT platform, sale_price, platform_fee, net_profit FROM sales WHERE id <> 's1' ORDER BY platform, sale_price;
SELECT quantity, status FROM inventory WHERE id = 'fleece';
SELECT order_id, sku, sale_price, line FROM vl_marketplace_csv('ebay-orders.csv');
-- Schedules in three zones, across New York's 2026 changes.
SELECT vl_cron_next('0 9 * * *', '2026-03-07 15:00:00', 'America/New_York'),
       vl_cron_next('0 9 * * *', '2026-03-08 15:00:00', 'America/New_York'),
       vl_cron_next('0 9 * * *', '2026-10-31 14:00:00', 'America/New_York'),
       vl_cron_next('0 9 * * *', '2026-11-01 14:00:00', 'America/New_York');
SELECT vl_cron_next('30 1 * * *', '2026-03-28 12:00:00', 'Europe/London'),
       vl_cron_next('30 1 * * *', '2026-10-24 12:00:00', 'Europe/London'),
       vl_cron_next('0 9 * * *', '2026-06-01 00:00:00', 'Asia/Kolkata');
INSERT INTO automation_rules(id, user_id, name, type, schedule, is_enabled, last_run_at)
  VALUES ('wr1', 'w1', 'morning share', 'share', '0 9 * * *', 1, '2026-03-08 00:00:00');
SELECT rule_id, due_at FROM vl_due_rules('2026-03-09 13:00:00') WHERE rule_id = 'wr1';
PRAGMA foreign_key_check;
PRAGMA integrity_check;
