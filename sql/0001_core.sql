-- 0001_core: the 8 core tables of the user schema document (seed), column for column, with
-- their 20 named indexes and the inventory_fts index (its sync triggers live in sql/triggers/).
-- Added to the seed, per schema.md: id is NOT NULL (SQLite lets a non-INTEGER primary key hold
-- NULL otherwise) with a built-ins-only UUID v4 default. Booleans, JSON, money, counts and
-- platform names carry CHECKs, and every foreign-key column is indexed.

CREATE TABLE {schema}.users (
    id                      TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    email                   TEXT UNIQUE NOT NULL,
    password_hash           TEXT NOT NULL,
    username                TEXT UNIQUE NOT NULL,
    full_name               TEXT,
    avatar_url              TEXT,
    subscription_tier       TEXT DEFAULT 'free'
                            CHECK (subscription_tier IN ('free', 'starter', 'pro', 'business')),
    subscription_expires_at DATETIME,
    timezone                TEXT DEFAULT 'America/New_York',
    locale                  TEXT DEFAULT 'en-US',
    created_at              DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at              DATETIME DEFAULT CURRENT_TIMESTAMP,
    last_login_at           DATETIME,
    is_active               INTEGER DEFAULT 1 CHECK (is_active IN (0, 1)),
    preferences             TEXT DEFAULT '{}'
                            CHECK (preferences IS NULL OR (json_valid(preferences) AND json_type(preferences) = 'object')),
    onboarding_completed    INTEGER DEFAULT 0 CHECK (onboarding_completed IN (0, 1))
);

CREATE TABLE {schema}.sessions (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    refresh_token TEXT UNIQUE NOT NULL,
    device_info   TEXT,
    ip_address    TEXT,
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP,
    expires_at    DATETIME NOT NULL,
    is_valid      INTEGER DEFAULT 1 CHECK (is_valid IN (0, 1))
);

CREATE TABLE {schema}.inventory (
    id                   TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sku                  TEXT,
    title                TEXT NOT NULL,
    description          TEXT,
    brand                TEXT,
    category             TEXT,
    subcategory          TEXT,
    size                 TEXT,
    color                TEXT,
    condition            TEXT CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'poor')),
    cost_price           REAL DEFAULT 0 CHECK (cost_price >= 0),
    list_price           REAL NOT NULL CHECK (list_price >= 0),
    quantity             INTEGER DEFAULT 1 CHECK (quantity >= 0),
    low_stock_threshold  INTEGER DEFAULT 5 CHECK (low_stock_threshold >= 0),
    weight               REAL,
    dimensions           TEXT,
    material             TEXT,
    tags                 TEXT DEFAULT '[]'
                         CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')),
    images               TEXT DEFAULT '[]'
                         CHECK (images IS NULL OR (json_valid(images) AND json_type(images) = 'array')),
    thumbnail_url        TEXT,
    status               TEXT DEFAULT 'draft'
                         CHECK (status IN ('draft', 'active', 'sold', 'archived', 'deleted')),
    location             TEXT,
    notes                TEXT,
    blockchain_hash      TEXT,
    sustainability_score REAL,
    ai_generated_data    TEXT DEFAULT '{}'
                         CHECK (ai_generated_data IS NULL OR (json_valid(ai_generated_data) AND json_type(ai_generated_data) = 'object')),
    custom_fields        TEXT DEFAULT '{}'
                         CHECK (custom_fields IS NULL OR (json_valid(custom_fields) AND json_type(custom_fields) = 'object')),
    created_at           DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.listings (
    id                     TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    inventory_id           TEXT NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform               TEXT NOT NULL CHECK (platform = lower(platform)),
    platform_listing_id    TEXT,
    platform_url           TEXT,
    title                  TEXT NOT NULL,
    description            TEXT,
    price                  REAL NOT NULL CHECK (price >= 0),
    original_price         REAL CHECK (original_price >= 0),
    shipping_price         REAL DEFAULT 0 CHECK (shipping_price >= 0),
    category_path          TEXT,
    condition_tag          TEXT,
    status                 TEXT DEFAULT 'draft'
                           CHECK (status IN ('draft', 'pending', 'active', 'sold', 'ended', 'error', 'archived')),
    images                 TEXT DEFAULT '[]'
                           CHECK (images IS NULL OR (json_valid(images) AND json_type(images) = 'array')),
    platform_specific_data TEXT DEFAULT '{}'
                           CHECK (platform_specific_data IS NULL OR (json_valid(platform_specific_data) AND json_type(platform_specific_data) = 'object')),
    views                  INTEGER DEFAULT 0 CHECK (views >= 0),
    likes                  INTEGER DEFAULT 0 CHECK (likes >= 0),
    shares                 INTEGER DEFAULT 0 CHECK (shares >= 0),
    last_shared_at         DATETIME,
    last_bumped_at         DATETIME,
    listed_at              DATETIME,
    sold_at                DATETIME,
    error_message          TEXT,
    created_at             DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at             DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (inventory_id, platform)
);

