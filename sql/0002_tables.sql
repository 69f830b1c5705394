-- 0002_tables: the 29 regular tables that the seed only names, as schema.md specifies them,
-- created after the core tables they point at (shipping_profiles before listing_templates, ...).
-- Same conventions as 0001: NOT NULL UUID ids (security_logs keeps an AUTOINCREMENT integer),
-- CHECKs on booleans, JSON, money, counts and platform names, and an index on every FK column.
-- analytics_snapshots.platform is NOT NULL DEFAULT 'all' because UNIQUE treats NULLs as distinct.

-- Catalogue and listing support -------------------------------------------------------------

-- At most one default profile per user: see idx_shipping_profiles_one_default below.
CREATE TABLE {schema}.shipping_profiles (
    id                      TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id                 TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name                    TEXT NOT NULL,
    carrier                 TEXT,
    service_type            TEXT,
    package_type            TEXT,
    weight_oz               REAL DEFAULT 0 CHECK (weight_oz >= 0),
    length                  REAL CHECK (length >= 0),
    width                   REAL CHECK (width >= 0),
    height                  REAL CHECK (height >= 0),
    handling_time_days      INTEGER DEFAULT 1 CHECK (handling_time_days >= 0),
    domestic_cost           REAL DEFAULT 0 CHECK (domestic_cost >= 0),
    international_cost      REAL CHECK (international_cost >= 0),         -- NULL: no international
    free_shipping_threshold REAL CHECK (free_shipping_threshold >= 0),    -- NULL: none
    is_default              INTEGER DEFAULT 0 CHECK (is_default IN (0, 1)),
    platforms               TEXT DEFAULT '[]'
                            CHECK (platforms IS NULL OR (json_valid(platforms) AND json_type(platforms) = 'array')),
    notes                   TEXT,
    created_at              DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at              DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.listing_templates (
    id                   TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    description          TEXT,
    category             TEXT,
    title_pattern        TEXT,
    description_template TEXT,
    tags                 TEXT DEFAULT '[]'
                         CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')),
    pricing_strategy     TEXT DEFAULT 'fixed' CHECK (pricing_strategy IN ('fixed', 'cost_plus', 'market')),
    markup_percentage    REAL DEFAULT 0,
    platform_settings    TEXT DEFAULT '{}'
                         CHECK (platform_settings IS NULL OR (json_valid(platform_settings) AND json_type(platform_settings) = 'object')),
    shipping_profile_id  TEXT REFERENCES shipping_profiles(id) ON DELETE SET NULL,
    condition_default    TEXT CHECK (condition_default IN ('new', 'like_new', 'good', 'fair', 'poor')),
    is_favorite          INTEGER DEFAULT 0 CHECK (is_favorite IN (0, 1)),
    use_count            INTEGER DEFAULT 0 CHECK (use_count >= 0),
    created_at           DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- For a listing row, list_price and previous_list_price hold the new and old price of the listing.
CREATE TABLE {schema}.price_history (
    id                  TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    inventory_id        TEXT NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
    listing_id          TEXT REFERENCES listings(id) ON DELETE SET NULL,
    user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform            TEXT CHECK (platform = lower(platform)),
    previous_cost_price REAL CHECK (previous_cost_price >= 0),
    cost_price          REAL CHECK (cost_price >= 0),
    previous_list_price REAL CHECK (previous_list_price >= 0),
    list_price          REAL CHECK (list_price >= 0),
    change_reason       TEXT,
    changed_at          DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- sha256 is lower-case hex so that UNIQUE (user_id, sha256) really de-duplicates.
CREATE TABLE {schema}.image_assets (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    inventory_id      TEXT REFERENCES inventory(id) ON DELETE SET NULL,
    url               TEXT NOT NULL,
    storage_key       TEXT,
    original_filename TEXT,
    mime_type         TEXT,
    file_size         INTEGER CHECK (file_size >= 0),
    width             INTEGER CHECK (width >= 0),
    height            INTEGER CHECK (height >= 0),
    sha256            TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    position          INTEGER DEFAULT 0 CHECK (position >= 0),
    is_primary        INTEGER DEFAULT 0 CHECK (is_primary IN (0, 1)),
    alt_text          TEXT,
    tags              TEXT DEFAULT '[]'
                      CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')),
    metadata          TEXT DEFAULT '{}'
                      CHECK (metadata IS NULL OR (json_valid(metadata) AND json_type(metadata) = 'object')),
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, sha256)
);

-- A tag name is unique per user regardless of case ("Vintage" and "vintage" are one tag).
CREATE TABLE {schema}.tags (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    color      TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, name COLLATE NOCASE)
);

-- The normalized form of inventory.tags: triggers (sql/triggers/) keep the two in step.
CREATE TABLE {schema}.inventory_tags (
    inventory_id TEXT NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
    tag_id       TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    created_at   DATETIME DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (inventory_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE {schema}.bundles (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform          TEXT CHECK (platform = lower(platform)),
    buyer_username    TEXT,
    name              TEXT,
    status            TEXT DEFAULT 'draft'
                      CHECK (status IN ('draft', 'offered', 'accepted', 'sold', 'cancelled')),
    discount_percent  REAL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
    bundle_price      REAL CHECK (bundle_price >= 0),
    shipping_discount REAL DEFAULT 0 CHECK (shipping_discount >= 0),
    sale_id           TEXT REFERENCES sales(id) ON DELETE SET NULL,
    notes             TEXT,
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.bundle_items (
    id              TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    bundle_id       TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
    inventory_id    TEXT NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
    listing_id      TEXT REFERENCES listings(id) ON DELETE SET NULL,
    allocated_price REAL CHECK (allocated_price >= 0),   -- share of the bundle price
    created_at      DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (bundle_id, inventory_id)
);

-- Orders after the sale ------------------------------------------------------------------------

CREATE TABLE {schema}.returns (
    id                   TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sale_id              TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
    platform             TEXT CHECK (platform = lower(platform)),
    platform_return_id   TEXT,
    reason               TEXT,
    status               TEXT DEFAULT 'requested'
                         CHECK (status IN ('requested', 'approved', 'rejected', 'in_transit', 'received', 'refunded', 'closed')),
    refund_amount        REAL DEFAULT 0 CHECK (refund_amount >= 0),
    fee_refund           REAL DEFAULT 0 CHECK (fee_refund >= 0),   -- platform fee credited back
    return_shipping_cost REAL DEFAULT 0 CHECK (return_shipping_cost >= 0),
    restock              INTEGER DEFAULT 1 CHECK (restock IN (0, 1)),
    tracking_number      TEXT,
    carrier              TEXT,
    requested_at         DATETIME DEFAULT CURRENT_TIMESTAMP,
    received_at          DATETIME,
    refunded_at          DATETIME,
    notes                TEXT,
    created_at           DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.messages (
    id                   TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform             TEXT NOT NULL CHECK (platform = lower(platform)),
    thread_id            TEXT,
    platform_message_id  TEXT,
    listing_id           TEXT REFERENCES listings(id) ON DELETE SET NULL,
    offer_id             TEXT REFERENCES offers(id) ON DELETE SET NULL,
    direction            TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    counterpart_username TEXT,
    body                 TEXT NOT NULL,
    is_read              INTEGER DEFAULT 0 CHECK (is_read IN (0, 1)),
    sent_at              DATETIME,
    created_at           DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (platform, platform_message_id)
);

-- Automation, jobs and sync --------------------------------------------------------------------

CREATE TABLE {schema}.automation_logs (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rule_id       TEXT REFERENCES automation_rules(id) ON DELETE SET NULL,
    type          TEXT NOT NULL,
    platform      TEXT CHECK (platform = lower(platform)),
    status        TEXT DEFAULT 'success' CHECK (status IN ('success', 'failure', 'skipped')),
    action_taken  TEXT,
    target_id     TEXT,
    details       TEXT CHECK (details IS NULL OR json_valid(details)),
    error_message TEXT,
    duration_ms   INTEGER CHECK (duration_ms >= 0),
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- user_id NULL marks a system task.
CREATE TABLE {schema}.tasks (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id       TEXT REFERENCES users(id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    priority      INTEGER DEFAULT 5,
    payload       TEXT NOT NULL DEFAULT '{}'
                  CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    status        TEXT DEFAULT 'pending'
                  CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
    result        TEXT,
    error_message TEXT,
    attempts      INTEGER DEFAULT 0 CHECK (attempts >= 0),
    max_attempts  INTEGER DEFAULT 3 CHECK (max_attempts >= 0),
    scheduled_at  DATETIME DEFAULT CURRENT_TIMESTAMP,
    started_at    DATETIME,
    completed_at  DATETIME,
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.sync_queue (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    platform      TEXT CHECK (platform = lower(platform)),
    action        TEXT NOT NULL
                  CHECK (action IN ('create', 'update', 'delete', 'delist', 'relist', 'sync')),
    entity_type   TEXT NOT NULL
                  CHECK (entity_type IN ('inventory', 'listing', 'sale', 'offer', 'shop')),
    entity_id     TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '{}'
                  CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    status        TEXT DEFAULT 'pending'
                  CHECK (status IN ('pending', 'syncing', 'synced', 'conflict', 'failed')),
    attempts      INTEGER DEFAULT 0 CHECK (attempts >= 0),
    last_error    TEXT,
    conflict_data TEXT,
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP,
    synced_at     DATETIME
);

-- platform is NOT NULL DEFAULT 'all' (the cross-platform total): with NULL allowed, UNIQUE would
-- let one user hold many "all platforms" snapshots for the same day.
CREATE TABLE {schema}.analytics_snapshots (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    date       DATE NOT NULL,
    platform   TEXT NOT NULL DEFAULT 'all' CHECK (platform = lower(platform)),
    metrics    TEXT NOT NULL DEFAULT '{}'
               CHECK (json_valid(metrics) AND json_type(metrics) = 'object'),
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, date, platform)
);

CREATE TABLE {schema}.sustainability_log (
    id                 TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    inventory_id       TEXT REFERENCES inventory(id) ON DELETE SET NULL,
    sale_id            TEXT REFERENCES sales(id) ON DELETE SET NULL,
    category           TEXT,
    water_saved_liters REAL DEFAULT 0 CHECK (water_saved_liters >= 0),
    co2_saved_kg       REAL DEFAULT 0 CHECK (co2_saved_kg >= 0),
    waste_prevented_kg REAL DEFAULT 0 CHECK (waste_prevented_kg >= 0),
    created_at         DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- People and collaboration ---------------------------------------------------------------------

CREATE TABLE {schema}.collaborations (
    id               TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type             TEXT NOT NULL
                     CHECK (type IN ('listing_share', 'bundle', 'referral', 'mentorship')),
    title            TEXT NOT NULL,
    description      TEXT,
    terms            TEXT,
    status           TEXT DEFAULT 'open'
                     CHECK (status IN ('open', 'in_progress', 'completed', 'cancelled')),
    participants     TEXT DEFAULT '[]'
                     CHECK (participants IS NULL OR (json_valid(participants) AND json_type(participants) = 'array')),
    max_participants INTEGER DEFAULT 1 CHECK (max_participants >= 0),
    created_at       DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at       DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.notifications (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    title      TEXT NOT NULL,
    message    TEXT,
    data       TEXT DEFAULT '{}'
               CHECK (data IS NULL OR (json_valid(data) AND json_type(data) = 'object')),
    is_read    INTEGER DEFAULT 0 CHECK (is_read IN (0, 1)),
    read_at    DATETIME,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.user_preferences (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}'
               CHECK (json_valid(settings) AND json_type(settings) = 'object'),
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, key)
);

-- Operations, security and observability -------------------------------------------------------

-- user_id NULL marks a system-wide alert.
CREATE TABLE {schema}.alerts (
    id              TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,
    type            TEXT NOT NULL,
    severity        TEXT DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
    data            TEXT DEFAULT '{}'
                    CHECK (data IS NULL OR (json_valid(data) AND json_type(data) = 'object')),
    acknowledged    INTEGER DEFAULT 0 CHECK (acknowledged IN (0, 1)),
    acknowledged_by TEXT,
    acknowledged_at DATETIME,
    created_at      DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- The one integer id (schema.md): an append-only event log ordered by insertion.
CREATE TABLE {schema}.security_logs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    ip_or_user TEXT NOT NULL,
    user_id    TEXT REFERENCES users(id) ON DELETE SET NULL,
    details    TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.request_logs (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    request_id    TEXT NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    status_code   INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    user_id       TEXT REFERENCES users(id) ON DELETE SET NULL,
    ip_address    TEXT,
    user_agent    TEXT,
    error_message TEXT,
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.error_logs (
    id          TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    error_type  TEXT NOT NULL,
    message     TEXT NOT NULL,
    stack_trace TEXT,
    method      TEXT,
    path        TEXT,
    user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    ip_address  TEXT,
    context     TEXT DEFAULT '{}'
                CHECK (context IS NULL OR (json_valid(context) AND json_type(context) = 'object')),
    created_at  DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Append-only: a trigger (sql/triggers/) refuses UPDATE: DELETE stays possible for retention.
CREATE TABLE {schema}.audit_logs (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id       TEXT REFERENCES users(id) ON DELETE SET NULL,
    action        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT,
    details       TEXT CHECK (details IS NULL OR json_valid(details)),
    ip_address    TEXT,
    user_agent    TEXT,
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Only the SHA-256 (lower-case hex) of a key is stored, never the key itself.
CREATE TABLE {schema}.api_keys (
    id           TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    key_prefix   TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE
                 CHECK (length(key_hash) = 64 AND key_hash NOT GLOB '*[^0-9a-f]*'),
    scopes       TEXT DEFAULT '[]'
                 CHECK (scopes IS NULL OR (json_valid(scopes) AND json_type(scopes) = 'array')),
    last_used_at DATETIME,
    expires_at   DATETIME,
    revoked_at   DATETIME,
    created_at   DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- secret holds the envelope of encrypt(): a trigger, not a CHECK, refuses plaintext.
CREATE TABLE {schema}.webhooks (
    id               TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    url              TEXT NOT NULL
                     CHECK (lower(substr(url, 1, 7)) = 'http://' OR lower(substr(url, 1, 8)) = 'https://'),
    secret           TEXT NOT NULL,
    events           TEXT NOT NULL DEFAULT '[]'
                     CHECK (json_valid(events) AND json_type(events) = 'array'),
    description      TEXT,
    is_active        INTEGER DEFAULT 1 CHECK (is_active IN (0, 1)),
    failure_count    INTEGER DEFAULT 0 CHECK (failure_count >= 0),
    last_delivery_at DATETIME,
    created_at       DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at       DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.webhook_deliveries (
    id            TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    webhook_id    TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_type    TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '{}'
                  CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    status_code   INTEGER,
    response_body TEXT,
    attempt       INTEGER DEFAULT 1 CHECK (attempt >= 0),
    next_retry_at DATETIME,
    duration_ms   INTEGER CHECK (duration_ms >= 0),
    created_at    DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- schedule is a 5-field cron expression: NULL means on demand.
CREATE TABLE {schema}.reports (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    description       TEXT,
    report_type       TEXT DEFAULT 'custom'
                      CHECK (report_type IN ('profit_loss', 'sales', 'inventory', 'platform_performance', 'tax', 'custom')),
    config            TEXT DEFAULT '{}'
                      CHECK (config IS NULL OR (json_valid(config) AND json_type(config) = 'object')),
    date_range        TEXT DEFAULT '30d',
    schedule          TEXT,
    format            TEXT DEFAULT 'json' CHECK (format IN ('json', 'csv')),
    is_favorite       INTEGER DEFAULT 0 CHECK (is_favorite IN (0, 1)),
    last_generated_at DATETIME,
    created_at        DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.rum_metrics (
    id              TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    user_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
    session_id      TEXT NOT NULL,
    metric_name     TEXT NOT NULL,   -- LCP, INP, CLS, FCP, TTFB, ...
    metric_value    REAL NOT NULL,
    page_url        TEXT,
    user_agent      TEXT,
    connection_type TEXT,
    metadata        TEXT DEFAULT '{}'
                    CHECK (metadata IS NULL OR (json_valid(metadata) AND json_type(metadata) = 'object')),
    recorded_at     DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE {schema}.feature_flags (
    id                 TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    name               TEXT NOT NULL UNIQUE,
    description        TEXT,
    enabled            INTEGER DEFAULT 0 CHECK (enabled IN (0, 1)),
    rollout_percentage INTEGER DEFAULT 100 CHECK (rollout_percentage BETWEEN 0 AND 100),
    target_tiers       TEXT DEFAULT '[]'
                       CHECK (target_tiers IS NULL OR (json_valid(target_tiers) AND json_type(target_tiers) = 'array')),
    target_users       TEXT DEFAULT '[]'
                       CHECK (target_users IS NULL OR (json_valid(target_users) AND json_type(target_users) = 'array')),
    conditions         TEXT DEFAULT '{}'
                       CHECK (conditions IS NULL OR (json_valid(conditions) AND json_type(conditions) = 'object')),
    created_at         DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at         DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Indexes: those schema.md lists, then one per foreign-key column not already the leftmost
-- column of a listed index or of a UNIQUE / PRIMARY KEY constraint.

CREATE INDEX {schema}.idx_shipping_profiles_user_id ON shipping_profiles(user_id);
CREATE UNIQUE INDEX {schema}.idx_shipping_profiles_one_default ON shipping_profiles(user_id) WHERE is_default = 1;

CREATE INDEX {schema}.idx_listing_templates_user_id ON listing_templates(user_id);
CREATE INDEX {schema}.idx_listing_templates_user_id_is_favorite ON listing_templates(user_id, is_favorite);
CREATE INDEX {schema}.idx_listing_templates_shipping_profile_id ON listing_templates(shipping_profile_id);

CREATE INDEX {schema}.idx_price_history_inventory_id_changed_at ON price_history(inventory_id, changed_at);
CREATE INDEX {schema}.idx_price_history_user_id ON price_history(user_id);
CREATE INDEX {schema}.idx_price_history_listing_id ON price_history(listing_id);

CREATE INDEX {schema}.idx_image_assets_inventory_id_position ON image_assets(inventory_id, position);

CREATE INDEX {schema}.idx_inventory_tags_tag_id ON inventory_tags(tag_id);

CREATE INDEX {schema}.idx_bundles_user_id ON bundles(user_id);
CREATE INDEX {schema}.idx_bundles_sale_id ON bundles(sale_id);

CREATE INDEX {schema}.idx_bundle_items_inventory_id ON bundle_items(inventory_id);
CREATE INDEX {schema}.idx_bundle_items_listing_id ON bundle_items(listing_id);

CREATE INDEX {schema}.idx_returns_sale_id ON returns(sale_id);
CREATE INDEX {schema}.idx_returns_user_id_status ON returns(user_id, status);

CREATE INDEX {schema}.idx_messages_user_id_thread_id_sent_at ON messages(user_id, thread_id, sent_at);
CREATE INDEX {schema}.idx_messages_listing_id ON messages(listing_id);
CREATE INDEX {schema}.idx_messages_offer_id ON messages(offer_id);

CREATE INDEX {schema}.idx_automation_logs_user_id_created_at ON automation_logs(user_id, created_at);
CREATE INDEX {schema}.idx_automation_logs_rule_id_created_at ON automation_logs(rule_id, created_at);

CREATE INDEX {schema}.idx_tasks_status_priority_scheduled_at ON tasks(status, priority, scheduled_at);
CREATE INDEX {schema}.idx_tasks_user_id ON tasks(user_id);

CREATE INDEX {schema}.idx_sync_queue_status_created_at ON sync_queue(status, created_at);
CREATE INDEX {schema}.idx_sync_queue_entity_type_entity_id ON sync_queue(entity_type, entity_id);
CREATE INDEX {schema}.idx_sync_queue_user_id ON sync_queue(user_id);

CREATE INDEX {schema}.idx_sustainability_log_user_id ON sustainability_log(user_id);
CREATE INDEX {schema}.idx_sustainability_log_inventory_id ON sustainability_log(inventory_id);
CREATE INDEX {schema}.idx_sustainability_log_sale_id ON sustainability_log(sale_id);

CREATE INDEX {schema}.idx_collaborations_user_id ON collaborations(user_id);

CREATE INDEX {schema}.idx_notifications_user_id_is_read_created_at ON notifications(user_id, is_read, created_at);

CREATE INDEX {schema}.idx_alerts_acknowledged_created_at ON alerts(acknowledged, created_at);
CREATE INDEX {schema}.idx_alerts_user_id ON alerts(user_id);

CREATE INDEX {schema}.idx_security_logs_event_type_created_at ON security_logs(event_type, created_at);
CREATE INDEX {schema}.idx_security_logs_ip_or_user ON security_logs(ip_or_user);
CREATE INDEX {schema}.idx_security_logs_user_id ON security_logs(user_id);

CREATE INDEX {schema}.idx_request_logs_user_id ON request_logs(user_id);

CREATE INDEX {schema}.idx_error_logs_user_id ON error_logs(user_id);

CREATE INDEX {schema}.idx_audit_logs_resource_type_resource_id ON audit_logs(resource_type, resource_id);
CREATE INDEX {schema}.idx_audit_logs_user_id_created_at ON audit_logs(user_id, created_at);

CREATE INDEX {schema}.idx_api_keys_user_id ON api_keys(user_id);

CREATE INDEX {schema}.idx_webhooks_user_id ON webhooks(user_id);

CREATE INDEX {schema}.idx_webhook_deliveries_webhook_id_created_at ON webhook_deliveries(webhook_id, created_at);
CREATE INDEX {schema}.idx_webhook_deliveries_status_next_retry_at ON webhook_deliveries(status, next_retry_at);

CREATE INDEX {schema}.idx_reports_user_id ON reports(user_id);

CREATE INDEX {schema}.idx_rum_metrics_metric_name_recorded_at ON rum_metrics(metric_name, recorded_at);
CREATE INDEX {schema}.idx_rum_metrics_user_id ON rum_metrics(user_id);
