/*
** vl_due_rules: the automation rules that are due at `now`.
**
**   SELECT rule_id, due_at FROM vl_due_rules(CURRENT_TIMESTAMP);
**   SELECT * FROM vl_due_rules('2026-03-02 14:00:00') WHERE platform = 'poshmark';
**
** Declared schema:
**   CREATE TABLE x(rule_id TEXT, user_id TEXT, name TEXT, type TEXT,
**                  platform TEXT, schedule TEXT, timezone TEXT, due_at TEXT,
**                  now HIDDEN)
**
** A rule of main.automation_rules is due when it is enabled (is_enabled = 1),
** has a schedule, and its first fire time strictly after last_run_at (or
** created_at for a rule that never ran), read in its owner's users.timezone,
** is at or before `now`. due_at is that fire time (UTC): the moment the rule
** became due, however many fire times it has missed since. A rule that has
** neither last_run_at nor created_at is due with due_at = now. The owner's
** timezone NULL (or an orphan rule) reads as 'America/New_York', the column's
** default. Stored times may be SQLite's 'YYYY-MM-DD HH:MM:SS' or the legacy
** app's ISO form ('2026-03-01T10:00:00.000Z'); both are parsed as UTC instants
** (cron/cron.h), so the comparison with `now` is by instant, never by text.
** Rows come ordered by due_at, then rule_id.
**
** A rule whose schedule, timezone or stored time is broken makes the whole
** statement fail with an error naming the rule: a scheduler that silently
** skipped it would never run it.
**
** xBestIndex contract: one required HIDDEN argument, `now`, only from an
** equality constraint (see core/vtab.h for the plan encoding); without it the
** plan is SQLITE_CONSTRAINT ("no query solution"). Rows are computed in
** xFilter with one read of automation_rules joined to users.
*/
#include <algorithm>
#include <optional>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "ext/core/vtab.h"
#include "ext/cron/cron_args.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_due_rules";
constexpr const char* kDefaultZone = "America/New_York";  // users.timezone DEFAULT

struct DueRules : RowsShape<8, 1, 1> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(rule_id TEXT, user_id TEXT, name TEXT, type TEXT, platform TEXT, "
      "schedule TEXT, timezone TEXT, due_at TEXT, now HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    if (!given(args[0])) return;  // NULL now: nothing is due
    int64_t now = cron::time_arg(kFn, "now", args[0]);
    Stmt st(db,
            "SELECT r.id, r.user_id, r.name, r.type, r.platform, r.schedule, "
            "coalesce(u.timezone, ?1), coalesce(r.last_run_at, r.created_at) "
            "FROM main.automation_rules AS r LEFT JOIN main.users AS u ON u.id = r.user_id "
            "WHERE r.is_enabled = 1 AND r.schedule IS NOT NULL AND trim(r.schedule) <> ''",
            kFn);
    st.bind(1, kDefaultZone);
    struct Due {
      int64_t at;
      Row row;
    };
    std::vector<Due> due;
    while (st.step()) {
      std::string id = st.text(0);
      std::string context = "rule '" + id + "' ";
      std::string schedule = st.text(5);
      std::string zone = st.text(6);
      cron::Schedule s = cron::schedule_text(kFn, schedule, context + "schedule: ");
      const date::time_zone* tz = cron::zone_text(kFn, zone, context + "owner has ");
      int64_t at = now;
      if (auto base = st.opt_text(7)) {
        int64_t from = cron::time_text(kFn, context + "last_run_at/created_at", *base);
        auto next = cron::next_after(s, from, tz);
        if (!next || *next > now) continue;
        at = *next;
      }
      Row r;
      for (int c = 0; c < 7; ++c) {
        if (st.is_null(c))
          r.emplace_back(std::monostate{});
        else
          r.emplace_back(st.text(c));
      }
      r.emplace_back(cron::format_time(at));
      due.push_back({at, std::move(r)});
    }
    std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
      if (a.at != b.at) return a.at < b.at;
      return std::get<std::string>(a.row[0]) < std::get<std::string>(b.row[0]);
    });
    for (auto& d : due) out.push_back(std::move(d.row));
  }
};

}  // namespace

const sqlite3_module* vl_due_rules_module() {
  return rows_module<DueRules>();
}

}  // namespace vl
