-- 0004_crosslist: per-marketplace listing limits and condition vocabularies (api.md, vl_crosslist).
-- Data, not code: when a marketplace changes a limit, UPDATE the row (and verified_on). NULL in a
-- limit column means "no limit known" (the reference marks it '?'): vl_crosslist leaves that
-- field as it is. Seeded from ../reference/marketplaces.md §2.3 and §2.4, sources in `source`.

CREATE TABLE {schema}.platform_limits (
    id              TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    platform        TEXT UNIQUE NOT NULL CHECK (platform = lower(platform) AND length(platform) > 0),
    title_max       INTEGER CHECK (title_max IS NULL OR title_max > 0),
    description_max INTEGER CHECK (description_max IS NULL OR description_max > 0),
    photos_max      INTEGER CHECK (photos_max IS NULL OR photos_max > 0),
    photos_min      INTEGER NOT NULL DEFAULT 1 CHECK (photos_min >= 0),
    quantity_max    INTEGER CHECK (quantity_max IS NULL OR quantity_max > 0),
    requires_brand  INTEGER NOT NULL DEFAULT 0 CHECK (requires_brand IN (0, 1)),
    requires_size   INTEGER NOT NULL DEFAULT 0 CHECK (requires_size IN (0, 1)),
    min_price       REAL CHECK (min_price IS NULL OR min_price >= 0),
    source          TEXT NOT NULL CHECK (length(trim(source)) > 0),
    verified_on     DATE CHECK (verified_on IS NULL OR verified_on IS date(julianday(verified_on))),
    notes           TEXT,
    created_at      DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at      DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- One wording per (platform, our condition). A platform without rows has no condition field
-- (Etsy); a platform with rows but none for an item's condition cannot take that condition.
CREATE TABLE {schema}.platform_conditions (
    id                 TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    platform           TEXT NOT NULL CHECK (platform = lower(platform) AND length(platform) > 0),
    condition          TEXT NOT NULL CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'poor')),
    platform_condition TEXT NOT NULL CHECK (length(trim(platform_condition)) > 0),
    platform_code      TEXT,
    source             TEXT NOT NULL CHECK (length(trim(source)) > 0),
    notes              TEXT,
    created_at         DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at         DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (platform, condition)
);

INSERT INTO {schema}.platform_limits
    (platform, title_max, description_max, photos_max, photos_min, quantity_max, requires_brand, requires_size, min_price, source, verified_on, notes)
VALUES
    ('ebay', 80, 500000, 24, 1, NULL, 0, 0, NULL,
     '[official-derived] GauteR/buying-and-selling-items marketplace-requirements.md (80/500k/24)', '2026-09-20',
     'leaf category and item specifics per category; subtitle 55 (paid); 24 photos free'),
    ('poshmark', 80, 1500, 16, 1, NULL, 0, 0, 3,
     '[secondary] outfitfashion.info (80/1500); Poshmark listing agent code (16 photos)', NULL,
     'original (retail) price required; minimum price about $3 (verify); at most 2 colours, 3 style tags; NWT flag'),
    ('mercari', 80, 1000, 12, 1, 1, 0, 0, 1,
     '[secondary] joshbelot/crosslister docs/MARKETPLACE_RESEARCH.md (verify; older title limit 40)', NULL,
     'quantity 1 per listing; package weight for the label; minimum price $1 (verify); progressive listing cap'),
    ('depop', NULL, 1000, NULL, 1, NULL, 0, 0, NULL,
     '[secondary] joshbelot/crosslister docs (verify); hlworld.co.uk 2016 (4 photos then)', NULL,
     'no title field: the first line of the description serves as one; at most 5 hashtags, 2 colours; stock photos banned'),
    ('facebook', 100, 9999, 10, 1, NULL, 0, 0, NULL,
     '[secondary] old guide (~100; 50-70 recommended); GauteR/buying-and-selling-items (9,999)', NULL,
     'new-account listing caps; location required; shipping not for new accounts'),
    ('grailed', NULL, NULL, NULL, 1, 1, 1, 0, NULL,
     '[secondary] joshbelot/crosslister docs/MARKETPLACE_RESEARCH.md', NULL,
     'designer (brand) required; department menswear/womenswear; limits not in the reference'),
    ('etsy', 140, NULL, 10, 1, NULL, 0, 0, NULL,
     '[unverified] general knowledge (title 140, 10-20 photos)', NULL,
     'handmade, vintage (20+ years) or craft supplies only; who_made, when_made, taxonomy; 13 tags'),
    ('vinted', NULL, NULL, 20, 1, 1, 0, 0, NULL,
     '[unverified] general knowledge (20 photos)', NULL, 'quantity 1 per listing'),
    ('whatnot', NULL, NULL, NULL, 1, NULL, 0, 0, NULL,
     '[secondary] joshbelot/crosslister docs/MARKETPLACE_RESEARCH.md', NULL,
     'live-show vs marketplace listings; limits not in the reference');

