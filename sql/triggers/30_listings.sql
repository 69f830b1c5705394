-- Listings (domain-rules.md, Listings): nothing listed for an item that cannot be sold, the
-- status machine, listed_at / sold_at, and price changes into price_history.
--
-- One listing per platform per item is the table's UNIQUE (inventory_id, platform): a BEFORE
-- INSERT trigger with our own message would fire before SQLite resolves an upsert
-- (INSERT ... ON CONFLICT DO UPDATE, INSERT OR REPLACE) and so break clients that rely on them;
-- the refusal therefore keeps SQLite's text "UNIQUE constraint failed: listings.inventory_id,
-- listings.platform".

CREATE TRIGGER {schema}.listings_item_available BEFORE INSERT ON listings
WHEN (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: the item is sold out, sold or deleted (restock or restore the item before listing it)');
END;

CREATE TRIGGER {schema}.listings_status_required BEFORE INSERT ON listings WHEN new.status IS NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: listings: status cannot be NULL (name one of the statuses, or leave it out for draft)');
END;

-- The status machine, then the moves it allows that would put a sold-out item live again
-- (sold -> active only while the item has stock). The first matching arm raises.
-- The WHEN clause first lets through, with a few comparisons, every allowed move that does not
-- put the listing live (a sale's cascade ends or sells listings many times per second), so
-- the CASE of 35 arms and its item lookups run only for moves to pending or active and for
-- refused moves (a NULL status makes the comparisons NULL: coalesce sends it to the CASE).
-- Comparisons, not IN lists: bench/README.md, "inside a trigger".
CREATE TRIGGER {schema}.listings_status_machine BEFORE UPDATE OF status ON listings
WHEN new.status IS NOT old.status AND NOT coalesce((
  (new.status = 'ended' AND (old.status = 'active' OR old.status = 'pending' OR old.status = 'error'))
  OR (new.status = 'sold' AND old.status = 'active')
  OR (new.status = 'archived' AND (old.status = 'active' OR old.status = 'ended' OR old.status = 'error'
                                   OR old.status = 'sold' OR old.status = 'draft'))
  OR (new.status = 'error' AND (old.status = 'active' OR old.status = 'pending'))
  OR (new.status = 'draft' AND old.status = 'archived')), 0) BEGIN
  SELECT CASE
    WHEN new.status IS NULL THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot be NULL (name one of the statuses)')
    WHEN old.status = 'draft' AND new.status = 'sold' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from draft to sold (allowed: draft -> pending, active, archived)')
    WHEN old.status = 'draft' AND new.status = 'ended' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from draft to ended (allowed: draft -> pending, active, archived)')
    WHEN old.status = 'draft' AND new.status = 'error' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from draft to error (allowed: draft -> pending, active, archived)')
    WHEN old.status = 'pending' AND new.status = 'draft' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from pending to draft (allowed: pending -> active, error, ended)')
    WHEN old.status = 'pending' AND new.status = 'sold' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from pending to sold (allowed: pending -> active, error, ended)')
    WHEN old.status = 'pending' AND new.status = 'archived' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from pending to archived (allowed: pending -> active, error, ended)')
    WHEN old.status = 'active' AND new.status = 'draft' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from active to draft (allowed: active -> sold, ended, archived, error)')
    WHEN old.status = 'active' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from active to pending (allowed: active -> sold, ended, archived, error)')
    WHEN old.status = 'sold' AND new.status = 'draft' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from sold to draft (allowed: sold -> archived, active)')
    WHEN old.status = 'sold' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from sold to pending (allowed: sold -> archived, active)')
    WHEN old.status = 'sold' AND new.status = 'ended' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from sold to ended (allowed: sold -> archived, active)')
    WHEN old.status = 'sold' AND new.status = 'error' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from sold to error (allowed: sold -> archived, active)')
    WHEN old.status = 'ended' AND new.status = 'draft' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from ended to draft (allowed: ended -> active, pending, archived)')
    WHEN old.status = 'ended' AND new.status = 'sold' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from ended to sold (allowed: ended -> active, pending, archived)')
    WHEN old.status = 'ended' AND new.status = 'error' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from ended to error (allowed: ended -> active, pending, archived)')
    WHEN old.status = 'error' AND new.status = 'draft' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from error to draft (allowed: error -> pending, active, ended, archived)')
    WHEN old.status = 'error' AND new.status = 'sold' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from error to sold (allowed: error -> pending, active, ended, archived)')
    WHEN old.status = 'archived' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from archived to pending (allowed: archived -> draft, active)')
    WHEN old.status = 'archived' AND new.status = 'sold' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from archived to sold (allowed: archived -> draft, active)')
    WHEN old.status = 'archived' AND new.status = 'ended' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from archived to ended (allowed: archived -> draft, active)')
    WHEN old.status = 'archived' AND new.status = 'error' THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from archived to error (allowed: archived -> draft, active)')
    WHEN old.status = 'draft' AND new.status = 'pending' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from draft to pending while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'draft' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from draft to active while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'pending' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from pending to active while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'error' AND new.status = 'pending' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from error to pending while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'error' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from error to active while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'ended' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from ended to active while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'ended' AND new.status = 'pending' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from ended to pending while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'sold' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from sold to active while the item is sold out, sold or deleted (restock or restore the item first)')
    WHEN old.status = 'archived' AND new.status = 'active' AND (SELECT quantity <= 0 OR status IN ('sold', 'deleted') FROM inventory WHERE id = new.inventory_id) THEN
      RAISE(ABORT, 'vaultlister: listings: status cannot move from archived to active while the item is sold out, sold or deleted (restock or restore the item first)')
  END;
END;


CREATE TRIGGER {schema}.listings_after_insert AFTER INSERT ON listings
WHEN new.status IN ('active', 'sold') BEGIN
  UPDATE listings SET listed_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'active' AND new.listed_at IS NULL;
  UPDATE listings SET sold_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'sold' AND new.sold_at IS NULL;
END;

-- "Set on becoming active": a relist gets a fresh listed_at unless the same UPDATE gives one.
-- The WHEN clause holds each statement's own test, so an UPDATE that stamps the time itself (a
-- sale's cascade sets sold_at) runs neither statement.
CREATE TRIGGER {schema}.listings_status_times AFTER UPDATE OF status ON listings
WHEN new.status IS NOT old.status AND ((new.status = 'active' AND new.listed_at IS old.listed_at)
  OR (new.status = 'sold' AND new.sold_at IS old.sold_at)) BEGIN
  UPDATE listings SET listed_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'active' AND new.listed_at IS old.listed_at;
  UPDATE listings SET sold_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.status = 'sold' AND new.sold_at IS old.sold_at;
END;

-- For a listing row of price_history, list_price / previous_list_price hold the listing's new and
-- old price (0002_tables.sql). original_price keeps the price before the first cut.
CREATE TRIGGER {schema}.listings_price_history AFTER UPDATE OF price ON listings
WHEN new.price IS NOT old.price BEGIN
  INSERT INTO price_history(inventory_id, listing_id, user_id, platform, previous_list_price, list_price, change_reason)
  VALUES (new.inventory_id, new.id, new.user_id, new.platform, old.price, new.price, 'listing price change');
  UPDATE listings SET original_price = old.price, updated_at = CURRENT_TIMESTAMP
  WHERE rowid = new.rowid AND new.price < old.price AND new.original_price IS NULL;
END;
