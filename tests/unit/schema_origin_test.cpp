// Units of ext/schema_origin: table_sql_calls, the question encrypt asks of every table's
// CREATE TABLE text on a SQLite that lets a CHECK call it (schema_origin.h, gap 3).
#include <gtest/gtest.h>

#include "ext/schema_origin.h"

using vl::table_sql_calls;

TEST(SchemaOrigin, FindsACallHoweverItIsSpelled) {
  for (const char* sql : {
           "CREATE TABLE t(a, CHECK (encrypt(a) IS NOT NULL))",
           "CREATE TABLE t(a CHECK (ENCRYPT (a)))",
           "CREATE TABLE t(a CHECK (EnCrYpT\n\t(a)))",
           "CREATE TABLE t(a CHECK (encrypt/* hidden */(a)))",
           "CREATE TABLE t(a CHECK (encrypt -- hidden\n (a)))",
           "CREATE TABLE t(a CHECK (\"encrypt\"(a)))",
           "CREATE TABLE t(a CHECK (`encrypt`(a)))",
           "CREATE TABLE t(a CHECK ([encrypt](a)))",
           "CREATE TABLE t(a DEFAULT (encrypt('x')))",
           "CREATE TABLE t(a, b AS (encrypt(a)) VIRTUAL)",
           "CREATE TABLE \"t(\" (a CHECK (substr(encrypt(a), 1, 1) = 'v'))",
       })
    EXPECT_TRUE(table_sql_calls(sql, "encrypt")) << sql;
}

TEST(SchemaOrigin, NamesStringsAndCommentsAreNotCalls) {
  for (const char* sql : {
           "CREATE TABLE encrypt(a)",                          // the table's own name
           "CREATE TABLE main.encrypt (a)",
           "CREATE TABLE t(encrypted TEXT, encrypt_at DATETIME)",  // longer names
           "CREATE TABLE t(a CHECK (a <> 'encrypt(')) )",          // a string
           "CREATE TABLE t(a -- the envelope of encrypt()\n)",   // comments
           "CREATE TABLE t(a /* encrypt(a) */)",
           "CREATE TABLE t(encrypt TEXT, b CHECK (encrypt IS NOT NULL))",  // a column
           "CREATE TABLE t(a CHECK (decrypt(a)))",
       })
    EXPECT_FALSE(table_sql_calls(sql, "encrypt")) << sql;
}

TEST(SchemaOrigin, InDoubtSaysYes) {
  // A foreign key to a table named encrypt reads like a call; refusing encrypt there costs a
  // clear message, missing a call would cost a hole.
  EXPECT_TRUE(table_sql_calls("CREATE TABLE t(a REFERENCES encrypt(id))", "encrypt"));
  // An unterminated quote or comment runs to the end, as in SQLite's tokenizer.
  EXPECT_FALSE(table_sql_calls("CREATE TABLE t(a CHECK (a = 'encrypt(a)", "encrypt"));
  EXPECT_TRUE(table_sql_calls("CREATE TABLE t(a CHECK (encrypt(a /* ", "encrypt"));
}
