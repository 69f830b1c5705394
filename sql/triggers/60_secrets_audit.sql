-- Shops and secrets (domain-rules.md, Shops and secrets): no plaintext credentials or webhook
-- secrets, hashed API keys, an audit row for each security-relevant change, append-only audit.
--
-- The envelope test is a shape test, all a trigger can do without the key: the forms encrypt()
-- writes, v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext> (lower-case hex) and
-- gcm:<24 hex iv>:<32 hex tag>:<hex ciphertext>. Plaintext (JSON, a token, an empty string) never
-- has that shape. The legacy AES-CBC form, <32 hex iv>:<hex ciphertext of whole 16-byte blocks>,
-- has its own refusal: it is unauthenticated, so no new value may take it (rows already holding
-- one are kept until the conversion in docs/secrets.md rewrites them). The plaintext trigger lets
-- a CBC shape through so that exactly one message is raised whatever order SQLite fires them in.
--
-- Audit rows carry the platform, names and states, never a credential, secret, key, hash, or a
-- webhook URL (such URLs often embed a token). A row written while its user is being deleted
-- names no user: its foreign key would otherwise fail that delete.

CREATE TRIGGER {schema}.shops_credentials_ins BEFORE INSERT ON shops
WHEN new.credentials IS NOT NULL AND NOT (typeof(new.credentials) = 'text' AND ((substr(new.credentials, 1, 4) = 'gcm:' AND length(new.credentials) >= 62 AND substr(new.credentials, 29, 1) = ':' AND substr(new.credentials, 62, 1) = ':'
       AND substr(new.credentials, 5, 24) NOT GLOB '*[^0-9a-fA-F]*' AND substr(new.credentials, 30, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 63) NOT GLOB '*[^0-9a-fA-F]*' AND length(new.credentials) % 2 = 0)
    OR (substr(new.credentials, 1, 6) GLOB 'v2:[rs][bu]:' AND length(new.credentials) >= 82
       AND substr(new.credentials, 7) NOT GLOB '*[^0-9a-f:]*' AND length(new.credentials) - length(replace(new.credentials, ':', '')) = 6)
    OR (length(new.credentials) >= 65 AND substr(new.credentials, 33, 1) = ':' AND substr(new.credentials, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.credentials) - 33) % 32 = 0))) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: shops: credentials must be an encrypted envelope, not plaintext (store encrypt(credentials): gcm:<24 hex>:<32 hex>:<hex>)');
END;

CREATE TRIGGER {schema}.shops_credentials_cbc_ins BEFORE INSERT ON shops
WHEN typeof(new.credentials) = 'text' AND (length(new.credentials) >= 65 AND substr(new.credentials, 33, 1) = ':' AND substr(new.credentials, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.credentials) - 33) % 32 = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: shops: credentials is a legacy AES-CBC value, which is no longer stored (store an AES-GCM value: encrypt(decrypt(credentials), NULL, aad) after vl_legacy_cbc(1), as docs/secrets.md shows)');
END;

CREATE TRIGGER {schema}.shops_credentials_upd BEFORE UPDATE OF credentials ON shops
WHEN new.credentials IS NOT NULL AND NOT (typeof(new.credentials) = 'text' AND ((substr(new.credentials, 1, 4) = 'gcm:' AND length(new.credentials) >= 62 AND substr(new.credentials, 29, 1) = ':' AND substr(new.credentials, 62, 1) = ':'
       AND substr(new.credentials, 5, 24) NOT GLOB '*[^0-9a-fA-F]*' AND substr(new.credentials, 30, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 63) NOT GLOB '*[^0-9a-fA-F]*' AND length(new.credentials) % 2 = 0)
    OR (substr(new.credentials, 1, 6) GLOB 'v2:[rs][bu]:' AND length(new.credentials) >= 82
       AND substr(new.credentials, 7) NOT GLOB '*[^0-9a-f:]*' AND length(new.credentials) - length(replace(new.credentials, ':', '')) = 6)
    OR (length(new.credentials) >= 65 AND substr(new.credentials, 33, 1) = ':' AND substr(new.credentials, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.credentials) - 33) % 32 = 0))) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: shops: credentials must be an encrypted envelope, not plaintext (store encrypt(credentials): gcm:<24 hex>:<32 hex>:<hex>)');
END;

CREATE TRIGGER {schema}.shops_credentials_cbc_upd BEFORE UPDATE OF credentials ON shops
WHEN typeof(new.credentials) = 'text' AND (length(new.credentials) >= 65 AND substr(new.credentials, 33, 1) = ':' AND substr(new.credentials, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.credentials, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.credentials) - 33) % 32 = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: shops: credentials is a legacy AES-CBC value, which is no longer stored (store an AES-GCM value: encrypt(decrypt(credentials), NULL, aad) after vl_legacy_cbc(1), as docs/secrets.md shows)');
END;

