// The "api" fault kind: the extension reaches SQLite only through the
// sqlite3_api_routines table handed to sqlite3_vaultlister_init (ext/core/api.h),
// so the binary registers api_init below as the auto-extension: it copies the
// real table once and hands the extension a copy whose error-returning routines
// count their calls and, under an api plan, fail the Nth one with the code
// SQLite itself gives: SQLITE_NOMEM for the routines that allocate (prepare,
// bind of text / blob / value, create_function_v2, create_module_v2,
// declare_vtab, open_v2, column_text / column_blob / value_text / value_blob /
// value_dup returning NULL), SQLITE_IOERR for step, SQLITE_ERROR for the others
// (exec, vtab_config, bind of numbers / NULL / pointers, file_control).
// Side effects SQLite has on failure are kept: create_function_v2 and
// create_module_v2 call xDestroy, set_auxdata deletes the value and sets
// SQLITE_NOMEM on the context, open_v2 returns no handle. errcode,
// extended_errcode and errmsg of that connection report the injected error
// until the next routine of the connection goes through.
#define SQLITE_CORE 1  // the struct, not the sqlite3_api-> macros
#include <sqlite3ext.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hooks.h"

extern "C" int sqlite3_vaultlister_init(sqlite3*, char**, const void*);

namespace vlfault {
namespace {

const sqlite3_api_routines* R = nullptr;  // the real table
sqlite3_api_routines g_patched;

// A routine of `db` went through: SQLite resets the connection's error state.
void through(const void* db) {
  if (db != nullptr && g_plan.api_db == db) g_plan.api_db = nullptr;
}
const void* db_of(sqlite3_stmt* s) { return s ? R->db_handle(s) : nullptr; }

int p_prepare(sqlite3* db, const char* sql, int n, sqlite3_stmt** out, const char** tail) {
  if (api_fails("prepare", SQLITE_NOMEM, db)) {
    if (out) *out = nullptr;
    return SQLITE_NOMEM;
  }
  through(db);
  return R->prepare(db, sql, n, out, tail);
}
int p_prepare_v2(sqlite3* db, const char* sql, int n, sqlite3_stmt** out, const char** tail) {
  if (api_fails("prepare_v2", SQLITE_NOMEM, db)) {
    if (out) *out = nullptr;
    return SQLITE_NOMEM;
  }
  through(db);
  return R->prepare_v2(db, sql, n, out, tail);
}
int p_prepare_v3(sqlite3* db, const char* sql, int n, unsigned int f, sqlite3_stmt** out, const char** tail) {
  if (api_fails("prepare_v3", SQLITE_NOMEM, db)) {
    if (out) *out = nullptr;
    return SQLITE_NOMEM;
  }
  through(db);
  return R->prepare_v3(db, sql, n, f, out, tail);
}
int p_step(sqlite3_stmt* s) {
  if (api_fails("step", SQLITE_IOERR, db_of(s))) {
    // VL_FAULTS_TRACE=1: which statement took the fault (to replay with --from).
    if (std::getenv("VL_FAULTS_TRACE")) std::fprintf(stderr, "api: step fails: %.300s\n", R->sql(s));
    return SQLITE_IOERR;
  }
  through(db_of(s));
  return R->step(s);
}
int p_exec(sqlite3* db, const char* sql, sqlite3_callback cb, void* arg, char** err) {
  if (api_fails("exec", SQLITE_ERROR, db)) {
    if (err) *err = R->mprintf("injected fault");
    return SQLITE_ERROR;
  }
  through(db);
  return R->exec(db, sql, cb, arg, err);
}

#define VL_BIND(name, code, params, args)             \
  int p_##name params {                               \
    if (api_fails(#name, code, db_of(s))) return code; \
    through(db_of(s));                                \
    return R->name args;                              \
  }
VL_BIND(bind_double, SQLITE_ERROR, (sqlite3_stmt * s, int i, double v), (s, i, v))
VL_BIND(bind_int, SQLITE_ERROR, (sqlite3_stmt * s, int i, int v), (s, i, v))
VL_BIND(bind_int64, SQLITE_ERROR, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v))
VL_BIND(bind_null, SQLITE_ERROR, (sqlite3_stmt * s, int i), (s, i))
VL_BIND(bind_value, SQLITE_NOMEM, (sqlite3_stmt * s, int i, const sqlite3_value* v), (s, i, v))
#undef VL_BIND

// A failing bind of text / blob / pointer calls the destructor, as SQLite does.
int p_bind_text(sqlite3_stmt* s, int i, const char* v, int n, void (*d)(void*)) {
  if (api_fails("bind_text", SQLITE_NOMEM, db_of(s))) {
    if (d != SQLITE_STATIC && d != SQLITE_TRANSIENT) d(const_cast<char*>(v));
    return SQLITE_NOMEM;
  }
  through(db_of(s));
  return R->bind_text(s, i, v, n, d);
}
int p_bind_blob(sqlite3_stmt* s, int i, const void* v, int n, void (*d)(void*)) {
  if (api_fails("bind_blob", SQLITE_NOMEM, db_of(s))) {
    if (d != SQLITE_STATIC && d != SQLITE_TRANSIENT) d(const_cast<void*>(v));
    return SQLITE_NOMEM;
  }
  through(db_of(s));
  return R->bind_blob(s, i, v, n, d);
}
int p_bind_pointer(sqlite3_stmt* s, int i, void* v, const char* type, void (*d)(void*)) {
  if (api_fails("bind_pointer", SQLITE_ERROR, db_of(s))) {
    if (d) d(v);
    return SQLITE_ERROR;
  }
  through(db_of(s));
  return R->bind_pointer(s, i, v, type, d);
}

int p_create_function_v2(sqlite3* db, const char* name, int n, int flags, void* app,
                         void (*f)(sqlite3_context*, int, sqlite3_value**),
                         void (*step)(sqlite3_context*, int, sqlite3_value**), void (*final)(sqlite3_context*),
                         void (*destroy)(void*)) {
  if (api_fails("create_function_v2", SQLITE_NOMEM, db)) {
    if (destroy) destroy(app);
    return SQLITE_NOMEM;
  }
  through(db);
  return R->create_function_v2(db, name, n, flags, app, f, step, final, destroy);
}
int p_create_module_v2(sqlite3* db, const char* name, const sqlite3_module* m, void* aux, void (*destroy)(void*)) {
  if (api_fails("create_module_v2", SQLITE_NOMEM, db)) {
    if (destroy) destroy(aux);
    return SQLITE_NOMEM;
  }
  through(db);
  return R->create_module_v2(db, name, m, aux, destroy);
}
int p_declare_vtab(sqlite3* db, const char* sql) {
  if (api_fails("declare_vtab", SQLITE_NOMEM, db)) return SQLITE_NOMEM;
  through(db);
  return R->declare_vtab(db, sql);
}
int p_vtab_config(sqlite3* db, int op, ...) {
  if (api_fails("vtab_config", SQLITE_ERROR, db)) return SQLITE_ERROR;
  through(db);
  if (op == SQLITE_VTAB_CONSTRAINT_SUPPORT) {
    va_list ap;
    va_start(ap, op);
    int v = va_arg(ap, int);
    va_end(ap);
    return R->vtab_config(db, op, v);
  }
  return R->vtab_config(db, op);
}
int p_open_v2(const char* file, sqlite3** out, int flags, const char* vfs) {
  if (api_fails("open_v2", SQLITE_NOMEM, nullptr)) {
    if (out) *out = nullptr;
    return SQLITE_NOMEM;
  }
  return R->open_v2(file, out, flags, vfs);
}
int p_file_control(sqlite3* db, const char* schema, int op, void* arg) {
  if (api_fails("file_control", SQLITE_ERROR, db)) return SQLITE_ERROR;
  through(db);
  return R->file_control(db, schema, op, arg);
}

// NULL with SQLITE_NOMEM for a value that is not NULL (a NULL value gives NULL
// anyway, so it is passed through uncounted).
const unsigned char* p_column_text(sqlite3_stmt* s, int i) {
  if (R->column_type(s, i) != SQLITE_NULL && api_fails("column_text", SQLITE_NOMEM, db_of(s))) return nullptr;
  return R->column_text(s, i);
}
const void* p_column_blob(sqlite3_stmt* s, int i) {
  if (R->column_type(s, i) != SQLITE_NULL && api_fails("column_blob", SQLITE_NOMEM, db_of(s))) return nullptr;
  return R->column_blob(s, i);
}
const unsigned char* p_value_text(sqlite3_value* v) {
  if (R->value_type(v) != SQLITE_NULL && api_fails("value_text", SQLITE_NOMEM, nullptr)) return nullptr;
  return R->value_text(v);
}
const void* p_value_blob(sqlite3_value* v) {
  if (R->value_type(v) != SQLITE_NULL && api_fails("value_blob", SQLITE_NOMEM, nullptr)) return nullptr;
  return R->value_blob(v);
}
sqlite3_value* p_value_dup(const sqlite3_value* v) {
  if (api_fails("value_dup", SQLITE_NOMEM, nullptr)) return nullptr;
  return R->value_dup(v);
}
void p_set_auxdata(sqlite3_context* ctx, int slot, void* p, void (*d)(void*)) {
  if (api_fails("set_auxdata", SQLITE_NOMEM, nullptr)) {
    if (d) d(p);
    R->result_error_nomem(ctx);
    return;
  }
  R->set_auxdata(ctx, slot, p, d);
}

// The injected error, as the connection reports it until its next routine.
int p_errcode(sqlite3* db) {
  if (db != nullptr && g_plan.api_db == db) return g_plan.api_code ? g_plan.api_code : SQLITE_ERROR;
  return R->errcode(db);
}
int p_extended_errcode(sqlite3* db) {
  if (db != nullptr && g_plan.api_db == db) return g_plan.api_code ? g_plan.api_code : SQLITE_ERROR;
  return R->extended_errcode(db);
}
const char* p_errmsg(sqlite3* db) {
  if (db != nullptr && g_plan.api_db == db) return R->errstr(g_plan.api_code ? g_plan.api_code : SQLITE_ERROR);
  return R->errmsg(db);
}

}  // namespace

// The auto-extension: the extension, initialised with the patched table.
extern "C" int vl_faults_api_init(sqlite3* db, char** err, const sqlite3_api_routines* api) {
  if (R == nullptr) {
    R = api;
    std::memcpy(&g_patched, api, sizeof g_patched);
    g_patched.prepare = p_prepare;
    g_patched.prepare_v2 = p_prepare_v2;
    g_patched.prepare_v3 = p_prepare_v3;
    g_patched.step = p_step;
    g_patched.exec = p_exec;
    g_patched.bind_double = p_bind_double;
    g_patched.bind_int = p_bind_int;
    g_patched.bind_int64 = p_bind_int64;
    g_patched.bind_null = p_bind_null;
    g_patched.bind_value = p_bind_value;
    g_patched.bind_text = p_bind_text;
    g_patched.bind_blob = p_bind_blob;
    g_patched.bind_pointer = p_bind_pointer;
    g_patched.create_function_v2 = p_create_function_v2;
    g_patched.create_module_v2 = p_create_module_v2;
    g_patched.declare_vtab = p_declare_vtab;
    g_patched.vtab_config = p_vtab_config;
    g_patched.open_v2 = p_open_v2;
    g_patched.file_control = p_file_control;
    g_patched.column_text = p_column_text;
    g_patched.column_blob = p_column_blob;
    g_patched.value_text = p_value_text;
    g_patched.value_blob = p_value_blob;
    g_patched.value_dup = p_value_dup;
    g_patched.set_auxdata = p_set_auxdata;
    g_patched.errcode = p_errcode;
    g_patched.extended_errcode = p_extended_errcode;
    g_patched.errmsg = p_errmsg;
  }
  return sqlite3_vaultlister_init(db, err, &g_patched);
}

}  // namespace vlfault
