-- Keeps inventory_fts (external content: inventory) exactly in step with
-- inventory. Two rules make it exact, and an application that broke them left
-- stale words searchable and, on SQLite 3.40, "database disk image is
-- malformed" on a row's second update:
--   * every insert into the index names rowid, so the entry is keyed by the
--     inventory row it came from;
--   * every removal uses the FTS5 'delete' command with the old rowid and the
--     old values, which FTS5 needs to find the tokens to take out.
-- The update trigger fires only when an indexed column changes, so edits of
-- prices or quantities cost nothing here.

CREATE TRIGGER {schema}.inventory_ai AFTER INSERT ON inventory BEGIN
  INSERT INTO inventory_fts(rowid, id, title, description, brand, tags)
  VALUES (new.rowid, new.id, new.title, new.description, new.brand, new.tags);
END;

CREATE TRIGGER {schema}.inventory_ad AFTER DELETE ON inventory BEGIN
  INSERT INTO inventory_fts(inventory_fts, rowid, id, title, description, brand, tags)
  VALUES ('delete', old.rowid, old.id, old.title, old.description, old.brand, old.tags);
END;

CREATE TRIGGER {schema}.inventory_au AFTER UPDATE OF id, title, description, brand, tags ON inventory BEGIN
  INSERT INTO inventory_fts(inventory_fts, rowid, id, title, description, brand, tags)
  VALUES ('delete', old.rowid, old.id, old.title, old.description, old.brand, old.tags);
  INSERT INTO inventory_fts(rowid, id, title, description, brand, tags)
  VALUES (new.rowid, new.id, new.title, new.description, new.brand, new.tags);
END;
