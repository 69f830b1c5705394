// vl_legacy_cbc: legacy AES-CBC values (unauthenticated, so a padding oracle
// while readable) are refused by shape until a connection opts in, per
// connection; and the one-time conversion of docs/secrets.md turns an adopted
// file's legacy values into bound GCM values.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

// docs-example-key-0123456789abcdef! : the example key of the docs; its first
// 32 bytes are what the old app used.
const std::string kPassphrase = "docs-example-key-0123456789abcdef!";
const std::string kCbc = "00112233445566778899aabbccddeeff:bdaac178593d530ba74626ceb7948036";
const std::string kNodeGcm =
    "gcm:000102030405060708090a0b:b5ae4106b60c905d299c97bf24aaec76:1e5af2c9377204e95a6cb8679b0c4549e3fd";
const std::string kOff =
    "vaultlister: decrypt: legacy AES-CBC values are not read by default (SELECT vl_legacy_cbc(1) "
    "first, for the one-time conversion to GCM in docs/secrets.md)";
const std::string kAuth =
    "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)";
const std::string kOnExpected =
    " (1 to read legacy AES-CBC values on this connection, 0 to stop)";

std::string q(const std::string& s) { return "'" + s + "'"; }

// A CBC value of the old app: AES-256-CBC, PKCS#7, key = first 32 bytes.
std::string cbc_seal(const std::string& key32, const std::string& plain) {
  unsigned char iv[16];
  RAND_bytes(iv, sizeof iv);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::vector<unsigned char> out(plain.size() + 16);
  int n = 0, m = 0;
  EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), nullptr,
                     reinterpret_cast<const unsigned char*>(key32.data()), iv);
  EVP_EncryptUpdate(c, out.data(), &n, reinterpret_cast<const unsigned char*>(plain.data()),
                    static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(c, out.data() + n, &m);
  EVP_CIPHER_CTX_free(c);
  static const char* d = "0123456789abcdef";
  std::string h;
  for (unsigned char b : iv) h += {d[b >> 4], d[b & 15]};
  h += ':';
  for (int i = 0; i < n + m; ++i) h += {d[out[i] >> 4], d[out[i] & 15]};
  return h;
}

class LegacyCbc : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("VAULTLISTER_KEY"); }
};

}  // namespace

TEST_F(LegacyCbc, RefusedByShapeUntilTheConnectionOptsIn) {
  Db db;
  // The same words whatever the key, with no key at all, and for a tampered
  // value: nothing about the key or the padding can be learnt.
  std::string tampered = kCbc;
  tampered.back() = '7';
  for (const std::string& sql :
       {"SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")",
        "SELECT decrypt(" + q(tampered) + ", " + q(kPassphrase) + ")",
        "SELECT decrypt(" + q(kCbc) + ", 'another key, long enough to be a key!')",
        "SELECT decrypt(" + q(kCbc) + ")", "SELECT decrypt(" + q(kCbc) + ", NULL, 'shop-1')"}) {
    SCOPED_TRACE(sql);
    EXPECT_EQ(db.error(sql), kOff);
  }
  // GCM values, authenticated, open as before.
  EXPECT_EQ(db.text("SELECT decrypt(" + q(kNodeGcm) + ", " + q(kPassphrase) + ")"),
            "{\"api_key\":\"demo\"}");

  EXPECT_EQ(db.integer("SELECT vl_legacy_cbc(1)"), 1);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")"),
            "{\"legacy\":true}");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(tampered) + ", " + q(kPassphrase) + ")"), kAuth);
  EXPECT_EQ(db.integer("SELECT vl_legacy_cbc(1)"), 1);  // idempotent

  // Per connection: another connection still refuses.
  Db other;
  EXPECT_EQ(other.error("SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")"), kOff);

  EXPECT_EQ(db.integer("SELECT vl_legacy_cbc(0)"), 0);
  EXPECT_EQ(db.error("SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")"), kOff);
}

TEST_F(LegacyCbc, Refusals) {
  Db db;
  db.exec("SELECT vl_legacy_cbc(1)");
  const std::string bad = "vaultlister: vl_legacy_cbc: on must be 0 or 1" + kOnExpected;
  vltest::expect_refusals(
      db, {{"SELECT vl_legacy_cbc(NULL)", bad},
           {"SELECT vl_legacy_cbc(2)", bad},
           {"SELECT vl_legacy_cbc(-1)", bad},
           {"SELECT vl_legacy_cbc('1')", bad},
           {"SELECT vl_legacy_cbc(1.0)", bad},
           {"SELECT vl_legacy_cbc(x'01')", bad},
           {"SELECT vl_legacy_cbc()",
            "vaultlister: vl_legacy_cbc: wrong number of arguments: 0 (vl_legacy_cbc(on))"},
           {"SELECT vl_legacy_cbc(1, 1)",
            "vaultlister: vl_legacy_cbc: wrong number of arguments: 2 (vl_legacy_cbc(on))"}});
  // A refused call leaves the setting as it was (on).
  EXPECT_EQ(db.text("SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")"),
            "{\"legacy\":true}");
}

TEST_F(LegacyCbc, DirectOnlyAndSecret) {
  Db db;
  // DETERMINISTIC only where SQLite does not refuse a non-deterministic DIRECTONLY function in a
  // CHECK (3.40; ext/schema_origin.h), asked the way SecretFlags asks it.
  const std::string det = vltest::directonly_marked_deterministic();
  EXPECT_EQ(db.table("SELECT (flags & 0x80000) != 0, (flags & 0x800) != 0, (flags & 0x200000) != 0 "
                     "FROM pragma_function_list WHERE name = 'vl_legacy_cbc'"),
            "1|" + det + "|0");
  // A view of the file cannot turn the oracle on behind the user's back.
  db.exec("CREATE VIEW v AS SELECT vl_legacy_cbc(1) AS x");
  EXPECT_EQ(db.error("SELECT * FROM v"), "unsafe use of vl_legacy_cbc()");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(kCbc) + ", " + q(kPassphrase) + ")"), kOff);
}

