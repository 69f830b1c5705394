-- 0007_account_limits: the account-health limits each marketplace judges a seller by
-- (vl_account_health). Data, not code: when a marketplace changes a limit, close the old row
-- (valid_to) and add one; a platform or a metric is added as a row. Dates are 'YYYY-MM-DD',
-- [valid_from, valid_to). verified = 1 only once the row was checked against the platform's own
-- policy page; the seeded row comes from the project's research notes and is not (and its start
-- date is not known: it applies to every date).
CREATE TABLE {schema}.account_limits (
    platform   TEXT NOT NULL CHECK (platform = lower(platform) AND length(platform) > 0),
    metric     TEXT NOT NULL CHECK (metric IN ('seller_cancellation_rate')),
    limit_rate REAL NOT NULL CHECK (limit_rate >= 0 AND limit_rate <= 100),   -- percent
    valid_from DATE NOT NULL CHECK (valid_from IS date(julianday(valid_from))),
    valid_to   DATE CHECK (valid_to IS NULL OR (valid_to IS date(julianday(valid_to)) AND valid_to > valid_from)),
    source     TEXT NOT NULL CHECK (length(trim(source)) > 0),
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    PRIMARY KEY (platform, metric, valid_from)
);

INSERT INTO {schema}.account_limits (platform, metric, limit_rate, valid_from, valid_to, source, verified) VALUES
    ('poshmark', 'seller_cancellation_rate', 3, '2000-01-01', NULL,
     '[secondary] listperfectly.com 2026 posts, as summarised in reference/marketplaces.md section 3: at most 3% seller-initiated cancellations over a rolling 90 days; buyer-requested cancellations excluded, oversells count', 0);
