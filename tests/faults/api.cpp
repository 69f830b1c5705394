// The "api" and "api-alt" fault kinds: the extension reaches SQLite only
// through the sqlite3_api_routines table handed to sqlite3_vaultlister_init
// (ext/core/api.h), so the binary registers vl_faults_api_init below as the
// auto-extension: it copies the real table once and hands the extension a copy
// whose error-returning routines count their calls and, under an api plan,
// fail the Nth one. Each routine has two codes SQLite itself can give (the
// table in docs/reliability-faults.md): the "api" sweep uses the first
// (SQLITE_NOMEM for the routines that allocate, SQLITE_IOERR for step,
// SQLITE_ERROR for exec, vtab_config, file_control and the number binds), the
// "api-alt" sweep the second (SQLITE_LOCKED prepare, SQLITE_BUSY step / exec /
// create_function_v2, SQLITE_CANTOPEN open_v2 with a handle, SQLITE_RANGE /
// SQLITE_TOOBIG binds, ...); routines with one failure only (NULL from the
// text / blob readers, value_dup, set_auxdata) are counted by "api" alone.
// Side effects SQLite has on failure are kept: create_function_v2 and
// create_module_v2 call xDestroy, a failed bind of text / blob / pointer calls
// its destructor, set_auxdata deletes the value and sets SQLITE_NOMEM on the
// context, open_v2 returns no handle (NOMEM) or one in the error state
// (CANTOPEN). errcode, extended_errcode and errmsg of that connection report
// the injected error until the next routine of the connection goes through.
// FTS5's own API, which vl_search reaches through a pointer rather than
// through the table, is wrapped the same way (see "FTS5's own API" below).
// Every counted routine also passes its caller's return address (FAILS), so
// that a sampled sweep can fail each call site once and call_sites.cpp can
// tell which of the library's calls were made to fail.
#define SQLITE_CORE 1  // the struct, not the sqlite3_api-> macros
#include <sqlite3ext.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tests/faults/hooks.h"

extern "C" int sqlite3_vaultlister_init(sqlite3*, char**, const void*);

