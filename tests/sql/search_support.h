// Shared set-up of vl_search_test and vl_search_snippet_test: a migrated
// database with two users and a few inventory items in several scripts.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "tests/support/testdb.h"

namespace vltest {

class SearchFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db.exec("SELECT vl_migrate()");
    db.exec(
        "INSERT INTO users(id, email, password_hash, username) VALUES "
        "('u1', 'a@example.com', 'h', 'a'), ('u2', 'b@example.com', 'h', 'b')");
    add("i1", "u1", "O'Neill T-Shirt", "cotton tee", "O'Neill");
    add("i2", "u1", "Plain shirt", "in the oneill style", "Levi's");
    add("i3", "u2", "Levi's 501 jeans", "denim", "Levi's");
    add("i4", "u1", "Salt and Pepper Tee", "black or white", "Uniqlo");
    add("i5", "u1", "Köln Trikot", "Fußball", "Adidas");
    add("i6", "u2", "Кофта шерстяная", "тёплая", "Zara");
    add("i7", "u2", "日本の着物", "silk", "Kimono");
    add("i8", "u1", "Deleted shirt", "gone", "Nobody", "deleted");
  }
  void add(const std::string& id, const std::string& user, const std::string& title,
           const std::string& description, const std::string& brand,
           const std::string& status = "active") {
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.get(),
                                 "INSERT INTO inventory(id, user_id, title, description, brand, "
                                 "list_price, status) VALUES (?1, ?2, ?3, ?4, ?5, 10, ?6)",
                                 -1, &s, nullptr),
              SQLITE_OK);
    const std::string* v[] = {&id, &user, &title, &description, &brand, &status};
    for (int i = 0; i < 6; ++i) sqlite3_bind_text(s, i + 1, v[i]->c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(s), SQLITE_DONE) << sqlite3_errmsg(db.get());
    sqlite3_finalize(s);
  }
  Db db;
};

}  // namespace vltest
