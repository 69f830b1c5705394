#include "tests/support/testdb.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace vltest {

const char* extension_path() {
  const char* env = std::getenv("VL_EXT");
  return env && *env ? env : VL_EXTENSION_PATH;
}

Db::Db(const std::string& path, bool load, int flags) {
  if (flags == 0) flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    ADD_FAILURE() << "open " << path << ": " << sqlite3_errmsg(db_);
    return;
  }
  sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  if (!load) return;
  sqlite3_enable_load_extension(db_, 1);
  char* err = nullptr;
  rc = sqlite3_load_extension(db_, extension_path(), nullptr, &err);
  if (rc != SQLITE_OK) {
    ADD_FAILURE() << "load_extension " << extension_path() << ": " << (err ? err : "?");
  }
  sqlite3_free(err);
  // Back to the default: only the C API may load extensions, not SQL.
  sqlite3_enable_load_extension(db_, 0);
}

Db::~Db() {
  if (db_ == nullptr) return;
  // sqlite3_close (not _v2) refuses with SQLITE_BUSY while any statement is
  // unfinalized, after disconnecting virtual tables (whose cached statements
  // are theirs to finalize): so this also proves the extension leaves none.
  if (sqlite3_close(db_) != SQLITE_OK) ADD_FAILURE() << "close: " << sqlite3_errmsg(db_);
}

std::string Db::error(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  std::string out = rc == SQLITE_OK ? "" : (err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return out;
}

void Db::exec(const std::string& sql) {
  std::string err = error(sql);
  if (!err.empty()) ADD_FAILURE() << "SQL failed: " << err << "\n  in: " << sql.substr(0, 400);
}

std::vector<std::string> Db::rows(const std::string& sql) {
  std::vector<std::string> out;
  sqlite3_stmt* st = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, &tail) != SQLITE_OK) {
    ADD_FAILURE() << "prepare: " << sqlite3_errmsg(db_) << "\n  in: " << sql;
    return out;
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      if (i) row += '|';
      if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        row += "NULL";
      } else {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.append(reinterpret_cast<const char*>(t), sqlite3_column_bytes(st, i));
      }
    }
    out.push_back(row);
  }
  if (rc != SQLITE_DONE) ADD_FAILURE() << "step: " << sqlite3_errmsg(db_) << "\n  in: " << sql;
  sqlite3_finalize(st);
  return out;
}

std::string Db::text(const std::string& sql) {
  auto r = rows(sql);
  return r.empty() ? "" : r[0];
}

long long Db::integer(const std::string& sql) { return std::stoll("0" + text(sql)); }

double Db::real(const std::string& sql) {
  std::string t = text(sql);
  return t.empty() || t == "NULL" ? 0.0 : std::stod(t);
}

std::string Db::table(const std::string& sql) {
  std::string out;
  for (const auto& r : rows(sql)) {
    if (!out.empty()) out += '\n';
    out += r;
  }
  return out;
}

std::string Db::schema_dump(const std::string& schema) {
  return table("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM \"" + schema +
               "\".sqlite_master ORDER BY type, name");
}

namespace {
std::string quoted(const std::string& s, char q) {
  std::string out(1, q);
  for (char ch : s) out += ch == q ? std::string(2, q) : std::string(1, ch);
  return out + q;
}
}  // namespace

std::string Db::snapshot(const std::string& schema) {
  std::string out = schema_dump(schema) + "\n";
  const std::string s = quoted(schema, '"');
  for (const auto& t : rows("SELECT name FROM " + s + ".sqlite_master WHERE type = 'table' ORDER BY name")) {
    std::string cols;
    for (const auto& c : rows("SELECT name FROM pragma_table_info(" + quoted(t, '\'') + ", " + quoted(schema, '\'') + ")"))
      cols += (cols.empty() ? "" : " || '|' || ") + std::string("quote(") + quoted(c, '"') + ")";
    if (cols.empty()) continue;
    out += "## " + t + "\n" + table("SELECT " + cols + " FROM " + s + "." + quoted(t, '"') + " ORDER BY 1") + "\n";
  }
  return out;
}

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(VL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << relative;
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_errors(Db& db, const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [sql, message] : cases) EXPECT_EQ(db.error(sql), message) << sql.substr(0, 300);
}

