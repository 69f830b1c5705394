// Every virtual-table module of the library, one per SQL name; the
// implementation of <name> lives in ext/vtab/<name>.cpp.
#pragma once

#include "core/api.h"

namespace vl {

const sqlite3_module* vl_migrations_module();

}  // namespace vl
