#include "ext/schema/migrator.h"

#include <cctype>
#include <map>

#include "ext/core/error.h"
#include "ext/core/json.h"
#include "ext/core/schema_info.h"
#include "ext/core/stmt.h"
#include "ext/schema/adopt.h"
#include "ext/schema/sql_files.h"

namespace vl::schema {
namespace {

constexpr std::string_view kPlaceholder = "{schema}";

bool table_exists(sqlite3* db, std::string_view fn, const std::string& schema,
                  std::string_view table) {
  return schema_info::exists(db, fn, schema, "table", std::string(table));
}

// One line, at most 80 characters, of a statement for an error message.
std::string snippet(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 80) {
      out += "...";
      break;
    }
  }
  return out;
}

// Runs each statement of a migration, naming the migration and the statement
// when one fails.
void run_file(sqlite3* db, const SqlFile& file, const std::string& schema) {
  exec_each(db, substitute(file.text, schema), [&](const StatementFailure& f) {
    throw Error("vl_migrate",
                std::string(file.name) + ", statement " + std::to_string(f.index) + " \"" +
                    snippet(f.text.substr(0, f.text.find(';'))) + "\": " + f.message,
                "nothing of this run was kept", f.rc);
  });
}

void ensure_bookkeeping(sqlite3* db, const std::string& schema) {
  const std::string q = quote_ident(schema);
  if (!table_exists(db, "vl_migrate", schema, "vl_schema_migrations")) {
    exec(db,
         "CREATE TABLE " + q +
             ".vl_schema_migrations ("
             "version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, "
             "checksum TEXT NOT NULL, applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)",
         "vl_migrate");
  }
  if (!table_exists(db, "vl_migrate", schema, "vl_trigger_sets")) {
    exec(db,
         "CREATE TABLE " + q +
             ".vl_trigger_sets ("
             "name TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, "
             "installed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)",
         "vl_migrate");
  }
}

struct Applied {
  std::string name, checksum, applied_at;
};

std::map<int, Applied> applied_migrations(sqlite3* db, std::string_view fn,
                                          const std::string& schema) {
  std::map<int, Applied> out;
  if (!table_exists(db, fn, schema, "vl_schema_migrations")) return out;
  Stmt s(db,
         "SELECT version, name, checksum, applied_at FROM " + quote_ident(schema) +
             ".vl_schema_migrations ORDER BY version",
         fn);
  while (s.step()) {
    out[static_cast<int>(s.int64(0))] = Applied{s.text(1), s.text(2), s.text(3)};
  }
  return out;
}

void install_set(sqlite3* db, std::string_view fn, const std::string& schema,
                 const SqlFile& set) {
  const std::string q = quote_ident(schema);
  for (const std::string& name : trigger_names(set.text)) {
    exec(db, "DROP TRIGGER IF EXISTS " + q + "." + quote_ident(name), fn);
  }
  run_file(db, set, schema);
  Stmt s(db,
         "INSERT INTO " + q +
             ".vl_trigger_sets(name, checksum) VALUES (?1, ?2) "
             "ON CONFLICT(name) DO UPDATE SET checksum = excluded.checksum, "
             "installed_at = CURRENT_TIMESTAMP",
         fn);
  s.bind(1, set.name).bind(2, set.sha256).run();
}

void require_writable(sqlite3* db, std::string_view fn, const std::string& schema) {
  if (sqlite3_db_readonly(db, schema.c_str()) == 1) {
    throw Error(fn, "database '" + schema + "' is read-only",
                "open it read-write to change its schema", SQLITE_READONLY);
  }
}

void require_not_newer(int version, std::string_view fn, const std::string& schema) {
  if (version > kMigrationCount) {
    throw Error(fn,
                "database '" + schema + "' is at schema version " + std::to_string(version) +
                    ", newer than this build knows (" + std::to_string(kMigrationCount) + ")",
                "a vaultlister build of that version or newer");
  }
}

}  // namespace

std::string substitute(std::string_view text, std::string_view schema) {
  const std::string q = quote_ident(schema);
  std::string out;
  out.reserve(text.size() + 64);
  size_t at = 0;
  for (;;) {
    size_t hit = text.find(kPlaceholder, at);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(at, hit - at));
    out += q;
    at = hit + kPlaceholder.size();
  }
  out.append(text.substr(at));
  return out;
}

void require_schema(sqlite3* db, std::string_view fn, const std::string& schema) {
  Stmt s(db, "SELECT 1 FROM pragma_database_list WHERE name = ?1", fn);
  s.bind(1, schema);
  if (!s.step()) {
    throw Error(fn, "no database named '" + schema + "'", "main or the name of an attached database");
  }
}

int schema_version(sqlite3* db, std::string_view fn, const std::string& schema) {
  require_schema(db, fn, schema);
  if (!table_exists(db, fn, schema, "vl_schema_migrations")) return 0;
  return static_cast<int>(query_int(
      db, "SELECT max(version) FROM " + quote_ident(schema) + ".vl_schema_migrations", fn, 0));
}

