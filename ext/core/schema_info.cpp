#include "ext/core/schema_info.h"

#include "ext/core/stmt.h"

namespace vl::schema_info {

std::vector<Column> columns(sqlite3* db, std::string_view who, const std::string& schema,
                            const std::string& table) {
  std::vector<Column> out;
  Stmt s(db,
         "SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk, hidden "
         "FROM pragma_table_xinfo(?1, ?2)",
         who);
  s.bind(1, table).bind(2, schema);
  while (s.step()) {
    out.push_back(Column{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),
                         static_cast<int>(s.int64(5))});
  }
  return out;
}

bool has_column(sqlite3* db, std::string_view who, const std::string& schema,
                const std::string& table, const std::string& column) {
  for (const Column& c : columns(db, who, schema, table)) {
    if (c.name == column) return true;
  }
  return false;
}

std::map<std::string, std::string> objects(sqlite3* db, std::string_view who,
                                           const std::string& schema, std::string_view type) {
  std::map<std::string, std::string> out;
  Stmt s(db,
         "SELECT name, coalesce(sql, '') FROM " + quote_ident(schema) +
             ".sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
             "AND (?1 <> 'index' OR sql IS NOT NULL)",
         who);
  s.bind(1, type);
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

namespace {
Stmt lookup(sqlite3* db, std::string_view who, const std::string& schema, std::string_view type,
            const std::string& name) {
  Stmt s(db,
         "SELECT sql FROM " + quote_ident(schema) + ".sqlite_master WHERE type = ?1 AND name = ?2",
         who);
  s.bind(1, type).bind(2, name);
  return s;
}
}  // namespace

bool exists(sqlite3* db, std::string_view who, const std::string& schema, std::string_view type,
            const std::string& name) {
  return lookup(db, who, schema, type, name).step();
}

std::string sql_of(sqlite3* db, std::string_view who, const std::string& schema,
                   std::string_view type, const std::string& name) {
  Stmt s = lookup(db, who, schema, type, name);
  return s.step() ? s.text(0) : std::string();
}

}  // namespace vl::schema_info
