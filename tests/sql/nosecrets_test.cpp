// sqlite3_vaultlister_nosecrets_init: the entry point for processes where whoever reaches them may
// type SQL (docs/secrets.md, docs/clients.md). Everything is registered except the functions that
// use a key; with VAULTLISTER_KEY in the environment, a stored value still cannot be opened.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <string>

#include "tests/support/testdb.h"

namespace {

const char* kKey = "a key of thirty-two characters or more, for the env";

std::string load(sqlite3* db, const char* entry) {
  sqlite3_enable_load_extension(db, 1);
  char* err = nullptr;
  int rc = sqlite3_load_extension(db, vltest::extension_path(), entry, &err);
  std::string out = rc == SQLITE_OK ? "" : (err ? err : "?");
  sqlite3_free(err);
  return out;
}

TEST(NoSecrets, KeyFunctionsDoNotExistEvenWithTheEnvironmentKey) {
  std::string path = vltest::temp_path("nosecrets.db");
  std::string ciphertext;
  setenv("VAULTLISTER_KEY", kKey, 1);
  {
    vltest::Db full(path);  // the owner, with the whole library
    full.exec("SELECT vl_migrate()");
    full.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
    full.exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', encrypt('{\"token\":\"t0p\"}'))");
    full.exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Vintage denim jacket', 40)");
    ciphertext = full.text("SELECT credentials FROM shops");
    EXPECT_EQ(full.text("SELECT decrypt(credentials) FROM shops"), "{\"token\":\"t0p\"}");
    EXPECT_EQ(full.text("SELECT json_extract(vl_info(), '$.entry_point')"), "sqlite3_vaultlister_init");
  }
  vltest::Db db(path, false);
  ASSERT_EQ(load(db.get(), "sqlite3_vaultlister_nosecrets_init"), "");
  EXPECT_EQ(db.error("SELECT decrypt(credentials) FROM shops"), "no such function: decrypt");
  EXPECT_EQ(db.error("SELECT decrypt('" + ciphertext + "', '" + kKey + "')"), "no such function: decrypt");
  EXPECT_EQ(db.error("SELECT encrypt('x')"), "no such function: encrypt");
  EXPECT_EQ(db.error("SELECT vl_set_key('" + std::string(kKey) + "')"), "no such function: vl_set_key");
  // Every function whose registry row uses a key is absent; the rest is there.
  EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_function_list WHERE name IN "
                       "('encrypt', 'decrypt', 'vl_set_key', 'vl_legacy_cbc')"),
            0);
  EXPECT_EQ(db.text("SELECT json_extract(vl_info(), '$.entry_point')"), "sqlite3_vaultlister_nosecrets_init");
  EXPECT_EQ(db.text("SELECT net_profit(100, 10, 5, 20)"), "65.0");
  EXPECT_EQ(db.text("SELECT title FROM vl_search('denim')"), "Vintage denim jacket");
  EXPECT_EQ(db.text("SELECT credentials FROM shops"), ciphertext);  // readable, not openable
  // Writing functions stay: this entry point is about keys, not about writes.
  EXPECT_EQ(db.error("SELECT vl_migrate()"), "");
  unsetenv("VAULTLISTER_KEY");
}

TEST(NoSecrets, BothEntryPointsOnOneConnectionGiveTheFullSet) {
  // Loading the full entry point afterwards adds the key functions: the choice is the loader's.
  vltest::Db db(":memory:", false);
  ASSERT_EQ(load(db.get(), "sqlite3_vaultlister_nosecrets_init"), "");
  EXPECT_EQ(db.error("SELECT encrypt('x', 'a key of thirty-two characters or more')"), "no such function: encrypt");
  ASSERT_EQ(load(db.get(), nullptr), "");
  EXPECT_EQ(db.error("SELECT encrypt('x', 'a key of thirty-two characters or more')"), "");
}

}  // namespace