// The conversion recipe of docs/secrets.md on a file adopted from the old
// application: every legacy value (CBC and gcm:, in credentials and the
// OAuth token columns) becomes a bound v2 value, opened afterwards only with
// its place's aad, legacy reading off again, and vl_health's unbound_secrets
// goes from problem to ok.
TEST_F(LegacyCbc, ConversionRecipeBindsEveryLegacyValue) {
  std::string path = vltest::temp_path("legacy_cbc_conversion.db");
  const std::string key32 = kPassphrase.substr(0, 32);
  {
    Db plain(path, false);
    plain.exec(vltest::read_source("tests/fixtures/legacy/vaultlister_app.sql"));
    plain.exec("DELETE FROM shops");
    plain.exec("INSERT INTO users(id, email, password_hash, username) SELECT 'uc', 'c@x.test', 'h', 'c' "
               "WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = 'uc')");
    plain.exec("INSERT INTO shops(id, user_id, platform, credentials, oauth_token, oauth_refresh_token) VALUES "
               "('sh1', 'uc', 'ebay', " + q(cbc_seal(key32, "{\"n\":1}")) + ", " +
               q(cbc_seal(key32, "tok-1")) + ", NULL), "
               "('sh2', 'uc', 'etsy', " + q(kNodeGcm) + ", NULL, " + q(cbc_seal(key32, "ref-2")) + "), "
               "('sh3', 'uc', 'depop', NULL, NULL, NULL)");
  }
  Db db(path);
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.text("SELECT status || '|' || detail FROM vl_health WHERE name = 'unbound_secrets'"),
            "problem|4 values not bound to their row (3 legacy cbc, 1 gcm): shops.credentials of "
            "sh1, shops.credentials of sh2, shops.oauth_token of sh1, shops.oauth_refresh_token of sh2");
  db.exec("SELECT vl_set_key(" + q(kPassphrase) + ")");
  // The recipe, column by column.
  EXPECT_EQ(db.integer("SELECT vl_legacy_cbc(1)"), 1);
  for (const std::string col : {"credentials", "oauth_token", "oauth_refresh_token"}) {
    db.exec("UPDATE shops SET " + col + " = encrypt(decrypt(" + col + "), NULL, json_array('shops', '" +
            col + "', id)) WHERE " + col + " <> '' AND " + col + " NOT LIKE 'v2:_b:%'");
  }
  EXPECT_EQ(db.integer("SELECT vl_legacy_cbc(0)"), 0);

  EXPECT_EQ(db.table("SELECT id, substr(credentials, 1, 6), "
                     "decrypt(credentials, NULL, json_array('shops', 'credentials', id)), "
                     "decrypt(oauth_token, NULL, json_array('shops', 'oauth_token', id)), "
                     "decrypt(oauth_refresh_token, NULL, json_array('shops', 'oauth_refresh_token', id)) "
                     "FROM shops ORDER BY id"),
            "sh1|v2:sb:|{\"n\":1}|tok-1|NULL\nsh2|v2:sb:|{\"api_key\":\"demo\"}|NULL|ref-2\n"
            "sh3|NULL|NULL|NULL|NULL");
  EXPECT_EQ(db.text("SELECT status || '|' || detail FROM vl_health WHERE name = 'unbound_secrets'"),
            "ok|every encrypted secret is bound to its row");
  // Bound to the column too: a token read as credentials does not open.
  EXPECT_EQ(db.error("SELECT decrypt(oauth_token, NULL, json_array('shops', 'credentials', id)) "
                     "FROM shops WHERE id = 'sh1'"),
            kAuth);
  // And the triggers keep new CBC values out of the converted file.
  EXPECT_EQ(db.error("UPDATE shops SET credentials = " + q(cbc_seal(key32, "again")) + " WHERE id = 'sh3'"),
            "vaultlister: shops: credentials is a legacy AES-CBC value, which is no longer stored "
            "(store an AES-GCM value: encrypt(decrypt(credentials), NULL, aad) after vl_legacy_cbc(1), "
            "as docs/secrets.md shows)");
}
