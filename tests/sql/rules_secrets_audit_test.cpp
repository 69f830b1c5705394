// domain-rules.md, Shops and secrets: envelopes only, hashed keys, audit rows
// without secrets, append-only audit_logs.
#include <gtest/gtest.h>

#include <vector>

#include "tests/sql/rules_support.h"

namespace {

const char* kCredMsg =
    "vaultlister: shops: credentials must be an encrypted envelope, not plaintext (store encrypt(credentials): gcm:<24 hex>:<32 hex>:<hex>)";

TEST(RulesSecrets, OnlyEnvelopesAreStored) {
  auto db = rules::plain_db("secrets.db");
  const std::string legacy = "00112233445566778899aabbccddeeff:00112233445566778899aabbccddeeff";
  db->exec(std::string("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', '") + rules::kEnvelope + "')");
  // v2, as encrypt() writes it (raw key and passphrase, bound and not).
  const std::string iv_tag_ct = "00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffee";
  for (const std::string& v2 : {"v2:rb:0011223344556677::" + iv_tag_ct,
                                "v2:ru:0011223344556677::" + iv_tag_ct,
                                "v2:sb:0011223344556677:00112233445566778899aabbccddeeff:" + iv_tag_ct,
                                "v2:su:0011223344556677:00112233445566778899aabbccddeeff:" + iv_tag_ct}) {
    SCOPED_TRACE(v2);
    db->exec("INSERT OR REPLACE INTO shops(id, user_id, platform, credentials) VALUES ('s2', 'u1', 'etsy', '" + v2 + "')");
    db->exec("UPDATE shops SET credentials = '" + v2 + "' WHERE id = 's2'");
  }
  // Legacy AES-CBC: unauthenticated, so no new value may take that form, on
  // INSERT or UPDATE, in shops or webhooks (without the extension loaded).
  const char* kCbcMsg =
      "vaultlister: shops: credentials is a legacy AES-CBC value, which is no longer stored (store "
      "an AES-GCM value: encrypt(decrypt(credentials), NULL, aad) after vl_legacy_cbc(1), as "
      "docs/secrets.md shows)";
  EXPECT_EQ(db->error("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s9', 'u1', 'etsy', '" + legacy + "')"),
            kCbcMsg);
  EXPECT_EQ(db->error("UPDATE shops SET credentials = '" + legacy + "' WHERE id = 's2'"), kCbcMsg);
  EXPECT_EQ(db->error("UPDATE shops SET credentials = upper('" + legacy + "') WHERE id = 's2'"), kCbcMsg);
  EXPECT_EQ(db->error("INSERT INTO webhooks(user_id, url, secret) VALUES ('u1', 'https://h.test', '" + legacy + "')"),
            "vaultlister: webhooks: secret is a legacy AES-CBC value, which is no longer stored (store an "
            "AES-GCM value: encrypt(decrypt(secret), NULL, aad) after vl_legacy_cbc(1), as "
            "docs/secrets.md shows)");
  EXPECT_EQ(db->integer("SELECT count(*) FROM shops WHERE id = 's9'"), 0);
  db->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s3', 'u1', 'depop', NULL)");
  for (const std::string& bad : std::vector<std::string>{"{\"token\":\"abc\"}", "", "gcm:0011:00:c0ffee",
                                "gcm:00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffe",  // odd
                                "gcm:00112233445566778899aabz:00112233445566778899aabbccddeeff:c0ffee",
                                "00112233445566778899aabbccddeeff:0011",  // not whole blocks
                                std::string("gcm:00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ff\xc3\xa9"),
                                "v2:xb:0011223344556677::00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffee",
                                "v2:rb:0011223344556677:00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffee",  // a part short
                                "v2:rb:0011223344556677::00112233445566778899aabb:00112233445566778899aabbccddeeff:{\"a\":1}"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(db->error("UPDATE shops SET credentials = '" + bad + "' WHERE id = 's1'"), kCredMsg);
  }
  EXPECT_EQ(db->error(std::string("UPDATE shops SET credentials = CAST('") + rules::kEnvelope + "' AS BLOB) WHERE id = 's1'"), kCredMsg);
  EXPECT_EQ(db->text("SELECT credentials FROM shops WHERE id = 's1'"), rules::kEnvelope);
  EXPECT_EQ(db->error("INSERT INTO webhooks(user_id, url, secret) VALUES ('u1', 'https://h.test', 'whsec_plain')"),
            "vaultlister: webhooks: secret must be an encrypted envelope, not plaintext (store encrypt(secret): gcm:<24 hex>:<32 hex>:<hex>)");
  EXPECT_EQ(db->error("INSERT INTO api_keys(user_id, name, key_prefix, key_hash) VALUES ('u1', 'k', 'vl_', 'vl_live_secretkey')"),
            "vaultlister: api_keys: key_hash must be the sha-256 of the key as 64 lower-case hex digits (store vl_sha256(key), never the key)");
  EXPECT_EQ(db->error("INSERT INTO api_keys(user_id, name, key_prefix, key_hash) VALUES ('u1', 'k', 'vl_', upper(hex(randomblob(32))))"),
            "vaultlister: api_keys: key_hash must be the sha-256 of the key as 64 lower-case hex digits (store vl_sha256(key), never the key)");
}

TEST(RulesAudit, OneRowPerEventAndNoSecret) {
  auto db = rules::plain_db("audit.db");
  const std::string env = rules::kEnvelope;
  const std::string env2 = "gcm:ffeeddccbbaa998877665544:00112233445566778899aabbccddeeff:beef";
  const std::string hash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
  db->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', '" + env + "')");
  db->exec("UPDATE shops SET credentials = '" + env2 + "' WHERE id = 's1'");
  db->exec("UPDATE shops SET credentials = '" + env2 + "' WHERE id = 's1'");  // same value: no event
  db->exec("UPDATE shops SET is_connected = 0 WHERE id = 's1'");
  db->exec("INSERT INTO api_keys(id, user_id, name, key_prefix, key_hash) VALUES ('k1', 'u1', 'ci', 'vl_ab', '" + hash + "')");
  db->exec("UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = 'k1'");
  db->exec("UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = 'k1'");  // already revoked
  db->exec("INSERT INTO webhooks(id, user_id, url, secret, events) VALUES ('w1', 'u1', 'https://h.test/x?token=t0p', '" + env + "', '[\"sale.created\"]')");
  db->exec("DELETE FROM webhooks WHERE id = 'w1'");
  db->exec("UPDATE users SET password_hash = 'newhash' WHERE id = 'u1'");
  db->exec("UPDATE users SET email = 'new@example.com' WHERE id = 'u1'");
  db->exec("UPDATE users SET subscription_tier = 'pro' WHERE id = 'u1'");
  db->exec("UPDATE users SET full_name = 'no event' WHERE id = 'u1'");
  EXPECT_EQ(db->table("SELECT action, resource_type, resource_id FROM audit_logs ORDER BY rowid"),
            "shop.connect|shop|s1\nshop.credentials_replace|shop|s1\nshop.disconnect|shop|s1\n"
            "api_key.create|api_key|k1\napi_key.revoke|api_key|k1\nwebhook.create|webhook|w1\nwebhook.delete|webhook|w1\n"
            "user.password_change|user|u1\nuser.email_change|user|u1\nuser.subscription_change|user|u1");
  std::string all = db->table("SELECT * FROM audit_logs");
  for (const std::string& secret : std::vector<std::string>{env, env2, hash, std::string("newhash"), std::string("h1"), std::string("t0p"), std::string("vl_ab")}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(db->error("UPDATE audit_logs SET action = 'x'"),
            "vaultlister: audit_logs: rows are append-only (insert a new row instead; DELETE stays possible for retention)");
  EXPECT_EQ(db->error("DELETE FROM audit_logs WHERE action = 'shop.connect'"), "");
  // Deleting a user still works: the foreign key's SET NULL is the one update allowed.
  db->exec("DELETE FROM users WHERE id = 'u1'");
  EXPECT_EQ(db->integer("SELECT count(*) FROM audit_logs WHERE user_id IS NULL"), 9);
}

}  // namespace
