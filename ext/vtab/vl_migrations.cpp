/*
** vl_migrations: the migrations this build carries and their state in a
** database.
**
**   SELECT version, name, status FROM vl_migrations;            -- main
**   SELECT * FROM vl_migrations('aux') WHERE status != 'applied';
**
** Declared schema:
**   CREATE TABLE x(version INTEGER, name TEXT, checksum TEXT, status TEXT,
**                  applied_at TEXT, schema HIDDEN)
**
** status is 'applied' (recorded with this build's checksum), 'pending' (not
** yet run) or 'changed' (recorded, but this build's text differs: reported,
** never re-run).
**
** xBestIndex contract: one optional HIDDEN argument, `schema` (default
** 'main'), taken only from an equality constraint; see core/vtab.h for the
** plan encoding. Rows are computed in xFilter.
*/
#include <new>

#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "ext/schema/migrator.h"

namespace vl {
namespace {

struct Migrations : RowsShape<5, 1, 0> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(version INTEGER, name TEXT, checksum TEXT, status TEXT, "
      "applied_at TEXT, schema HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    std::string schema = "main";
    if (args[0] != nullptr) {
      if (sqlite3_value_type(args[0]) != SQLITE_TEXT)
        throw Error("vl_migrations", "schema is not text", "a schema name such as 'main'");
      const char* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
      if (text == nullptr) throw std::bad_alloc();  // out of memory converting it
      schema = text;
    }
    for (auto& st : schema::statuses(db, "vl_migrations", schema)) {
      Row r;
      r.emplace_back(static_cast<int64_t>(st.version));
      r.emplace_back(st.name);
      r.emplace_back(st.checksum);
      r.emplace_back(st.status);
      if (st.applied_at)
        r.emplace_back(*st.applied_at);
      else
        r.emplace_back(std::monostate{});
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_migrations_module() { return rows_module<Migrations>(); }

}  // namespace vl