CREATE TRIGGER {schema}.webhooks_secret_ins BEFORE INSERT ON webhooks
WHEN new.secret IS NOT NULL AND NOT (typeof(new.secret) = 'text' AND ((substr(new.secret, 1, 4) = 'gcm:' AND length(new.secret) >= 62 AND substr(new.secret, 29, 1) = ':' AND substr(new.secret, 62, 1) = ':'
       AND substr(new.secret, 5, 24) NOT GLOB '*[^0-9a-fA-F]*' AND substr(new.secret, 30, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 63) NOT GLOB '*[^0-9a-fA-F]*' AND length(new.secret) % 2 = 0)
    OR (substr(new.secret, 1, 6) GLOB 'v2:[rs][bu]:' AND length(new.secret) >= 82
       AND substr(new.secret, 7) NOT GLOB '*[^0-9a-f:]*' AND length(new.secret) - length(replace(new.secret, ':', '')) = 6)
    OR (length(new.secret) >= 65 AND substr(new.secret, 33, 1) = ':' AND substr(new.secret, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.secret) - 33) % 32 = 0))) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: webhooks: secret must be an encrypted envelope, not plaintext (store encrypt(secret): gcm:<24 hex>:<32 hex>:<hex>)');
END;

CREATE TRIGGER {schema}.webhooks_secret_cbc_ins BEFORE INSERT ON webhooks
WHEN typeof(new.secret) = 'text' AND (length(new.secret) >= 65 AND substr(new.secret, 33, 1) = ':' AND substr(new.secret, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.secret) - 33) % 32 = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: webhooks: secret is a legacy AES-CBC value, which is no longer stored (store an AES-GCM value: encrypt(decrypt(secret), NULL, aad) after vl_legacy_cbc(1), as docs/secrets.md shows)');
END;

CREATE TRIGGER {schema}.webhooks_secret_upd BEFORE UPDATE OF secret ON webhooks
WHEN new.secret IS NOT NULL AND NOT (typeof(new.secret) = 'text' AND ((substr(new.secret, 1, 4) = 'gcm:' AND length(new.secret) >= 62 AND substr(new.secret, 29, 1) = ':' AND substr(new.secret, 62, 1) = ':'
       AND substr(new.secret, 5, 24) NOT GLOB '*[^0-9a-fA-F]*' AND substr(new.secret, 30, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 63) NOT GLOB '*[^0-9a-fA-F]*' AND length(new.secret) % 2 = 0)
    OR (substr(new.secret, 1, 6) GLOB 'v2:[rs][bu]:' AND length(new.secret) >= 82
       AND substr(new.secret, 7) NOT GLOB '*[^0-9a-f:]*' AND length(new.secret) - length(replace(new.secret, ':', '')) = 6)
    OR (length(new.secret) >= 65 AND substr(new.secret, 33, 1) = ':' AND substr(new.secret, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.secret) - 33) % 32 = 0))) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: webhooks: secret must be an encrypted envelope, not plaintext (store encrypt(secret): gcm:<24 hex>:<32 hex>:<hex>)');
END;

CREATE TRIGGER {schema}.webhooks_secret_cbc_upd BEFORE UPDATE OF secret ON webhooks
WHEN typeof(new.secret) = 'text' AND (length(new.secret) >= 65 AND substr(new.secret, 33, 1) = ':' AND substr(new.secret, 1, 32) NOT GLOB '*[^0-9a-fA-F]*'
       AND substr(new.secret, 34) NOT GLOB '*[^0-9a-fA-F]*' AND (length(new.secret) - 33) % 32 = 0) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: webhooks: secret is a legacy AES-CBC value, which is no longer stored (store an AES-GCM value: encrypt(decrypt(secret), NULL, aad) after vl_legacy_cbc(1), as docs/secrets.md shows)');
END;

CREATE TRIGGER {schema}.api_keys_hash_ins BEFORE INSERT ON api_keys
WHEN NOT (typeof(new.key_hash) = 'text' AND length(new.key_hash) = 64 AND new.key_hash NOT GLOB '*[^0-9a-f]*') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: api_keys: key_hash must be the sha-256 of the key as 64 lower-case hex digits (store vl_sha256(key), never the key)');
END;

