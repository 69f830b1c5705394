-- 0003_fees: the dated fee schedules of the marketplaces (api.md, Money). Fees are data, not code:
-- a fee change is an UPDATE (close the old row with effective_to, insert the new one), never a
-- release. platform_fee() and vl_fee_breakdown() read this table of main.
--
-- Row semantics (the contract platform_fee() implements; docs/money-and-fees.md):
--   * Dates are 'YYYY-MM-DD' (the CHECK goes through julianday() because date() alone lets
--     '2024-02-30' pass on older SQLite). A rule is in force on day D when effective_from <= D and (effective_to IS NULL or
--     D < effective_to): effective_to is the first day the rule no longer applies.
--     effective_from '2000-01-01' marks a schedule that was already in force before the first
--     change ../reference/marketplaces.md records for that platform.
--   * base = sale_price ('item'), sale_price + shipping_charged ('item_plus_shipping') or the
--     order total ('order_total': item + shipping; platform_fee has no tax argument, so for
--     marketplaces that charge on tax too the result is the fee before tax).
--   * band_mode 'whole': the rule applies when price_min <= base <= price_max (both inclusive,
--     compared in cents, price_max NULL = no upper bound) and its percent applies to the whole
--     base. band_mode 'tiered': the percent applies to the part of the base above price_min and
--     up to price_max (eBay's 13.6% up to $7,500, 2.35% above); the rule applies when that part
--     is more than zero.
--   * amount = base * percent / 100 + fixed_amount, then raised to min_fee / lowered to max_fee.
--
-- The seeded rows are the US schedules of marketplaces.md, each with its confidence tag and
-- source in `source`; category-specific eBay rates, promotions and buyer-paid fees are not
-- seller fees of a general sale and are left out (notes say where).

CREATE TABLE {schema}.platform_fee_rules (
    id             TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    platform       TEXT NOT NULL CHECK (platform = lower(platform) AND length(platform) > 0),
    component      TEXT NOT NULL
                   CHECK (component IN ('commission', 'per_order', 'payment_processing', 'listing', 'promotion', 'other')),
    effective_from DATE NOT NULL CHECK (effective_from IS date(julianday(effective_from))),
    effective_to   DATE CHECK (effective_to IS NULL OR (effective_to IS date(julianday(effective_to)) AND effective_to > effective_from)),
    band_mode      TEXT NOT NULL DEFAULT 'whole' CHECK (band_mode IN ('whole', 'tiered')),
    price_min      REAL NOT NULL DEFAULT 0 CHECK (price_min >= 0),
    price_max      REAL CHECK (price_max IS NULL OR price_max >= price_min),
    percent        REAL NOT NULL DEFAULT 0 CHECK (percent >= 0 AND percent <= 100),
    fixed_amount   REAL NOT NULL DEFAULT 0 CHECK (fixed_amount >= 0),
    applies_to     TEXT NOT NULL DEFAULT 'item' CHECK (applies_to IN ('item', 'item_plus_shipping', 'order_total')),
    min_fee        REAL CHECK (min_fee IS NULL OR min_fee >= 0),
    max_fee        REAL CHECK (max_fee IS NULL OR max_fee >= coalesce(min_fee, 0)),
    source         TEXT NOT NULL CHECK (length(trim(source)) > 0),
    notes          TEXT,
    created_at     DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at     DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX {schema}.idx_platform_fee_rules_platform_effective_from ON platform_fee_rules(platform, effective_from);

INSERT INTO {schema}.platform_fee_rules
    (platform, component, effective_from, effective_to, band_mode, price_min, price_max, percent, fixed_amount, applies_to, min_fee, max_fee, source, notes)
VALUES
    -- eBay, most categories (no Store / Starter Store).
    ('ebay', 'commission', '2023-02-01', '2024-03-15', 'tiered', 0, 7500, 13.25, 0, 'order_total', NULL, NULL,
     '[official-derived] export.ebay.com 2023 winter seller update (12.9% -> ~13.25%)',
     'most categories; the update''s exact day in Feb-2023 is not in the reference (verify)'),
    ('ebay', 'commission', '2023-02-01', '2024-03-15', 'tiered', 7500, NULL, 2.35, 0, 'order_total', NULL, NULL,
     '[official-derived] export.ebay.com 2023 winter seller update',
     'portion of the sale above $7,500'),
    ('ebay', 'per_order', '2023-02-01', '2024-03-15', 'whole', 0, NULL, 0, 0.30, 'order_total', NULL, NULL,
     '[official-derived] eBay 2024 winter seller update (flat $0.30 before 2024-03-15)',
     'one item per order assumed'),
    ('ebay', 'commission', '2024-03-15', NULL, 'tiered', 0, 7500, 13.6, 0, 'order_total', NULL, NULL,
     '[official-derived] ebay.com/help selling-fees id=4822 (api-evangelist/ebay plans file, harvested 2026-09-20)',
     'most categories; the day 13.6% started is not in the reference (a 2024 fee script has it): dated with the per-order change (verify); category rates (books 15.3%, clothing 13.6%/9% over $2,000, jewelry, watches, instruments 6.7%, business 3%) are not seeded'),
    ('ebay', 'commission', '2024-03-15', NULL, 'tiered', 7500, NULL, 2.35, 0, 'order_total', NULL, NULL,
     '[official-derived] ebay.com/help selling-fees id=4822',
     'portion of the sale above $7,500'),
    ('ebay', 'per_order', '2024-03-15', NULL, 'whole', 0, 10, 0, 0.30, 'order_total', NULL, NULL,
     '[official-derived] eBay 2024 winter seller update, effective 2024-03-15',
     '$0.30 when the order total is $10 or less; one item per order assumed'),
    ('ebay', 'per_order', '2024-03-15', NULL, 'whole', 10.01, NULL, 0, 0.40, 'order_total', NULL, NULL,
     '[official-derived] eBay 2024 winter seller update, effective 2024-03-15',
     '$0.40 when the order total is over $10'),

    -- Poshmark: flat $2.95 under $15, 20% from $15; the Oct-2024 experiment, reverted 2024-10-21.
    ('poshmark', 'commission', '2000-01-01', '2024-10-07', 'whole', 0, 14.99, 0, 2.95, 'item', NULL, NULL,
     '[secondary, consistent across many] Poshmark seller fee', 'sales under $15'),
    ('poshmark', 'commission', '2000-01-01', '2024-10-07', 'whole', 15, NULL, 20, 0, 'item', NULL, NULL,
     '[secondary, consistent across many] Poshmark seller fee', 'sales of $15 or more'),
    ('poshmark', 'commission', '2024-10-07', '2024-10-21', 'whole', 0, NULL, 5.99, 0, 'order_total', NULL, NULL,
     '[secondary] blog.reeva.ai breakdown; TechCrunch via tecnocrata.com.br (reversal 2024-10-21)',
     'Oct-2024 experiment on the total order incl. shipping and tax; start date approximate (about two weeks before the reversal; verify)'),
    ('poshmark', 'per_order', '2024-10-07', '2024-10-21', 'whole', 0, 14.99, 0, 1.00, 'item', NULL, NULL,
     '[secondary] blog.reeva.ai breakdown', 'Oct-2024 experiment, items under $15'),
    ('poshmark', 'per_order', '2024-10-07', '2024-10-21', 'whole', 15, 49.99, 0, 2.00, 'item', NULL, NULL,
     '[secondary] blog.reeva.ai breakdown', 'Oct-2024 experiment, items $15 to under $50'),
    ('poshmark', 'per_order', '2024-10-07', '2024-10-21', 'whole', 50, NULL, 0, 3.00, 'item', NULL, NULL,
     '[secondary] blog.reeva.ai breakdown', 'Oct-2024 experiment, items of $50 or more'),
    ('poshmark', 'commission', '2024-10-21', NULL, 'whole', 0, 14.99, 0, 2.95, 'item', NULL, NULL,
     '[secondary, consistent across many] Poshmark seller fee (restored 2024-10-21)', 'sales under $15'),
    ('poshmark', 'commission', '2024-10-21', NULL, 'whole', 15, NULL, 20, 0, 'item', NULL, NULL,
     '[secondary, consistent across many] Poshmark seller fee (restored 2024-10-21)', 'sales of $15 or more'),

    -- Mercari (US): four regimes. Mercari applies a new regime to new/updated listings; pass the
    -- listing's date as on_date where that matters.
    ('mercari', 'commission', '2022-11-01', '2023-04-17', 'whole', 0, NULL, 10, 0, 'item', NULL, NULL,
     '[official] Mercari help article 525', '10% selling fee on the sold price'),
    ('mercari', 'payment_processing', '2022-11-01', '2023-04-17', 'whole', 0, NULL, 2.9, 0.50, 'item', NULL, NULL,
     '[official] Mercari help article 525', '2.9% + $0.50 on the sold price'),
    ('mercari', 'commission', '2023-04-17', '2024-03-27', 'whole', 0, NULL, 10, 0, 'item', NULL, NULL,
     '[official] Mercari help article 525', NULL),
    ('mercari', 'payment_processing', '2023-04-17', '2024-03-27', 'whole', 0, NULL, 2.9, 0.50, 'item_plus_shipping', NULL, NULL,
     '[secondary] copy of Mercari help article 525 (processing base became sale + shipping)', NULL),
    ('mercari', 'commission', '2024-03-27', '2025-01-06', 'whole', 0, NULL, 0, 0, 'item', NULL, NULL,
     '[official + secondary] Mercari help article 525 updated 03/27/2024; Daily Dot; westweekever.com',
     '0% seller fee for new listings (buyer pays service and processing fees); listings created before 2024-03-27 kept 10%'),
    ('mercari', 'commission', '2025-01-06', NULL, 'whole', 0, NULL, 10, 0, 'item_plus_shipping', NULL, NULL,
     '[official + secondary] Mercari FAQ copy at mercadosales.com; blog.reeva.ai; valueaddedresource 2024-12-09',
     '10% of item price + buyer-paid shipping; no payment processing fee; buyer pays 3.6% Buyer Protection'),

    -- Depop (verify): 10% + processing until the 2024 drop of the seller fee.
    ('depop', 'commission', '2000-01-01', '2024-07-01', 'whole', 0, NULL, 10, 0, 'item_plus_shipping', NULL, NULL,
     '[official old] depophelp.zendesk.com "Depop fees and charges"',
     '10% of the total (item + shipping); the US end date is not confirmed (UK from July 2024; verify)'),
    ('depop', 'payment_processing', '2000-01-01', NULL, 'whole', 0, NULL, 3.3, 0.45, 'item_plus_shipping', NULL, NULL,
     '[secondary] huggingface Jelonman/marketplace-fee-data; 2024-dated calculator comment',
     'the reference gives 3.3% + $0.45 for after the drop; the same rate is assumed before it (verify)'),

    -- Etsy (US).
    ('etsy', 'listing', '2000-01-01', NULL, 'whole', 0, NULL, 0, 0.20, 'item', NULL, NULL,
     '[secondary, consistent] etsy.com/help/article/2144 (Fees & Payments policy)',
     '$0.20 per listing for 4 months, charged again each time a unit of a multi-quantity listing sells'),
    ('etsy', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 6.5, 0, 'item_plus_shipping', NULL, NULL,
     '[secondary, consistent] etsy.com/help/article/2144', 'transaction fee on item + shipping (+ gift wrap)'),
    ('etsy', 'payment_processing', '2000-01-01', NULL, 'whole', 0, NULL, 3, 0.25, 'order_total', NULL, NULL,
     '[secondary, consistent] etsy.com/help/article/2144', 'Etsy Payments, US; Offsite Ads (15%/12%) not seeded'),

    -- Facebook Marketplace, shipped orders (verify).
    ('facebook', 'commission', '2000-01-01', '2024-04-15', 'whole', 0, NULL, 5, 0, 'item_plus_shipping', 0.40, NULL,
     '[secondary] digitaltechos.com', '5% per shipment, minimum $0.40'),
    ('facebook', 'commission', '2024-04-15', NULL, 'whole', 0, NULL, 10, 0, 'item_plus_shipping', 0.80, NULL,
     '[unverified] official US selling fee, effective 2024-04-15; listing-forge.com 2026 guide',
     '10% per shipment, $0.80 minimum (shipments of $8 or less); local pickup has no fee'),

    -- Whatnot (US).
    ('whatnot', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 8, 0, 'item', NULL, NULL,
     '[official] help.whatnot.com "Seller Fees and Commissions Schedule"',
     '8% of the final item price; Coins & Money 4%, Electronics 5% and dated promotions are not seeded'),
    ('whatnot', 'payment_processing', '2000-01-01', NULL, 'whole', 0, NULL, 2.9, 0.30, 'order_total', NULL, NULL,
     '[official] help.whatnot.com "Seller Fees and Commissions Schedule"', 'on the total order (item + shipping + buyer-paid tax)'),

    -- Vinted: sellers pay no selling fee (buyers pay Buyer Protection).
    ('vinted', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 0, 0, 'item', NULL, NULL,
     '[official] help.vinted.ca; vinted.com/pricelist', 'no seller fee; the buyer pays Buyer Protection'),

    -- Grailed [unverified].
    ('grailed', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 9, 0, 'item', NULL, NULL,
     '[unverified] general knowledge, not found in public sources', 'verify before relying on it'),
    ('grailed', 'payment_processing', '2000-01-01', NULL, 'whole', 0, NULL, 3.49, 0.49, 'order_total', NULL, NULL,
     '[unverified] general knowledge (Grailed Payments / Stripe, US)', 'verify before relying on it'),

    -- Shopify: payment processing only (the plan fee is monthly, not per sale).
    ('shopify', 'payment_processing', '2000-01-01', NULL, 'whole', 0, NULL, 2.9, 0.30, 'order_total', NULL, NULL,
     '[official overview + secondary] Shopify Payments online card rate, Basic plan (bluebarry.ai, thumbtube.com)',
     'Basic plan; lower on higher plans; +1.5% international cards'),

    -- Sneaker marketplaces.
    ('alias', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 9.5, 0, 'item', NULL, NULL,
     '[secondary] alias.org 2024-05-10', 'plus a seller fee not given in the reference; 2.9% cash-out not seeded'),
    ('flightclub', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 9.5, 5.00, 'item', NULL, NULL,
     '[secondary] alias.org 2024-05-10', '9.5% + $5; 2.9% cash-out not seeded'),
    ('restocks', 'commission', '2000-01-01', NULL, 'whole', 0, NULL, 9, 0, 'item', NULL, NULL,
     '[secondary] listed among others seen in the reference', NULL);