std::vector<std::string> trigger_names(const char* set_text) {
  // Our own trusted text: every statement is "CREATE TRIGGER {schema}.<name>".
  std::vector<std::string> names;
  std::string_view text(set_text);
  const std::string_view marker = "TRIGGER {schema}.";
  size_t at = 0;
  while ((at = text.find(marker, at)) != std::string_view::npos) {
    at += marker.size();
    size_t end = at;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
      ++end;
    names.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return names;
}

namespace {

// Runs every migration `applied` lacks and records it; notes those whose
// recorded checksum differs from this build's text.
void run_pending(sqlite3* db, std::string_view fn, const std::string& schema,
                 const std::map<int, Applied>& applied, MigrationReport& report) {
  const std::string q = quote_ident(schema);
  for (int i = 0; i < kMigrationCount; ++i) {
    const SqlFile& m = kMigrations[i];
    auto hit = applied.find(m.version);
    if (hit != applied.end()) {
      if (hit->second.checksum != m.sha256) report.changed.emplace_back(m.name);
      continue;
    }
    run_file(db, m, schema);
    Stmt s(db, "INSERT INTO " + q + ".vl_schema_migrations(version, name, checksum) VALUES (?1, ?2, ?3)",
           fn);
    s.bind(1, m.version).bind(2, m.name).bind(3, m.sha256).run();
    report.applied.emplace_back(m.name);
  }
}

// (Re)installs the trigger sets that are new, changed, or lost a trigger.
void refresh_trigger_sets(sqlite3* db, std::string_view fn, const std::string& schema,
                          MigrationReport& report) {
  std::map<std::string, std::string> installed;
  {
    Stmt s(db, "SELECT name, checksum FROM " + quote_ident(schema) + ".vl_trigger_sets", fn);
    while (s.step()) installed[s.text(0)] = s.text(1);
  }
  const auto present = schema_info::objects(db, fn, schema, "trigger");
  for (int i = 0; i < kTriggerSetCount; ++i) {
    const SqlFile& set = kTriggerSets[i];
    bool current = installed.count(set.name) && installed[set.name] == set.sha256;
    for (const std::string& name : trigger_names(set.text)) {
      if (!present.count(name)) current = false;
    }
    if (current) continue;
    install_set(db, fn, schema, set);
    report.trigger_sets.emplace_back(set.name);
  }
}

void write_names(vl::json::Writer& w, const char* key, const std::vector<std::string>& names) {
  w.Key(key);
  w.StartArray();
  for (const auto& n : names) w.String(n.c_str());
  w.EndArray();
}

}  // namespace

MigrationReport migrate(sqlite3* db, const std::string& schema) {
  constexpr std::string_view fn = "vl_migrate";
  require_schema(db, fn, schema);
  require_writable(db, fn, schema);
  // Adoption (schema/adopt.h) of a file the VaultLister application built:
  // foreign keys must be off before the transaction starts, for its rebuilds.
  AdoptionGuard adoption_guard(db, schema);
  WriteTransaction tx(db, fn);

  MigrationReport report;
  report.schema = schema;
  auto applied = applied_migrations(db, fn, schema);
  report.from = applied.empty() ? 0 : applied.rbegin()->first;
  require_not_newer(report.from, fn, schema);
  ensure_bookkeeping(db, schema);
  // Such a file is conformed in this same transaction, and the migrations
  // whose tables it already held are recorded; run_pending runs the rest.
  if (report.from == 0 && is_legacy_file(db, schema)) {
    report.adopted = adopt(db, schema);
    applied = applied_migrations(db, fn, schema);
  }
  run_pending(db, fn, schema, applied, report);
  refresh_trigger_sets(db, fn, schema, report);

  tx.commit();
  adoption_guard.restore();
  report.to = kMigrationCount;
  return report;
}

std::string to_json(const MigrationReport& report) {
  vl::json::Buffer buf;
  vl::json::Writer w(buf);
  w.StartObject();
  w.Key("schema");
  w.String(report.schema.c_str());
  w.Key("from");
  w.Int(report.from);
  w.Key("to");
  w.Int(report.to);
  write_names(w, "applied", report.applied);
  write_names(w, "changed", report.changed);
  write_names(w, "trigger_sets", report.trigger_sets);
  if (const auto& adopted = report.adopted) {
    w.Key("adopted");
    w.StartObject();
    write_names(w, "migrations", adopted->migrations);
    write_names(w, "rebuilt", adopted->rebuilt);
    write_names(w, "created", adopted->created);
    write_names(w, "kept_columns", adopted->kept_columns);
    if (adopted->fts_rows >= 0) {
      w.Key("fts_rows");
      w.Int64(adopted->fts_rows);
    }
    w.EndObject();
  }
  w.EndObject();
  return buf.GetString();
}

int install_triggers(sqlite3* db, const std::string& schema) {
  constexpr std::string_view fn = "vl_install_triggers";
  require_schema(db, fn, schema);
  require_writable(db, fn, schema);
  int version = schema_version(db, fn, schema);
  if (version == 0) {
    throw Error(fn, "database '" + schema + "' has no vaultlister schema",
                "run SELECT vl_migrate() first");
  }
  require_not_newer(version, fn, schema);
  WriteTransaction tx(db, fn);
  ensure_bookkeeping(db, schema);
  int count = 0;
  for (int i = 0; i < kTriggerSetCount; ++i) {
    install_set(db, fn, schema, kTriggerSets[i]);
    count += static_cast<int>(trigger_names(kTriggerSets[i].text).size());
  }
  tx.commit();
  return count;
}

std::vector<MigrationStatus> statuses(sqlite3* db, std::string_view fn,
                                      const std::string& schema) {
  require_schema(db, fn, schema);
  auto applied = applied_migrations(db, fn, schema);
  std::vector<MigrationStatus> out;
  for (int i = 0; i < kMigrationCount; ++i) {
    const SqlFile& m = kMigrations[i];
    MigrationStatus st{m.version, m.name, m.sha256, "pending", std::nullopt};
    auto hit = applied.find(m.version);
    if (hit != applied.end()) {
      st.status = hit->second.checksum == m.sha256 ? "applied" : "changed";
      st.applied_at = hit->second.applied_at;
    }
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace vl::schema
