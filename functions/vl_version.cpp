// vl_version() and vl_info(): what is loaded, for bug reports and checks.
#include <openssl/crypto.h>

#include "ext/core/function.h"
#include "ext/core/json.h"
#include "functions/functions.h"
#include "ext/schema/migrator.h"
#include "ext/schema/sql_files.h"
#include "vl_build_info.h"

namespace vl::fn {

void vl_version(sqlite3_context* ctx, int argc, sqlite3_value**) {
  check_arity("vl_version", argc, 0, 0, "vl_version() takes no arguments");
  result_text(ctx, kVersion);
}

void vl_info(sqlite3_context* ctx, int argc, sqlite3_value**) {
  check_arity("vl_info", argc, 0, 0, "vl_info() takes no arguments");
  sqlite3* db = sqlite3_context_db_handle(ctx);
  int version = schema::schema_version(db, "vl_info", "main");
  int pending = 0;
  for (const auto& st : schema::statuses(db, "vl_info", "main")) {
    if (st.status == "pending") ++pending;
  }
  vl::json::Buffer buf;
  vl::json::Writer w(buf);
  w.StartObject();
  w.Key("version");
  w.String(kVersion);
  w.Key("sqlite");
  w.String(sqlite3_libversion());
  w.Key("openssl");
  w.String(OpenSSL_version(OPENSSL_VERSION));
  w.Key("schema_version");
  w.Int(version);
  w.Key("latest_schema_version");
  w.Int(kMigrationCount);
  w.Key("pending_migrations");
  w.Int(pending);
  w.Key("entry_point");
  w.String(conn_state(ctx).entry_point);
  w.EndObject();
  result_text(ctx, buf.GetString());
}

}  // namespace vl::fn