-- net_profit has no CHECK: a sale below cost is a real, negative profit. It is derived by the
-- sales triggers (domain-rules.md, Sales 1), never trusted from the client.
CREATE TABLE {schema}.sales (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    listing_id        TEXT REFERENCES listings(id) ON DELETE SET NULL,
    inventory_id      TEXT REFERENCES inventory(id) ON DELETE SET NULL,
    platform          TEXT NOT NULL CHECK (platform = lower(platform)),
    platform_order_id TEXT,
    buyer_username    TEXT,
    buyer_address     TEXT,
    sale_price        REAL NOT NULL CHECK (sale_price >= 0),
    platform_fee      REAL DEFAULT 0 CHECK (platform_fee >= 0),
    shipping_cost     REAL DEFAULT 0 CHECK (shipping_cost >= 0),
    tax_amount        REAL DEFAULT 0 CHECK (tax_amount >= 0),
    net_profit        REAL,
    status            TEXT DEFAULT 'pending'
                      CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'returned')),
    tracking_number   TEXT,
    carrier           TEXT,
    shipped_at        DATETIME,
    delivered_at      DATETIME,
    notes             TEXT,
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.offers (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    listing_id        TEXT NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
    platform          TEXT NOT NULL CHECK (platform = lower(platform)),
    platform_offer_id TEXT,
    buyer_username    TEXT,
    offer_amount      REAL NOT NULL CHECK (offer_amount >= 0),
    counter_amount    REAL CHECK (counter_amount >= 0),
    status            TEXT DEFAULT 'pending'
                      CHECK (status IN ('pending', 'accepted', 'declined', 'countered', 'expired', 'cancelled')),
    auto_action       TEXT,
    responded_at      DATETIME,
    expires_at        DATETIME,
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- credentials is ciphertext (the envelope of encrypt()), not JSON: a trigger, not a CHECK, guards it.
CREATE TABLE {schema}.shops (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform          TEXT NOT NULL CHECK (platform = lower(platform)),
    platform_username TEXT,
    platform_user_id  TEXT,
    credentials       TEXT,
    is_connected      INTEGER DEFAULT 1 CHECK (is_connected IN (0, 1)),
    last_sync_at      DATETIME,
    sync_status       TEXT DEFAULT 'idle',
    settings          TEXT DEFAULT '{}'
                      CHECK (settings IS NULL OR (json_valid(settings) AND json_type(settings) = 'object')),
    stats             TEXT DEFAULT '{}'
                      CHECK (stats IS NULL OR (json_valid(stats) AND json_type(stats) = 'object')),
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, platform)
);

CREATE TABLE {schema}.automation_rules (
    id          TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL
                CHECK (type IN ('share', 'follow', 'offer', 'relist', 'price_drop', 'custom')),
    platform    TEXT CHECK (platform = lower(platform)),
    is_enabled  INTEGER DEFAULT 1 CHECK (is_enabled IN (0, 1)),
    schedule    TEXT,
    conditions  TEXT DEFAULT '{}'
                CHECK (conditions IS NULL OR (json_valid(conditions) AND json_type(conditions) = 'object')),
    actions     TEXT DEFAULT '{}'
                CHECK (actions IS NULL OR (json_valid(actions) AND json_type(actions) = 'object')),
    last_run_at DATETIME,
    next_run_at DATETIME,
    run_count   INTEGER DEFAULT 0 CHECK (run_count >= 0),
    error_count INTEGER DEFAULT 0 CHECK (error_count >= 0),
    created_at  DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at  DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- The 20 indexes of the seed, by its names (some repeat the index of a UNIQUE constraint).
CREATE INDEX {schema}.idx_users_email ON users(email);
CREATE INDEX {schema}.idx_users_username ON users(username);
CREATE INDEX {schema}.idx_sessions_user_id ON sessions(user_id);
CREATE INDEX {schema}.idx_sessions_refresh_token ON sessions(refresh_token);
CREATE INDEX {schema}.idx_shops_user_id ON shops(user_id);
CREATE INDEX {schema}.idx_shops_platform ON shops(platform);
CREATE INDEX {schema}.idx_inventory_user_id ON inventory(user_id);
CREATE INDEX {schema}.idx_inventory_status ON inventory(status);
CREATE INDEX {schema}.idx_inventory_sku ON inventory(sku);
CREATE INDEX {schema}.idx_listings_user_id ON listings(user_id);
CREATE INDEX {schema}.idx_listings_inventory_id ON listings(inventory_id);
CREATE INDEX {schema}.idx_listings_platform ON listings(platform);
CREATE INDEX {schema}.idx_listings_status ON listings(status);
CREATE INDEX {schema}.idx_sales_user_id ON sales(user_id);
CREATE INDEX {schema}.idx_sales_platform ON sales(platform);
CREATE INDEX {schema}.idx_sales_status ON sales(status);
CREATE INDEX {schema}.idx_offers_user_id ON offers(user_id);
CREATE INDEX {schema}.idx_offers_listing_id ON offers(listing_id);
CREATE INDEX {schema}.idx_offers_status ON offers(status);
CREATE INDEX {schema}.idx_automation_rules_user_id ON automation_rules(user_id);

-- Foreign-key columns the seed leaves unindexed: without these, deleting a listing or an item
-- scans every sale to apply ON DELETE SET NULL.
CREATE INDEX {schema}.idx_sales_listing_id ON sales(listing_id);
CREATE INDEX {schema}.idx_sales_inventory_id ON sales(inventory_id);

-- External-content index over inventory, keyed by its rowid. The triggers inventory_ai/_au/_ad
-- (sql/triggers/) keep it in step and must always name rowid.
CREATE VIRTUAL TABLE {schema}.inventory_fts USING fts5(id, title, description, brand, tags, content='inventory', content_rowid='rowid');
