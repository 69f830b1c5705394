#include "ext/schema/adopt.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "ext/core/error.h"
#include "ext/core/schema_info.h"
#include "ext/core/stmt.h"
#include "ext/core/text.h"
#include "ext/schema/migrator.h"
#include "ext/schema/sql_files.h"

namespace vl::schema {
namespace {

constexpr std::string_view kFn = "vl_migrate";
constexpr std::string_view kNewPrefix = "vl_adopt_new_";

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// ---- our own embedded migration text, split into statements ----------------

struct Statement {
  enum Kind { kTable, kIndex, kVirtual, kOther } kind = kOther;
  std::string name;  // object name for the CREATE kinds
  std::string text;  // with "{schema}" still in it
};

std::vector<Statement> statements_of(const char* file_text) {
  std::vector<Statement> out;
  for (std::string_view piece : split_statements(file_text)) {
    size_t at = skip_space_and_comments(piece, 0);
    Statement st;
    st.text = std::string(piece.substr(at));
    static const std::pair<std::string_view, Statement::Kind> heads[] = {
        {"CREATE TABLE {schema}.", Statement::kTable},
        {"CREATE VIRTUAL TABLE {schema}.", Statement::kVirtual},
        {"CREATE INDEX {schema}.", Statement::kIndex},
        {"CREATE UNIQUE INDEX {schema}.", Statement::kIndex},
    };
    for (const auto& [head, kind] : heads) {
      if (st.text.compare(0, head.size(), head) != 0) continue;
      size_t e = head.size();
      while (e < st.text.size() && is_ident(st.text[e])) ++e;
      st.kind = kind;
      st.name = st.text.substr(head.size(), e - head.size());
      break;
    }
    out.push_back(std::move(st));
  }
  return out;
}

// ---- reading the file's layout ---------------------------------------------

using Column = schema_info::Column;

std::vector<Column> columns_of(sqlite3* db, const std::string& schema, const std::string& table) {
  return schema_info::columns(db, kFn, schema, table);
}
std::string object_sql(sqlite3* db, const std::string& schema, std::string_view type, const std::string& name) {
  return schema_info::sql_of(db, kFn, schema, type, name);
}
bool object_exists(sqlite3* db, const std::string& schema, std::string_view type, const std::string& name) {
  return schema_info::exists(db, kFn, schema, type, name);
}

// The text of each column definition in a stored CREATE TABLE, keyed by the
// lower-case column name, so an extra column is re-added with its own type,
// default, collation and REFERENCES clause. sqlite_master holds exactly what
// the application wrote, so a small scanner over its top-level commas is
// enough; SQLite offers no API that returns a column's definition text.
std::map<std::string, std::string> column_definitions(std::string_view sql) {
  std::map<std::string, std::string> out;
  size_t open = sql.find('(');
  if (open == std::string_view::npos) return out;
  std::vector<std::string> pieces;
  std::string cur;
  int depth = 0;
  for (size_t i = open + 1; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t e = sql.find(close, i + 1);
      if (e == std::string_view::npos) e = sql.size() - 1;
      cur.append(sql.substr(i, e - i + 1));
      i = e;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl;
      cur += ' ';
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t e = sql.find("*/", i + 2);
      i = e == std::string_view::npos ? sql.size() : e + 1;
      cur += ' ';
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') {
      if (depth == 0) {
        pieces.push_back(cur);
        break;
      }
      --depth;
    }
    if (c == ',' && depth == 0) {
      pieces.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  static const std::set<std::string> constraint_words = {"constraint", "primary", "unique",
                                                         "check", "foreign"};
  for (std::string& p : pieces) {
    size_t a = p.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) continue;
    p = p.substr(a, p.find_last_not_of(" \t\r\n") - a + 1);
    std::string name;
    if (p[0] == '"' || p[0] == '`' || p[0] == '[') {
      char close = p[0] == '[' ? ']' : p[0];
      for (size_t i = 1; i < p.size(); ++i) {
        if (p[i] == close) {
          if (close != ']' && i + 1 < p.size() && p[i + 1] == close) {
            name += close;
            ++i;
            continue;
          }
          break;
        }
        name += p[i];
      }
    } else {
      size_t e = 0;
      while (e < p.size() && !std::isspace(static_cast<unsigned char>(p[e]))) ++e;
      name = p.substr(0, e);
      if (constraint_words.count(ascii_lower(name))) continue;
    }
    out[ascii_lower(name)] = p;
  }
  return out;
}

// sqlite_master stores "CREATE INDEX name ..." without the schema; to re-run
// such a statement in an attached schema the name must be qualified again.
std::string qualify(const std::string& sql, const std::string& schema) {
  static const std::set<std::string> head_words = {"create", "unique", "index",  "trigger",
                                                   "temp",   "temporary", "if", "not", "exists"};
  size_t at = 0;
  for (;;) {
    at = skip_space_and_comments(sql, at);
    size_t e = at;
    while (e < sql.size() && is_ident(sql[e])) ++e;
    if (e == at || !head_words.count(ascii_lower(sql.substr(at, e - at)))) break;
    at = e;
  }
  return sql.substr(0, at) + quote_ident(schema) + "." + sql.substr(at);
}

// ---- conflicts ---------------------------------------------------------------

struct Conflict {
  std::string constraint;
  std::vector<std::string> ids;
};

// The conflicts of one table, grouped by constraint in the order first met.
struct Conflicts {
  std::vector<Conflict> list;
  std::map<std::string, size_t> by_constraint;
  // The ids breaking `constraint` (a new, empty group the first time).
  std::vector<std::string>& ids(const std::string& constraint) {
    auto [it, fresh] = by_constraint.emplace(constraint, list.size());
    if (fresh) list.push_back(Conflict{constraint, {}});
    return list[it->second].ids;
  }
};

// "UNIQUE constraint failed: vl_adopt_new_listings.inventory_id, vl_adopt_..."
// -> "UNIQUE(inventory_id, platform)"; columns, for a UNIQUE, in `columns`.
std::string constraint_of(const std::string& message, const std::string& table,
                          std::vector<std::string>* columns) {
  const std::string prefix = std::string(kNewPrefix) + table + ".";
  size_t colon = message.find(" constraint failed: ");
  if (colon == std::string::npos) return message;
  std::string kind = message.substr(0, colon);
  std::string rest = message.substr(colon + std::string(" constraint failed: ").size());
  if (kind == "UNIQUE" || kind == "NOT NULL") {
    std::string cols;
    size_t at = 0;
    while (at < rest.size()) {
      size_t comma = rest.find(", ", at);
      std::string col = rest.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      if (col.rfind(prefix, 0) == 0) col = col.substr(prefix.size());
      if (columns) columns->push_back(col);
      cols += (cols.empty() ? "" : ", ") + col;
      if (comma == std::string::npos) break;
      at = comma + 2;
    }
    return kind + "(" + cols + ")";
  }
  return kind + "(" + rest + ")";
}

std::string describe(const std::string& table, const std::vector<Conflict>& conflicts) {
  constexpr size_t kMaxIds = 20;
  std::string out;
  for (const Conflict& c : conflicts) {
    if (!out.empty()) out += "; ";
    out += table + ": " + std::to_string(c.ids.size()) + (c.ids.size() == 1 ? " row breaks " : " rows break ") +
           c.constraint + ": ids ";
    for (size_t i = 0; i < c.ids.size() && i < kMaxIds; ++i) out += (i ? ", " : "") + c.ids[i];
    if (c.ids.size() > kMaxIds) out += " and " + std::to_string(c.ids.size() - kMaxIds) + " more";
  }
  return out;
}

[[noreturn]] void throw_conflicts(const std::string& table, const std::vector<Conflict>& conflicts) {
  throw Error(kFn, describe(table, conflicts), "resolve them, then run vl_migrate again",
              SQLITE_CONSTRAINT);
}

// ---- the 12-step rebuild -----------------------------------------------------

// Values the spec normalizes on the way in (legacy-databases.md): everything
// else is copied verbatim and, when it disagrees with a rule, reported by
// vl_health rather than rewritten.
std::string copy_expression(const std::string& table, const std::string& column) {
  if (table == "analytics_snapshots" && column == "platform") return "coalesce(\"platform\", 'all')";
  return quote_ident(column);
}

// Our CREATE TABLE text for `table`, naming the table `as_name`. The legacy
// application's automation_rules hold type 'otl' (offer to likers), which its
// own CHECK never allowed; an adopted file's CHECK accepts it so those rows
// stay valid, while a fresh database keeps the seed's list.
std::string canonical_create(const Statement& st, const std::string& schema, const std::string& as_name) {
  std::string text = st.text;
  const std::string head = "CREATE TABLE {schema}." + st.name;
  text = "CREATE TABLE {schema}." + as_name + text.substr(head.size());
  if (st.name == "automation_rules") {
    const std::string list = "'price_drop', 'custom')";
    size_t at = text.find(list);
    if (at != std::string::npos) text.replace(at, list.size(), "'price_drop', 'custom', 'otl')");
  }
  return substitute(text, schema);
}

struct Context {
  sqlite3* db;
  std::string schema, q;
  std::set<std::string> our_indexes, our_triggers;
  AdoptionReport report;
};

bool has_rowid(const std::string& create_sql) {
  return ascii_lower(create_sql).find("without rowid") == std::string::npos;
}

// One table through SQLite's 12-step ALTER TABLE procedure: the names its
// steps share.
struct Rebuild {
  Context& cx;
  const Statement& st;
  const std::string& t;     // the table
  std::string old_sql;      // the file's CREATE TABLE
  std::string qt, qn;       // the table and its new copy, schema-qualified
  std::vector<Column> old_cols;
  std::string cols, exprs;  // the copy's columns and what each is copied from
  bool rowids = false;      // the copy keeps rowids
  std::string copy;         // INSERT INTO new SELECT ... FROM old
};

// Step 4: the new table, from our definition, plus the file's extra columns.
void create_new_table(Rebuild& r) {
  sqlite3* db = r.cx.db;
  const std::string fresh = std::string(kNewPrefix) + r.t;
  exec(db, canonical_create(r.st, r.cx.schema, fresh), kFn);
  std::set<std::string> ours;
  for (const Column& c : columns_of(db, r.cx.schema, fresh)) ours.insert(ascii_lower(c.name));
  auto defs = column_definitions(r.old_sql);
  for (const Column& c : r.old_cols) {
    if (!ours.count(ascii_lower(c.name))) {
      auto def = defs.find(ascii_lower(c.name));
      bool added = false;
      if (def != defs.end()) {
        // ADD COLUMN refuses some definitions an original CREATE TABLE allowed
        // (a non-constant default, NOT NULL without a default): the values
        // matter more than the clause, so the column comes back with its type.
        // Those refusals are SQLITE_ERROR; any other failure (I/O, a busy
        // file) is the migration's and must not drop the clause silently.
        added = exec_each(db, "ALTER TABLE " + r.qn + " ADD COLUMN " + def->second,
                          [&](const StatementFailure& f) {
                            if ((f.rc & 0xff) != SQLITE_ERROR) raise_failure(kFn, f);
                          }) == SQLITE_OK;
      }
      if (!added) exec(db, "ALTER TABLE " + r.qn + " ADD COLUMN " + quote_ident(c.name) + " " + c.type, kFn);
      r.cx.report.kept_columns.push_back(r.t + "." + c.name);
    }
    if (c.generated()) continue;
    r.cols += (r.cols.empty() ? "" : ", ") + quote_ident(c.name);
    r.exprs += (r.exprs.empty() ? "" : ", ") + copy_expression(r.t, c.name);
  }
}

// The conflict search after a copy broke a constraint: the copy replayed one
// row at a time into the emptied new table names each row and its
// constraint, and for a UNIQUE the row that got in first too. The
// transaction rolls back afterwards, so the file keeps its content exactly.
Conflicts find_copy_conflicts(Rebuild& r) {
  sqlite3* db = r.cx.db;
  exec(db, "DELETE FROM " + r.qn, kFn);
  bool has_id = std::any_of(r.old_cols.begin(), r.old_cols.end(),
                            [](const Column& c) { return ascii_lower(c.name) == "id"; });
  const std::string id_expr = has_id ? "coalesce(\"id\", 'rowid ' || rowid)" : "'rowid ' || rowid";
  Stmt rows(db, "SELECT rowid, " + id_expr + " FROM " + r.qt + " ORDER BY rowid", kFn);
  Stmt one(db, r.copy + " WHERE rowid = ?1", kFn);
  Conflicts conflicts;
  while (rows.step()) {
    one.bind(1, rows.int64(0));
    int rc = one.try_step();
    std::string msg = rc == SQLITE_DONE ? "" : one.errmsg();
    one.reset();
    if (rc == SQLITE_DONE) continue;
    // Only a constraint names a row; anything else (I/O, a lock, memory)
    // is the search failing, and says so.
    if ((rc & 0xff) != SQLITE_CONSTRAINT) {
      if (rc == SQLITE_NOMEM) throw std::bad_alloc();
      throw Error(kFn, r.t + ": copying rows failed: " + msg, "", rc);
    }
    std::vector<std::string> key;
    std::vector<std::string>& ids = conflicts.ids(constraint_of(msg, r.t, &key));
    if (msg.rfind("UNIQUE", 0) == 0 && !key.empty()) {
      // The row that got in first shares the key: name it too.
      std::string where;
      for (const std::string& k : key)
        where += " AND " + copy_expression(r.t, k) + " IS (SELECT " + copy_expression(r.t, k) + " FROM " +
                 r.qt + " WHERE rowid = ?1)";
      Stmt first(db, "SELECT " + id_expr + " FROM " + r.qt + " WHERE rowid < ?1" + where +
                         " ORDER BY rowid LIMIT 1", kFn);
      first.bind(1, rows.int64(0));
      if (first.step() && std::find(ids.begin(), ids.end(), first.text(0)) == ids.end())
        ids.push_back(first.text(0));
    }
    ids.push_back(rows.text(1));
  }
  return conflicts;
}

// Step 5: copy every row by column name, keeping rowids, which inventory_fts
// (external content) and any rowid-keyed data of the file depend on. A
// refused row stops the run with the conflicts named.
void copy_rows(Rebuild& r) {
  r.rowids = has_rowid(r.old_sql) && has_rowid(r.st.text);
  const std::string rowid_col = r.rowids ? "rowid, " : "";
  r.copy = "INSERT INTO " + r.qn + "(" + rowid_col + r.cols + ") SELECT " + rowid_col + r.exprs + " FROM " + r.qt;
  Stmt s(r.cx.db, r.copy, kFn);
  int rc = s.try_step();
  if (rc == SQLITE_DONE) return;
  std::string why = s.errmsg();
  if ((rc & 0xff) != SQLITE_CONSTRAINT) throw Error(kFn, r.t + ": copying rows failed: " + why, "", rc);
  if (!r.rowids) throw Error(kFn, r.t + ": " + why, "resolve it, then run vl_migrate again", rc);
  s.reset();
  Conflicts conflicts = find_copy_conflicts(r);
  if (conflicts.list.empty()) throw Error(kFn, r.t + ": " + why, "resolve it, then run vl_migrate again", rc);
  throw_conflicts(r.t, conflicts.list);
}

// Step 3 (read before the drop): the file's own indexes and triggers on the
// table. Ours are re-created by the migration and the trigger sets; the
// application's inventory_fts triggers are the broken ones and are dropped.
std::vector<std::string> files_own_indexes_and_triggers(const Rebuild& r) {
  std::vector<std::string> recreate;
  Stmt s(r.cx.db, "SELECT type, name, sql FROM " + r.cx.q +
                      ".sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL "
                      "ORDER BY type, name",
         kFn);
  s.bind(1, r.t);
  while (s.step()) {
    std::string type = s.text(0), name = s.text(1), sql = s.text(2);
    if (type == "index" && r.cx.our_indexes.count(name)) continue;
    if (type == "trigger" &&
        (r.cx.our_triggers.count(name) || ascii_lower(sql).find("inventory_fts") != std::string::npos))
      continue;
    recreate.push_back(qualify(sql, r.cx.schema));
  }
  return recreate;
}

// Steps 6-8: drop the old table and give the new one its name. Foreign keys
// are off (AdoptionGuard), so the drop fires no ON DELETE action, and with
// legacy_alter_table the rename leaves the REFERENCES clauses, views and
// triggers that name the table pointing at the new one by name. Then the
// file's own indexes and triggers, as they were.
void replace_table(const Rebuild& r, const std::vector<std::string>& recreate) {
  exec(r.cx.db, "DROP TABLE " + r.qt, kFn);
  exec(r.cx.db, "ALTER TABLE " + r.qn + " RENAME TO " + quote_ident(r.t), kFn);
  for (const std::string& sql : recreate) exec(r.cx.db, sql, kFn);
}

void rebuild(Context& cx, const Statement& st) {
  Rebuild r{cx, st, st.name, object_sql(cx.db, cx.schema, "table", st.name), cx.q + "." + quote_ident(st.name),
            cx.q + "." + quote_ident(std::string(kNewPrefix) + st.name), columns_of(cx.db, cx.schema, st.name),
            {}, {}, false, {}};
  create_new_table(r);
  copy_rows(r);
  replace_table(r, files_own_indexes_and_triggers(r));
  cx.report.rebuilt.push_back(st.name);
}

class LegacyAlterTable {
 public:
  explicit LegacyAlterTable(sqlite3* db) : db_(db) {
    was_ = query_int(db, "PRAGMA legacy_alter_table", kFn) != 0;
    exec(db, "PRAGMA legacy_alter_table = ON", kFn);
  }
  ~LegacyAlterTable() {
    if (!was_) sqlite3_exec(db_, "PRAGMA legacy_alter_table = OFF", nullptr, nullptr, nullptr);
  }
  LegacyAlterTable(const LegacyAlterTable&) = delete;
  LegacyAlterTable& operator=(const LegacyAlterTable&) = delete;

