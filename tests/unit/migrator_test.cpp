// Units of the schema engine and core helpers that need no database.
#include <gtest/gtest.h>

#include "ext/core/function.h"
#include "ext/schema/migrator.h"
#include "ext/schema/sql_files.h"

TEST(Substitute, QuotesTheSchemaEverywhere) {
  EXPECT_EQ(vl::schema::substitute("CREATE TABLE {schema}.t; CREATE INDEX {schema}.i ON t(x)", "a\"b"),
            "CREATE TABLE \"a\"\"b\".t; CREATE INDEX \"a\"\"b\".i ON t(x)");
  EXPECT_EQ(vl::schema::substitute("no placeholder", "main"), "no placeholder");
}

TEST(TriggerNames, ReadsEveryCreateTrigger) {
  auto names = vl::schema::trigger_names(
      "-- c\nCREATE TRIGGER {schema}.a_b AFTER INSERT ON t BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER {schema}.c2 BEFORE UPDATE ON t BEGIN SELECT 2; END;");
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "a_b");
  EXPECT_EQ(names[1], "c2");
}

TEST(EmbeddedSql, MigrationsAreNumberedWithoutGaps) {
  ASSERT_GT(vl::kMigrationCount, 0);
  for (int i = 0; i < vl::kMigrationCount; ++i) {
    EXPECT_EQ(vl::kMigrations[i].version, i + 1);
    EXPECT_EQ(std::string(vl::kMigrations[i].sha256).size(), 64u);
  }
  EXPECT_EQ(vl::kMigrations[vl::kMigrationCount].name, nullptr);
}

TEST(EmbeddedSql, EveryTriggerSetNamesItsTriggers) {
  for (int i = 0; i < vl::kTriggerSetCount; ++i) {
    EXPECT_FALSE(vl::schema::trigger_names(vl::kTriggerSets[i].text).empty()) << vl::kTriggerSets[i].name;
  }
}

TEST(Utf8, AcceptsWellFormedRejectsBroken) {
  EXPECT_TRUE(vl::valid_utf8("plain", 5));
  EXPECT_TRUE(vl::valid_utf8("\xC3\xA9t\xC3\xA9", 6));            // été
  EXPECT_TRUE(vl::valid_utf8("\xF0\x9F\x91\x97", 4));             // 👗
  EXPECT_FALSE(vl::valid_utf8("\xC3", 1));                        // truncated
  EXPECT_FALSE(vl::valid_utf8("\xC0\xAF", 2));                    // overlong
  EXPECT_FALSE(vl::valid_utf8("\xED\xA0\x80", 3));                // surrogate
  EXPECT_FALSE(vl::valid_utf8("\xF4\x90\x80\x80", 4));            // > U+10FFFF
  EXPECT_FALSE(vl::valid_utf8("\xFF", 1));
}
