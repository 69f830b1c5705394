// Virtual-table plumbing.
//
// Two layers:
//  * VTabModule<Table, Cursor> builds an eponymous-only sqlite3_module from
//    static trampolines over a CRTP pair. Table derives from sqlite3_vtab,
//    Cursor from sqlite3_vtab_cursor; neither has virtual functions. Every
//    trampoline catches, so no exception crosses into SQLite.
//  * The table-valued-function helpers below (HiddenArgs, Rows) for the
//    common shape "visible result columns, then HIDDEN argument columns".
//
// Plan encoding used by plan_hidden_args() (shared by every table-valued
// function of this library): idxNum is a bit set, bit i = argument i was
// given by an equality constraint; the given arguments arrive in xFilter's
// argv in argument order. A required argument that is missing or not
// usable makes the plan SQLITE_CONSTRAINT, so SQLite picks another plan or
// reports "no query solution".
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "ext/core/api.h"
#include "ext/core/error.h"
#include "ext/core/function.h"

namespace vl {

// Trust traits of a module, recorded in its row of the registry table
// (ext/registry.cpp) and applied by xConnect through sqlite3_vtab_config:
//   kVTabDirectOnly  views and triggers stored in a database file cannot use
//                    the table (for tables that read files or secrets);
//   kVTabInnocuous   usable from views and triggers under trusted_schema=OFF
//                    (for tables that only read rows a view of the same file
//                    could read).
enum VTabTraits : unsigned { kVTabPlain = 0, kVTabInnocuous = 1u << 0, kVTabDirectOnly = 1u << 1 };

// What a registered module's pAux points to: the connection's state, the
// module's SQL name (for errors) and its traits.
struct ModuleAux {
  std::shared_ptr<ConnState> state;
  const char* name;
  unsigned traits;
};

// Marks the table being connected per `aux` (nullptr: no traits).
void apply_vtab_traits(sqlite3* db, const void* aux);

// Table must provide:
//   static constexpr const char* kSchema;        // CREATE TABLE x(...)
//   static Table* connect(sqlite3*, void* aux);  // may throw
//   int best_index(sqlite3_index_info*);         // SQLite code
// Cursor must provide:
//   explicit Cursor(Table&);
//   void filter(int idxNum, const char* idxStr, int argc, sqlite3_value**);
//   void next(); bool eof() const;
//   void column(sqlite3_context*, int col); int64_t rowid() const;
template <class Table, class Cursor>
struct VTabModule {
  static int xConnect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out,
                      char** err) noexcept {
    *out = nullptr;
    try {
      int rc = sqlite3_declare_vtab(db, Table::kSchema);
      if (rc != SQLITE_OK) return rc;
      apply_vtab_traits(db, aux);
      Table* t = Table::connect(db, aux);
      *out = t;
      return SQLITE_OK;
    } catch (...) {
      return error_current_exception(err);
    }
  }
  static int xDisconnect(sqlite3_vtab* v) noexcept {
    delete static_cast<Table*>(v);
    return SQLITE_OK;
  }
  static int xBestIndex(sqlite3_vtab* v, sqlite3_index_info* info) noexcept {
    try {
      return static_cast<Table*>(v)->best_index(info);
    } catch (...) {
      return vtab_current_exception(v);
    }
  }
  static int xOpen(sqlite3_vtab* v, sqlite3_vtab_cursor** out) noexcept {
    try {
      *out = new Cursor(*static_cast<Table*>(v));
      return SQLITE_OK;
    } catch (...) {
      return vtab_current_exception(v);
    }
  }
  static int xClose(sqlite3_vtab_cursor* c) noexcept {
    delete static_cast<Cursor*>(c);
    return SQLITE_OK;
  }
  static int xFilter(sqlite3_vtab_cursor* c, int idxNum, const char* idxStr, int argc,
                     sqlite3_value** argv) noexcept {
    try {
      static_cast<Cursor*>(c)->filter(idxNum, idxStr, argc, argv);
      return SQLITE_OK;
    } catch (...) {
      return vtab_current_exception(c->pVtab);
    }
  }
  static int xNext(sqlite3_vtab_cursor* c) noexcept {
    try {
      static_cast<Cursor*>(c)->next();
      return SQLITE_OK;
    } catch (...) {
      return vtab_current_exception(c->pVtab);
    }
  }
  static int xEof(sqlite3_vtab_cursor* c) noexcept {
    return static_cast<Cursor*>(c)->eof() ? 1 : 0;
  }
  static int xColumn(sqlite3_vtab_cursor* c, sqlite3_context* ctx, int col) noexcept {
    try {
      static_cast<Cursor*>(c)->column(ctx, col);
      return SQLITE_OK;
    } catch (...) {
      return vtab_current_exception(c->pVtab);
    }
  }
  static int xRowid(sqlite3_vtab_cursor* c, sqlite3_int64* out) noexcept {
    *out = static_cast<Cursor*>(c)->rowid();
    return SQLITE_OK;
  }