INSERT INTO {schema}.platform_conditions (platform, condition, platform_condition, platform_code, source, notes)
VALUES
    ('ebay', 'new', 'New', '1000', '[official + code] eBay condition IDs (NEW)', 'the valid set depends on the leaf category'),
    ('ebay', 'like_new', 'Like New', '2750', '[official + code] eBay condition IDs (LIKE_NEW)', 'third-party mappings disagree (verify per category)'),
    ('ebay', 'good', 'Good', '5000', '[official + code] eBay condition IDs (USED_GOOD)', NULL),
    ('ebay', 'fair', 'Acceptable', '6000', '[official + code] eBay condition IDs (USED_ACCEPTABLE)', NULL),
    ('ebay', 'poor', 'For parts or not working', '7000', '[official + code] eBay condition IDs (FOR_PARTS_OR_NOT_WORKING)', NULL),
    ('mercari', 'new', 'New', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('mercari', 'like_new', 'Like new', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('mercari', 'good', 'Good', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('mercari', 'fair', 'Fair', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('mercari', 'poor', 'Poor', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('depop', 'new', 'Brand new', NULL, '[secondary] marketplaces.md §2.4 (verify)', NULL),
    ('depop', 'like_new', 'Like new', NULL, '[secondary] marketplaces.md §2.4 (verify)', NULL),
    ('depop', 'good', 'Used - Good', NULL, '[secondary] marketplaces.md §2.4 (verify)', NULL),
    ('depop', 'fair', 'Used - Fair', NULL, '[secondary] marketplaces.md §2.4 (verify)', 'Depop has no poorer grade'),
    ('facebook', 'new', 'New', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('facebook', 'like_new', 'Used - Like New', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('facebook', 'good', 'Used - Good', NULL, '[secondary] marketplaces.md §2.4', NULL),
    ('facebook', 'fair', 'Used - Fair', NULL, '[secondary] marketplaces.md §2.4', 'Facebook has no poorer grade'),
    ('grailed', 'new', 'New', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('grailed', 'like_new', 'Gently used', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('grailed', 'good', 'Used', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('grailed', 'fair', 'Very worn', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('grailed', 'poor', 'Very worn', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('vinted', 'new', 'New with tags', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('vinted', 'like_new', 'Very good', NULL, '[unverified] marketplaces.md §2.4', 'Vinted also has New without tags'),
    ('vinted', 'good', 'Good', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('vinted', 'fair', 'Satisfactory', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('vinted', 'poor', 'Satisfactory', NULL, '[unverified] marketplaces.md §2.4', NULL),
    ('poshmark', 'new', 'New With Tags', NULL, '[secondary] marketplaces.md §2.4 (NWT flag)', 'the newer condition picker is not verified; only NWT is certain'),
    ('poshmark', 'like_new', 'Like New', NULL, '[unverified] Poshmark condition picker', 'verify'),
    ('poshmark', 'good', 'Good', NULL, '[unverified] Poshmark condition picker', 'verify'),
    ('poshmark', 'fair', 'Fair', NULL, '[unverified] Poshmark condition picker', 'verify');