void expect_refusals(Db& db, const std::vector<std::pair<std::string, std::string>>& cases) {
  const std::string before = db.snapshot();
  for (const auto& [sql, message] : cases) {
    SCOPED_TRACE(sql.substr(0, 300));
    EXPECT_EQ(db.error(sql), message);
    EXPECT_EQ(sqlite3_get_autocommit(db.get()), 1);
    EXPECT_EQ(db.snapshot(), before);
  }
}

std::string temp_path(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  std::string base = dir && *dir ? dir : "/tmp";
  std::string path = base + "/vltest-" + std::to_string(getpid()) + "-" + name;
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  std::remove((path + "-journal").c_str());
  return path;
}

std::string Db::plan(const std::string& sql) {
  std::string out;
  for (const auto& r : rows("EXPLAIN QUERY PLAN " + sql)) out += (out.empty() ? "" : "\n") + r.substr(r.rfind('|') + 1);
  return out;
}

void expect_argument_plans(Db& db, const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& args, int required) {
  const int n = static_cast<int>(args.size());
  const int needed = (1 << required) - 1;
  for (int given = 0; given < (1 << n); ++given) {
    std::string where;
    for (int i = n - 1; i >= 0; --i)
      if (given & (1 << i))
        where += (where.empty() ? " WHERE " : " AND ") + quoted(args[i].first, '"') + " = " + args[i].second;
    const std::string sql = "SELECT * FROM " + name + where;
    SCOPED_TRACE(sql);
    if ((given & needed) != needed) {
      EXPECT_EQ(db.error("EXPLAIN QUERY PLAN " + sql), "no query solution");
      continue;
    }
    EXPECT_EQ(db.plan(sql), "SCAN " + name + " VIRTUAL TABLE INDEX " + std::to_string(given) + ":");
    // The constraints are consumed (omit): no comparison in the program tests them again.
    std::string compares;
    for (const auto& r : db.rows("EXPLAIN " + sql)) {
      const size_t at = r.find('|') + 1;  // addr|opcode|p1|...
      const std::string opcode = r.substr(at, r.find('|', at) - at);
      for (const char* cmp : {"Eq", "Ne", "Lt", "Le", "Gt", "Ge"})
        if (opcode == cmp) compares += opcode + " ";
    }
    EXPECT_EQ(compares, "");
  }
  std::string columns, from_row;
  for (const auto& [column, value] : args) {
    columns += (columns.empty() ? "" : ", ") + quoted(column, '"');
    from_row += (from_row.empty() ? "" : ", ") + std::string("w.") + quoted(column, '"');
  }
  db.exec("CREATE TEMP TABLE plan_arguments(" + columns + ")");
  const std::string join = "SELECT * FROM plan_arguments AS w, " + name + "(" + from_row + ") AS t";
  EXPECT_EQ(db.plan(join), "SCAN w\nSCAN t VIRTUAL TABLE INDEX " + std::to_string((1 << n) - 1) + ":")
      << join;
  db.exec("DROP TABLE temp.plan_arguments");
}

ShopFile::ShopFile(const std::string& name) : path(temp_path(name)), db(path) {
  db.exec("PRAGMA synchronous = OFF; SELECT vl_migrate()");
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'a');"
          "INSERT INTO inventory(id, user_id, title, description, brand, size, condition, list_price, "
          "  cost_price, quantity, status, images) VALUES "
          "  ('i1', 'u1', 'Wool Coat', 'warm', 'Zara', 'M', 'good', 80, 20, 1, 'active', '[\"a.jpg\"]')");
}

std::unique_ptr<Db> ShopFile::vandal() {
  auto plain = std::make_unique<Db>(path, false);
  plain->exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF");
  for (const auto& name : plain->rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name NOT IN "
                                      "('inventory_ai', 'inventory_au', 'inventory_ad')"))
    plain->exec("DROP TRIGGER \"" + name + "\"");
  return plain;
}

std::string ShopFile::health(const std::string& check) {
  return db.text("SELECT status || '|' || detail FROM vl_health WHERE name = '" + check + "'");
}

std::string lit(const std::string& s) { return quoted(s, '\''); }

std::string directonly_marked_deterministic() {
  Db plain(":memory:", false);
  sqlite3_create_function_v2(plain.get(), "probe", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                             [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_int(c, 1); },
                             nullptr, nullptr, nullptr);
  return plain.error("CREATE TABLE t(x CHECK (probe()))").empty() ? "1" : "0";
}

}  // namespace vltest
