// Shared set-up of the rules_*_test files: a database file migrated by a
// connection that loaded the extension, then reopened by a plain connection
// that never did, so every rule is proved to hold with SQLite built-ins only.
#pragma once

#include <memory>
#include <string>

#include "tests/support/testdb.h"

namespace rules {

inline std::unique_ptr<vltest::Db> plain_db(const std::string& name) {
  std::string path = vltest::temp_path(name);
  {
    vltest::Db loaded(path, true);
    loaded.exec("SELECT vl_migrate()");
  }
  auto db = std::make_unique<vltest::Db>(path, false);
  db->exec("PRAGMA foreign_keys = ON");
  db->exec(
      "INSERT INTO users(id, email, password_hash, username) VALUES"
      " ('u1', 'a@example.com', 'h1', 'alice'), ('u2', 'b@example.com', 'h2', 'bob')");
  return db;
}

// An encrypted-looking envelope of the shape encrypt() writes.
inline const char* kEnvelope =
    "gcm:00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffee";

}  // namespace rules
