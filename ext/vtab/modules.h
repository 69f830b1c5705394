// Every virtual-table module of the library, one per SQL name; the
// implementation of <name> lives in ext/vtab/<name>.cpp.
#pragma once

#include "ext/core/api.h"

namespace vl {

const sqlite3_module* vl_migrations_module();
const sqlite3_module* vl_marketplace_csv_module();
const sqlite3_module* vl_search_module();
const sqlite3_module* vl_fee_breakdown_module();
const sqlite3_module* vl_crosslist_module();
const sqlite3_module* vl_health_module();
const sqlite3_module* vl_cron_module();
const sqlite3_module* vl_due_rules_module();
const sqlite3_module* vl_cogs_module();
const sqlite3_module* vl_1099k_module();
const sqlite3_module* vl_profit_loss_module();
const sqlite3_module* vl_sell_through_module();
const sqlite3_module* vl_inventory_aging_module();
const sqlite3_module* vl_account_health_module();

}  // namespace vl