namespace vlfault {
namespace {

// The caller's return address names the extension's call site (SiteLog, hooks.h).
#define FAILS(...) api_fails(__VA_ARGS__, __builtin_return_address(0))

const sqlite3_api_routines* R = nullptr;  // the real table
sqlite3_api_routines g_patched;

// A routine of `db` went through: SQLite resets the connection's error state.
void through(const void* db) {
  if (db != nullptr && g_plan.api_db == db) g_plan.api_db = nullptr;
}
const void* db_of(sqlite3_stmt* s) { return s ? R->db_handle(s) : nullptr; }

// ---------------------------------------------------------------------------
// FTS5's own API. vl_search reaches FTS5 through `SELECT fts5(?1)` with an
// "fts5_api_ptr" pointer bound: once that statement has stepped, the
// extension is handed a wrapped fts5_api instead of SQLite's, and from there a
// wrapped unicode61 tokenizer and, inside vl_search_snippet, a wrapped
// Fts5ExtensionApi. Each counts its error-returning methods with the same plan
// as the routines above. The code injected is the one the out-of-memory sweep
// cannot give (that sweep already makes these calls fail with SQLITE_NOMEM):
// SQLITE_ERROR for the lookups and the tokenizers (a tokenizer may return any
// error), SQLITE_IOERR for the reads of the row (xColumnText, xColumnSize,
// xInst, xInstCount read the index and the content table).

struct WrappedFts5 {
  fts5_api api;  // first: the extension's fts5_api* points here
  fts5_api* real;
};
WrappedFts5 g_fts5[16];
int g_fts5_next = 0;
fts5_api** g_fts5_dest = nullptr;  // where `SELECT fts5(?1)` writes the pointer
sqlite3_stmt* g_fts5_stmt = nullptr;
fts5_tokenizer g_tok_real{};
fts5_extension_function g_aux_real = nullptr;
const Fts5ExtensionApi* g_ext_real = nullptr;
Fts5ExtensionApi g_ext;

fts5_api* real_of(fts5_api* wrapped) { return reinterpret_cast<WrappedFts5*>(wrapped)->real; }

int t_create(void* user, const char** argv, int argc, Fts5Tokenizer** out) {
  if (int rc = FAILS("fts5_tokenizer.xCreate", SQLITE_ERROR, SQLITE_NOMEM, nullptr)) {
    *out = nullptr;
    return rc;
  }
  return g_tok_real.xCreate(user, argv, argc, out);
}
void t_delete(Fts5Tokenizer* t) { g_tok_real.xDelete(t); }
int t_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n,
               int (*token)(void*, int, const char*, int, int, int)) {
  if (int rc = FAILS("fts5_tokenizer.xTokenize", SQLITE_ERROR, SQLITE_NOMEM, nullptr)) return rc;
  return g_tok_real.xTokenize(t, ctx, flags, text, n, token);
}

int w_create_tokenizer(fts5_api* api, const char* name, void* user, fts5_tokenizer* t, void (*d)(void*)) {
  return real_of(api)->xCreateTokenizer(real_of(api), name, user, t, d);
}
int w_find_tokenizer(fts5_api* api, const char* name, void** user, fts5_tokenizer* t) {
  if (int rc = FAILS("fts5_api.xFindTokenizer", SQLITE_ERROR, SQLITE_NOMEM, nullptr)) return rc;
  int rc = real_of(api)->xFindTokenizer(real_of(api), name, user, t);
  if (rc == SQLITE_OK) {
    g_tok_real = *t;  // unicode61's methods: the same for every connection
    *t = fts5_tokenizer{t_create, t_delete, t_tokenize};
  }
  return rc;
}

int e_inst_count(Fts5Context* f, int* n) {
  if (int rc = FAILS("Fts5ExtensionApi.xInstCount", SQLITE_IOERR, SQLITE_CORRUPT_VTAB, nullptr)) return rc;
  return g_ext_real->xInstCount(f, n);
}
int e_inst(Fts5Context* f, int i, int* phrase, int* col, int* off) {
  if (int rc = FAILS("Fts5ExtensionApi.xInst", SQLITE_IOERR, SQLITE_CORRUPT_VTAB, nullptr)) return rc;
  return g_ext_real->xInst(f, i, phrase, col, off);
}
int e_column_text(Fts5Context* f, int col, const char** text, int* n) {
  if (int rc = FAILS("Fts5ExtensionApi.xColumnText", SQLITE_IOERR, SQLITE_NOMEM, nullptr)) return rc;
  return g_ext_real->xColumnText(f, col, text, n);
}
int e_column_size(Fts5Context* f, int col, int* n) {
  if (int rc = FAILS("Fts5ExtensionApi.xColumnSize", SQLITE_IOERR, SQLITE_CORRUPT_VTAB, nullptr)) return rc;
  return g_ext_real->xColumnSize(f, col, n);
}
int e_tokenize(Fts5Context* f, const char* text, int n, void* ctx,
               int (*token)(void*, int, const char*, int, int, int)) {
  if (int rc = FAILS("Fts5ExtensionApi.xTokenize", SQLITE_ERROR, SQLITE_NOMEM, nullptr)) return rc;
  return g_ext_real->xTokenize(f, text, n, ctx, token);
}
// The registered auxiliary function, called with the wrapped Fts5ExtensionApi.
void aux_trampoline(const Fts5ExtensionApi* api, Fts5Context* f, sqlite3_context* ctx, int argc,
                    sqlite3_value** argv) {
  g_ext_real = api;
  g_ext = *api;
  g_ext.xInstCount = e_inst_count;
  g_ext.xInst = e_inst;
  g_ext.xColumnText = e_column_text;
  g_ext.xColumnSize = e_column_size;
  g_ext.xTokenize = e_tokenize;
  g_aux_real(&g_ext, f, ctx, argc, argv);
}

int w_create_function(fts5_api* api, const char* name, void* user, fts5_extension_function fn,
                      void (*d)(void*)) {
  if (int rc = FAILS("fts5_api.xCreateFunction", SQLITE_ERROR, SQLITE_NOMEM, nullptr)) return rc;
  g_aux_real = fn;  // the library registers one, vl_search_snippet
  return real_of(api)->xCreateFunction(real_of(api), name, user, aux_trampoline, d);
}

fts5_api* wrap_fts5(fts5_api* real) {
  WrappedFts5* w = nullptr;
  for (WrappedFts5& slot : g_fts5) {
    if (slot.real == real) w = &slot;
  }
  if (w == nullptr) {
    w = &g_fts5[g_fts5_next];
    g_fts5_next = (g_fts5_next + 1) % static_cast<int>(sizeof g_fts5 / sizeof g_fts5[0]);
  }
  w->real = real;
  w->api = fts5_api{};
  w->api.iVersion = 2;  // the version-2 methods only: vl_search needs no more
  w->api.xCreateTokenizer = w_create_tokenizer;
  w->api.xFindTokenizer = w_find_tokenizer;
  w->api.xCreateFunction = w_create_function;
  return &w->api;
}


int p_prepare(sqlite3* db, const char* sql, int n, sqlite3_stmt** out, const char** tail) {
  if (int rc = FAILS("prepare", SQLITE_NOMEM, SQLITE_LOCKED, db)) {
    if (out) *out = nullptr;
    return rc;
  }
  through(db);
  return R->prepare(db, sql, n, out, tail);
}
int p_prepare_v2(sqlite3* db, const char* sql, int n, sqlite3_stmt** out, const char** tail) {
  if (int rc = FAILS("prepare_v2", SQLITE_NOMEM, SQLITE_LOCKED, db)) {
    if (out) *out = nullptr;
    return rc;
  }
  through(db);
  return R->prepare_v2(db, sql, n, out, tail);
}
int p_prepare_v3(sqlite3* db, const char* sql, int n, unsigned int f, sqlite3_stmt** out, const char** tail) {
  if (int rc = FAILS("prepare_v3", SQLITE_NOMEM, SQLITE_LOCKED, db)) {
    if (out) *out = nullptr;
    return rc;
  }
  through(db);
  return R->prepare_v3(db, sql, n, f, out, tail);
}
int p_step(sqlite3_stmt* s) {
  if (int rc = FAILS("step", SQLITE_IOERR, SQLITE_BUSY, db_of(s))) {
    // VL_FAULTS_TRACE=1: which statement took the fault (to replay with --from).
    if (std::getenv("VL_FAULTS_TRACE")) std::fprintf(stderr, "api: step fails: %.300s\n", R->sql(s));
    return rc;
  }
  through(db_of(s));
  int rc = R->step(s);
  if (s == g_fts5_stmt) {
    if (g_fts5_dest != nullptr && *g_fts5_dest != nullptr) *g_fts5_dest = wrap_fts5(*g_fts5_dest);
    g_fts5_dest = nullptr;
    g_fts5_stmt = nullptr;
  }
  return rc;
}
int p_exec(sqlite3* db, const char* sql, sqlite3_callback cb, void* arg, char** err) {
  if (int rc = FAILS("exec", SQLITE_ERROR, SQLITE_BUSY, db)) {
    if (err) *err = R->mprintf("injected fault");
    return rc;
  }
  through(db);
  return R->exec(db, sql, cb, arg, err);
}

#define VL_BIND(name, code, alt, params, args)                       \
  int p_##name params {                                              \
    if (int rc = FAILS(#name, code, alt, db_of(s))) return rc; \
    through(db_of(s));                                               \
    return R->name args;                                             \
  }
VL_BIND(bind_double, SQLITE_ERROR, SQLITE_RANGE, (sqlite3_stmt * s, int i, double v), (s, i, v))
VL_BIND(bind_int, SQLITE_ERROR, SQLITE_RANGE, (sqlite3_stmt * s, int i, int v), (s, i, v))
VL_BIND(bind_int64, SQLITE_ERROR, SQLITE_RANGE, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v))
VL_BIND(bind_null, SQLITE_ERROR, SQLITE_RANGE, (sqlite3_stmt * s, int i), (s, i))
VL_BIND(bind_value, SQLITE_NOMEM, SQLITE_RANGE, (sqlite3_stmt * s, int i, const sqlite3_value* v), (s, i, v))
#undef VL_BIND

// A failing bind of text / blob / pointer calls the destructor, as SQLite does.
int p_bind_text(sqlite3_stmt* s, int i, const char* v, int n, void (*d)(void*)) {
  if (int rc = FAILS("bind_text", SQLITE_NOMEM, SQLITE_TOOBIG, db_of(s))) {
    if (d != SQLITE_STATIC && d != SQLITE_TRANSIENT) d(const_cast<char*>(v));
    return rc;
  }
  through(db_of(s));
  return R->bind_text(s, i, v, n, d);
}
int p_bind_blob(sqlite3_stmt* s, int i, const void* v, int n, void (*d)(void*)) {
  if (int rc = FAILS("bind_blob", SQLITE_NOMEM, SQLITE_TOOBIG, db_of(s))) {
    if (d != SQLITE_STATIC && d != SQLITE_TRANSIENT) d(const_cast<void*>(v));
    return rc;
  }
  through(db_of(s));
  return R->bind_blob(s, i, v, n, d);
}
int p_bind_pointer(sqlite3_stmt* s, int i, void* v, const char* type, void (*d)(void*)) {
  if (int rc = FAILS("bind_pointer", SQLITE_ERROR, SQLITE_RANGE, db_of(s))) {
    if (d) d(v);
    return rc;
  }
  through(db_of(s));
  if (type != nullptr && std::strcmp(type, "fts5_api_ptr") == 0) {
    g_fts5_dest = static_cast<fts5_api**>(v);
    g_fts5_stmt = s;
  }
  return R->bind_pointer(s, i, v, type, d);
}

int p_create_function_v2(sqlite3* db, const char* name, int n, int flags, void* app,
                         void (*f)(sqlite3_context*, int, sqlite3_value**),
                         void (*step)(sqlite3_context*, int, sqlite3_value**), void (*final)(sqlite3_context*),
                         void (*destroy)(void*)) {
  if (int rc = FAILS("create_function_v2", SQLITE_NOMEM, SQLITE_BUSY, db)) {
    if (destroy) destroy(app);
    return rc;
  }
  through(db);
  return R->create_function_v2(db, name, n, flags, app, f, step, final, destroy);
}
int p_create_module_v2(sqlite3* db, const char* name, const sqlite3_module* m, void* aux, void (*destroy)(void*)) {
  if (int rc = FAILS("create_module_v2", SQLITE_NOMEM, SQLITE_MISUSE, db)) {
    if (destroy) destroy(aux);
    return rc;
  }
  through(db);
  return R->create_module_v2(db, name, m, aux, destroy);
}
int p_declare_vtab(sqlite3* db, const char* sql) {
  if (int rc = FAILS("declare_vtab", SQLITE_NOMEM, SQLITE_ERROR, db)) return rc;
  through(db);
  return R->declare_vtab(db, sql);
}
int p_vtab_config(sqlite3* db, int op, ...) {
  if (int rc = FAILS("vtab_config", SQLITE_ERROR, SQLITE_MISUSE, db)) return rc;
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
  if (int rc = FAILS("open_v2", SQLITE_NOMEM, SQLITE_CANTOPEN, nullptr)) {
    if (out) *out = nullptr;
    // SQLITE_CANTOPEN comes with a handle in the error state, which the
    // caller must still close; its errmsg names the injected error.
    if (rc == SQLITE_CANTOPEN && out && R->open_v2(":memory:", out, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK)
      g_plan.api_db = *out;
    return rc;
  }
  return R->open_v2(file, out, flags, vfs);
}
int p_file_control(sqlite3* db, const char* schema, int op, void* arg) {
  if (int rc = FAILS("file_control", SQLITE_ERROR, SQLITE_NOTFOUND, db)) return rc;
  through(db);
  return R->file_control(db, schema, op, arg);
}

// NULL with SQLITE_NOMEM for a value that is not NULL (a NULL value gives NULL
// anyway, so it is passed through uncounted).
const unsigned char* p_column_text(sqlite3_stmt* s, int i) {
  if (R->column_type(s, i) != SQLITE_NULL && FAILS("column_text", SQLITE_NOMEM, 0, db_of(s))) return nullptr;
  return R->column_text(s, i);
}
const void* p_column_blob(sqlite3_stmt* s, int i) {
  if (R->column_type(s, i) != SQLITE_NULL && FAILS("column_blob", SQLITE_NOMEM, 0, db_of(s))) return nullptr;
  return R->column_blob(s, i);
}
const unsigned char* p_value_text(sqlite3_value* v) {
  if (R->value_type(v) != SQLITE_NULL && FAILS("value_text", SQLITE_NOMEM, 0, nullptr)) return nullptr;
  return R->value_text(v);
}
const void* p_value_blob(sqlite3_value* v) {
  if (R->value_type(v) != SQLITE_NULL && FAILS("value_blob", SQLITE_NOMEM, 0, nullptr)) return nullptr;
  return R->value_blob(v);
}
sqlite3_value* p_value_dup(const sqlite3_value* v) {
  if (FAILS("value_dup", SQLITE_NOMEM, 0, nullptr)) return nullptr;
  return R->value_dup(v);
}
void p_set_auxdata(sqlite3_context* ctx, int slot, void* p, void (*d)(void*)) {
  if (FAILS("set_auxdata", SQLITE_NOMEM, 0, nullptr)) {
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