  // Eponymous-only (xCreate = NULL): the table exists in every schema by its
  // name and cannot be CREATE VIRTUAL TABLE'd, so it never lands in a file.
  static const sqlite3_module* module() {
    static const sqlite3_module m = [] {
      sqlite3_module x{};
      x.iVersion = 0;
      x.xCreate = nullptr;  // eponymous-only
      x.xConnect = xConnect;
      x.xBestIndex = xBestIndex;
      x.xDisconnect = xDisconnect;
      x.xOpen = xOpen;
      x.xClose = xClose;
      x.xFilter = xFilter;
      x.xNext = xNext;
      x.xEof = xEof;
      x.xColumn = xColumn;
      x.xRowid = xRowid;
      return x;
    }();
    return &m;
  }
};

// Assigns argv slots for HIDDEN argument columns [first_arg, first_arg+n_args)
// per the plan encoding described at the top of this file. Returns
// SQLITE_CONSTRAINT when one of the first n_required arguments is missing.
int plan_hidden_args(sqlite3_index_info* info, int first_arg, int n_args, int n_required);

// A value held by a materialized row.
struct Blob {
  std::vector<unsigned char> bytes;
};
using Cell = std::variant<std::monostate, int64_t, double, std::string, Blob>;
using Row = std::vector<Cell>;
void result_cell(sqlite3_context* ctx, const Cell& cell);

// Owns a copy of an argument value (xFilter's argv dies with the call).
struct ValueHolder {
  ValueHolder() = default;
  explicit ValueHolder(sqlite3_value* v) : v_(v ? sqlite3_value_dup(v) : nullptr) {
    if (v && !v_) throw std::bad_alloc();
  }
  ~ValueHolder() { sqlite3_value_free(v_); }
  ValueHolder(const ValueHolder&) = delete;
  ValueHolder& operator=(const ValueHolder&) = delete;
  ValueHolder(ValueHolder&& o) noexcept : v_(o.v_) { o.v_ = nullptr; }
  ValueHolder& operator=(ValueHolder&& o) noexcept {
    std::swap(v_, o.v_);
    return *this;
  }
  sqlite3_value* get() const { return v_; }

 private:
  sqlite3_value* v_ = nullptr;
};

// A row from its cells, in column order.
template <class... T>
Row make_row(T&&... cells) {
  Row r;
  r.reserve(sizeof...(T));
  (r.emplace_back(std::forward<T>(cells)), ...);
  return r;
}

// The shape of a table-valued function: `Visible` result columns, then
// `Args` HIDDEN argument columns, the first `Required` of them required.
template <int Visible, int Args, int Required>
struct RowsShape {
  static constexpr int kVisible = Visible;
  static constexpr int kArgs = Args;
  static constexpr int kRequired = Required;
};

// Table-valued function whose rows are computed at once in xFilter.
// Impl derives from RowsShape<kVisible, kArgs, kRequired> and provides:
//   static constexpr const char* kSchema;  // visible columns, then HIDDEN args
//   static void produce(sqlite3* db, void* aux, sqlite3_value* const* args, std::vector<Row>& out);
//     args has kArgs entries, nullptr for an argument not given.
template <class Impl>
struct RowsTable : sqlite3_vtab {
  static constexpr const char* kSchema = Impl::kSchema;
  sqlite3* db = nullptr;
  void* aux = nullptr;
  static RowsTable* connect(sqlite3* d, void* a) {
    auto* t = new RowsTable();
    t->db = d;
    t->aux = a;
    return t;
  }
  int best_index(sqlite3_index_info* info) {
    return plan_hidden_args(info, Impl::kVisible, Impl::kArgs, Impl::kRequired);
  }
};

template <class Impl>
struct RowsCursor : sqlite3_vtab_cursor {
  explicit RowsCursor(RowsTable<Impl>& t) : table(t) {}
  RowsTable<Impl>& table;
  std::vector<Row> rows;
  std::vector<ValueHolder> args;
  size_t at = 0;

  void filter(int idxNum, const char*, int argc, sqlite3_value** argv) {
    rows.clear();
    at = 0;
    args.clear();
    args.resize(Impl::kArgs);
    int next = 0;
    for (int i = 0; i < Impl::kArgs; ++i) {
      if ((idxNum & (1 << i)) && next < argc) args[i] = ValueHolder(argv[next++]);
    }
    std::vector<sqlite3_value*> raw(Impl::kArgs);
    for (int i = 0; i < Impl::kArgs; ++i) raw[i] = args[i].get();
    Impl::produce(table.db, table.aux, raw.data(), rows);
  }
  void next() { ++at; }
  bool eof() const { return at >= rows.size(); }
  void column(sqlite3_context* ctx, int col) {
    if (col < Impl::kVisible) {
      const Row& r = rows[at];
      if (static_cast<size_t>(col) < r.size()) result_cell(ctx, r[col]);
      return;
    }
    sqlite3_value* v = args[col - Impl::kVisible].get();
    if (v) sqlite3_result_value(ctx, v);
  }
  int64_t rowid() const { return static_cast<int64_t>(at) + 1; }
};

template <class Impl>
const sqlite3_module* rows_module() {
  return VTabModule<RowsTable<Impl>, RowsCursor<Impl>>::module();
}

}  // namespace vl
