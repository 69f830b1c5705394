#include "ext/core/vtab.h"

namespace vl {

void apply_vtab_traits(sqlite3* db, const void* aux) {
  if (aux == nullptr) return;
  const auto& m = *static_cast<const ModuleAux*>(aux);
  if (m.traits & kVTabDirectOnly) {
    int rc = sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    if (rc != SQLITE_OK) throw Error(m.name, "cannot mark the table direct-only", "", rc);
  }
  if (m.traits & kVTabInnocuous) {
    int rc = sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    if (rc != SQLITE_OK) throw Error(m.name, "cannot mark the table innocuous", "", rc);
  }
}

int plan_hidden_args(sqlite3_index_info* info, int first_arg, int n_args, int n_required) {
  int slot[32] = {};
  for (int i = 0; i < n_args && i < 32; ++i) slot[i] = -1;
  bool unusable_required = false;
  for (int c = 0; c < info->nConstraint; ++c) {
    const auto& con = info->aConstraint[c];
    int arg = con.iColumn - first_arg;
    if (arg < 0 || arg >= n_args) continue;
    if (con.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!con.usable) {
      if (arg < n_required) unusable_required = true;
      continue;
    }
    slot[arg] = c;
  }
  if (unusable_required) return SQLITE_CONSTRAINT;
  int mask = 0;
  int argv_index = 1;
  for (int i = 0; i < n_args; ++i) {
    if (slot[i] < 0) {
      if (i < n_required) return SQLITE_CONSTRAINT;
      continue;
    }
    mask |= 1 << i;
    info->aConstraintUsage[slot[i]].argvIndex = argv_index++;
    info->aConstraintUsage[slot[i]].omit = 1;
  }
  info->idxNum = mask;
  info->estimatedCost = 1000.0;
  info->estimatedRows = 100;
  return SQLITE_OK;
}

void result_cell(sqlite3_context* ctx, const Cell& cell) {
  switch (cell.index()) {
    case 0:
      sqlite3_result_null(ctx);
      break;
    case 1:
      sqlite3_result_int64(ctx, std::get<int64_t>(cell));
      break;
    case 2:
      sqlite3_result_double(ctx, std::get<double>(cell));
      break;
    case 3: {
      const auto& s = std::get<std::string>(cell);
      sqlite3_result_text64(ctx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    }
    case 4: {
      const auto& b = std::get<Blob>(cell).bytes;
      sqlite3_result_blob64(ctx, b.data(), b.size(), SQLITE_TRANSIENT);
      break;
    }
  }
}

}  // namespace vl
