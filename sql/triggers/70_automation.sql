-- Automation (domain-rules.md, Automation): each run logged in automation_logs counts on its
-- rule. A skipped run is a run; only a failure counts as an error.

CREATE TRIGGER {schema}.automation_logs_count AFTER INSERT ON automation_logs
WHEN new.rule_id IS NOT NULL BEGIN
  UPDATE automation_rules
  SET run_count = coalesce(run_count, 0) + 1,
      error_count = coalesce(error_count, 0) + (new.status = 'failure'),
      last_run_at = coalesce(new.created_at, CURRENT_TIMESTAMP),
      updated_at = CURRENT_TIMESTAMP
  WHERE id = new.rule_id;
END;
