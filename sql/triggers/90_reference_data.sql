-- updated_at for the user-editable reference data of migrations 0003 and 0004 (fee rules,
-- platform limits, condition vocabularies), in the same shape as sql/triggers/10_common.sql:
-- an UPDATE that does not set updated_at gets this second's timestamp; the WHEN clause stops
-- the trigger from waking itself under PRAGMA recursive_triggers = ON.

CREATE TRIGGER {schema}.platform_fee_rules_touch AFTER UPDATE ON platform_fee_rules
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE platform_fee_rules SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.platform_limits_touch AFTER UPDATE ON platform_limits
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE platform_limits SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;

CREATE TRIGGER {schema}.platform_conditions_touch AFTER UPDATE ON platform_conditions
WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN
  UPDATE platform_conditions SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;
END;