 private:
  sqlite3* db_;
  bool was_;
};

// foreign_key_check names an offending row by its rowid, which a WITHOUT ROWID
// table (inventory_tags, vl_imported_sales) does not have: its rows whose
// reference has no parent row are found again and named by primary key,
// "(i9, t1)". Every foreign key of our schema names its parent columns.
std::vector<std::string> orphans_by_key(Context& cx, const std::string& t, long long fkid) {
  std::string parent, match, present;
  Stmt f(cx.db, "SELECT \"from\", \"to\", \"table\" FROM pragma_foreign_key_list(?1, ?2) WHERE id = ?3 ORDER BY seq",
         kFn);
  f.bind(1, t).bind(2, cx.schema).bind(3, static_cast<int64_t>(fkid));
  while (f.step()) {
    const std::string from = "c." + quote_ident(f.text(0));
    present += " AND " + from + " IS NOT NULL";
    match += (match.empty() ? "" : " AND ") + ("p." + quote_ident(f.text(1))) + " = " + from;
    parent = f.text(2);
  }
  std::string key;
  Stmt pk(cx.db, "SELECT name FROM pragma_table_info(?1, ?2) WHERE pk > 0 ORDER BY pk", kFn);
  pk.bind(1, t).bind(2, cx.schema);
  while (pk.step()) key += (key.empty() ? "" : " || ', ' || ") + ("c." + quote_ident(pk.text(0)));
  Stmt o(cx.db, "SELECT '(' || " + key + " || ')' FROM " + cx.q + "." + quote_ident(t) + " AS c WHERE 1" + present +
                    " AND NOT EXISTS (SELECT 1 FROM " + cx.q + "." + quote_ident(parent) + " AS p WHERE " + match +
                    ") ORDER BY 1",
         kFn);
  std::vector<std::string> out;
  while (o.step()) out.push_back(o.text(0));
  return out;
}

// Step 10: every foreign key of the tables we own must hold after the rebuild.
void check_foreign_keys(Context& cx, const std::vector<std::string>& tables) {
  for (const std::string& t : tables) {
    Stmt s(cx.db, "PRAGMA " + cx.q + ".foreign_key_check(" + quote_ident(t) + ")", kFn);
    std::vector<Conflict> conflicts;
    std::map<long long, size_t> by_fk;
    std::set<long long> keyless;  // foreign keys whose offending rows have no rowid
    while (s.step()) {
      long long fkid = s.int64(3);
      auto [it, fresh] = by_fk.emplace(fkid, conflicts.size());
      if (fresh) {
        std::string from, parent;
        Stmt f(cx.db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1, ?2) WHERE id = ?3", kFn);
        f.bind(1, t).bind(2, cx.schema).bind(3, static_cast<int64_t>(fkid));
        while (f.step()) {
          from += (from.empty() ? "" : ", ") + f.text(0);
          parent = f.text(1);
        }
        conflicts.push_back(Conflict{"FOREIGN KEY(" + from + ") REFERENCES " + parent, {}});
      }
      if (s.is_null(1)) {
        keyless.insert(fkid);
        continue;
      }
      // The row foreign_key_check just named; our tables with a rowid all
      // have an id column, NOT NULL.
      Stmt r(cx.db, "SELECT id FROM " + cx.q + "." + quote_ident(t) + " WHERE rowid = ?1", kFn);
      r.bind(1, s.int64(1)).step();
      conflicts[it->second].ids.push_back(r.text(0));
    }
    for (long long fkid : keyless) conflicts[by_fk[fkid]].ids = orphans_by_key(cx, t, fkid);
    if (!conflicts.empty()) throw_conflicts(t, conflicts);
  }
}

// The application kept its webhook subscriptions in user_webhooks (its
// migrations 052 and 082) and pointed webhook_deliveries.webhook_id there, so
// its deliveries name ids our webhooks table does not hold. Each subscription
// is carried into webhooks under the same id, which keeps every delivery
// linked; user_webhooks itself stays as it was (its extra columns, such as
// headers, are the file's own data). name becomes the description and
// last_triggered_at the last delivery where ours has no such column of the
// file. The secret is copied as the application stored it: vl_health's
// plaintext_secrets names each one until it is encrypt()ed. A row our
// definition refuses (a url that is not http(s), no secret) is reported by
// id, and nothing is adopted.
void carry_user_webhooks(Context& cx) {
  if (!object_exists(cx.db, cx.schema, "table", "user_webhooks")) return;
  std::set<std::string> theirs;
  for (const Column& c : columns_of(cx.db, cx.schema, "user_webhooks")) theirs.insert(ascii_lower(c.name));
  std::string cols, exprs;
  auto take = [&](const std::string& ours, const std::string& from) {
    if (!theirs.count(from)) return false;
    cols += (cols.empty() ? "" : ", ") + quote_ident(ours);
    exprs += (exprs.empty() ? "" : ", ") + ("u." + quote_ident(from));
    return true;
  };
  for (const char* c : {"id", "user_id", "url", "secret", "is_active", "failure_count", "created_at", "updated_at"})
    take(c, c);
  if (!take("description", "description")) take("description", "name");
  if (!take("last_delivery_at", "last_delivery_at")) take("last_delivery_at", "last_triggered_at");
  if (theirs.count("events")) {  // NOT NULL DEFAULT '[]' in ours
    cols += ", events";
    exprs += ", coalesce(u.events, '[]')";
  }
  const std::string from = " FROM " + cx.q + ".user_webhooks AS u WHERE NOT EXISTS (SELECT 1 FROM " + cx.q +
                           ".webhooks AS w WHERE w.id = u.id)";
  // One row at a time, so that a refusal names the row.
  Stmt rows(cx.db, "SELECT u.rowid, CAST(u.id AS TEXT)" + from + " ORDER BY u.rowid", kFn);
  Stmt insert(cx.db, "INSERT INTO " + cx.q + ".webhooks(" + cols + ") SELECT " + exprs + " FROM " + cx.q +
                         ".user_webhooks AS u WHERE u.rowid = ?1",
              kFn);
  Conflicts conflicts;
  while (rows.step()) {
    insert.reset();
    insert.bind(1, rows.int64(0));
    int rc = insert.try_step();
    if (rc == SQLITE_DONE) continue;
    if ((rc & 0xff) != SQLITE_CONSTRAINT) throw Error(kFn, "webhooks: " + insert.errmsg(), {}, rc);
    conflicts.ids(constraint_of(insert.errmsg(), "webhooks", nullptr))
        .push_back(rows.is_null(1) ? "(no id)" : rows.text(1));
  }
  if (!conflicts.list.empty()) throw_conflicts("user_webhooks", conflicts.list);
}

}  // namespace

bool is_legacy_file(sqlite3* db, const std::string& schema) {
  if (schema_version(db, kFn, schema) != 0) return false;
  return object_exists(db, schema, "table", "users") && object_exists(db, schema, "table", "inventory");
}

AdoptionGuard::AdoptionGuard(sqlite3* db, const std::string& schema) : db_(db) {
  require_schema(db, kFn, schema);
  if (!is_legacy_file(db, schema)) return;
  if (query_int(db, "PRAGMA foreign_keys", kFn) == 0) return;
  if (!sqlite3_get_autocommit(db)) {
    throw Error(kFn,
                "adopting an existing file rebuilds tables, which needs PRAGMA foreign_keys off, and it "
                "cannot change inside a transaction",
                "run SELECT vl_migrate() outside a transaction, or PRAGMA foreign_keys = OFF first");
  }
  exec(db, "PRAGMA foreign_keys = OFF", kFn);
  restore_ = true;
}

void AdoptionGuard::restore() {
  if (!restore_) return;
  restore_ = false;
  exec_each(db_, "PRAGMA foreign_keys = ON", [](const StatementFailure& f) {
    throw Error(kFn, "the file is migrated, but foreign key enforcement could not be turned back on",
                "PRAGMA foreign_keys = ON on this connection", f.rc);
  });
}

AdoptionGuard::~AdoptionGuard() {
  // An error is already on its way out: best effort, it cannot be reported.
  if (restore_) sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

AdoptionReport adopt(sqlite3* db, const std::string& schema) {
  Context cx{db, schema, quote_ident(schema), {}, {}, {}};
  std::vector<std::vector<Statement>> files;
  for (int i = 0; i < kMigrationCount; ++i) {
    files.push_back(statements_of(kMigrations[i].text));
    for (const Statement& st : files.back())
      if (st.kind == Statement::kIndex) cx.our_indexes.insert(st.name);
  }
  for (int i = 0; i < kTriggerSetCount; ++i)
    for (const std::string& n : trigger_names(kTriggerSets[i].text)) cx.our_triggers.insert(n);

  LegacyAlterTable legacy(db);
  std::vector<std::string> owned;
  bool fts_touched = false;
  for (int i = 0; i < kMigrationCount; ++i) {
    const std::vector<Statement>& stmts = files[static_cast<size_t>(i)];
    // A migration is adopted when the file already holds one of its tables;
    // the others are left for vl_migrate to run as written.
    bool adopted = std::any_of(stmts.begin(), stmts.end(), [&](const Statement& st) {
      return st.kind == Statement::kTable && object_exists(db, schema, "table", st.name);
    });
    if (!adopted) continue;
    for (const Statement& st : stmts) {
      switch (st.kind) {
        case Statement::kTable:
          if (object_exists(db, schema, "table", st.name)) {
            rebuild(cx, st);
          } else {
            exec(db, canonical_create(st, schema, st.name), kFn);
            cx.report.created.push_back(st.name);
          }
          owned.push_back(st.name);
          break;
        case Statement::kIndex:
          // A same-named index of the file went with its old table; one left on
          // another table is the file's own and keeps its definition.
          if (!object_exists(db, schema, "index", st.name)) exec(db, substitute(st.text, schema), kFn);
          break;
        case Statement::kVirtual:
          // The index is derived data and the application's copy is stale:
          // replaced by ours, then rebuilt from its content table below.
          if (object_exists(db, schema, "table", st.name))
            exec(db, "DROP TABLE " + cx.q + "." + quote_ident(st.name), kFn);
          exec(db, substitute(st.text, schema), kFn);
          if (st.name == "inventory_fts") fts_touched = true;
          break;
        case Statement::kOther:
          exec(db, substitute(st.text, schema), kFn);
          break;
      }
    }
    Stmt rec(db, "INSERT INTO " + cx.q + ".vl_schema_migrations(version, name, checksum) VALUES (?1, ?2, ?3)", kFn);
    rec.bind(1, kMigrations[i].version).bind(2, kMigrations[i].name).bind(3, kMigrations[i].sha256).run();
    cx.report.migrations.emplace_back(kMigrations[i].name);
  }
  if (fts_touched) {
    exec(db, "INSERT INTO " + cx.q + ".inventory_fts(inventory_fts) VALUES ('rebuild')", kFn);
    cx.report.fts_rows = query_int(db, "SELECT count(*) FROM " + cx.q + ".inventory", kFn);
  }
  if (object_exists(db, schema, "table", "webhooks")) carry_user_webhooks(cx);
  check_foreign_keys(cx, owned);
  return std::move(cx.report);
}

}  // namespace vl::schema
