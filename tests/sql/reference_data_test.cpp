// The user-editable reference tables of migrations 0003/0004 keep updated_at
// current (sql/triggers/90_reference_data.sql).
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

TEST(ReferenceData, UpdatedAtFollowsEdits) {
  vltest::Db db;
  db.exec("SELECT vl_migrate()");
  for (const char* table : {"platform_fee_rules", "platform_limits", "platform_conditions"}) {
    SCOPED_TRACE(table);
    std::string t = table;
    db.exec("UPDATE " + t + " SET updated_at = '2001-01-01 00:00:00'");
    db.exec("UPDATE " + t + " SET notes = notes WHERE rowid = (SELECT min(rowid) FROM " + t + ")");
    EXPECT_EQ(db.integer("SELECT count(*) FROM " + t + " WHERE updated_at > '2001-01-01 00:00:00'"), 1);
    // An update that sets updated_at itself keeps its value.
    db.exec("UPDATE " + t + " SET updated_at = '2002-02-02 00:00:00' WHERE rowid = (SELECT min(rowid) FROM " + t + ")");
    EXPECT_EQ(db.text("SELECT updated_at FROM " + t + " WHERE rowid = (SELECT min(rowid) FROM " + t + ")"),
              "2002-02-02 00:00:00");
  }
}
