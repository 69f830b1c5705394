// Reading a schema's layout: its objects from sqlite_master and a table's
// columns from pragma_table_xinfo. One home for what vl_health, adoption and
// the migrator each ask of a file. `who` prefixes any error.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"

namespace vl::schema_info {

// One row of pragma_table_xinfo, as text except `hidden`.
struct Column {
  std::string name, type, notnull, dflt, pk;
  int hidden = 0;  // 1 hidden (virtual tables), 2 virtual generated, 3 stored generated
  bool generated() const { return hidden == 2 || hidden == 3; }
  // Same declaration under any name: type, NOT NULL, default, key, hidden.
  bool same_as(const Column& o) const {
    return type == o.type && notnull == o.notnull && dflt == o.dflt && pk == o.pk &&
           hidden == o.hidden;
  }
};

std::vector<Column> columns(sqlite3* db, std::string_view who, const std::string& schema,
                            const std::string& table);
bool has_column(sqlite3* db, std::string_view who, const std::string& schema,
                const std::string& table, const std::string& column);

// name -> sql ("" when NULL) of the objects of one type ('table', 'index',
// 'trigger', 'view'), SQLite's own (sqlite_*) and indexes without SQL (the
// automatic ones of UNIQUE and PRIMARY KEY) left out.
std::map<std::string, std::string> objects(sqlite3* db, std::string_view who,
                                           const std::string& schema, std::string_view type);

bool exists(sqlite3* db, std::string_view who, const std::string& schema, std::string_view type,
            const std::string& name);
// The stored CREATE text of an object; "" when it has none or does not exist.
std::string sql_of(sqlite3* db, std::string_view who, const std::string& schema,
                   std::string_view type, const std::string& name);

}  // namespace vl::schema_info
