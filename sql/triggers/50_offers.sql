-- Offers (domain-rules.md, Offers): a real amount, a counter with its amount, the status machine
-- and responded_at. Expiry is vl_expire_offers() (functions/vl_expire_offers.cpp): time passing
-- fires no trigger.
-- A negative or non-numeric amount is refused by 10_common.sql; these refuse the zero (and the
-- missing counter) with their own message, so exactly one trigger speaks for each wrong value.

CREATE TRIGGER {schema}.offers_amount_ins BEFORE INSERT ON offers
WHEN new.offer_amount = 0 BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: offer_amount must be greater than 0 (give the amount the buyer offered)');
END;

CREATE TRIGGER {schema}.offers_amount_upd BEFORE UPDATE OF offer_amount ON offers
WHEN new.offer_amount = 0 BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: offer_amount must be greater than 0 (give the amount the buyer offered)');
END;

CREATE TRIGGER {schema}.offers_counter_ins BEFORE INSERT ON offers
WHEN new.status = 'countered' AND (new.counter_amount IS NULL OR new.counter_amount = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: a countered offer needs counter_amount greater than 0 (set counter_amount with the status)');
END;

CREATE TRIGGER {schema}.offers_counter_upd BEFORE UPDATE OF status, counter_amount ON offers
WHEN new.status = 'countered' AND (new.counter_amount IS NULL OR new.counter_amount = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: a countered offer needs counter_amount greater than 0 (set counter_amount with the status)');
END;

CREATE TRIGGER {schema}.offers_status_required BEFORE INSERT ON offers WHEN new.status IS NULL BEGIN
  SELECT RAISE(ABORT, 'vaultlister: offers: status cannot be NULL (name one of the statuses, or leave it out for pending)');
END;

CREATE TRIGGER {schema}.offers_status_machine BEFORE UPDATE OF status ON offers
WHEN new.status IS NOT old.status BEGIN
  SELECT CASE
    WHEN new.status IS NULL THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot be NULL (name one of the statuses)')
    WHEN old.status = 'accepted' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from accepted to pending (accepted is final)')
    WHEN old.status = 'accepted' AND new.status = 'declined' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from accepted to declined (accepted is final)')
    WHEN old.status = 'accepted' AND new.status = 'countered' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from accepted to countered (accepted is final)')
    WHEN old.status = 'accepted' AND new.status = 'expired' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from accepted to expired (accepted is final)')
    WHEN old.status = 'accepted' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from accepted to cancelled (accepted is final)')
    WHEN old.status = 'declined' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from declined to pending (declined is final)')
    WHEN old.status = 'declined' AND new.status = 'accepted' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from declined to accepted (declined is final)')
    WHEN old.status = 'declined' AND new.status = 'countered' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from declined to countered (declined is final)')
    WHEN old.status = 'declined' AND new.status = 'expired' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from declined to expired (declined is final)')
    WHEN old.status = 'declined' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from declined to cancelled (declined is final)')
    WHEN old.status = 'countered' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from countered to pending (allowed: countered -> accepted, declined, countered, expired, cancelled)')
    WHEN old.status = 'expired' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from expired to pending (expired is final)')
    WHEN old.status = 'expired' AND new.status = 'accepted' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from expired to accepted (expired is final)')
    WHEN old.status = 'expired' AND new.status = 'declined' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from expired to declined (expired is final)')
    WHEN old.status = 'expired' AND new.status = 'countered' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from expired to countered (expired is final)')
    WHEN old.status = 'expired' AND new.status = 'cancelled' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from expired to cancelled (expired is final)')
    WHEN old.status = 'cancelled' AND new.status = 'pending' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from cancelled to pending (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'accepted' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from cancelled to accepted (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'declined' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from cancelled to declined (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'countered' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from cancelled to countered (cancelled is final)')
    WHEN old.status = 'cancelled' AND new.status = 'expired' THEN
      RAISE(ABORT, 'vaultlister: offers: status cannot move from cancelled to expired (cancelled is final)')
  END;
END;


-- responded_at: set when the offer first leaves pending (an offer recorded already answered
-- counts as leaving pending at insert), unless given.
CREATE TRIGGER {schema}.offers_responded_ins AFTER INSERT ON offers
WHEN new.status <> 'pending' AND new.responded_at IS NULL BEGIN
  UPDATE offers SET responded_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.offers_responded_upd AFTER UPDATE OF status ON offers
WHEN old.status = 'pending' AND new.status IS NOT 'pending' AND new.responded_at IS NULL BEGIN
  UPDATE offers SET responded_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;