CREATE TRIGGER {schema}.api_keys_hash_upd BEFORE UPDATE OF key_hash ON api_keys
WHEN NOT (typeof(new.key_hash) = 'text' AND length(new.key_hash) = 64 AND new.key_hash NOT GLOB '*[^0-9a-f]*') BEGIN
  SELECT RAISE(ABORT, 'vaultlister: api_keys: key_hash must be the sha-256 of the key as 64 lower-case hex digits (store vl_sha256(key), never the key)');
END;

-- Audit ----------------------------------------------------------------------------------------

CREATE TRIGGER {schema}.shops_audit_connect_ins AFTER INSERT ON shops WHEN new.is_connected = 1 BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, 'shop.connect', 'shop', new.id,
          json_object('platform', new.platform, 'platform_username', new.platform_username));
END;

CREATE TRIGGER {schema}.shops_audit_connection AFTER UPDATE OF is_connected ON shops
WHEN new.is_connected IS NOT old.is_connected AND new.is_connected IN (0, 1) BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, CASE new.is_connected WHEN 1 THEN 'shop.connect' ELSE 'shop.disconnect' END, 'shop', new.id,
          json_object('platform', new.platform, 'platform_username', new.platform_username));
END;

CREATE TRIGGER {schema}.shops_audit_delete AFTER DELETE ON shops WHEN old.is_connected = 1 BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES ((SELECT id FROM users WHERE id = old.user_id), 'shop.disconnect', 'shop', old.id,
          json_object('platform', old.platform, 'platform_username', old.platform_username, 'deleted', json('true')));
END;

CREATE TRIGGER {schema}.shops_audit_credentials AFTER UPDATE OF credentials ON shops
WHEN new.credentials IS NOT old.credentials BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, 'shop.credentials_replace', 'shop', new.id,
          json_object('platform', new.platform, 'had_credentials', json(CASE WHEN old.credentials IS NULL THEN 'false' ELSE 'true' END),
                      'has_credentials', json(CASE WHEN new.credentials IS NULL THEN 'false' ELSE 'true' END)));
END;

CREATE TRIGGER {schema}.api_keys_audit_create AFTER INSERT ON api_keys BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, 'api_key.create', 'api_key', new.id, json_object('name', new.name));
END;

CREATE TRIGGER {schema}.api_keys_audit_revoke AFTER UPDATE OF revoked_at ON api_keys
WHEN old.revoked_at IS NULL AND new.revoked_at IS NOT NULL BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, 'api_key.revoke', 'api_key', new.id, json_object('name', new.name));
END;

CREATE TRIGGER {schema}.webhooks_audit_create AFTER INSERT ON webhooks BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.user_id, 'webhook.create', 'webhook', new.id, json_object('events', json(new.events)));
END;

CREATE TRIGGER {schema}.webhooks_audit_delete AFTER DELETE ON webhooks BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES ((SELECT id FROM users WHERE id = old.user_id), 'webhook.delete', 'webhook', old.id,
          json_object('events', json(old.events)));
END;

CREATE TRIGGER {schema}.users_audit_password AFTER UPDATE OF password_hash ON users
WHEN new.password_hash IS NOT old.password_hash BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.id, 'user.password_change', 'user', new.id, '{}');
END;

CREATE TRIGGER {schema}.users_audit_email AFTER UPDATE OF email ON users
WHEN new.email IS NOT old.email BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.id, 'user.email_change', 'user', new.id, json_object('from', old.email, 'to', new.email));
END;

CREATE TRIGGER {schema}.users_audit_tier AFTER UPDATE OF subscription_tier ON users
WHEN new.subscription_tier IS NOT old.subscription_tier BEGIN
  INSERT INTO audit_logs(user_id, action, resource_type, resource_id, details)
  VALUES (new.id, 'user.subscription_change', 'user', new.id,
          json_object('from', old.subscription_tier, 'to', new.subscription_tier));
END;

-- Append-only. The one UPDATE let through is the foreign key's own ON DELETE SET NULL when a
-- user is deleted: refusing it would make users impossible to delete.
CREATE TRIGGER {schema}.audit_logs_append_only BEFORE UPDATE ON audit_logs
WHEN NOT (old.user_id IS NOT NULL AND new.user_id IS NULL
          AND new.id IS old.id AND new.action IS old.action AND new.resource_type IS old.resource_type
          AND new.resource_id IS old.resource_id AND new.details IS old.details
          AND new.ip_address IS old.ip_address AND new.user_agent IS old.user_agent
          AND new.created_at IS old.created_at) BEGIN
  SELECT RAISE(ABORT, 'vaultlister: audit_logs: rows are append-only (insert a new row instead; DELETE stays possible for retention)');
END;
