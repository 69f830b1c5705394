// The registered SQL surface, its docs and its tests agree: one SQL name,
// one doc page (docs/sql/<name>.md), at least one test that uses it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/support/testdb.h"

namespace fs = std::filesystem;

namespace {
std::set<std::string> names(vltest::Db& db) {
  std::set<std::string> out;
  for (const auto& r : db.rows("SELECT name FROM pragma_function_list UNION SELECT name FROM pragma_module_list"))
    out.insert(r);
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST(Surface, EveryNameHasADocPageAndATest) {
  vltest::Db plain(":memory:", false);
  vltest::Db loaded;
  std::set<std::string> before = names(plain), after = names(loaded), ours;
  for (const auto& n : after)
    if (!before.count(n)) ours.insert(n);
  ASSERT_GE(ours.size(), 20u);  // a failed load registers nothing

  std::set<std::string> documented;
  for (const auto& e : fs::directory_iterator(fs::path(VL_SOURCE_DIR) / "docs" / "sql"))
    if (e.path().extension() == ".md") documented.insert(e.path().stem().string());
  EXPECT_EQ(ours, documented) << "docs/sql/<name>.md must exist for exactly the registered names";

  std::string tests;
  for (const char* dir : {"tests/sql", "tests/unit", "tests/clients", "tests/node"}) {
    fs::path d = fs::path(VL_SOURCE_DIR) / dir;
    for (const auto& e : fs::directory_iterator(d))
      if (e.is_regular_file() && e.path().filename() != "surface_test.cpp") tests += slurp(e.path());
  }
  for (const auto& n : ours) EXPECT_NE(tests.find(n + "("), std::string::npos) << n << " is used by no test";

  // Only the names api.md gives without a prefix go without `vl_`.
  for (const auto& n : ours) {
    if (n.rfind("vl_", 0) == 0) continue;
    EXPECT_TRUE(n == "net_profit" || n == "encrypt" || n == "decrypt" || n == "platform_fee") << n;
  }
}

TEST(Surface, FlagsFollowTheRegistry) {
  vltest::Db db;
  // DIRECTONLY: secrets, writes, file readers. SQLite reports the flag in
  // pragma_function_list's `flags` column (0x80000 = SQLITE_DIRECTONLY).
  auto direct = db.rows("SELECT DISTINCT name FROM pragma_function_list WHERE flags & 0x80000 ORDER BY name");
  std::set<std::string> got(direct.begin(), direct.end());
  for (const char* n : {"encrypt", "decrypt", "vl_set_key", "vl_migrate", "vl_install_triggers", "vl_import_sales",
                        "vl_expire_offers"})
    EXPECT_TRUE(got.count(n)) << n;
  for (const char* n : {"net_profit", "vl_sha256", "vl_cron_next", "vl_json_valid", "vl_version"})
    EXPECT_FALSE(got.count(n)) << n;
  // Pure functions are deterministic (0x800) and innocuous (0x200000).
  for (const char* n : {"net_profit", "vl_sha256", "vl_cron_next", "vl_json_valid", "vl_json_errors"}) {
    EXPECT_EQ(db.integer(std::string("SELECT count(*) FROM pragma_function_list WHERE name = '") + n +
                         "' AND flags & 0x800 AND flags & 0x200000"),
              1)
        << n;
  }
}
