-- 0005_imports: bookkeeping for vl_import_sales. One row per imported sale unit, keyed by the
-- line's import_key (platform, order, item), so re-importing the same or an overlapping export
-- adds nothing. A key stays after its sale is deleted: a sale the user removed is not re-added.

CREATE TABLE {schema}.vl_imported_sales (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    import_key  TEXT NOT NULL,
    sale_id     TEXT REFERENCES sales(id) ON DELETE SET NULL,
    platform    TEXT NOT NULL CHECK (platform = lower(platform)),
    source_line INTEGER CHECK (source_line >= 1),
    imported_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, import_key)
) WITHOUT ROWID;

CREATE INDEX {schema}.idx_vl_imported_sales_sale_id ON vl_imported_sales(sale_id);
